// fuzz_annotate: `fzlint annotate` on arbitrary .docx bytes — ingest → outline::parse →
// engine::lint with the shipped rules, plus a few findings placed by the input itself (spans
// anywhere, fixes that insert, replace and delete, overlapping ones) → annotate::annotate_docx.
// It must never crash, and whenever it returns a document, that document must pass the strict
// structural check the tests use (tests/annotate/validator.h: untouched entries byte for byte,
// every comment defined once and started/ended/referenced once in the body or a note, unique
// revision ids, content type and relationship present), carry one fzlint comment per finding,
// and — without tracked fixes — show the reader the same text as the original.
//
// The first byte selects: bit 0 — the rest is a raw .docx (0) or XML wrapped here in a valid
// stored ZIP (1): up to the first NUL word/document.xml, then word/footnotes.xml, then
// word/comments.xml (with the relationship); bit 1 — --track-fixes; bit 2 — --comments-in-notes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/annotate.h"
#include "annotate/validator.h"
#include "fuzz_common.h"
#include "outline/document.h"
#include "stored_zip.h"

namespace {

constexpr std::string_view kTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
constexpr std::string_view kRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>";

/// The XML parts of a wrapped input, split at NULs.
std::string wrap(std::string_view rest) {
  std::vector<std::string> parts;
  while (parts.size() < 2) {
    const size_t z = rest.find('\0');
    if (z == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, z));
    rest.remove_prefix(z + 1);
  }
  parts.emplace_back(rest);
  std::vector<std::pair<std::string, std::string>> files = {{"[Content_Types].xml", std::string(kTypes)},
                                                            {"word/document.xml", parts[0]}};
  if (parts.size() > 1) files.emplace_back("word/footnotes.xml", parts[1]);
  if (parts.size() > 2) {
    files.emplace_back("word/_rels/document.xml.rels", std::string(kRels));
    files.emplace_back("word/comments.xml", parts[2]);
  }
  return fz::fuzz::stored_zip(files);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string wrapped;
  if (mode & 1) wrapped = wrap(rest);
  const std::string bytes = (mode & 1) ? wrapped : std::string(rest);

  fz::ingest::Options io;
  io.max_bytes = 1u << 20;
  auto r = fz::ingest::ingest(bytes, fz::ingest::Format::Docx, io);
  if (!r) return 0;
  const auto& src = *r;
  fz::fuzz::check_source(src);
  for (const auto& b : src.note_blocks) fz_fuzz_check(fz::fuzz::span_in(b.span, src.text.size()));
  const auto doc = fz::outline::parse(src);
  auto res = fz::engine::lint(src, doc, fz::fuzz::shipped_rules(), fz::engine::Config{});
  std::vector<fz::Finding> findings = std::move(res.findings);

  // Findings the input places: from its last bytes, spans anywhere in the text (mid-character
  // too), some empty, some with fixes — what annotate must survive though lint never makes it.
  const auto n = static_cast<uint32_t>(src.text.size());
  for (size_t k = 0; k < 6 && n > 0 && rest.size() >= 4 * (k + 1); ++k) {
    const auto* p = reinterpret_cast<const uint8_t*>(rest.data() + rest.size() - 4 * (k + 1));
    const uint32_t b = ((uint32_t{p[0]} << 8) | p[1]) % (n + 1);
    const uint32_t e = std::min(n, b + p[2] % 24);
    fz::Finding f;
    f.rule = "fuzz";
    f.message = "模糊测试";
    f.span = {b, e};
    if (p[3] & 1) f.fixes.push_back({{b, e}, (p[3] & 2) ? std::string("改") : std::string()});
    findings.push_back(std::move(f));
  }

  fz::annotate::Options ao;
  ao.date = "2026-01-01T00:00:00Z";
  ao.track_fixes = (mode & 2) != 0;
  ao.comments_in_notes = (mode & 4) != 0;
  ao.max_bytes = io.max_bytes;
  auto out = fz::annotate::annotate_docx(bytes, src, findings, ao);
  if (!out) {
    fz_fuzz_check(!out.error().message.empty());
    return 0;
  }
  fz_fuzz_check(out->comments == findings.size());
  const fz::testing::Validation v = fz::testing::check_package(bytes, out->docx);
  if (!v.problems.empty() || v.ours != findings.size()) {
    for (const auto& p : v.problems) std::fprintf(stderr, "validator: %s\n", p.c_str());
    std::fprintf(stderr, "validator: %zu fzlint comments for %zu findings\n", v.ours, findings.size());
    fz_fuzz_check(!"the annotated document fails the structural check");
  }
  if (!ao.track_fixes) {  // comments only: the reader sees the same text
    auto again = fz::ingest::ingest(out->docx, fz::ingest::Format::Docx, io);
    fz_fuzz_check(again.ok());
    fz_fuzz_check(again->text == src.text);
  }
  return 0;
}
