#include "support/toml_message.h"

#include <cstddef>
#include <utility>

namespace fz {

namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

using Table = std::pair<std::string_view, std::string_view>;

/// The Chinese for `en` in `table`, or empty.
template <size_t N>
std::string_view lookup(const Table (&table)[N], std::string_view en) {
  for (const auto& [from, zh] : table)
    if (from == en) return zh;
  return {};
}

// What toml++ was reading.
constexpr Table kWhat[] = {
    {"root table", "顶层"},
    {"table header", "表头"},
    {"array-of-tables header", "表数组头"},
    {"key-value pair", "键值对"},
    {"bare key", "键"},
    {"key", "键"},
    {"value", "值"},
    {"inline table", "内联表"},
    {"array", "数组"},
    {"string", "字符串"},
    {"literal string", "单引号字符串"},
    {"multi-line string", "三引号字符串"},
    {"multi-line literal string", "三单引号字符串"},
    {"boolean", "布尔值"},
    {"integer", "整数"},
    {"hexadecimal integer", "十六进制整数"},
    {"octal integer", "八进制整数"},
    {"binary integer", "二进制整数"},
    {"floating-point", "浮点数"},
    {"hexadecimal floating-point", "十六进制浮点数"},
    {"date", "日期"},
    {"time", "时间"},
    {"date-time", "日期时间"},
    {"comment", "注释"},
};

// A type toml++ names in "cannot redefine existing <type> '<name>'".
constexpr Table kType[] = {
    {"table", "表"},           {"array", "数组"},       {"array of tables", "表数组"},
    {"string", "字符串"},      {"integer", "整数"},     {"floating-point", "浮点数"},
    {"boolean", "布尔值"},     {"date", "日期"},        {"time", "时间"},
    {"date-time", "日期时间"},
};

// What toml++ expected, in "expected <x>, saw '<y>'".
constexpr Table kExpected[] = {
    {"value", "一个值"},
    {"']'", "右方括号 ]"},
    {"']]'", "两个右方括号 ]]"},
    {"'='", "等号 ="},
    {"key or closing '}'", "键或右花括号 }"},
    {"a comment or whitespace", "注释或行尾（一行只能写一个键值对）"},
    {"keys, tables, whitespace or comments", "键、表头或注释"},
    {"'true'", "“true”"},
    {"'false'", "“false”"},
};
std::string expected_zh(std::string_view x) {
  const std::string_view zh = lookup(kExpected, x);
  return std::string(zh.empty() ? x : zh);  // else toml++'s own words
}

// The character toml++ saw: 'x' (or a truncated 'x…).
std::string saw_zh(std::string_view y) {
  if (starts(y, "'")) y.remove_prefix(1);
  if (!y.empty() && y.back() == '\'') y.remove_suffix(1);
  // A word cut at the line's end ("saw 'tru\n'"): the word, without the line break.
  while (y.size() > 1 && (y.back() == '\n' || y.back() == '\r')) y.remove_suffix(1);
  if (y == "\\n" || y == "\n") return "换行";
  if (y == "\\r" || y == "\r") return "回车";
  if (y == "\\t" || y == "\t") return "制表符";
  return "“" + std::string(y) + "”";
}

std::string detail_zh(std::string_view d) {
  if (d == "encountered end-of-file" || d == "encountered end-of-input")
    return "文件在此处结束，前面的内容没有写完（是否少了右方括号 ]、右花括号 } 或收尾的引号？）";
  if (starts(d, "expected ")) {
    const size_t saw = d.find(", saw ");
    if (saw != std::string_view::npos)
      return "此处应为" + expected_zh(d.substr(9, saw - 9)) + "，实际是" + saw_zh(d.substr(saw + 6));
  }
  if (starts(d, "cannot redefine existing ")) {
    std::string_view rest = d.substr(25);
    const size_t q = rest.find(" '");
    if (q != std::string_view::npos) {
      const std::string_view type = lookup(kType, rest.substr(0, q));
      std::string_view name = rest.substr(q + 2);
      if (!name.empty() && name.back() == '\'') name.remove_suffix(1);
      return "“" + std::string(name) + "”已经定义过" + (type.empty() ? "" : "（" + std::string(type) + "）") +
             "，同一个键或表不能写两次";
    }
  }
  if (starts(d, "unknown escape sequence"))
    return "未知的转义序列" + std::string(d.substr(23)) +
           "（双引号字符串里的反斜杠要写成 \\\\，路径也可以改用单引号字符串 '…'）";
  if (d.find("control characters other than TAB") != std::string_view::npos)
    return "字符串里不能直接换行（是否少了收尾的引号？多行文字请用三个引号）";
  if (d == "could not determine value type")
    return "无法识别这个值（文字要加引号，如 name = \"…\"；布尔值写 true 或 false）";
  return std::string(d);
}

}  // namespace

std::string toml_syntax_error(std::string_view description) {
  constexpr std::string_view kLead = "Error while parsing ";
  if (starts(description, kLead)) {
    const std::string_view rest = description.substr(kLead.size());
    const size_t colon = rest.find(": ");
    if (colon != std::string_view::npos) {
      const std::string_view what = rest.substr(0, colon);
      const std::string_view zh = lookup(kWhat, what);
      return "TOML 语法错误（" + std::string(zh.empty() ? what : zh) + "）：" + detail_zh(rest.substr(colon + 2));
    }
  }
  return "TOML 语法错误：" + detail_zh(description);
}

}  // namespace fz
