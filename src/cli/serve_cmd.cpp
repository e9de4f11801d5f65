// `fzlint serve` in fzlint: its options, and the hand-over to fzlint-serve (serve_cmd.h).
#include "cli/serve_cmd.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <system_error>

#include <CLI/CLI.hpp>

#include "cli/serve_options.h"

namespace fs = std::filesystem;

namespace fz::cli {

std::function<std::optional<int>()> add_serve_command(
    CLI::App& app, std::function<int(const ServeOptions&)> run) {
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
  return [c, o, run = std::move(run)]() -> std::optional<int> {
    if (!*c) return std::nullopt;
    return run(*o);
  };
}

std::vector<fs::path> serve_program_candidates(const fs::path& self) {
  const fs::path dir = self.parent_path();
  return {dir / "fzlint-serve", dir.parent_path() / "lib" / "fzlint" / "fzlint-serve"};
}

int exec_serve_program(int argc, char** argv) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::cerr << "fzlint: 无法确定 fzlint 程序自身的位置（/proc/self/exe：" << ec.message()
              << "），因此找不到 serve 组件 fzlint-serve\n";
    return 2;
  }
  const auto candidates = serve_program_candidates(self);
  for (const auto& p : candidates) {
    if (::access(p.c_str(), X_OK) != 0) continue;
    std::vector<char*> args(argv, argv + argc);
    std::string name = p.string();
    args[0] = name.data();
    args.push_back(nullptr);
    ::execv(name.c_str(), args.data());
    std::cerr << "fzlint: 无法启动 serve 组件 " << name << "：" << std::strerror(errno) << "\n";
    return 2;
  }
  std::cerr << "fzlint: 找不到 serve 组件 fzlint-serve（查找了 " << candidates[0].string() << " 和 "
            << candidates[1].string() << "）；它随 fzlint 一起构建和安装，请重新安装 fzlint\n";
  return 2;
}

}  // namespace fz::cli
