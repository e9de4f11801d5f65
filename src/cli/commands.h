// The smaller subcommands: parse, rules, explain, test-rules, docs, lsp.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace fz::cli {

struct ParseOptions {
  std::string path;
  std::string format = "tree";
  std::string stdin_filename;
};

struct RulesOptions {
  std::string format = "text";
  std::vector<std::string> rule_dirs;
  std::string config;     ///< rules/explain: explicit config ("" = nearest .fzlint.toml upward)
  bool no_config = false;
  bool all = false;
  std::string id;        ///< explain
  std::string test_dir;  ///< test-rules
  std::string output;    ///< docs
  bool check = false;    ///< docs --check
  bool man = false;      ///< docs --man: the manual page fzlint.1 instead of docs/rules.md
};

struct LspOptions {
  std::string docs_uri;
};

int run_parse(const ParseOptions& o);
int run_rules(const RulesOptions& o);
int run_explain(const RulesOptions& o);
int run_test_rules(const RulesOptions& o);
int run_docs(const RulesOptions& o);
/// `docs --man`: fzlint.1 (roff, Chinese) from `helps` (subcommand name, its --help text; "" =
/// the program) and the rules' documentation.
int run_man(const RulesOptions& o, const std::vector<std::pair<std::string, std::string>>& helps);
int run_lsp(const LspOptions& o);
/// `fzlint --version`: the version, the rule pack's version, and a hash of the rules in force in
/// the current directory (shipped pack + rule_dirs and parameters of the nearest .fzlint.toml),
/// so a reviewer can say which rules judged a report.
std::string version_text();
/// The hash printed by version_text() ("" when the configuration cannot be read).
std::string rules_hash();


}  // namespace fz::cli
