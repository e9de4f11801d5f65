#include "cli/commands.h"

#include <iostream>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/io.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fz::cli {

namespace {

void note(const std::string& msg) { std::cerr << "fzlint: " << msg << "\n"; }

Result<std::shared_ptr<const engine::RuleSet>> load_rules(const std::vector<std::string>& dirs) {
  std::vector<engine::RuleFile> extra;
  for (const auto& d : dirs) {
    auto files = read_rule_dir(d);
    if (!files) return files.error();
    for (auto& [p, t] : *files) extra.push_back({p, std::move(t)});
  }
  engine::Config cfg;
  return engine::build_ruleset(extra, cfg);
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

int run_parse(const ParseOptions& o) {
  auto bytes = read_input(o.path, 16u << 20);
  if (!bytes) {
    note(bytes.error().to_string());
    return 2;
  }
  const std::string& name = o.path == "-" ? o.stdin_filename : o.path;
  auto src = ingest::ingest(*bytes, ingest::format_from_path(name));
  if (!src) {
    Error e = src.error();
    if (e.origin.empty()) e.origin = o.path;
    note(e.to_string());
    return 2;
  }
  auto doc = outline::parse(*src);
  if (o.format == "json") {
    std::cout << doc.to_json() << "\n";
  } else if (o.format == "tree") {
    std::cout << doc.dump();
  } else {
    note("--format 只能是 tree 或 json");
    return 2;
  }
  return 0;
}

int run_rules(const RulesOptions& o) {
  auto rs = load_rules(o.rule_dirs);
  if (!rs) {
    note(rs.error().to_string());
    return 2;
  }
  const auto& infos = engine::rule_infos(**rs);
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& r : infos) {
      if (!o.all && !r.enabled_by_default) continue;
      arr.push_back({{"id", r.id},
                     {"category", std::string(to_string(r.category))},
                     {"severity", std::string(to_string(r.default_severity))},
                     {"enabled", r.enabled_by_default},
                     {"fix", r.has_fix},
                     {"whole_document", r.whole_document},
                     {"title", r.title},
                     {"source", r.source}});
    }
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  size_t w = 0;
  for (const auto& r : infos) w = std::max(w, r.id.size());
  for (const auto& r : infos) {
    if (!o.all && !r.enabled_by_default) continue;
    std::cout << fmt::format("{:<{}}  {:<18}  {:<7}  {}{}\n", r.id, w, to_string(r.category),
                             to_string(r.default_severity), r.title,
                             r.enabled_by_default ? "" : "（默认停用）");
  }
  return 0;
}

int run_explain(const RulesOptions& o) {
  auto rs = load_rules(o.rule_dirs);
  if (!rs) {
    note(rs.error().to_string());
    return 2;
  }
  const RuleInfo* r = engine::find_rule(**rs, o.id);
  if (!r) {
    note("没有这条规则：" + o.id + "（用 fzlint rules 查看全部规则）");
    return 2;
  }
  std::cout << fmt::format("{} — {}\n\n", r->id, r->title);
  std::cout << fmt::format("类别：{}（{}）  默认级别：{}（{}）{}{}\n\n", to_string(r->category),
                           label_zh(r->category), to_string(r->default_severity),
                           label_zh(r->default_severity), r->has_fix ? "  可自动修复" : "",
                           r->enabled_by_default ? "" : "  默认停用");
  if (r->whole_document) std::cout << "范围：判断全文；摘录模式（--partial 或文件首行 fzlint: partial）下不检查\n\n";
  std::cout << "检查内容：\n  " << one_line(r->description) << "\n\n";
  std::cout << "理由：\n  " << one_line(r->rationale) << "\n\n";
  std::cout << "依据：\n  " << one_line(r->source) << "\n";
  if (!r->bad_examples.empty()) {
    std::cout << "\n不符合的写法：\n";
    for (const auto& e : r->bad_examples) std::cout << "  ✗ " << one_line(e) << "\n";
  }
  if (!r->good_examples.empty()) {
    std::cout << "\n符合的写法：\n";
    for (const auto& e : r->good_examples) std::cout << "  ✓ " << one_line(e) << "\n";
  }
  return 0;
}

int run_lsp(const LspOptions& o);  // lsp.cpp

}  // namespace fz::cli
