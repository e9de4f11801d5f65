// `fzlint lsp` and `fzlint test-rules`: thin wrappers over fz::lsp and fz::engine.
#include <iostream>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/io.h"
#include "engine/linter.h"
#include "lsp/server.h"

namespace fz::cli {

int run_lsp(const LspOptions& o) {
  lsp::ServerOptions so;
  so.docs_uri = o.docs_uri;
  so.tool_version = FZ_VERSION;
  return lsp::run_stdio(so);
}

int run_test_rules(const RulesOptions& o) {
  std::vector<engine::RuleFile> extra;
  if (!o.test_dir.empty()) {
    auto files = read_rule_dir(o.test_dir);
    if (!files) {
      std::cerr << "fzlint: " << files.error().to_string() << "\n";
      return 2;
    }
    for (auto& [p, t] : *files) extra.push_back({p, std::move(t)});
  }
  engine::Config cfg;
  auto rs = engine::build_ruleset(extra, cfg);
  if (!rs) {
    std::cerr << "fzlint: " << rs.error().to_string() << "\n";
    return 2;
  }
  const auto& infos = engine::rule_infos(**rs);
  auto failures = engine::check_examples(**rs);
  size_t examples = 0;
  for (const auto& r : infos) examples += r.bad_examples.size() + r.good_examples.size();
  for (const auto& f : failures) {
    std::cout << fmt::format("FAIL {} ({}) examples.{}[{}]: {}\n     {}\n", f.rule, f.origin,
                             f.bad ? "bad" : "good", f.index, f.detail, f.example);
  }
  std::cout << fmt::format("{} 条规则，{} 个示例：{} passed, {} failed\n", infos.size(), examples,
                           examples - failures.size(), failures.size());
  return failures.empty() ? 0 : 1;
}

}  // namespace fz::cli
