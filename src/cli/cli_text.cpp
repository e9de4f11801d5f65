#include "cli/cli_text.h"

#include <regex>

namespace fz::cli {

namespace {

/// The first capture of `re` in `s`, or `s` itself.
std::string grab(const std::string& s, const char* re) {
  std::smatch m;
  if (std::regex_search(s, m, std::regex(re)) && m.size() > 1) return m[1].str();
  return s;
}

}  // namespace

std::string error_message_zh(const CLI::Error& e) {
  const std::string name = e.get_name();
  const std::string what = e.what();
  if (name == "RequiredError") {
    if (what.rfind("A subcommand", 0) == 0 || what.find("subcommand") != std::string::npos)
      return "缺少子命令（check、batch、parse、rules、explain、test-rules、docs、lsp 之一）";
    const std::string arg = grab(what, R"(^(.*) is required)");
    if (arg == "paths" || arg == "path") return "缺少要检查的文件或目录（可写多个；- 表示标准输入）";
    if (arg == "id") return "缺少规则 ID（用 fzlint rules 查看全部规则）";
    return "缺少必需的参数：" + arg;
  }
  // CLI11 names an ExtrasError raised in a subcommand after the subcommand: match the text.
  if (name == "ExtrasError" || what.find("not expected:") != std::string::npos)
    return "无法识别的参数：" + grab(what, R"(not expected: (.*)$)");
  if (name == "ArgumentMismatch") {
    const std::string opt = grab(what, R"(^([^ :]+))");
    return "选项 " + opt + " 缺少取值或取值个数不对";
  }
  if (name == "ConversionError") {
    std::smatch m;
    if (std::regex_search(what, m, std::regex(R"(Could not convert: (\S+) = (.*))")))
      return "选项 " + m[1].str() + " 的取值无效：" + m[2].str();
    if (std::regex_search(what, m, std::regex(R"(The value (.*) is not an allowed value for (.*))")))
      return "选项 " + m[2].str() + " 的取值无效：" + m[1].str();
    return "选项的取值无效：" + grab(what, R"(^([^ :]+))");
  }
  if (name == "ValidationError") return "选项的取值无效：" + grab(what, R"(^([^ :]+))");
  if (name == "ExcludesError") return "这两个选项不能同时使用：" + what;
  if (name == "RequiresError") return "该选项需要同时给出另一个选项：" + what;
  if (name == "OptionNotFound") return "没有这个选项：" + grab(what, R"(^(\S+))");
  if (name == "InvalidError") return "参数无法解析（位置参数过多）";
  return "命令行参数有误（" + name + "）";
}

void localise(CLI::App& app) {
  auto fmt = app.get_formatter();
  for (auto [key, zh] : {std::pair{"Usage", "用法"}, {"OPTIONS", "选项"}, {"SUBCOMMAND", "子命令"},
                         {"SUBCOMMANDS", "子命令"}, {"REQUIRED", "（必需）"}, {"Positionals", "位置参数"},
                         {"Options", "选项"}, {"Subcommands", "子命令"}, {"TEXT", "文本"},
                         {"INT", "整数"}, {"UINT", "非负整数"}, {"Env", "环境变量"}, {"Needs", "需要"},
                         {"Excludes", "不能与"}})
    fmt->label(key, zh);
  app.option_defaults()->group("选项");  // the help's group heading (inherited by subcommands)
  app.set_help_flag("-h,--help", "显示帮助并退出");
  app.failure_message([](const CLI::App* a, const CLI::Error& e) {
    std::string cmd = "fzlint";
    if (a && a->get_parent()) cmd += " " + a->get_name();
    return "fzlint: " + error_message_zh(e) + "\n（运行 " + cmd + " --help 查看用法）\n";
  });
}

void localise_subcommands(CLI::App& app) {
  for (auto* sub : app.get_subcommands({})) {
    sub->group("子命令");
    if (auto* h = sub->get_help_ptr()) h->group("选项");
    localise_subcommands(*sub);
  }
}

CLI::Option* one_per_use(CLI::Option* opt) { return opt->delimiter(',')->allow_extra_args(false); }

}  // namespace fz::cli
