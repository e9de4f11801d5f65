// Comparison rules (src/compare) run here, so that, as for lint(), only the engine analyses and
// walks reports: each report is analysed once, the kinds get a checks::Context per report, and
// their findings go through the same finish as lint()'s (severity overrides, heading paths,
// suppressions, order, caps).
#include <atomic>
#include <functional>
#include <memory>
#include <system_error>
#include <thread>

#include "compare/compare.h"
#include "support/parallel.h"
#include "engine/ruleset.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "text/line_index.h"

namespace fz::engine {

namespace {

bool enabled(const RuleEntry& r, const Config& config) {
  const auto& i = r.spec.info;
  auto matches = [&](const std::vector<std::string>& list) {
    for (const auto& x : list)
      if (x == i.id || x == to_string(i.category) || x == "all" || x == "ALL") return true;
    return false;
  };
  const bool on = config.select.empty() ? i.enabled_by_default : matches(config.select);
  return on && !matches(config.ignore);
}

/// One report, analysed, with what the kinds need.
struct Prepared {
  std::shared_ptr<const checks::Analysis> owned;  ///< when analysed here
  const checks::Analysis* analysis = nullptr;
  std::unique_ptr<checks::Context> ctx;
  std::unique_ptr<text::LineIndex> index;
  std::string_view text;
};

Prepared prepare(const Compared& c, const RuleSet& rules, std::optional<int> year) {
  Prepared p;
  p.text = c.doc->text.data() ? c.doc->text : std::string_view(c.src->text);
  if (c.analysis) {  // lint's, of this same tree under the same rules and year
    p.analysis = c.analysis;
  } else {
    p.owned = std::make_shared<const checks::Analysis>(analyse(*c.src, *c.doc, rules.genre, year));
    p.analysis = p.owned.get();
  }
  p.ctx = std::make_unique<checks::Context>(checks::Context{p.text, *c.doc, *c.src, *p.analysis, rules.genre.data});
  p.index = std::make_unique<text::LineIndex>(p.text);
  return p;
}

void apply_severity(std::vector<Finding>& fs, const Config& config) {
  for (auto& f : fs)
    if (auto it = config.severity.find(f.rule); it != config.severity.end()) f.severity = it->second;
}

}  // namespace

LintResult compare_previous(const Compared& current, const Compared& previous, const RuleSet& rules,
                            const Config& config) {
  LintResult result;
  std::vector<const RuleEntry*> todo;
  for (const auto& r : rules.rules)
    if (r.compares && enabled(r, config) && dynamic_cast<const compare::PairCheck*>(r.check.get()))
      todo.push_back(&r);
  if (todo.empty()) return result;
  const Prepared a = prepare(current, rules, config.year);
  // Last year's report: its year is read from its own title, never from this year's setting.
  const Prepared b = prepare(previous, rules, std::nullopt);
  result.report_year = a.analysis->year;
  const compare::Side cur{a.ctx.get(), current.path, a.index.get()};
  const compare::Side prev{b.ctx.get(), previous.path, b.index.get()};
  std::vector<Finding> all;
  for (const RuleEntry* r : todo) {
    checks::Emitter em(r->spec, all);
    static_cast<const compare::PairCheck&>(*r->check).compare(cur, prev, em);
  }
  apply_severity(all, config);
  finish_findings(std::move(all), *current.src, a.text, *a.analysis, rules, config, current.path, result);
  return result;
}

bool compares_batch(const RuleSet& rules, const Config& config) {
  for (const auto& r : rules.rules)
    if (r.compares && enabled(r, config) && dynamic_cast<const compare::BatchCheck*>(r.check.get())) return true;
  return false;
}

std::vector<LintResult> compare_batch(const std::vector<Compared>& reports, const RuleSet& rules,
                                      const Config& config, unsigned threads) {
  std::vector<LintResult> results(reports.size());
  std::vector<const compare::BatchCheck*> todo;
  std::vector<const RuleEntry*> entries;
  for (const auto& r : rules.rules)
    if (r.compares && enabled(r, config))
      if (const auto* b = dynamic_cast<const compare::BatchCheck*>(r.check.get())) {
        todo.push_back(b);
        entries.push_back(&r);
      }
  if (todo.empty() || reports.size() < 2) return results;
  const compare::ForEach each = [threads](size_t n, const std::function<void(size_t)>& f) { parallel_indices(threads, n, f); };
  // What each report needs alone (context, line index, each kind's prepare()): on the threads.
  std::vector<Prepared> prepared(reports.size());
  std::vector<compare::Side> sides(reports.size());
  std::vector<std::vector<std::unique_ptr<compare::BatchCheck::Prepared>>> kept(todo.size());
  for (auto& k : kept) k.resize(reports.size());
  each(reports.size(), [&](size_t i) {
    prepared[i] = prepare(reports[i], rules, config.year);
    sides[i] = {prepared[i].ctx.get(), reports[i].path, prepared[i].index.get()};
    for (size_t k = 0; k < todo.size(); ++k) kept[k][i] = todo[k]->prepare(sides[i]);
  });
  std::vector<std::vector<Finding>> found(reports.size());
  for (size_t k = 0; k < todo.size(); ++k) {
    std::vector<checks::Emitter> ems;
    ems.reserve(reports.size());
    for (auto& f : found) ems.emplace_back(entries[k]->spec, f);
    std::vector<const compare::BatchCheck::Prepared*> mine;
    mine.reserve(reports.size());
    for (const auto& p : kept[k]) mine.push_back(p.get());
    todo[k]->compare(sides, mine, ems, each);
    kept[k].clear();  // this kind's folded texts are no longer needed
  }
  each(reports.size(), [&](size_t i) {
    apply_severity(found[i], config);
    results[i].report_year = prepared[i].analysis->year;
    finish_findings(std::move(found[i]), *reports[i].src, prepared[i].text, *prepared[i].analysis, rules, config,
                    reports[i].path, results[i]);
  });
  return results;
}

}  // namespace fz::engine
