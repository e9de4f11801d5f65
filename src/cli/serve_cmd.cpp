// `fzlint serve`: reads the configuration and rule folders (the only files it touches), builds
// the rule set once, and hands it to fz::serve, which answers every request from memory.
#include "cli/serve_cmd.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/io.h"
#include "engine/linter.h"
#include "serve/server.h"
#include "serve/service.h"

namespace fs = std::filesystem;

namespace fz::cli {

namespace {

struct ServeOptions {
  serve::HttpOptions http;
  std::string config;
  std::vector<std::string> rule_dirs;
  size_t max_size = 16u << 20;
};

int run_serve(const ServeOptions& o) {
  auto fail = [](const std::string& m) {
    std::cerr << "fzlint: " << m << "\n";
    return 2;
  };
  engine::Config cfg;
  if (!o.config.empty()) {
    auto text = read_input(o.config, 1u << 20);
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
    auto files = read_rule_dir(d);
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

std::function<std::optional<int>()> add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* c = app.add_subcommand("serve", "在本机或内网提供检查网页和 JSON 接口（见 docs/serve.md）");
  c->add_option("--host", o->http.host, "监听地址；0.0.0.0 表示对整个内网开放（会给出警告）")->capture_default_str();
  c->add_option("--port", o->http.port, "端口（0 表示任选一个空闲端口）")->capture_default_str();
  c->add_option("--config", o->config, "配置文件（.fzlint.toml 格式）");
  c->add_option("--rules", o->rule_dirs, "追加规则目录（TOML），可覆盖内置同名规则");
  c->add_option("--max-size", o->max_size, "单个文件大小上限（字节），与 check 相同")->capture_default_str();
  c->add_option("--max-concurrent", o->http.max_concurrent, "同时进行的检查数（默认：CPU 核数）");
  c->add_option("--queue", o->http.queue, "排队等待的检查数，超出即答 503")->capture_default_str();
  c->add_option("--time-limit", o->http.time_limit, "单次检查的时限（秒）")->capture_default_str()->check(CLI::Range(1u, 3600u));
  return [c, o]() -> std::optional<int> {
    if (!*c) return std::nullopt;
    return run_serve(*o);
  };
}

}  // namespace fz::cli
