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

namespace {

uint32_t crc32(std::string_view s) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put16(std::string& o, uint32_t v) { o += static_cast<char>(v & 0xFF); o += static_cast<char>((v >> 8) & 0xFF); }
void put32(std::string& o, uint32_t v) { put16(o, v & 0xFFFF); put16(o, v >> 16); }

/// A minimal stored zip of `files` (name, data): local headers, central directory, end record.
std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    const uint32_t offset = static_cast<uint32_t>(out.size()), crc = crc32(data);
    const uint32_t size = static_cast<uint32_t>(data.size());
    put32(out, 0x04034b50); put16(out, 20); put16(out, 0); put16(out, 0); put16(out, 0); put16(out, 0);
    put32(out, crc); put32(out, size); put32(out, size);
    put16(out, static_cast<uint32_t>(name.size())); put16(out, 0);
    out += name;
    out += data;
    put32(central, 0x02014b50); put16(central, 20); put16(central, 20); put16(central, 0);
    put16(central, 0); put16(central, 0); put16(central, 0);
    put32(central, crc); put32(central, size); put32(central, size);
    put16(central, static_cast<uint32_t>(name.size())); put16(central, 0); put16(central, 0);
    put16(central, 0); put16(central, 0); put32(central, 0); put32(central, offset);
    central += name;
  }
  const uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50); put16(out, 0); put16(out, 0);
  put16(out, static_cast<uint32_t>(files.size())); put16(out, static_cast<uint32_t>(files.size()));
  put32(out, static_cast<uint32_t>(central.size())); put32(out, cd_offset); put16(out, 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  constexpr auto format = fz::ingest::Format::FZ_FUZZ_FORMAT;
  std::string wrapped;
  if (format == fz::ingest::Format::Docx && size > 0 && (data[0] & 1)) {
    wrapped = stored_zip(
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
