// CLI-side I/O: reading inputs, walking folders, finding .fzlint.toml, atomic writes.
// Only src/cli and src/lsp touch the file system (design.md §1).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/result.h"

namespace fz::cli {

/// Read a whole file (or stdin for "-"). Errors: missing, a directory, unreadable, over `max`.
Result<std::string> read_input(const std::string& path, size_t max_bytes);

/// Expand PATHs: files as given; directories recursively (sorted, hidden entries skipped) to
/// their .txt/.md/.markdown/.docx files; "-" kept. Missing paths come back in `missing`.
struct Expanded {
  std::vector<std::string> files;
  std::vector<std::string> missing;
};
Expanded expand_paths(const std::vector<std::string>& paths);

/// The nearest .fzlint.toml in `start_dir` or one of its parents, if any.
std::optional<std::filesystem::path> find_config_upward(const std::filesystem::path& start_dir);

/// Replace `path` with `bytes` atomically: write a temporary file beside it, fsync, keep the
/// original's permission bits, rename over it. The original is untouched on any failure.
Result<bool> atomic_write(const std::filesystem::path& path, const std::string& bytes);

/// Read every *.toml below `dir` (sorted) as rule files.
Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir);

}  // namespace fz::cli
