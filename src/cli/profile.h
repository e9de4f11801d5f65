// Loading a .fzlint.toml and the rule files it names — one way for every subcommand that
// builds rules (check/batch per file, rules, explain, --version, docs --man), so they all judge
// with the same rules. Errors are values with the config file's line (design.md §5.4).
#pragma once

#include <string>
#include <vector>

#include "engine/linter.h"
#include "support/result.h"

namespace fz::cli {

/// Parse the config file at `path`; its rule_dirs become paths relative to the file's folder.
Result<engine::Config> load_config_file(const std::string& path, std::string* text = nullptr);

/// Every rule file in `cfg.rule_dirs` (sorted per folder). A missing folder named in a config
/// file is reported at that file's line ("rule_dirs: …"), one from --rules as the folder.
Result<std::vector<engine::RuleFile>> read_rule_files(const engine::Config& cfg);

}  // namespace fz::cli
