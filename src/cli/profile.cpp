#include "cli/profile.h"

#include <filesystem>

#include "cli/io.h"

namespace fs = std::filesystem;

namespace fz::cli {

Result<engine::Config> load_config_file(const std::string& path, std::string* text_out) {
  auto text = read_input(path, 1u << 20);
  if (!text) return text.error();
  auto cfg = engine::parse_config(*text, path);
  if (!cfg) return cfg.error();
  // Rule folders named in a config file are relative to that file; the entry keeps its line.
  for (auto& d : cfg->rule_dirs) {
    if (!fs::path(d).is_relative()) continue;
    const std::string resolved = (fs::path(path).parent_path() / d).string();
    if (auto w = cfg->where.find("rule_dirs:" + d); w != cfg->where.end())
      cfg->where.emplace("rule_dirs:" + resolved, w->second);
    d = resolved;
  }
  if (text_out) *text_out = std::move(*text);
  return cfg;
}

Result<std::vector<engine::RuleFile>> read_rule_files(const engine::Config& cfg) {
  std::vector<engine::RuleFile> out;
  for (const auto& d : cfg.rule_dirs) {
    auto files = read_rule_dir(d);
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
