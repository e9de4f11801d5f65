// CLI-side I/O: reading inputs, walking folders, finding .fzlint.toml, atomic writes.
// Only src/cli and src/lsp touch the file system (design.md §1).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/result.h"

namespace fz::cli {

/// What a file looked like when it was read: --fix re-checks it before replacing the file, so
/// an edit saved by another program in between is never overwritten (lost update).
struct FileStamp {
  bool valid = false;
  unsigned long long dev = 0, ino = 0;
  long long size = 0, mtime_ns = 0;
  unsigned long long hash = 0;  ///< FNV-1a 64 of the bytes read
};
unsigned long long content_hash(std::string_view bytes);

/// Read a whole file (or stdin for "-"). Errors: missing, a directory, not a regular file,
/// unreadable (EIO, /proc/self/mem, vanished between listing and reading), over `max`, and
/// for "-" a closed standard input. Errors are values: nothing throws. `what_limit` names the
/// option that changes `max_bytes` ("" = no option does; the message then says so).
Result<std::string> read_input(const std::string& path, size_t max_bytes,
                               FileStamp* stamp = nullptr,
                               std::string_view what_limit = "--max-size");

/// Expand PATHs: files as given; directories recursively (sorted, hidden entries skipped) to
/// their .txt/.md/.markdown/.docx files; "-" kept. Missing paths come back in `missing`.
struct Skipped {
  std::string path;
  std::string reason;  ///< Chinese, e.g. "不支持的文件类型（.doc）"
};
struct Expanded {
  std::vector<std::string> files;
  std::vector<std::string> missing;
  std::vector<Skipped> skipped;  ///< unreadable folders, unsupported types, symlink loops, too deep
  bool unreadable = false;       ///< a folder could not be read (an input error: exit 2)
};
Expanded expand_paths(const std::vector<std::string>& paths);

/// The nearest .fzlint.toml in `start_dir` or one of its parents, if any.
std::optional<std::filesystem::path> find_config_upward(const std::filesystem::path& start_dir);

/// Write an output (-o, --write-baseline, docs -o) the way `>` would land, but safely: a
/// symlink is followed (the link stays a link), a device or FIFO is written into (never
/// replaced by a regular file), a regular file is replaced atomically (temporary file beside
/// it, fsync, rename) keeping its owner, group and mode. The original is untouched on failure.
Result<bool> atomic_write(const std::filesystem::path& path, const std::string& bytes);
/// The same for an output too big to hold in memory (check's -o, printed file by file into a
/// temporary spool): `produce` writes the whole output through `write` (false: stop, failed)
/// and returns false on failure; it may be called twice (a temporary file, then in place).
using Produce = std::function<bool(const std::function<bool(std::string_view)>& write)>;
Result<bool> atomic_write(const std::filesystem::path& path, const Produce& produce);

/// Save a fixed input like a careful editor: follow symlinks (write the target), keep owner,
/// group and mode, refuse a read-only file unless `force`, refuse when the file changed since
/// `expect` was taken (the fixed text is then kept beside it, both versions survive), and write
/// a hard-linked file in place (same inode, every name sees the fix) after a safe copy.
/// Returns a note for the user on success ("" when none).
struct SaveOptions {
  bool force = false;
  const FileStamp* expect = nullptr;
};
Result<std::string> save_fixed(const std::string& path, const std::string& bytes,
                               const SaveOptions& opts);

/// True when `a` and `b` name the same file (same device and inode; for a path that does not
/// exist yet, the same absolute normalised path).
bool same_file(const std::string& a, const std::string& b);

/// A temporary file in $TMPDIR (or /tmp) named `stem`-XXXXXX, its name removed at once: a file
/// descriptor only this process holds, gone with it whatever happens (the spools of printers and
/// of the batch comparison). The error says, in Chinese, which file could not be created.
Result<int> open_deleted_temp(std::string_view stem);

/// Bounds on rule packs from --rules / rule_dirs, summed over every folder of one run
/// (docs/limits.md). Exceeding one is an error naming the bound.
struct RulePackBudget {
  static constexpr size_t kMaxDepth = 8;          ///< folder levels below a rule folder
  static constexpr size_t kMaxFiles = 256;        ///< .toml files in total
  static constexpr size_t kMaxFileBytes = 1u << 20;   ///< one rule file
  static constexpr size_t kMaxTotalBytes = 4u << 20;  ///< all rule files together
  size_t files = 0, bytes = 0;
};

/// Read every *.toml below `dir` (sorted) as rule files, within `budget` (shared by the run's
/// rule folders). A folder that cannot be read, a symlink loop or a level past kMaxDepth is an
/// error: a rule pack is never silently partial.
Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir,
                                                                       RulePackBudget& budget);
Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir);

}  // namespace fz::cli
