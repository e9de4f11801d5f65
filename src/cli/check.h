// The `check` / `batch` pipeline: resolve files and configuration, decode, parse and lint each
// file (in parallel when there are many), apply baselines and fixes, print, choose the exit code.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/source_text.h"
#include "support/finding.h"
#include "support/result.h"

namespace fz::cli {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";  ///< text | gcc | json | sarif | csv | html
  std::vector<std::string> select, ignore, severity;  ///< severity: "ID=level"
  std::string fail_on = "error";
  std::optional<int> year;
  std::vector<std::string> rule_dirs;
  std::string config;       ///< explicit config file ("" = search upward)
  bool no_config = false;
  bool statistics = false;
  bool exit_zero = false;
  bool partial = false;     ///< --partial: excerpt mode (engine::Config::partial)
  bool fix = false;
  bool diff = false;
  std::string baseline, write_baseline;
  std::string output;       ///< "" = stdout
  std::string color = "auto";
  std::string stdin_filename;
  size_t max_size = 16u << 20;
  unsigned jobs = 0;        ///< 0 = hardware concurrency
  std::string docs_uri;     ///< base URL of rule docs (SARIF helpUri / html)
  bool batch = false;       ///< batch mode (a matrix; csv streams); exit codes as for check
};

/// Run the pipeline; returns the process exit code (0 clean, 1 findings at/above fail level,
/// 2 usage, input or rule errors).
int run_check(const CheckOptions& opts);

/// One file linted exactly as `check` lints it (configuration found the same way, same rules,
/// same engine call), for subcommands that do something else with the findings (annotate).
struct LintedFile {
  std::unique_ptr<ingest::SourceText> src;
  std::vector<Finding> findings;
};

class FileLinter {
 public:
  explicit FileLinter(const CheckOptions& o);
  ~FileLinter();
  /// Lint `bytes` read from `path`. Errors: a bad config or rule file (`usage` = true: nothing
  /// can be trusted, stop) or unreadable input (`usage` = false: go on with the next file).
  Result<LintedFile> lint(const std::string& path, std::string_view bytes, bool& usage);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fz::cli
