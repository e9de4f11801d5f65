// fz::report — rules as JSON: one shape for `fzlint rules --format json` and the serve API's
// /api/v1/rules and /api/v1/rules/{id} (the latter adds what `fzlint explain` prints).
// Like every printer, it knows rule metadata (RuleInfo) and nothing of rule logic.
#pragma once

#include <nlohmann/json.hpp>

#include "support/finding.h"

namespace fz::report {

/// {"id","category","severity","enabled","fix","title","source"} — one row of `rules`.
nlohmann::ordered_json rule_json(const RuleInfo& r);
/// rule_json plus {"category_zh","severity_zh","description","rationale","examples":{"bad","good"}}
/// — everything `explain` shows.
nlohmann::ordered_json rule_detail_json(const RuleInfo& r);

}  // namespace fz::report
