// `fzlint test-rules` as a library function, and docs/rules.md generation.
#include <map>

#include "checks/util.h"
#include "text/utf8.h"
#include "engine/ruleset.h"
#include "ingest/issues.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fz::engine {

std::vector<ExampleFailure> check_examples(const RuleSet& rules) {
  std::vector<ExampleFailure> out;
  for (auto& r : rules.rules) {
    Config cfg;
    cfg.select = {r.spec.info.id};
    auto run = [&](const std::string& example, bool bad, size_t index) {
      ExampleFailure fail{r.spec.info.id, r.spec.origin, bad, index, example, {}};
      auto src = ingest::ingest(example, ingest::Format::Text);
      if (!src) {
        fail.detail = "示例无法读取：" + src.error().to_string();
        out.push_back(std::move(fail));
        return;
      }
      const outline::Document doc = outline::parse(*src);
      const LintResult res = lint(*src, doc, rules, cfg);
      std::vector<const Finding*> mine;
      for (auto& f : res.findings)
        if (f.rule == r.spec.info.id) mine.push_back(&f);
      if (bad && mine.empty()) {
        fail.detail = "反例应触发本规则，但没有发现";
        out.push_back(std::move(fail));
      } else if (!bad && !mine.empty()) {
        fail.detail = "正例不应触发本规则，却有 " + std::to_string(mine.size()) + " 条发现：";
        for (auto* f : mine)
          fail.detail += "\n  " + f->message + "（“" +
                         text::clip(checks::slice(src->text, f->span), 60) + "”）";
        out.push_back(std::move(fail));
      }
    };
    for (size_t i = 0; i < r.spec.info.bad_examples.size(); ++i) run(r.spec.info.bad_examples[i], true, i);
    for (size_t i = 0; i < r.spec.info.good_examples.size(); ++i) run(r.spec.info.good_examples[i], false, i);
  }
  return out;
}

namespace {
std::string fence(const std::string& s) {
  std::string out = "```text\n" + s;
  if (out.back() != '\n') out += '\n';
  return out + "```\n";
}
}  // namespace

Result<std::string> rules_markdown(const RuleSet& rules) {
  std::string md =
      "# fzlint 规则参考\n\n本文件由规则包生成（`fzlint explain ID` 显示同样内容），请勿手工编辑。\n\n";
  std::map<int, std::vector<const RuleEntry*>> by_cat;
  for (auto& r : rules.rules) by_cat[static_cast<int>(r.spec.info.category)].push_back(&r);
  for (auto& [cat, list] : by_cat) {
    const Category c = static_cast<Category>(cat);
    md += "## " + std::string(label_zh(c)) + "（`" + std::string(to_string(c)) + "`）\n\n";
    for (auto* r : list) {
      const auto& i = r->spec.info;
      for (auto* field : {&i.title, &i.description, &i.rationale, &i.source})
        if (field->empty())
          return Error{r->spec.origin, 0, 0, "规则 " + i.id + " 缺少文档字段，无法生成文档"};
      md += "### `" + i.id + "`\n\n" + i.title + "\n\n";
      md += "- 级别：" + std::string(to_string(i.default_severity)) + "（" +
            std::string(label_zh(i.default_severity)) + "）" +
            (i.enabled_by_default ? "" : "，默认关闭") + (i.has_fix ? "，可自动修复" : "") + "\n";
      md += "- 类型：`" + r->spec.kind + "`，范围：`" + r->spec.scope + "`" +
            (i.whole_document ? "；判断全文，摘录模式（`--partial`）下不检查" : "") + "\n";
      md += "- 依据：" + i.source + "\n\n";
      md += i.description + "\n\n**理由**：" + i.rationale + "\n\n";
      md += "**反例**（应报告）：\n\n";
      for (auto& e : i.bad_examples) md += fence(e) + "\n";
      md += "**正例**（不应报告）：\n\n";
      for (auto& e : i.good_examples) md += fence(e) + "\n";
    }
  }
  // Input issues: reported by ingest while decoding, documented there (no rule file).
  md += "## " + std::string(label_zh(Category::Input)) + "（`input`）\n\n"
        "以下问题在读取文件时发现，不由规则文件定义；可以像规则一样用 `--select`/`--ignore`/"
        "`--severity` 控制。\n\n";
  for (const auto& d : ingest::issue_docs()) {
    md += "### `" + std::string(d.id) + "`\n\n" + d.title + "\n\n";
    md += "- 级别：" + std::string(to_string(d.severity)) + "（" + std::string(label_zh(d.severity)) + "）\n";
    md += "- 依据：" + std::string(d.source) + "\n\n";
    md += std::string(d.description) + "\n\n**理由**：" + d.rationale + "\n\n";
  }
  // Reference for rule authors: kinds with their parameters, and scope expressions.
  md += "## 附：规则类型与范围（编写规则用）\n\n";
  // The limits are the constants compile_limited enforces, so this text cannot drift from them.
  md += "正则表达式按 RE2 语法解释（匹配时间与文本长度成线性，不支持反向引用和环视）。规则文件与体裁文件中的"
        "每个正则表达式不得超过 " + std::to_string(checks::kMaxPatternBytes) + " 字节，编译后不得超过 " +
        std::to_string(checks::kMaxProgramSize) + " 条指令、" + std::to_string(checks::kPatternMaxMem >> 20) +
        " MiB 内存；一个参数（列表、cases、pairs）至多 " + std::to_string(checks::kMaxPatternsPerList) +
        " 个。超出时加载报错并指出文件、行、列。\n\n";
  for (auto& k : checks::kinds()) {
    md += "### 类型 `" + std::string(k.name) + "`\n\n" + std::string(k.summary) +
          (k.supports_fix ? "（支持 `fix` 替换模板）" : "") + "\n\n";
    for (auto& p : k.params)
      md += "- `" + std::string(p.name) + "`" + (p.required ? "（必填）" : "") + "：" +
            std::string(p.doc) + "\n";
    if (!k.params.empty()) md += "\n";
  }
  md += "### 范围 `scope`\n\n写作 `单位[:体裁类别][:层级]`，单位可选：";
  bool first = true;
  for (auto u : scope_units()) {
    md += (first ? "`" : "、`") + std::string(u) + "`";
    first = false;
  }
  md += "。体裁类别见 genre.toml：";
  first = true;
  for (auto& c : rules.genre.data.classes) {
    md += (first ? "`" : "、`") + c.name + "`（" + c.label + "）";
    first = false;
  }
  md += "。\n";
  return md;
}

}  // namespace fz::engine
