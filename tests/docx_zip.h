// ZIP helpers for .docx tests: build a package in memory, and read one back entry by entry
// (content plus what libzip says about how it is stored), with libzip.
#pragma once

#include <doctest/doctest.h>

#include <zip.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fz::testing {

/// A ZIP with {path, content} entries, in that order.
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  REQUIRE(src != nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  REQUIRE(za != nullptr);
  zip_source_keep(src);
  for (const auto& [name, content] : files) {
    zip_source_t* s = zip_source_buffer(za, content.data(), content.size(), 0);
    REQUIRE(s != nullptr);
    REQUIRE(zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE) >= 0);
  }
  REQUIRE(zip_close(za) == 0);
  REQUIRE(zip_source_open(src) == 0);
  REQUIRE(zip_source_seek(src, 0, SEEK_END) == 0);
  const zip_int64_t size = zip_source_tell(src);
  REQUIRE(zip_source_seek(src, 0, SEEK_SET) == 0);
  std::string out(static_cast<size_t>(size), '\0');
  REQUIRE(zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size)) == size);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

struct ZipEntry {
  std::string content;
  uint32_t crc = 0;
  uint64_t comp_size = 0;
  uint16_t method = 0;
};

/// Every entry of a ZIP by name (REQUIREs that it opens and reads).
inline std::map<std::string, ZipEntry> read_zip(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  REQUIRE(src != nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  REQUIRE(za != nullptr);
  std::map<std::string, ZipEntry> out;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    REQUIRE(zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) == 0);
    ZipEntry e;
    e.crc = st.crc;
    e.comp_size = st.comp_size;
    e.method = st.comp_method;
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    REQUIRE(f != nullptr);
    e.content.resize(st.size);
    if (st.size) REQUIRE(zip_fread(f, e.content.data(), st.size) == static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    REQUIRE(out.emplace(st.name, std::move(e)).second);  // no duplicate names
  }
  zip_discard(za);
  zip_error_fini(&err);
  return out;
}

}  // namespace fz::testing
