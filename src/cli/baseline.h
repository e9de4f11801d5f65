// Baselines: a county office re-screening resubmitted reports wants only NEW findings.
// `check --write-baseline FILE` records the current findings; `--baseline FILE` hides findings
// recorded there. Entries are keyed by (path, rule, the finding's text), not by line, so edits
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
  /// Remove findings present in the baseline (each entry absorbs up to `count` findings).
  /// Returns how many were removed.
  size_t filter(std::vector<report::FileReport>& files) const;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // path, rule, text
  std::map<Key, size_t> counts_;
};

}  // namespace fz::cli
