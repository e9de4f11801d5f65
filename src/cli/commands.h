// The smaller subcommands: parse, rules, explain, test-rules, docs, lsp.
#pragma once

#include <string>
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
  bool all = false;
  std::string id;        ///< explain
  std::string test_dir;  ///< test-rules
  std::string output;    ///< docs
  bool check = false;    ///< docs --check
};

struct LspOptions {
  std::string docs_uri;
};

int run_parse(const ParseOptions& o);
int run_rules(const RulesOptions& o);
int run_explain(const RulesOptions& o);
int run_test_rules(const RulesOptions& o);
int run_docs(const RulesOptions& o);
int run_lsp(const LspOptions& o);


}  // namespace fz::cli
