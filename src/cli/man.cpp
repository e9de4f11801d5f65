// `fzlint docs --man`: the Chinese manual page fzlint.1, generated from the command line itself
// (each subcommand's --help text, so options cannot drift from the page) and from the rules'
// own documentation (id, title, category, severity, source). Built and installed by CMake
// (share/man/man1/fzlint.1.gz); `man fzlint` after installing the .deb.
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/io.h"
#include "engine/linter.h"

namespace fz::cli {

namespace {

/// Text for roff: backslashes escaped, '-' as \- (so options copy-paste), and a line that
/// would start with a control character ('.' or ''') protected by \&.
std::string roff(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

}  // namespace

int run_man(const RulesOptions& o, const std::vector<std::pair<std::string, std::string>>& helps) {
  engine::Config cfg;
  auto rs = engine::build_ruleset({}, cfg);
  if (!rs) {
    std::cerr << "fzlint: " << rs.error().to_string() << "\n";
    return 2;
  }
  std::string m;
  m += fmt::format(".TH FZLINT 1 \"\" \"fzlint {}\" \"fzlint 手册\"\n", FZ_VERSION);
  m += ".ad l\n.nh\n";  // Chinese has no spaces to stretch: left-aligned, no hyphenation
  m += ".SH 名称\nfzlint \\- 法治政府建设年度报告检查工具\n";
  m += ".SH 概要\n.B fzlint\n.I 子命令\n[\\fI选项\\fR] [\\fI文件或目录\\fR ...]\n";
  m += ".SH 描述\n"
       "fzlint 在报送和公开之前检查法治政府建设年度报告：《法治政府建设与责任落实督察工作规定》"
       "要求的法定部分、第一责任人职责、量化成效、年份与时效性术语、公文结构层次（GB/T 9704）、"
       "标点符号（GB/T 15834）和数字用法（GB/T 15835），并以中文给出每处问题的准确位置。\n"
       ".PP\n输入：.txt（UTF\\-8、GB18030/GBK、UTF\\-16）、.md、.docx，或 \\- 表示标准输入；"
       "目录会递归查找这些文件。\n";
  m += ".SH 子命令与选项\n";
  for (const auto& [name, help] : helps) {
    m += fmt::format(".SS {}\n.nf\n", name.empty() ? "fzlint" : "fzlint " + name);
    m += roff(help);
    if (!help.empty() && help.back() != '\n') m += "\n";
    m += ".fi\n";
  }
  m += ".SH 退出状态\n.TP\n0\n没有达到 \\-\\-fail\\-on 级别（默认 error；batch 默认 warning）的问题。\n"
       ".TP\n1\n有问题达到该级别（batch：至少一份报告“需修改”）。\n"
       ".TP\n2\n用法、输入文件、配置或规则文件有误（其余文件照常检查和报告）。\n";
  m += ".SH 配置\n检查每个文件时读取其上层目录中最近的 .fzlint.toml（或 \\-\\-config 指定的文件；"
       "\\-\\-no\\-config 不读取）。可用项：select、ignore、severity、year、rule_dirs、"
       "[[suppress]]、[rules.规则ID]、max_findings、max_findings_per_rule。命令行选项优先。\n";
  m += ".SH 规则\n以下为内置规则包（" FZ_RULES_VERSION "）的规则；fzlint explain 规则ID 给出完整说明。\n";
  for (const auto& r : engine::rule_infos(**rs)) {
    m += fmt::format(".TP\n.B {}\n{}（{}，{}{}）", roff(r.id), roff(r.title), label_zh(r.category),
                     label_zh(r.default_severity), r.enabled_by_default ? "" : "，默认停用");
    if (!r.source.empty()) m += "依据：" + roff(r.source);
    m += "\n";
  }
  m += ".SH 参见\n/usr/share/doc/fzlint/README.md，/usr/share/doc/fzlint/rules.md（规则文档），"
       "/usr/share/doc/fzlint/editors.md（编辑器设置）。\n";
  if (o.output.empty()) {
    std::cout << m;
    return 0;
  }
  auto w = atomic_write(o.output, m);
  if (!w) {
    std::cerr << "fzlint: " << w.error().to_string() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace fz::cli
