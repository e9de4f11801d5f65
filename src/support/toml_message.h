// fz::toml_syntax_error — a TOML parse error (toml++'s description) told in Chinese, for the
// drafter or reviewer who edits a .fzlint.toml, a rule file or a grammar: "TOML 语法错误（数组）：
// 文件在此处结束……" instead of "Error while parsing array: encountered end-of-file".
//
// toml++ describes an error as "Error while parsing <what>: <detail>". The common <what>s and
// the details a hand-edited file runs into (an unclosed bracket or quote, a missing value, a key
// defined twice, a backslash in a Windows path, two pairs on one line) are translated; a detail
// not known here keeps toml++'s English words after the Chinese part, never a guessed meaning.
#pragma once

#include <string>
#include <string_view>

namespace fz {

std::string toml_syntax_error(std::string_view description);

}  // namespace fz
