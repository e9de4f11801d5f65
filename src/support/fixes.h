// fz::fixes — applying findings' fixes to a text, and showing them as a unified diff.
// Pure functions (no I/O); the CLI writes the result atomically.
//
// Invariants:
//  * Fixes are applied in offset order; a fix that overlaps one already taken is skipped
//    (reported in `skipped`) so one run never produces garbled text. Re-running the linter
//    then applying again converges.
//  * Bytes outside the applied fix ranges are copied unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::fixes {

struct Applied {
  std::string text;            ///< the fixed text
  std::vector<Fix> applied;    ///< fixes taken, in offset order (spans into the ORIGINAL text)
  std::vector<Fix> skipped;    ///< fixes dropped because they overlapped an earlier one
};

/// Apply every fix of `findings` (only those whose rule passes `want`, when given).
Applied apply(std::string_view text, const std::vector<Finding>& findings);

/// `prefix` + `path` for a ---/+++ header, C-quoted as git does when the name holds a control
/// character, a quote or a backslash (so `patch` can never be redirected by a crafted name).
std::string diff_header_name(std::string_view prefix, std::string_view path);

/// Unified diff (3 lines of context, `--- a/path` / `+++ b/path` headers) between two texts,
/// by lines (LF, CRLF or CR). Empty string when the texts are equal.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view path);

}  // namespace fz::fixes
