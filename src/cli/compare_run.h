// Comparing reports from the command line (issue #15): `check --previous LAST THIS` (or
// `previous = "…"` in .fzlint.toml) sets each report against last year's; `batch DIR` and
// `check DIR` set the reports of one run against each other. Reads last year's files (the only
// I/O here); the comparing is engine::compare_previous / compare_batch.
#pragma once

#include <string>
#include <vector>

#include "engine/linter.h"
#include "support/finding.h"

namespace CLI {
class App;
}
namespace fz::cli {

struct CheckOptions;

/// Adds --previous to `check`.
void add_compare_options(CLI::App* check, CheckOptions& co);

/// One checked report, as the comparisons see it.
struct ComparedFile {
  std::string path;                           ///< as reported
  const ingest::SourceText* src = nullptr;    ///< null when the file could not be read
  const engine::RuleSet* rules = nullptr;
  const engine::Config* config = nullptr;
  std::vector<Finding>* findings = nullptr;   ///< comparison findings are merged in, order kept
  /// The tree lint parsed, when kept (a run that compares keeps it); else it is parsed again.
  const outline::Document* doc = nullptr;
  const checks::Analysis* analysis = nullptr;  ///< lint's analysis of `doc`, when kept
};

/// Last year's report for each file (--previous, else the file's config `previous`), compared.
/// Problems (last year's file missing or unreadable, --previous with several files) are
/// returned as errors; the other files are still compared.
std::vector<Error> compare_with_previous(const std::vector<ComparedFile>& files, const CheckOptions& o);

/// The reports of one run compared with each other (those sharing a rule set, at least two);
/// the per-report part of the comparison runs on `threads` threads.
void compare_batch(const std::vector<ComparedFile>& files, unsigned threads = 1);

}  // namespace fz::cli
