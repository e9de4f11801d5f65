// fzlint — command-line entry point. Subcommands:
//   check    lint reports (files, folders or -)          parse    print a report's section tree
//   batch    screen a folder: CSV/HTML matrix            rules    list the rules
//   explain  one rule's documentation                    test-rules  check rules' examples
//   docs     generate docs/rules.md                      lsp      language server on stdio
//   annotate comments (and tracked fixes) in a .docx copy
// Only this folder and src/lsp touch files, stdin/stdout, the environment or exit codes.
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/annotate.h"
#include "cli/check.h"
#include "cli/cli_text.h"
#include "cli/commands.h"
#include "cli/serve_cmd.h"
#include "cli/serve_options.h"
#include "cli/compare_run.h"

namespace {

// The last resort. Every known failure is reported as a value where it happens (an input error
// for that file, exit 2); reaching this is a defect of fzlint, and tests/cli/io_errors.sh checks
// that none of the known failures does. The marker text "内部错误" is what that test looks for.
[[noreturn]] void last_resort(const char* what) {
  std::cout.flush();
  std::cerr << "fzlint: 内部错误：" << what
            << "。检查未完成（已写入的文件都是完整的原子写入）；这是 fzlint 的缺陷，请附上命令行报告给维护者。\n";
  std::cerr.flush();
  std::_Exit(2);
}

// The exception in flight: from main's catch, or from std::terminate (an exception escaping a
// worker thread, or a noexcept violation).
[[noreturn]] void report_current_exception() {
  try {
    if (auto e = std::current_exception()) std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    last_resort("内存不足");
  } catch (const std::exception& e) {
    last_resort(e.what());
  } catch (...) {
  }
  last_resort("未知异常");
}

int run(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (fzlint check … | head) is a failed write reported as exit 2, not a silent
  // death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  std::set_terminate(report_current_exception);
  try {
    return run(argc, argv);
  } catch (...) {
    report_current_exception();
  }
}

namespace {

int run(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  CLI::App app{"fzlint —— 法治政府建设年度报告检查工具 (a linter for annual reports on building a "
               "law-based government)",
               "fzlint"};
  fz::cli::localise(app);
  app.set_version_flag("-V,--version", [] { return fz::cli::version_text(); },
                       "显示版本、规则包版本和当前生效规则的哈希");
  app.require_subcommand(1);
  app.fallthrough(false);

  using fz::cli::one_per_use;
  fz::cli::CheckOptions check_opts, batch_opts;  // batch: csv matrix, 需修改 from warnings up
  batch_opts.format = "csv";
  batch_opts.fail_on = "warning";
  auto add_check_options = [](CLI::App* c, fz::cli::CheckOptions& co, bool batch) {
    c->add_option("paths", co.paths, "要检查的文件或目录（.txt .md .docx），- 表示标准输入")->required();
    c->add_option("--format", co.format, "输出格式：text|gcc|json|sarif|csv|html")
        ->capture_default_str();
    c->add_option("-o,--output", co.output, "写入文件（原子写入）而不是标准输出");
    one_per_use(c->add_option("--select", co.select, "只启用这些规则或类别（可重复，逗号分隔）"));
    one_per_use(c->add_option("--ignore", co.ignore, "停用这些规则或类别（可重复，逗号分隔）"));
    one_per_use(c->add_option("--severity", co.severity, "调整严重程度：规则ID=error|warning|info（可重复，逗号分隔）"));
    c->add_option("--fail-on", co.fail_on,
                  batch ? "有报告的问题达到该级别即以 1 退出，并在“状态”列记为需修改：error|warning|info"
                        : "达到该级别即以 1 退出：error|warning|info")
        ->capture_default_str();
    c->add_option("--year", co.year, "报告年度（默认从标题或导语识别）");
    one_per_use(c->add_option("--rules", co.rule_dirs, "追加规则目录（TOML），可覆盖内置同名规则（可重复）"));
    c->add_option("--config", co.config, "配置文件（默认向上查找 .fzlint.toml）");
    c->add_flag("--no-config", co.no_config, "不读取任何 .fzlint.toml");
    c->add_flag("--statistics", co.statistics, "按规则统计问题数量");
    c->add_flag("--exit-zero", co.exit_zero, "有问题也以 0 退出");
    c->add_flag("--partial", co.partial,
                "摘录模式：文本是节选或未完成的稿件，不检查判断全文的规则（缺少部分、篇幅、覆盖面、落款日期、部分顺序）");
    c->add_option("--baseline", co.baseline, "与基线比较：先列新问题，再列基线中已有的问题（仍计入结论和退出码）");
    c->add_option("--write-baseline", co.write_baseline, "把当前问题写入基线文件");
    c->add_option("--color", co.color, "颜色：auto|always|never")->capture_default_str();
    c->add_option("--stdin-filename", co.stdin_filename, "从标准输入读取时使用的文件名（决定格式）");
    c->add_option("--max-size", co.max_size, "单个文件大小上限（字节）")->capture_default_str();
    c->add_option("-j,--jobs", co.jobs, "并行线程数（默认为 CPU 数）");
    c->add_option("--docs-uri", co.docs_uri, "规则文档的网址前缀（SARIF/HTML 链接）");
    if (!batch) add_compare_options(c, co);
    if (!batch) {
      c->add_flag("--fix", co.fix, "应用所有安全修复（.txt/.md，原子写入，保留编码）");
      c->add_flag("--force", co.force, "--fix 时也改写只读文件（默认拒绝，如 sed -i）");
      c->add_flag("--diff", co.diff, "只以统一 diff 显示可自动修复的内容，不写入文件（有修复时以 1 退出）");
    }
  };

  auto* check = app.add_subcommand("check", "检查报告");
  add_check_options(check, check_opts, false);
  auto* batch = app.add_subcommand("batch", "批量预审一个目录，输出 CSV/HTML 矩阵");
  add_check_options(batch, batch_opts, true);

  fz::cli::AnnotateOptions ao;
  auto* annotate = fz::cli::add_annotate_command(app, ao);

  fz::cli::ParseOptions po;
  auto* parse = app.add_subcommand("parse", "输出报告的结构树");
  parse->add_option("path", po.path, "报告文件，- 表示标准输入")->required();
  parse->add_option("--format", po.format, "tree|json")->capture_default_str();
  parse->add_option("--stdin-filename", po.stdin_filename, "从标准输入读取时使用的文件名");

  fz::cli::RulesOptions ro;
  auto* rules = app.add_subcommand("rules", "列出规则");
  rules->add_option("--format", ro.format, "text|json")->capture_default_str();
  auto add_rule_source = [&ro](CLI::App* c) {
    one_per_use(c->add_option("--rules", ro.rule_dirs, "追加规则目录（可重复）"));
    c->add_option("--config", ro.config, "配置文件（默认从当前目录向上查找 .fzlint.toml，读取其中的 rule_dirs 等）");
    c->add_flag("--no-config", ro.no_config, "不读取任何 .fzlint.toml");
  };
  add_rule_source(rules);
  rules->add_flag("--all", ro.all, "也列出默认停用的规则");

  auto* explain = app.add_subcommand("explain", "说明一条规则");
  explain->add_option("id", ro.id, "规则 ID")->required();
  add_rule_source(explain);

  auto* test_rules = app.add_subcommand("test-rules", "检查每条规则的正反示例");
  test_rules->add_option("dir", ro.test_dir, "规则目录（默认：内置规则）");

  auto* docs = app.add_subcommand("docs", "生成规则文档 docs/rules.md");
  docs->add_option("-o,--output", ro.output, "写入文件（默认标准输出）");
  docs->add_flag("--check", ro.check, "只检查该文件是否为最新");
  docs->add_flag("--man", ro.man, "生成手册页 fzlint.1（由命令行帮助和规则文档生成）");

  fz::cli::LspOptions lo;
  auto* lsp = app.add_subcommand("lsp", "以 LSP 语言服务器方式运行（标准输入输出）");
  lsp->add_option("--docs-uri", lo.docs_uri, "规则文档的网址前缀");
  bool stdio_flag = true;
  lsp->add_flag("--stdio", stdio_flag, "使用标准输入输出（默认，唯一支持的传输方式）");

  // fzlint serve: options parsed here, the server is fzlint-serve (src/cli/serve_cmd.h).
  auto serve = fz::cli::add_serve_command(
      app, [argc, argv](const fz::cli::ServeOptions&) { return fz::cli::exec_serve_program(argc, argv); });

  fz::cli::localise_subcommands(app);
  if (argc > 1 && argv[1][0] != '-') {  // CLI11 would only say "a subcommand is required"
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known |= sub->get_name() == argv[1];
    if (!known) {
      std::cerr << "fzlint: 未知的子命令：" << argv[1]
                << "（可用：check、batch、parse、rules、explain、test-rules、docs、lsp、serve；运行 fzlint --help 查看用法）\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (*check) return fz::cli::run_check(check_opts);
    if (*batch) {
      batch_opts.batch = true;
      return fz::cli::run_check(batch_opts);
    }
    if (*annotate) return fz::cli::run_annotate(ao);
    if (*parse) return fz::cli::run_parse(po);
    if (*rules) return fz::cli::run_rules(ro);
    if (*explain) return fz::cli::run_explain(ro);
    if (*test_rules) return fz::cli::run_test_rules(ro);
    if (*docs && ro.man) {
      // The formatter directly: app.help() would print the selected subcommand's (docs) help.
      std::vector<std::pair<std::string, std::string>> helps{
          {"", app.get_formatter()->make_help(&app, "fzlint", CLI::AppFormatMode::Normal)}};
      for (const auto* sub : app.get_subcommands({})) helps.emplace_back(sub->get_name(), sub->help("fzlint"));
      return fz::cli::run_man(ro, helps);
    }
    if (*docs) return fz::cli::run_docs(ro);
    if (*lsp) return fz::cli::run_lsp(lo);
    if (auto rc = serve()) return *rc;
  } catch (const std::exception& e) {  // a bug, never the user's fault: say so, exit 2, no abort
    std::cerr << "fzlint: 内部错误：" << e.what() << "（请把命令和输入文件报告给维护者）\n";
  }
  return 2;
}

}  // namespace
