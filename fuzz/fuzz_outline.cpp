// fuzz_outline: ingest (.txt) + outline::parse + dump()/to_json() on arbitrary bytes. Checks the
// Document invariants of outline/document.h: every span inside the text, children in document
// order and inside their parent, section levels = tree depth.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "outline/document.h"

namespace {

void check_para(const fz::outline::Paragraph& p, size_t n) {
  fz_fuzz_check(fz::fuzz::span_in(p.span, n));
  for (const auto& s : p.sentences) fz_fuzz_check(p.span.contains(s.span) || s.span.empty());
  for (const auto& it : p.items) {
    fz_fuzz_check(fz::fuzz::span_in(it.span, n));
    fz_fuzz_check(fz::fuzz::span_in(it.marker_span, n));
  }
}

void check_sections(const std::vector<fz::outline::Section>& secs, size_t n, int depth,
                    fz::ByteSpan parent) {
  uint32_t prev = parent.begin;
  for (const auto& s : secs) {
    fz_fuzz_check(fz::fuzz::span_in(s.span, n));
    fz_fuzz_check(parent.contains(s.span));
    fz_fuzz_check(s.span.begin >= prev);
    prev = s.span.begin;
    fz_fuzz_check(s.level == depth);
    fz_fuzz_check(fz::fuzz::span_in(s.heading_span, n));
    fz_fuzz_check(fz::fuzz::span_in(s.title_span, n));
    fz_fuzz_check(fz::fuzz::span_in(s.marker.span, n));
    for (const auto& p : s.body) check_para(p, n);
    check_sections(s.children, n, depth + 1, s.span);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto r = fz::ingest::ingest(bytes, fz::ingest::Format::Text);
  if (!r) return 0;
  const auto& src = *r;
  fz::fuzz::check_source(src);
  auto doc = fz::outline::parse(src);
  const size_t n = src.text.size();
  fz_fuzz_check(doc.text.size() == n);
  if (doc.title) {
    fz_fuzz_check(fz::fuzz::span_in(doc.title->span, n));
    for (auto l : doc.title->lines) fz_fuzz_check(fz::fuzz::span_in(l, n));
  }
  for (const auto& f : doc.front) fz_fuzz_check(fz::fuzz::span_in(f.span, n));
  for (const auto& p : doc.intro) check_para(p, n);
  check_sections(doc.sections, n, 1, fz::ByteSpan{0, static_cast<uint32_t>(n)});
  if (doc.signature) fz_fuzz_check(fz::fuzz::span_in(*doc.signature, n));
  if (doc.date) fz_fuzz_check(fz::fuzz::span_in(doc.date->span, n));
  auto dump = doc.dump();
  auto json = doc.to_json();
  fz_fuzz_check(fz::fuzz::valid_utf8(dump));
  fz_fuzz_check(fz::fuzz::valid_utf8(json));
  return 0;
}
