// libzip, opened on first use (dlopen) instead of linked: a run that reads and writes no .docx
// never maps it, nor the OpenSSL libcrypto, bzip2 and zlib it brings (1.7 ms of every start,
// cmake/Deps.cmake). The functions fzlint calls are reached through one table, typed from
// libzip's own header, so a call reads `zip->fread(f, buf, n)` for `zip_fread(f, buf, n)`.
#pragma once

#include <zip.h>

#include <string>

namespace fz::ingest::libzip {

// Every libzip function fzlint calls, without its zip_ prefix.
#define FZ_LIBZIP_FUNCTIONS(X)                                                                   \
  X(close) X(discard) X(error_code_zip) X(error_fini) X(error_init) X(fclose) X(file_add)        \
  X(file_replace) X(fopen_index) X(fread) X(get_error) X(get_name) X(get_num_entries) X(name_locate)                \
  X(open_from_source) X(set_file_compression) X(source_buffer) X(source_buffer_create)           \
  X(source_close) X(source_free) X(source_keep) X(source_open) X(source_read) X(source_seek)     \
  X(source_tell) X(stat_index) X(stat_init) X(strerror)

struct Api {
#define FZ_LIBZIP_MEMBER(name) decltype(&::zip_##name) name = nullptr;
  FZ_LIBZIP_FUNCTIONS(FZ_LIBZIP_MEMBER)
#undef FZ_LIBZIP_MEMBER
};

/// The table, loaded once (thread-safe); nullptr when the library or one of its functions
/// cannot be found — then `error()` says why, in Chinese, with what to install.
/// The library is FZ_LIBZIP_SONAME (libzip.so.4 on Debian 12), or the file named by the
/// environment variable FZLINT_LIBZIP (for a package that ships libzip elsewhere).
const Api* api();

/// Why api() returned nullptr (empty when it did not).
const std::string& error();

}  // namespace fz::ingest::libzip
