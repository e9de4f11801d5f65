// Baselines: a county office re-screening resubmitted reports wants only NEW findings.
// `check --write-baseline FILE` records the current findings; `--baseline FILE` lists findings
// recorded there apart, after the new ones (they still count for the verdict and exit code). Entries are keyed by (path, rule, the finding's text), not by line, so edits
// elsewhere in the report do not resurrect old findings; counts handle repeats.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "report/report.h"
#include "support/result.h"

namespace fz::cli {

class Baseline {
 public:
  /// Parse the JSON written by to_json(); errors carry the path.
  static Result<Baseline> parse(const std::string& json, const std::string& origin);
  /// Record every finding of `files`.
  static Baseline from(const std::vector<report::FileReport>& files);
  std::string to_json() const;
  /// Put each file's findings that the baseline holds (each entry matches up to `count`
  /// findings) after the new ones, mark them known (FileReport::known, message prefixed
  /// “（上一轮已指出）”). Nothing is removed: a township that ignored the first round must not
  /// pass the second, so known findings still count for the verdict. Returns how many are known.
  size_t mark_known(std::vector<report::FileReport>& files) const;

  /// The same one file at a time, for `check` printing each file as it is done: add() records a
  /// file's findings (from() = add() over the files); take_known() marks one file's known
  /// findings and uses up the entries it matched (mark_known() = take_known() over the files, on
  /// a copy), so a path named twice matches each entry once, as in mark_known().
  void add(const report::FileReport& file);
  size_t take_known(report::FileReport& file);

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // path, rule, text
  std::map<Key, size_t> counts_;
};

}  // namespace fz::cli
