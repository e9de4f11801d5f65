#include "cli/compare_run.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/check.h"
#include "cli/io.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fs = std::filesystem;

namespace fz::cli {

void add_compare_options(CLI::App* check, CheckOptions& co) {
  check->add_option("--previous", co.previous,
                    "上一年度报告：与之对比，查找照搬的不足、未回应的上年安排、沿用的数字和相同段落");
}

namespace {

void merge(std::vector<Finding>& into, std::vector<Finding> add) {
  if (add.empty()) return;
  for (auto& f : add) into.push_back(std::move(f));
  std::stable_sort(into.begin(), into.end(), finding_less);
}

/// `tmpl` with {name} and {stem} of `file` filled in.
std::string resolve(std::string tmpl, const std::string& file) {
  const fs::path p(file);
  for (auto [key, value] : {std::pair<std::string, std::string>{"{name}", p.filename().string()},
                            {"{stem}", p.stem().string()}})
    for (size_t at; (at = tmpl.find(key)) != std::string::npos;) tmpl.replace(at, key.size(), value);
  return tmpl;
}

}  // namespace

std::vector<Error> compare_with_previous(const std::vector<ComparedFile>& files, const CheckOptions& o) {
  std::vector<Error> errors;
  if (!o.previous.empty() && files.size() > 1) {
    errors.push_back({"--previous", 0, 0, "--previous 只能与一份报告对比；多份报告请在 .fzlint.toml 中用 previous = \"…/{name}\""});
    return errors;
  }
  // Last year's reports, each read and parsed once.
  struct Last {
    std::unique_ptr<ingest::SourceText> src;
    std::unique_ptr<outline::Document> doc;
  };
  std::map<std::string, std::shared_ptr<Last>> cache;
  for (const auto& f : files) {
    if (!f.src || !f.rules || !f.findings) continue;
    const std::string prev = !o.previous.empty() ? o.previous
                             : f.config && !f.config->previous.empty() ? resolve(f.config->previous, f.path)
                                                                       : std::string();
    if (prev.empty()) continue;
    auto& last = cache[prev];
    if (!last) {
      last = std::make_shared<Last>();
      auto bytes = read_input(prev, o.max_size);
      if (!bytes) {
        Error e = bytes.error();
        e.message = "上一年度报告无法读取：" + e.message;
        errors.push_back(std::move(e));
        continue;
      }
      ingest::Options io;
      io.max_bytes = o.max_size;
      auto src = ingest::ingest(*bytes, ingest::format_from_path(prev), io);
      if (!src) {
        Error e = src.error();
        if (e.origin.empty()) e.origin = prev;
        e.message = "上一年度报告无法读取：" + e.message;
        errors.push_back(std::move(e));
        continue;
      }
      last->src = std::make_unique<ingest::SourceText>(std::move(*src));
      last->doc = std::make_unique<outline::Document>(outline::parse(*last->src));
    }
    if (!last->src) continue;  // unreadable: already reported
    if (fs::exists(prev) && fs::exists(f.path) && fs::equivalent(prev, f.path)) {
      errors.push_back({prev, 0, 0, "上一年度报告与被检查的报告是同一个文件"});
      continue;
    }
    std::optional<outline::Document> parsed;
    if (!f.doc) parsed = outline::parse(*f.src);
    const engine::Compared here{f.src, f.doc ? f.doc : &*parsed, f.path, f.doc ? f.analysis : nullptr};
    const engine::Compared there{last->src.get(), last->doc.get(), prev};
    merge(*f.findings, engine::compare_previous(here, there, *f.rules, *f.config).findings);
  }
  return errors;
}

void compare_batch(const std::vector<ComparedFile>& files, unsigned threads) {
  // One comparison per rule set (files under different .fzlint.toml may differ in rules).
  std::map<const engine::RuleSet*, std::vector<const ComparedFile*>> groups;
  for (const auto& f : files)
    if (f.src && f.rules && f.findings) groups[f.rules].push_back(&f);
  for (auto& [rules, group] : groups) {
    if (group.size() < 2 || !engine::compares_batch(*rules, *group.front()->config)) continue;
    std::vector<std::unique_ptr<outline::Document>> docs;
    std::vector<engine::Compared> cmp;
    for (const auto* f : group) {
      const outline::Document* doc = f->doc;
      if (!doc) {
        docs.push_back(std::make_unique<outline::Document>(outline::parse(*f->src)));
        doc = docs.back().get();
      }
      cmp.push_back({f->src, doc, f->path, f->doc ? f->analysis : nullptr});
    }
    auto res = engine::compare_batch(cmp, *rules, *group.front()->config, threads);
    for (size_t i = 0; i < group.size(); ++i) merge(*group[i]->findings, std::move(res[i].findings));
  }
}

}  // namespace fz::cli
