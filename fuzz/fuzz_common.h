// Shared helpers for the libFuzzer targets in fuzz/ (built only with -DFZ_BUILD_FUZZ=ON and
// clang; see fuzz/CMakeLists.txt and scripts/ci-extra).
//
// Contract every target checks: no input may crash, hang, leak or trip ASan/UBSan, and every
// value the core hands back keeps its documented invariants (spans inside the text, valid
// UTF-8). A violated invariant aborts via fz_fuzz_check, which libFuzzer reports as a crash
// and saves as a reproducer (scripts/ci-extra turns those into fixtures/regressions/).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "support/finding.h"

#define fz_fuzz_check(cond)                                                                \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "fuzz invariant violated: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace fz::fuzz {

/// True when `s` is well-formed UTF-8 (no surrogates, no overlongs, ≤ U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0;
  while (i < s.size()) {
    unsigned c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : 0;
    if (n == 0 || c > 0xF4 || i + n >= s.size()) return false;  // lead byte needs n more bytes
    uint32_t cp = c & (0x3Fu >> n);
    for (size_t k = 1; k <= n; ++k) {
      unsigned cc = p[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

inline bool span_in(ByteSpan s, size_t size) { return s.begin <= s.end && s.end <= size; }

/// The ingest invariants of source_text.h.
inline void check_source(const ingest::SourceText& src) {
  fz_fuzz_check(valid_utf8(src.text));
  uint32_t prev_end = 0;
  for (const auto& b : src.blocks) {
    fz_fuzz_check(span_in(b.span, src.text.size()));
    fz_fuzz_check(b.span.begin >= prev_end);  // in order, never overlapping
    prev_end = b.span.end;
  }
  for (const auto& d : src.directives) fz_fuzz_check(span_in(d.span, src.text.size()));
  for (const auto& is : src.issues) fz_fuzz_check(span_in(is.span, src.text.size()));
}

/// The shipped rule set, compiled once per process (as the CLI and LSP server share it).
inline const engine::RuleSet& shipped_rules() {
  static std::shared_ptr<const engine::RuleSet> rules = [] {
    auto r = engine::build_ruleset({}, engine::Config{});
    if (!r) {
      std::fprintf(stderr, "fuzz: shipped rules do not build: %s\n", r.error().to_string().c_str());
      std::abort();
    }
    return *r;
  }();
  return *rules;
}

}  // namespace fz::fuzz
