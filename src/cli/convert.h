// Legacy Word/WPS binaries (.doc, .wps): converted to .docx by LibreOffice when `soffice` is on
// PATH, in a private temporary folder (own user profile, so a running office is not disturbed),
// never beside the user's file. Without soffice: an error with the exact command to run.
#pragma once

#include <string>

#include "support/result.h"

namespace fz::cli {

/// .doc or .wps, by extension (case-insensitive).
bool is_legacy_word(const std::string& path);

/// The .docx bytes LibreOffice makes of `path`. Errors carry `path` as origin.
Result<std::string> convert_legacy_word(const std::string& path, size_t max_bytes);

}  // namespace fz::cli
