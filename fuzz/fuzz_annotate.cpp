// fuzz_annotate: `fzlint annotate` on arbitrary .docx bytes — ingest → outline::parse →
// engine::lint with the shipped rules, plus a few findings placed by the input itself (spans
// anywhere, fixes that insert, replace and delete, overlapping ones) → annotate::annotate_docx.
// It must never crash, and whenever it returns a document, that document must pass the strict
// structural check the tests use (tests/annotate/validator.h: untouched entries byte for byte,
// every comment defined once and started/ended/referenced once in the body or a note, unique
// revision ids, content type and relationship present), carry one fzlint comment per finding,
// and — without tracked fixes — show the reader the same text as the original. The harness is
// fuzz/annotate_harness.h; tests/test_annotate.cpp replays fixtures/regressions/annotate-*.
//
// The first byte selects: bit 0 — the rest is a raw .docx (0) or XML wrapped here in a valid
// stored ZIP (1): up to the first NUL word/document.xml, then word/footnotes.xml, then
// word/comments.xml (with the relationship); bit 1 — --track-fixes; bit 2 — --comments-in-notes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "annotate_harness.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto problems = fz::fuzz::annotate_input(input, fz::fuzz::shipped_rules());
  for (const auto& p : problems) std::fprintf(stderr, "fuzz_annotate: %s\n", p.c_str());
  fz_fuzz_check(problems.empty());
  return 0;
}
