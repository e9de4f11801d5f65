// Command-line parsing conventions shared by every subcommand (CLI11): Chinese help labels and
// error messages, and options that take one value per occurrence so they never swallow the
// paths that follow them (`check --select structure 报告.txt` checks 报告.txt).
// New subcommands call localise() on nothing extra (it is set once on the root app and
// inherited) and use one_per_use() for every repeatable option.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace fz::cli {

/// Chinese labels for --help ("用法", "选项", "子命令", "必需"…) and Chinese failure messages.
/// Call on the root app before adding subcommands (they inherit the formatter and messages).
void localise(CLI::App& app);

/// Chinese group headings that CLI11 fixes at subcommand creation ("Subcommands", the
/// subcommands' own help flag): call once after every subcommand has been added.
void localise_subcommands(CLI::App& app);

/// The Chinese message for a CLI11 parse error (what `fzlint` prints before exiting with 2).
std::string error_message_zh(const CLI::Error& e);

/// A repeatable option: one value per occurrence (`--select a --select b`), comma lists
/// allowed (`--select a,b`), any order relative to paths and other options.
CLI::Option* one_per_use(CLI::Option* opt);

}  // namespace fz::cli
