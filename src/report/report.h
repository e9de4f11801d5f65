// fz::report — printers. Each takes findings (and, for SARIF, rule metadata) and writes one
// output format into a string. Printers know nothing of rules' logic (design.md §5.2).
// One file per format; each has its own golden over one shared hand-built findings list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::text {
class LineIndex;
}

namespace fz::report {

/// Everything a printer needs to know about one checked file.
struct FileReport {
  std::string path;                       ///< as the user named it (relative when possible)
  std::string_view text;                  ///< decoded UTF-8 text (for source lines, columns)
  const text::LineIndex* index = nullptr; ///< over `text`
  std::string encoding;                   ///< as detected by ingest
  std::vector<Finding> findings;          ///< sorted
  std::optional<Error> error;             ///< the file could not be checked (findings empty)
  int report_year = 0;
  std::string title;                      ///< report title, for the batch matrix
};

struct Options {
  bool color = false;              ///< ANSI colour (text format only)
  std::string tool_version;        ///< e.g. "0.1.0"
  std::string information_uri;     ///< SARIF tool.driver.informationUri
  std::string docs_base_uri;       ///< rule help links: docs_base_uri + "#" + rule id
  std::string repo_root;           ///< SARIF originalUriBaseIds %SRCROOT% (file:// URI of root)
  bool statistics = false;         ///< text: append per-rule counts
};

void write_text(std::string& out, const std::vector<FileReport>& files, const Options& opts);
void write_gcc(std::string& out, const std::vector<FileReport>& files, const Options& opts);
void write_json(std::string& out, const std::vector<FileReport>& files, const Options& opts);
void write_sarif(std::string& out, const std::vector<FileReport>& files,
                 const std::vector<RuleInfo>& rules, const Options& opts);
/// Batch matrix: one row per file, one column per category (counts by severity).
void write_csv(std::string& out, const std::vector<FileReport>& files, const Options& opts);
void write_html(std::string& out, const std::vector<FileReport>& files,
                const std::vector<RuleInfo>& rules, const Options& opts);

}  // namespace fz::report
