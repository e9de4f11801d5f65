// `fzlint docs`: docs/rules.md generated from the rules' own fields (design.md §5.8), so the
// documentation cannot drift from the pack. Generation fails when a rule lacks a field.
#include <iostream>
#include <map>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/io.h"
#include "engine/linter.h"

namespace fz::cli {

namespace {

std::string md_escape_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string indent_block(const std::string& s) {
  std::string out = "    ";
  for (char c : s) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

}  // namespace

Result<std::string> render_rules_markdown(const std::vector<RuleInfo>& infos) {
  for (const auto& r : infos) {
    const char* missing = r.title.empty()         ? "title"
                          : r.description.empty() ? "description"
                          : r.rationale.empty()   ? "rationale"
                          : r.source.empty()      ? "source"
                                                  : nullptr;
    if (missing) return Error{r.id, 0, 0, std::string("规则缺少文档字段 ") + missing};
  }
  std::map<int, std::vector<const RuleInfo*>> by_cat;
  for (const auto& r : infos) by_cat[static_cast<int>(r.category)].push_back(&r);

  std::string out;
  out += "# fzlint 规则说明\n\n";
  out += "<!-- 本文件由 `fzlint docs -o docs/rules.md` 从 rules/ 生成，请勿手工修改。 -->\n\n";
  out += fmt::format("共 {} 条规则。级别：错误（error）= 法规明确要求或文本客观错误；警告（warning）= "
                     "违反标准或强惯例；提示（info）= 审核建议。\n\n",
                     infos.size());
  out += "| 规则 | 类别 | 级别 | 自动修复 | 说明 | 依据 |\n|---|---|---|---|---|---|\n";
  for (const auto& [cat, rules] : by_cat)
    for (const auto* r : rules)
      out += fmt::format("| [`{}`](#{}) | {} | {} | {} | {} | {} |\n", r->id, r->id,
                         label_zh(r->category), label_zh(r->default_severity),
                         r->has_fix ? "是" : "", md_escape_cell(r->title),
                         md_escape_cell(r->source));
  for (const auto& [cat, rules] : by_cat) {
    out += fmt::format("\n## {}（{}）\n", label_zh(static_cast<Category>(cat)),
                       to_string(static_cast<Category>(cat)));
    for (const auto* r : rules) {
      out += fmt::format("\n### {}\n\n**{}**\n\n", r->id, r->title);
      out += fmt::format("- 类别：{}；默认级别：{}{}{}\n", to_string(r->category),
                         to_string(r->default_severity), r->has_fix ? "；可自动修复" : "",
                         r->enabled_by_default ? "" : "；默认停用");
      out += fmt::format("- 依据：{}\n\n", r->source);
      out += fmt::format("{}\n\n理由：{}\n", r->description, r->rationale);
      if (!r->bad_examples.empty()) {
        out += "\n不符合的写法：\n\n";
        for (const auto& e : r->bad_examples) out += indent_block(e) + "\n\n";
      }
      if (!r->good_examples.empty()) {
        out += "\n符合的写法：\n\n";
        for (const auto& e : r->good_examples) out += indent_block(e) + "\n\n";
      }
    }
  }
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

int run_docs(const RulesOptions& o) {
  engine::Config cfg;
  auto rs = engine::build_ruleset({}, cfg);
  if (!rs) {
    std::cerr << "fzlint: " << rs.error().to_string() << "\n";
    return 2;
  }
  auto md = render_rules_markdown(engine::rule_infos(**rs));
  if (!md) {
    std::cerr << "fzlint: " << md.error().to_string() << "\n";
    return 2;
  }
  if (o.check) {
    auto cur = read_input(o.output.empty() ? "docs/rules.md" : o.output, 16u << 20);
    if (!cur || *cur != *md) {
      std::cerr << "fzlint: docs/rules.md 不是最新的；请运行 fzlint docs -o docs/rules.md\n";
      return 1;
    }
    return 0;
  }
  if (o.output.empty()) {
    std::cout << *md;
    return 0;
  }
  auto w = atomic_write(o.output, *md);
  if (!w) {
    std::cerr << "fzlint: " << w.error().to_string() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace fz::cli
