// `fzlint docs`: docs/rules.md generated from the rules' own fields (engine::rules_markdown,
// design.md §5.8), so the documentation cannot drift from the pack. `--check` is used by tests.
#include <iostream>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/io.h"
#include "engine/linter.h"

namespace fz::cli {

int run_docs(const RulesOptions& o) {
  engine::Config cfg;
  auto rs = engine::build_ruleset({}, cfg);
  if (!rs) {
    std::cerr << "fzlint: " << rs.error().to_string() << "\n";
    return 2;
  }
  auto md = engine::rules_markdown(**rs);
  if (!md) {
    std::cerr << "fzlint: " << md.error().to_string() << "\n";
    return 2;
  }
  if (o.check) {
    auto cur = read_input(o.output.empty() ? "docs/rules.md" : o.output, 16u << 20, nullptr, "");
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
