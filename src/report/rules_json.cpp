#include "report/rules_json.h"

#include <string>

namespace fz::report {

nlohmann::ordered_json rule_json(const RuleInfo& r) {
  return {{"id", r.id},
          {"category", std::string(to_string(r.category))},
          {"severity", std::string(to_string(r.default_severity))},
          {"enabled", r.enabled_by_default},
          {"fix", r.has_fix},
          {"whole_document", r.whole_document},
          {"title", r.title},
          {"source", r.source}};
}

nlohmann::ordered_json rule_detail_json(const RuleInfo& r) {
  auto j = rule_json(r);
  j["category_zh"] = std::string(label_zh(r.category));
  j["severity_zh"] = std::string(label_zh(r.default_severity));
  j["description"] = r.description;
  j["rationale"] = r.rationale;
  j["examples"] = {{"bad", r.bad_examples}, {"good", r.good_examples}};
  return j;
}

}  // namespace fz::report
