#include "cli/profile.h"

#include <filesystem>

#include "cli/io.h"

namespace fs = std::filesystem;

namespace fz::cli {

Result<engine::Config> load_config_file(const std::string& path, std::string* text_out) {
  auto text = read_input(path, 1u << 20, nullptr, "");  // no option changes this limit
  if (!text) return text.error();
  auto cfg = engine::parse_config(*text, path);
  if (!cfg) return cfg.error();
  // Rule folders named in a config file are relative to that file; the entry keeps its line.
  // They must stay inside the folder tree the file governs: "../../.." or "/" would walk the
  // whole disk. Refused here, before anything is walked (--rules may name any folder).
  std::error_code bec;
  const fs::path base = fs::weakly_canonical(fs::absolute(fs::path(path).parent_path(), bec), bec);
  for (auto& d : cfg->rule_dirs) {
    const std::string given = d;
    if (fs::path(d).is_relative()) {
      const std::string resolved = (fs::path(path).parent_path() / d).string();
      if (auto w = cfg->where.find("rule_dirs:" + d); w != cfg->where.end())
        cfg->where.emplace("rule_dirs:" + resolved, w->second);
      d = resolved;
    }
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(d, ec), ec);
    const fs::path rel = real.lexically_relative(base);
    if (ec || bec || rel.empty() || *rel.begin() == "..") {
      Error e{path, 0, 0, ""};
      if (auto w = cfg->where.find("rule_dirs:" + given); w != cfg->where.end()) e = w->second;
      e.message = "rule_dirs 中的 “" + given + "” 不在配置文件所在目录 " + base.string() +
                  " 之内，已拒绝（规则目录须位于配置文件所在目录树中；其他位置请用 --rules 明确指定）";
      return e;
    }
  }
  if (text_out) *text_out = std::move(*text);
  return cfg;
}

Result<std::vector<engine::RuleFile>> read_rule_files(const engine::Config& cfg) {
  std::vector<engine::RuleFile> out;
  RulePackBudget budget;  // one total over every rule folder (--rules and rule_dirs)
  for (const auto& d : cfg.rule_dirs) {
    auto files = read_rule_dir(d, budget);
    if (!files) {
      auto w = cfg.where.find("rule_dirs:" + d);
      if (w == cfg.where.end()) return files.error();
      Error e = w->second;
      e.message = "rule_dirs: " + files.error().message + "：" + d;
      return e;
    }
    for (auto& [p, t] : *files) out.push_back({p, std::move(t)});
  }
  return out;
}

}  // namespace fz::cli
