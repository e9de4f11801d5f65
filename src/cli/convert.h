// Legacy Word/WPS binaries (.doc, .wps): converted to .docx by LibreOffice when `soffice` is on
// PATH, in a private temporary folder (own user profile, so a running office is not disturbed),
// never beside the user's file. Without soffice: an error with the exact command to run.
#pragma once

#include <string>

#include "support/result.h"

namespace fz::cli {

struct FileStamp;  // cli/io.h

/// .doc or .wps, by extension (case-insensitive).
bool is_legacy_word(const std::string& path);

/// The .docx bytes LibreOffice makes of `path`. Errors carry `path` as origin. `stamp` (if
/// given) describes the original file as read, for the lost-update check.
Result<std::string> convert_legacy_word(const std::string& path, size_t max_bytes,
                                        FileStamp* stamp = nullptr);

}  // namespace fz::cli
