// fzlint-serve — the program behind `fzlint serve` (src/cli/serve_cmd.h says why it is separate).
// fzlint execs it with its own arguments ("serve", then the options), so it parses them with the
// same definition and runs the server: reads the configuration and rule folders (the only files
// it touches), builds the rule set once, and hands it to fz::serve, which answers every request
// from memory.
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/cli_text.h"
#include "cli/io.h"
#include "cli/serve_cmd.h"
#include "cli/serve_options.h"
#include "engine/linter.h"
#include "serve/server.h"
#include "serve/service.h"

namespace fs = std::filesystem;

namespace {

int run_serve(const fz::cli::ServeOptions& o) {
  using namespace fz;
  auto fail = [](const std::string& m) {
    std::cerr << "fzlint: " << m << "\n";
    return 2;
  };
  engine::Config cfg;
  if (!o.config.empty()) {
    auto text = cli::read_input(o.config, 1u << 20);
    if (!text) return fail(text.error().to_string());
    auto parsed = engine::parse_config(*text, o.config);
    if (!parsed) return fail(parsed.error().to_string());
    cfg = std::move(*parsed);
    for (auto& d : cfg.rule_dirs)  // relative to the config file, as for check
      if (fs::path(d).is_relative()) d = (fs::path(o.config).parent_path() / d).string();
  }
  for (const auto& d : o.rule_dirs) cfg.rule_dirs.push_back(d);
  std::vector<engine::RuleFile> extra;
  for (const auto& d : cfg.rule_dirs) {
    auto files = cli::read_rule_dir(d);
    if (!files) return fail(files.error().to_string());
    for (auto& [p, t] : *files) extra.push_back({p, std::move(t)});
  }
  auto rules = engine::build_ruleset(extra, cfg);
  if (!rules) return fail(rules.error().to_string());
  serve::Settings s;
  s.config = std::move(cfg);
  s.rules = std::move(*rules);
  s.max_bytes = o.max_size;
  s.version = FZ_VERSION;
  const serve::Service service(std::move(s));
  return serve::run(service, o.http, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::ios::sync_with_stdio(false);
    CLI::App app{"fzlint serve —— 法治政府建设年度报告检查网页和 JSON 接口", "fzlint"};
    fz::cli::localise(app);
    app.require_subcommand(1);
    auto serve = fz::cli::add_serve_command(app, run_serve);
    fz::cli::localise_subcommands(app);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      int rc = app.exit(e);
      return rc == 0 ? 0 : 2;
    }
    if (auto rc = serve()) return *rc;
    return 2;
  } catch (const std::exception& e) {  // a bug, never the user's fault: say so, exit 2, no abort
    std::cerr << "fzlint: 内部错误：" << e.what() << "（请把命令和输入文件报告给维护者）\n";
    return 2;
  }
}
