// .fzlint.toml parsing and merging. toml++ exceptions are caught here.
//
//   select = ["structure", "missing-next-year-plan"]   # ids or categories ("all" = every rule)
//   ignore = ["info-rule-id"]
//   year = 2024
//   rule_dirs = ["my-rules"]                            # resolved by the caller
//   [severity]
//   heading-level-skip = "info"
//   [[suppress]]
//   rule = "frp-shufa-not-mentioned"   text = "述法"   path = "reports/*.txt"
//   [rules.results-subsection-without-figures]          # parameter overrides
//   exclude = ["“[^”]*”"]
#include <toml++/toml.h>

#include <sstream>

#include "engine/linter.h"
#include "support/toml_message.h"

namespace fz::engine {

namespace {

Error at(std::string_view origin, const toml::node& n, std::string msg) {
  return Error{std::string(origin), n.source().begin.line, n.source().begin.column, std::move(msg)};
}

std::optional<Error> strings(std::string_view origin, const toml::node& n, std::string_view key,
                             std::vector<std::string>& out, std::map<std::string, Error>* where = nullptr) {
  auto record = [&](const toml::node& e, const std::string& v) {
    if (where) where->emplace(std::string(key) + ":" + v, at(origin, e, ""));
  };
  if (auto* s = n.as_string()) {
    out.push_back(s->get());
    record(n, s->get());
    return std::nullopt;
  }
  auto* a = n.as_array();
  if (!a) return at(origin, n, std::string(key) + ": 应为字符串数组");
  for (auto& e : *a) {
    auto* s = e.as_string();
    if (!s) return at(origin, e, std::string(key) + ": 数组元素应为字符串");
    out.push_back(s->get());
    record(e, s->get());
  }
  return std::nullopt;
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text, std::string_view origin) {
  Config cfg;
  cfg.origin = origin;
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return Error{std::string(origin), e.source().begin.line, e.source().begin.column,
                 toml_syntax_error(e.description())};
  } catch (const std::exception& e) {
    return Error{std::string(origin), 0, 0, std::string("TOML 读取失败：") + e.what()};
  }
  for (auto& [k, node] : root) {
    const std::string key(k.str());
    if (key == "select" || key == "ignore") {
      if (auto e = strings(origin, node, key, key == "select" ? cfg.select : cfg.ignore, &cfg.where)) return *e;
    } else if (key == "rule_dirs" || key == "rule-dirs") {
      if (auto e = strings(origin, node, "rule_dirs", cfg.rule_dirs, &cfg.where)) return *e;
    } else if (key == "previous") {
      auto* s = node.as_string();
      if (!s || s->get().empty()) return at(origin, node, "previous: 应为上一年度报告的路径（可含 {name}、{stem}）");
      cfg.previous = s->get();
    } else if (key == "year") {
      auto* i = node.as_integer();
      if (!i || i->get() < 1900 || i->get() > 2200) return at(origin, node, "year: 应为四位年份整数");
      cfg.year = static_cast<int>(i->get());
    } else if (key == "partial") {
      auto* b = node.as_boolean();
      if (!b) return at(origin, node, "partial: 应为 true 或 false（true = 按摘录检查，不检查全文规则）");
      cfg.partial = b->get();
    } else if (key == "max_findings_per_rule" || key == "max_findings") {
      auto* i = node.as_integer();
      if (!i || i->get() < 0) return at(origin, node, key + ": 应为非负整数（0 表示不限）");
      (key == "max_findings" ? cfg.max_findings : cfg.max_findings_per_rule) = static_cast<size_t>(i->get());
    } else if (key == "severity") {
      auto* t = node.as_table();
      if (!t) return at(origin, node, "severity: 应为表（规则 id = \"error|warning|info\"）");
      for (auto& [id, v] : *t) {
        auto* s = v.as_string();
        auto sev = s ? parse_severity(s->get()) : std::nullopt;
        if (!sev)
          return at(origin, v, "severity." + std::string(id.str()) + ": 应为 \"error\"、\"warning\" 或 \"info\"");
        cfg.severity[std::string(id.str())] = *sev;
        cfg.where.emplace("severity:" + std::string(id.str()), at(origin, v, ""));
      }
    } else if (key == "suppress") {
      auto* a = node.as_array();
      if (!a) return at(origin, node, "suppress: 应为表数组 [[suppress]]");
      for (auto& e : *a) {
        auto* t = e.as_table();
        if (!t) return at(origin, e, "suppress: 元素应为表");
        Config::Suppression s;
        for (auto& [sk, sv] : *t) {
          auto* str = sv.as_string();
          const std::string skey(sk.str());
          if (!str) return at(origin, sv, "suppress." + skey + ": 应为字符串");
          if (skey == "rule") {
            s.rule = str->get();
            cfg.where.emplace("suppress:" + s.rule, at(origin, sv, ""));
          }
          else if (skey == "text") s.text = str->get();
          else if (skey == "path") s.path_glob = str->get();
          else return at(origin, sv, "suppress." + skey + ": 未知字段（可用：rule, text, path）");
        }
        if (s.rule.empty()) return at(origin, e, "suppress.rule: 缺少必填字段（规则 id、类别或 \"all\"）");
        cfg.suppressions.push_back(std::move(s));
      }
    } else if (key == "rules") {
      auto* t = node.as_table();
      if (!t) return at(origin, node, "rules: 应为表（[rules.<规则 id>] 参数覆盖）");
      for (auto& [id, v] : *t) {
        auto* rt = v.as_table();
        if (!rt) return at(origin, v, "rules." + std::string(id.str()) + ": 应为表");
        std::ostringstream ss;
        ss << *rt;
        cfg.rule_params[std::string(id.str())] = ss.str();
        cfg.where.emplace("rules:" + std::string(id.str()), at(origin, v, ""));
      }
    } else {
      return at(origin, node,
                key + ": 未知配置项（可用：select, ignore, severity, year, previous, rule_dirs, suppress, rules, max_findings, max_findings_per_rule, partial）");
    }
  }
  return cfg;
}

void merge(Config& base, const Config& over) {
  base.select.insert(base.select.end(), over.select.begin(), over.select.end());
  base.ignore.insert(base.ignore.end(), over.ignore.begin(), over.ignore.end());
  for (auto& [k, v] : over.severity) base.severity[k] = v;
  if (over.year) base.year = over.year;
  if (over.partial) base.partial = over.partial;
  if (!over.previous.empty()) base.previous = over.previous;
  if (over.max_findings) base.max_findings = over.max_findings;
  if (over.max_findings_per_rule) base.max_findings_per_rule = over.max_findings_per_rule;
  base.rule_dirs.insert(base.rule_dirs.end(), over.rule_dirs.begin(), over.rule_dirs.end());
  base.suppressions.insert(base.suppressions.end(), over.suppressions.begin(), over.suppressions.end());
  for (auto& [k, v] : over.rule_params) base.rule_params[k] = v;
  for (auto& [k, v] : over.where) base.where.emplace(k, v);
  if (!over.origin.empty()) base.origin = over.origin;
}

}  // namespace fz::engine
