// Comparison rules (src/compare) run here, so that, as for lint(), only the engine analyses and
// walks reports: each report is analysed once, the kinds get a checks::Context per report, and
// their findings go through the same finish as lint()'s (severity overrides, heading paths,
// suppressions, order, caps).
#include <atomic>
#include <cstring>
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

/// `with_index`: a line index over the text (for kinds that name places in it; a batch kind's
/// prepare() does not).
Prepared prepare(const Compared& c, const RuleSet& rules, std::optional<int> year, bool with_index = true) {
  Prepared p;
  p.text = c.doc->text.data() ? c.doc->text : std::string_view(c.src->text);
  if (c.analysis) {  // lint's, of this same tree under the same rules and year
    p.analysis = c.analysis;
  } else {
    p.owned = std::make_shared<const checks::Analysis>(analyse(*c.src, *c.doc, rules.genre, year));
    p.analysis = p.owned.get();
  }
  p.ctx = std::make_unique<checks::Context>(checks::Context{p.text, *c.doc, *c.src, *p.analysis, rules.genre.data});
  if (with_index) p.index = std::make_unique<text::LineIndex>(p.text);
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

namespace {

/// The enabled batch kinds, in rule order.
struct BatchKinds {
  std::vector<const compare::BatchCheck*> checks;
  std::vector<const RuleEntry*> entries;
};
BatchKinds batch_kinds(const RuleSet& rules, const Config& config) {
  BatchKinds k;
  for (const auto& r : rules.rules)
    if (r.compares && enabled(r, config))
      if (const auto* b = dynamic_cast<const compare::BatchCheck*>(r.check.get())) {
        k.checks.push_back(b);
        k.entries.push_back(&r);
      }
  return k;
}

}  // namespace

struct BatchPart::State {
  std::vector<std::unique_ptr<compare::BatchCheck::Prepared>> kinds;  ///< per batch kind
  std::vector<uint32_t> at, len;  ///< where each kind's shed() bytes lie in BatchPart::shed
};

struct BatchShare::State {
  std::vector<std::unique_ptr<compare::BatchCheck::Found>> kinds;  ///< per batch kind (null = nothing)
};

namespace {
BatchPart prepare_part(const Prepared& p, const Compared& report, const BatchKinds& k) {
  BatchPart part;
  if (k.checks.empty()) return part;
  const compare::Side side{p.ctx.get(), report.path, p.index.get()};
  part.state = std::make_shared<BatchPart::State>();
  for (const auto* c : k.checks) {
    part.state->kinds.push_back(c->prepare(side));
    const std::string bytes = part.state->kinds.back()->shed();
    part.state->at.push_back(static_cast<uint32_t>(part.shed.size()));
    part.state->len.push_back(static_cast<uint32_t>(bytes.size()));
    part.shed += bytes;
  }
  return part;
}
}  // namespace

BatchPart prepare_batch(const Compared& report, const RuleSet& rules, const Config& config) {
  const BatchKinds k = batch_kinds(rules, config);
  if (k.checks.empty()) return {};
  return prepare_part(prepare(report, rules, config.year, false), report, k);
}

std::vector<BatchShare> compare_batch_parts(std::vector<BatchPart>& parts, const BatchLoader& load,
                                            const RuleSet& rules, const Config& config, unsigned threads,
                                            std::vector<std::string>& problems) {
  std::vector<BatchShare> shares(parts.size());
  const BatchKinds k = batch_kinds(rules, config);
  if (k.checks.empty() || parts.size() < 2) return shares;
  for (const auto& p : parts)
    if (!p.state || p.state->kinds.size() != k.checks.size()) return shares;  // not prepared under these rules
  const compare::ForEach each = [threads](size_t n, const std::function<void(size_t)>& f) { parallel_indices(threads, n, f); };
  for (auto& s : shares) s.state = std::make_shared<BatchShare::State>();
  for (size_t kind = 0; kind < k.checks.size(); ++kind) {
    std::vector<compare::BatchCheck::Prepared*> mine;
    mine.reserve(parts.size());
    for (auto& p : parts) mine.push_back(p.state->kinds[kind].get());
    compare::BatchCheck::Reload reload;
    reload.shed = [&, kind](size_t i, size_t offset, size_t len) -> Result<std::string> {
      const auto& st = *parts[i].state;
      if (offset >= st.len[kind]) return std::string();
      return load.shed(i, st.at[kind] + offset, std::min<size_t>(len, st.len[kind] - offset));
    };
    reload.text = [&](size_t i) -> Result<std::shared_ptr<const compare::BatchCheck::Loaded>> {
      auto got = load.text(i);
      if (!got) return got.error();
      auto l = std::make_shared<compare::BatchCheck::Loaded>();
      l->text = std::move(*got);
      return std::shared_ptr<const compare::BatchCheck::Loaded>(std::move(l));
    };
    auto found = k.checks[kind]->compare(mine, reload, each, problems);
    for (size_t i = 0; i < found.size() && i < shares.size(); ++i) shares[i].state->kinds.push_back(std::move(found[i]));
  }
  for (auto& p : parts) p = BatchPart{};
  return shares;
}

LintResult finish_batch(const BatchShare& share, const ingest::SourceText& src, const SectionPaths& sections,
                        const std::vector<std::string>& paths, const RuleSet& rules, const Config& config,
                        std::string_view path) {
  LintResult result;
  if (!share.state) return result;
  const BatchKinds k = batch_kinds(rules, config);
  std::vector<Finding> all;
  for (size_t kind = 0; kind < k.checks.size() && kind < share.state->kinds.size(); ++kind) {
    if (!share.state->kinds[kind]) continue;
    checks::Emitter em(k.entries[kind]->spec, all);
    k.checks[kind]->emit(*share.state->kinds[kind], src.text, paths, em);
  }
  if (all.empty()) return result;
  apply_severity(all, config);
  finish_findings(std::move(all), src, src.text, sections, rules, config, path, result);
  return result;
}

std::vector<LintResult> compare_batch(const std::vector<Compared>& reports, const RuleSet& rules,
                                      const Config& config, unsigned threads) {
  std::vector<LintResult> results(reports.size());
  const BatchKinds k = batch_kinds(rules, config);
  if (k.checks.empty() || reports.size() < 2) return results;
  // In memory: each report's part (on the threads), its shed bytes kept here for the loader.
  std::vector<BatchPart> parts(reports.size());
  std::vector<std::string> shed(reports.size());
  std::vector<SectionPaths> sections(reports.size());
  std::vector<int> years(reports.size());
  parallel_indices(threads, reports.size(), [&](size_t i) {
    const Prepared p = prepare(reports[i], rules, config.year, false);
    parts[i] = prepare_part(p, reports[i], k);
    shed[i] = std::move(parts[i].shed);
    sections[i] = section_paths(*p.analysis);
    years[i] = p.analysis->year;
  });
  BatchLoader load;
  load.text = [&](size_t i) -> Result<std::string> { return reports[i].src->text; };
  load.shed = [&](size_t i, size_t offset, size_t len) -> Result<std::string> {
    return offset >= shed[i].size() ? std::string() : shed[i].substr(offset, len);
  };
  std::vector<std::string> problems;
  const auto shares = compare_batch_parts(parts, load, rules, config, threads, problems);
  std::vector<std::string> paths;
  for (const auto& r : reports) paths.push_back(r.path);
  parallel_indices(threads, reports.size(), [&](size_t i) {
    results[i] = finish_batch(shares[i], *reports[i].src, sections[i], paths, rules, config, reports[i].path);
    results[i].report_year = years[i];
  });
  return results;
}

}  // namespace fz::engine
