#include "cli/commands.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli/io.h"
#include "cli/profile.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "report/rules_json.h"
#include "support/embedded.h"

namespace fz::cli {

namespace {

void note(const std::string& msg) { std::cerr << "fzlint: " << msg << "\n"; }

/// The rules in force here: the shipped pack, the rule_dirs and parameters of the configuration
/// (`config`, else the nearest .fzlint.toml above the current directory, unless `no_config`),
/// then the --rules folders — the same rules `fzlint check` uses for a file in this directory.
struct Active {
  std::shared_ptr<const engine::RuleSet> rules;
  std::vector<engine::RuleFile> extra;  ///< rule files added to the shipped pack
  std::string config_path, config_text;
};

/// The configuration and rule files in force, read but not compiled (`rules` stays null).
Result<Active> locate_rules(const std::vector<std::string>& dirs, const std::string& config, bool no_config,
                            engine::Config& cfg) {
  Active a;
  if (!config.empty()) {
    a.config_path = config;
  } else if (!no_config) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (!ec)
      if (auto found = find_config_upward(cwd)) a.config_path = found->string();
  }
  if (!a.config_path.empty()) {
    auto parsed = load_config_file(a.config_path, &a.config_text);
    if (!parsed) return parsed.error();
    cfg = std::move(*parsed);
  }
  cfg.rule_dirs.insert(cfg.rule_dirs.end(), dirs.begin(), dirs.end());
  auto extra = read_rule_files(cfg);
  if (!extra) return extra.error();
  a.extra = std::move(*extra);
  return a;
}

Result<Active> load_rules(const std::vector<std::string>& dirs, const std::string& config, bool no_config) {
  engine::Config cfg;
  auto located = locate_rules(dirs, config, no_config, cfg);
  if (!located) return located.error();
  Active a = std::move(*located);
  auto rs = engine::build_ruleset(a.extra, cfg);
  if (!rs) return rs.error();
  a.rules = std::move(*rs);
  return a;
}

/// FNV-1a, 64 bits: a short, stable fingerprint (not a security hash).
void fnv1a(uint64_t& h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= 0xff;  // field separator, so ("ab","c") and ("a","bc") differ
  h *= 0x100000001b3ULL;
}

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

int run_parse(const ParseOptions& o) {
  auto bytes = read_input(o.path, 16u << 20, nullptr, "");  // parse has no --max-size
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
  auto rs = load_rules(o.rule_dirs, o.config, o.no_config);
  if (!rs) {
    note(rs.error().to_string());
    return 2;
  }
  const auto& infos = engine::rule_infos(*rs->rules);
  if (o.format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& r : infos) {
      if (!o.all && !r.enabled_by_default) continue;
      arr.push_back(report::rule_json(r));  // one shape with serve's /api/v1/rules
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
  auto rs = load_rules(o.rule_dirs, o.config, o.no_config);
  if (!rs) {
    note(rs.error().to_string());
    return 2;
  }
  const RuleInfo* r = engine::find_rule(*rs->rules, o.id);
  if (!r) {
    const std::string hint = engine::did_you_mean(*rs->rules, o.id);
    note("没有这条规则：" + o.id + (hint.empty() ? "" : "（是否应为“" + hint + "”？）") +
         "（用 fzlint rules 查看全部规则）");
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

namespace {

/// The fingerprint of the rules in force: shipped pack, config text and extra rule files.
std::string fingerprint(const Active& a) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const auto& f : fz_embedded_rules()) {
    fnv1a(h, f.path);
    fnv1a(h, f.data);
  }
  for (const auto& f : a.extra) {
    fnv1a(h, std::filesystem::path(f.origin).filename().string());  // not the machine's paths
    fnv1a(h, f.text);
  }
  fnv1a(h, a.config_text);
  return fmt::format("{:016x}", h);
}

}  // namespace

std::string rules_hash() {
  engine::Config cfg;  // the hash is of the texts: nothing to compile
  auto rs = locate_rules({}, "", false, cfg);
  return rs ? fingerprint(*rs) : std::string();
}

std::string version_text() {
  std::string out = fmt::format("fzlint {}\n内置规则包 {}\n", FZ_VERSION, FZ_RULES_VERSION);
  // Counted without compiling the rules: --version answers in a few milliseconds.
  engine::Config cfg;
  auto rs = locate_rules({}, "", false, cfg);
  if (!rs) return out + "当前规则：无法读取（" + rs.error().to_string() + "）";
  auto n = engine::count_rules(rs->extra, cfg);
  if (!n) return out + "当前规则：无法读取（" + n.error().to_string() + "）";
  out += fmt::format("当前规则 {} 条（默认启用 {} 条），规则哈希 {}", n->total, n->enabled, fingerprint(*rs));
  if (!rs->config_path.empty())
    out += fmt::format("\n（含配置 {}{}）", rs->config_path,
                       rs->extra.empty() ? "" : fmt::format("，及其 rule_dirs 中的 {} 个规则文件", rs->extra.size()));
  return out;
}

}  // namespace fz::cli
