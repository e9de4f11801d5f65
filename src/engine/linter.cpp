// build_ruleset and lint: loading the pack, compiling rules once, running them on a document,
// then suppressions, ordering and dedup.
#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <set>

#include "compare/compare.h"
#include "engine/ruleset.h"
#include "ingest/issues.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "rules/pack.h"
#include "support/embedded.h"
#include "support/parallel.h"

namespace fz::engine {

namespace {

Result<checks::RegexList> compile_list(const std::vector<std::string>& pats, std::string_view origin,
                                       std::string_view key, uint32_t line, uint32_t col,
                                       int min_groups = 0) {
  checks::RegexList out;
  for (auto& p : pats) {
    std::string error;  // a genre file may come from the user: the same limits as rules (then
                        // compiled now; the shipped one's patterns on first use, checks/regex.h)
    auto re = checks::compile_limited(p, &error);
    if (!re) return Error{std::string(origin), line, col, std::string(key) + ": " + error};
    if (re->NumberOfCapturingGroups() < min_groups)
      return Error{std::string(origin), line, col,
                   std::string(key) + ": 需要一个捕获组（四位年份）：" + p};
    out.push_back(std::move(re));
  }
  out.gate_by_literals();  // the analysis tries these on every heading, item lead or sentence
  return out;
}

// f(0) … f(n - 1) on this thread and, when `two`, one more (the machines fzlint runs on have two
// cores or more; the work here is short, so a second helper would only add start-up).
template <class F, class Enter>
void parallel_for(size_t n, bool two, F&& f, Enter&& enter) {
  parallel_indices(two ? 2u : 1u, n, f, enter);
}

template <class F>
void parallel_for(size_t n, F&& f) {
  parallel_indices(n >= 8 && std::thread::hardware_concurrency() >= 2 ? 2u : 1u, n, f);
}

Result<CompiledGenre> compile_genre(rules::Genre g) {
  CompiledGenre cg;
  cg.data = std::move(g);
  const auto& o = cg.data.origin;
  auto s = compile_list(cg.data.strip, o, "genre.strip", 0, 0);
  if (!s) return s.error();
  cg.strip = std::move(*s);
  auto p = compile_list(cg.data.plan_fallback, o, "genre.plan_fallback", 0, 0, 1);
  if (!p) return p.error();
  cg.plan_fallback = std::move(*p);
  auto y = compile_list(cg.data.year_patterns, o, "genre.year_patterns", 0, 0, 1);
  if (!y) return y.error();
  cg.year_patterns = std::move(*y);
  for (auto& c : cg.data.classes) {
    CompiledClass cc;
    cc.data = &c;
    auto h = compile_list(c.headings, o, "genre.class.headings", c.line, c.column);
    if (!h) return h.error();
    auto i = compile_list(c.items, o, "genre.class.items", c.line, c.column);
    if (!i) return i.error();
    auto t = compile_list(c.sentences, o, "genre.class.sentences", c.line, c.column);
    if (!t) return t.error();
    cc.headings = std::move(*h);
    cc.items = std::move(*i);
    cc.sentences = std::move(*t);
    cg.classes.push_back(std::move(cc));
  }
  for (auto& i : cg.data.issuers) {
    auto r = compile_list(i.patterns, o, "genre.issuer.patterns", i.line, i.column);
    if (!r) return r.error();
    cg.issuers.push_back(std::move(*r));
    auto in = compile_list(i.intro, o, "genre.issuer.intro", i.line, i.column);
    if (!in) return in.error();
    cg.issuer_intro.push_back(std::move(*in));
  }
  return cg;
}

// Overlay a [rules.<id>] table onto a spec: common keys re-read, the rest replace parameters.
std::optional<Error> apply_override(rules::RuleSpec& spec, const rules::Value& over,
                                    const std::string& origin) {
  auto fail = [&](const rules::Value& v, const std::string& k, const std::string& what) {
    return Error{origin, 0, 0, "[rules." + spec.info.id + "] " + k + ": " + what};
    (void)v;
  };
  for (auto& [k, v] : over.table) {
    if (k == "severity") {
      auto s = v.is_string() ? parse_severity(v.s) : std::nullopt;
      if (!s) return fail(v, k, "应为 error、warning 或 info");
      spec.info.default_severity = *s;
    } else if (k == "enabled") {
      if (v.type != rules::Value::Type::Bool) return fail(v, k, "应为 true 或 false");
      spec.info.enabled_by_default = v.b;
    } else if (k == "message" || k == "scope") {
      if (!v.is_string() || v.s.empty()) return fail(v, k, "应为非空字符串");
      (k == "message" ? spec.message : spec.scope) = v.s;
    } else if (k == "id" || k == "kind" || k == "category" || k == "examples" || k == "title" ||
               k == "description" || k == "rationale" || k == "source" || k == "whole_document" || k == "skip_when") {
      return fail(v, k, "不能在配置中覆盖（请另写规则文件）");
    } else if (k == "fix") {
      if (!v.is_string()) return fail(v, k, "应为字符串");
      spec.fix = v.s;
    } else {
      auto it = std::find_if(spec.params.table.begin(), spec.params.table.end(),
                             [&k = k](auto& kv) { return kv.first == k; });
      if (it != spec.params.table.end()) it->second = v;
      else spec.params.table.emplace_back(k, v);
    }
  }
  return std::nullopt;
}

bool matches_filter(const std::vector<std::string>& list, const std::string& id, Category cat) {
  for (auto& x : list)
    if (x == id || x == to_string(cat) || x == "all" || x == "ALL") return true;
  return false;
}

// 1-based line of a byte offset (LF, CRLF, CR).
struct Lines {
  std::vector<uint32_t> starts{0};
  explicit Lines(std::string_view t) {
    for (uint32_t i = 0; i < t.size(); ++i) {
      if (t[i] == '\r') {
        if (i + 1 < t.size() && t[i + 1] == '\n') ++i;
        starts.push_back(i + 1);
      } else if (t[i] == '\n') {
        starts.push_back(i + 1);
      }
    }
  }
  uint32_t line(uint32_t off) const {
    return static_cast<uint32_t>(std::upper_bound(starts.begin(), starts.end(), off) - starts.begin());
  }
};

/// Levenshtein distance over bytes (ids are ASCII kebab-case), stopping early past `limit`.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The name in `names` closest to `typo` within max(2, |typo|/3) edits, or "".
std::string closest_name(const std::vector<std::string>& names, std::string_view typo) {
  const size_t limit = std::max<size_t>(2, typo.size() / 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& n : names) {
    const size_t len_gap = n.size() > typo.size() ? n.size() - typo.size() : typo.size() - n.size();
    if (len_gap > limit) continue;
    const size_t d = edit_distance(typo, n);
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best;
}

/// Strings (patterns, exclusions, word lists) in a rule's parameters, and their bytes.
void count_strings(const rules::Value& v, size_t& n, size_t& bytes) {
  if (v.is_string()) {
    ++n;
    bytes += v.s.size();
  }
  for (const auto& a : v.array) count_strings(a, n, bytes);
  for (const auto& m : v.table) count_strings(m.second, n, bytes);
}

bool directive_names(const ingest::Directive& d, const Finding& f) {
  if (d.rules.empty()) return true;
  for (auto& r : d.rules)
    if (r == f.rule || r == to_string(f.category) || r == "all") return true;
  return false;
}

}  // namespace

namespace {

// What build_ruleset compiles: the rule files parsed and merged, config overrides applied and
// every name the config uses checked — all before a pattern is compiled.
struct LoadedSpecs {
  rules::Genre genre;
  rules::Terms terms;
  std::vector<rules::RuleSpec> specs;  ///< sorted by id
  bool user_data = false;  ///< a genre or terms file of the user's (rules may compile its patterns)
};

Result<LoadedSpecs> load_specs(const std::vector<RuleFile>& extra, const Config& config) {
  // The shipped pack comes precompiled (rules/pack.h): no TOML is parsed for it. Should its blob
  // not read back (a corrupt binary; the build checks it), the embedded TOML is parsed instead.
  std::vector<std::optional<Result<rules::LoadedFile>>> parsed;
  std::vector<RuleFile> files;  // TOML still to parse: the user's files (and that fallback)
  if (auto pack = rules::deserialize_pack(fz_precompiled_rules()); pack && pack->size() == fz_embedded_rules().size()) {
    for (auto& f : *pack) parsed.emplace_back(std::move(f));
  } else {
    for (auto& e : fz_embedded_rules())
      files.push_back({"<builtin>/rules/" + std::string(e.path), std::string(e.data)});
  }
  const size_t builtin = parsed.size() + files.size();
  files.insert(files.end(), extra.begin(), extra.end());

  // Parse the files on two threads, merge in order.
  const size_t first = parsed.size();
  parsed.resize(first + files.size());
  parallel_for(files.size(), [&](size_t i) { parsed[first + i] = rules::load(files[i].text, files[i].origin); });

  std::optional<rules::Genre> genre;
  rules::Terms terms;
  std::vector<rules::RuleSpec> specs;
  size_t extra_strings = 0, extra_bytes = 0;  // totals over the user's rule packs
  bool user_data = false;
  for (size_t i = 0; i < parsed.size(); ++i) {
    auto& loaded = *parsed[i];
    if (!loaded) return loaded.error();
    if (i >= builtin)
      if (auto* sp = std::get_if<rules::RuleSpec>(&*loaded)) {
        // Every string parameter may become a compiled regex (≤ 1 MiB of RE2 memory and
        // 10,000 instructions each): bound them in total, before anything is compiled, so a
        // pack of many large files is refused in milliseconds instead of compiling for a minute.
        count_strings(sp->params, extra_strings, extra_bytes);
        if (extra_strings > kMaxExtraPatterns || extra_bytes > kMaxExtraPatternBytes)
          return Error{sp->origin, sp->line, sp->column,
                       "追加规则（--rules 与 rule_dirs）的模式合计超过上限：最多 " +
                           std::to_string(kMaxExtraPatterns) + " 个、" +
                           std::to_string(kMaxExtraPatternBytes) +
                           " 字节（上限固定，见 docs/limits.md）；请拆分规则包或合并模式"};
      }
    if (auto* g = std::get_if<rules::Genre>(&*loaded)) {
      genre = std::move(*g);
      user_data |= i >= builtin;
    } else if (auto* t = std::get_if<rules::Terms>(&*loaded)) {
      user_data |= i >= builtin;
      terms.origin = t->origin;
      for (auto& term : t->terms) {
        auto it = std::find_if(terms.terms.begin(), terms.terms.end(), [&](auto& x) { return x.id == term.id; });
        if (it != terms.terms.end()) *it = term;
        else terms.terms.push_back(term);
      }
      for (auto& ev : t->events) {
        auto it = std::find_if(terms.events.begin(), terms.events.end(), [&](auto& x) { return x.id == ev.id; });
        if (it != terms.events.end()) *it = ev;
        else terms.events.push_back(ev);
      }
    } else {
      auto& spec = std::get<rules::RuleSpec>(*loaded);
      auto it = std::find_if(specs.begin(), specs.end(), [&](auto& s) { return s.info.id == spec.info.id; });
      if (it != specs.end()) {
        if (i < builtin || it->origin == spec.origin)
          return Error{spec.origin, spec.line, spec.column,
                       "id: 规则 " + spec.info.id + " 重复（已见于 " + it->origin + "）"};
        *it = std::move(spec);  // an extra file overrides the shipped rule
      } else {
        specs.push_back(std::move(spec));
      }
    }
  }
  if (!genre) return Error{"", 0, 0, "未找到体裁文件（含 [genre] 表的 genre.toml）"};

  // Config overrides and filters must name real rules; errors point at the config file's line.
  std::vector<std::string> names;  // for "是否应为…？"
  for (auto& s : specs) names.push_back(s.info.id);
  for (auto& d : ingest::issue_docs()) names.emplace_back(d.id);
  for (int c = 0; c < kCategoryCount; ++c) names.emplace_back(to_string(static_cast<Category>(c)));
  auto config_error = [&](const std::string& key, const std::string& name, std::string msg) {
    const std::string hint = closest_name(names, name);
    if (!hint.empty()) msg += "（是否应为“" + hint + "”？）";
    auto w = config.where.find(key + ":" + name);
    if (w == config.where.end()) return Error{config.origin, 0, 0, std::move(msg)};
    Error e = w->second;
    e.message = std::move(msg);
    return e;
  };
  for (auto& [id, text] : config.rule_params) {
    auto it = std::find_if(specs.begin(), specs.end(), [&id = id](auto& s) { return s.info.id == id; });
    if (it == specs.end()) return config_error("rules", id, "[rules." + id + "]: 没有此规则");
    auto over = rules::parse_table(text, config.origin);
    if (!over) return over.error();
    if (auto e = apply_override(*it, *over, config.origin)) return *e;
  }
  auto known = [&](const std::string& x) {
    if (x == "all" || x == "ALL" || parse_category(x)) return true;
    return std::any_of(specs.begin(), specs.end(), [&](auto& s) { return s.info.id == x; });
  };
  for (auto* list : {&config.select, &config.ignore})
    for (auto& x : *list)
      if (!known(x))
        return config_error(list == &config.select ? "select" : "ignore", x,
                            std::string(list == &config.select ? "select" : "ignore") + ": 没有此规则或类别：" + x);
  for (auto& s : config.suppressions)
    if (!known(s.rule) && std::none_of(ingest::issue_docs().begin(), ingest::issue_docs().end(),
                                       [&](const ingest::IssueDoc& d) { return s.rule == d.id; }))
      return config_error("suppress", s.rule,
                          "[[suppress]] rule: 没有此规则或类别：" + s.rule + "，这条停用不会生效 [invalid-directive]");
  for (auto& [id, sev] : config.severity) {
    auto it = std::find_if(specs.begin(), specs.end(), [&id = id](auto& s) { return s.info.id == id; });
    if (it == specs.end()) return config_error("severity", id, "severity." + id + ": 没有此规则");
    it->info.default_severity = sev;
  }

  std::sort(specs.begin(), specs.end(), [](auto& a, auto& b) { return a.info.id < b.info.id; });
  return LoadedSpecs{std::move(*genre), std::move(terms), std::move(specs), user_data};
}

}  // namespace

Result<RuleCount> count_rules(const std::vector<RuleFile>& extra, const Config& config) {
  auto loaded = load_specs(extra, config);
  if (!loaded) return loaded.error();
  RuleCount n;
  for (auto& s : loaded->specs) {
    ++n.total;
    n.enabled += s.info.enabled_by_default;
  }
  for (const auto& d : ingest::issue_docs())  // listed beside the rules, as build_ruleset does
    if (std::none_of(loaded->specs.begin(), loaded->specs.end(), [&](auto& s) { return s.info.id == d.id; })) {
      ++n.total;
      ++n.enabled;  // RuleInfo's default: input issues are always on
    }
  return n;
}

Result<std::shared_ptr<const RuleSet>> build_ruleset(const std::vector<RuleFile>& extra,
                                                     const Config& config) {
  // The prefilter's analysis of the shipped patterns was done at build time (rules/pack.h):
  // read it once per process. Without it (a blob that does not read back) they are analysed.
  static std::once_flag stored_literals;
  std::call_once(stored_literals, [] {
    if (auto t = rules::pack_literals(fz_precompiled_rules())) checks::prefilter::install_stored(std::move(*t));
  });
  auto loaded = load_specs(extra, config);
  if (!loaded) return loaded.error();
  auto& specs = loaded->specs;
  const bool user_data = loaded->user_data;
  auto set = std::make_shared<RuleSet>();
  std::optional<checks::TrustedPatterns> shipped_genre;  // its patterns compile on first use too
  if (!user_data) shipped_genre.emplace(true);
  auto cg = compile_genre(std::move(loaded->genre));
  shipped_genre.reset();
  if (!cg) return cg.error();
  set->genre = std::move(*cg);
  // compile_genre moved the classes: re-point the compiled classes at the stored data.
  for (size_t i = 0; i < set->genre.classes.size(); ++i)
    set->genre.classes[i].data = &set->genre.data.classes[i];
  set->terms = std::move(loaded->terms);

  checks::CompileContext cctx{set->genre.data, set->terms};
  checks::prefilter::Collector literals;
  // Compiling the rules (RE2 programs) is most of a one-file run's start-up: two threads, each
  // registering its patterns with the shared collector. The first error in rule order is
  // reported, as a sequential build would.
  std::vector<std::optional<Result<Scope>>> scopes(specs.size());
  std::vector<std::optional<Result<std::unique_ptr<checks::Check>>>> compiled(specs.size());
  // A rule whose patterns all come from the shipped pack compiles them on first use
  // (checks/regex.h); anything the user wrote or changed is compiled and checked now.
  auto shipped = [&](const rules::RuleSpec& s) {
    return !user_data && s.origin.starts_with("<builtin>/") &&
           std::none_of(config.rule_params.begin(), config.rule_params.end(),
                        [&](auto& o) { return o.first == s.info.id; });
  };
  parallel_for(specs.size(), [&](size_t i) {
    const checks::prefilter::Registering registering(&literals);
    const checks::TrustedPatterns trusted(shipped(specs[i]));
    scopes[i] = parse_scope(specs[i], set->genre.data);
    if (*scopes[i]) {
      const checks::KindInfo* comparing = compare::find_kind(specs[i].kind);
      compiled[i] = comparing ? checks::compile_as(specs[i], cctx, *comparing) : checks::compile(specs[i], cctx);
    }
  });
  for (size_t i = 0; i < specs.size(); ++i) {
    auto& spec = specs[i];
    auto& scope = *scopes[i];
    if (!scope) return scope.error();
    auto& check = *compiled[i];
    if (!check) return check.error();
    for (auto& who : spec.when_issuer)
      if (who != "unknown" &&
          std::none_of(set->genre.data.issuers.begin(), set->genre.data.issuers.end(),
                       [&](auto& gi) { return gi.name == who; }))
        return Error{spec.origin, spec.line, spec.column,
                     "when.issuer: 体裁文件未定义发文机关类别“" + who + "”（[[genre.issuer]]，或 unknown）"};
    if (!spec.when_term.empty() &&
        std::none_of(set->terms.terms.begin(), set->terms.terms.end(),
                     [&](auto& t) { return t.id == spec.when_term; }))
      return Error{spec.origin, spec.line, spec.column,
                   "when.term: 术语表（terms.toml）没有此术语：" + spec.when_term};
    RuleEntry e{std::move(spec), std::move(*check), std::move(*scope)};
    e.compares = compare::find_kind(e.spec.kind) != nullptr;
    e.spec.info.has_fix = e.check->has_fix();
    set->infos.push_back(e.spec.info);
    set->rules.push_back(std::move(e));
  }
  set->prefilter = literals.finish();
  // Input issues come from ingest, not from rule files; list them too (explain, SARIF, hover),
  // unless a rule file defines the same id.
  for (const auto& d : ingest::issue_docs()) {
    if (find_rule(*set, d.id)) continue;
    RuleInfo i;
    i.id = d.id;
    i.category = Category::Input;
    i.default_severity = d.severity;
    i.title = d.title;
    i.description = d.description;
    i.rationale = d.rationale;
    i.source = d.source;
    set->infos.push_back(std::move(i));
  }
  std::sort(set->infos.begin(), set->infos.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  return std::shared_ptr<const RuleSet>(std::move(set));
}

const std::vector<RuleInfo>& rule_infos(const RuleSet& rules) { return rules.infos; }

const RuleInfo* find_rule(const RuleSet& rules, std::string_view id) {
  for (auto& i : rules.infos)
    if (i.id == id) return &i;
  return nullptr;
}

std::string did_you_mean(const RuleSet& rules, std::string_view name) {
  std::vector<std::string> names;
  for (auto& i : rules.infos) names.push_back(i.id);
  for (int c = 0; c < kCategoryCount; ++c) names.emplace_back(to_string(static_cast<Category>(c)));
  return closest_name(names, name);
}

/// Remove findings made redundant by a more specific one (RuleSpec::superseded_by): a finding
/// of rule R goes when a finding of a rule that R names covers its span. `fs` is sorted by
/// fz::finding_less. Superseding findings are local (a name, a phrase), so only those starting
/// within kWindow bytes before a finding are examined: linear in the number of findings.
static void drop_superseded(std::vector<Finding>& fs, const RuleSet& rules) {
  constexpr uint32_t kWindow = 1024;
  std::vector<const std::vector<std::string>*> by(fs.size(), nullptr);
  bool any = false;
  for (size_t i = 0; i < fs.size(); ++i) {
    auto it = std::lower_bound(
        rules.rules.begin(), rules.rules.end(), fs[i].rule,
        [](const RuleEntry& e, const std::string& id) { return e.spec.info.id < id; });
    if (it != rules.rules.end() && it->spec.info.id == fs[i].rule && !it->spec.superseded_by.empty()) {
      by[i] = &it->spec.superseded_by;
      any = true;
    }
  }
  if (!any) return;
  std::vector<bool> drop(fs.size(), false);
  for (size_t i = 0; i < fs.size(); ++i) {
    if (!by[i]) continue;
    auto covers = [&](size_t j) {
      return j != i && fs[j].span.contains(fs[i].span) &&
             std::find(by[i]->begin(), by[i]->end(), fs[j].rule) != by[i]->end();
    };
    for (size_t j = i; j-- > 0 && fs[j].span.begin + kWindow >= fs[i].span.begin;)
      if (covers(j)) { drop[i] = true; break; }
    for (size_t j = i + 1; !drop[i] && j < fs.size() && fs[j].span.begin == fs[i].span.begin; ++j)
      if (covers(j)) drop[i] = true;
  }
  size_t k = 0;
  for (size_t i = 0; i < fs.size(); ++i) {
    if (drop[i]) continue;
    if (k != i) fs[k] = std::move(fs[i]);  // never self-move: it empties the strings
    ++k;
  }
  fs.resize(k);
}

/// Keep at most `per_rule` findings of each rule and `total` in all (0 = unlimited), in
/// document order; each rule that lost findings gets one summary finding at its last kept
/// place saying how many more there are, so output stays bounded and nothing is silently lost.
static void cap_findings(std::vector<Finding>& fs, const RuleSet& rules, size_t per_rule,
                         size_t total) {
  if ((per_rule == 0 || fs.size() <= per_rule) && (total == 0 || fs.size() <= total)) return;
  std::map<std::string, size_t> kept_of, cut_of;
  std::map<std::string, size_t> last_kept;  // rule → index in `out`
  std::vector<Finding> out;
  out.reserve(std::min(fs.size(), total ? total : fs.size()));
  for (auto& f : fs) {
    size_t& k = kept_of[f.rule];
    if ((per_rule && k >= per_rule) || (total && out.size() >= total)) {
      ++cut_of[f.rule];
      continue;
    }
    ++k;
    last_kept[f.rule] = out.size();
    out.push_back(std::move(f));
  }
  std::vector<Finding> summaries;
  for (auto& [rule, n] : cut_of) {
    auto it = last_kept.find(rule);
    Finding s;
    if (it != last_kept.end()) {
      const Finding& model = out[it->second];
      s.rule = rule;
      s.category = model.category;
      s.severity = model.severity;
      s.span = model.span;
      s.section = model.section;
    } else {  // none of this rule fitted under the total: anchor after the last kept finding
      s.rule = rule;
      const RuleInfo* info = find_rule(rules, rule);
      s.category = info ? info->category : Category::Input;
      s.severity = info ? info->default_severity : Severity::Info;
      s.span = out.empty() ? ByteSpan{} : out.back().span;
    }
    s.message = "另有 " + std::to_string(n) + " 处同类问题（" + rule + "）未逐一列出：请先修改已列出的问题，或调整 max_findings_per_rule / max_findings";
    summaries.push_back(std::move(s));
  }
  out.insert(out.end(), std::make_move_iterator(summaries.begin()), std::make_move_iterator(summaries.end()));
  std::stable_sort(out.begin(), out.end(), finding_less);
  fs = std::move(out);
}

SectionPaths section_paths(const checks::Analysis& analysis) {
  SectionPaths paths;
  for (auto& [sec, p] : analysis.section_path) paths.push_back({sec->span, p});
  std::sort(paths.begin(), paths.end(), [](auto& a, auto& b) {
    return a.first.begin != b.first.begin ? a.first.begin < b.first.begin : a.first.end > b.first.end;
  });
  return paths;
}

void finish_findings(std::vector<Finding> all, const ingest::SourceText& src, std::string_view text,
                     const checks::Analysis& analysis, const RuleSet& rules, const Config& config,
                     std::string_view path, LintResult& result) {
  finish_findings(std::move(all), src, text, section_paths(analysis), rules, config, path, result);
}

void finish_findings(std::vector<Finding> all, const ingest::SourceText& src, std::string_view text,
                     const SectionPaths& paths, const RuleSet& rules, const Config& config,
                     std::string_view path, LintResult& result) {
  // Heading path: the deepest section containing the start.
  // The last path (in that order) whose section holds the finding's start, found by a sweep
  // over the findings by start (was a scan of every section per finding: quadratic on 10 MB).
  auto holds = [](ByteSpan span, uint32_t at) {
    return span.begin <= at && (at < span.end || (span.empty() && at == span.begin));
  };
  std::vector<size_t> by_start(all.size());
  for (size_t i = 0; i < all.size(); ++i) by_start[i] = i;
  std::stable_sort(by_start.begin(), by_start.end(),
                   [&](size_t a, size_t b) { return all[a].span.begin < all[b].span.begin; });
  std::vector<size_t> open;  // indexes into paths, in order; every one holds the position
  size_t next_path = 0;
  for (size_t i : by_start) {
    const uint32_t at = all[i].span.begin;
    while (next_path < paths.size() && paths[next_path].first.begin <= at) open.push_back(next_path++);
    open.erase(std::remove_if(open.begin(), open.end(), [&](size_t k) { return !holds(paths[k].first, at); }),
               open.end());
    if (!open.empty()) all[i].section = paths[open.back()].second;
  }

  // Suppressions: config entries, then in-text directives.
  auto suppressed = [&](const Finding& f) {
    for (auto& s : config.suppressions) {
      if (s.rule != f.rule && s.rule != to_string(f.category) && s.rule != "all") continue;
      if (!s.path_glob.empty() &&
          (path.empty() || fnmatch(s.path_glob.c_str(), std::string(path).c_str(), 0) != 0))
        continue;
      if (!s.text.empty()) {
        // The finding's own text, widened to the lines it starts and ends on.
        uint32_t b = f.span.begin, e = std::min<uint32_t>(f.span.end, static_cast<uint32_t>(text.size()));
        while (b > 0 && text[b - 1] != '\n' && text[b - 1] != '\r') --b;
        while (e < text.size() && text[e] != '\n' && text[e] != '\r') ++e;
        if (text.substr(b, e - b).find(s.text) == std::string_view::npos) continue;
      }
      return true;
    }
    return false;
  };
  // In-text directives, in one sweep (40,000 directive + finding pairs must stay linear, also
  // in the LSP on every keystroke): disable-next-line by the line it governs; disable/enable
  // by the latest directive at or before the finding's line that names the finding's rule,
  // category, "all", or every rule.
  std::vector<char> by_directive(all.size(), 0);
  if (!src.directives.empty()) {
    const Lines lines(text);  // only here: most reports have no directive
    using Kind = ingest::Directive::Kind;
    std::unordered_map<uint32_t, std::vector<const ingest::Directive*>> next_line;
    std::vector<std::pair<uint32_t, const ingest::Directive*>> ranges;  // (line, directive)
    for (const auto& d : src.directives) {
      if (d.kind == Kind::DisableNextLine) next_line[lines.line(d.span.end) + 1].push_back(&d);
      else ranges.push_back({lines.line(d.span.begin), &d});
    }
    std::stable_sort(ranges.begin(), ranges.end(),
                     [](const auto& a, const auto& b) { return a.second->span.begin < b.second->span.begin; });
    std::vector<size_t> order(all.size());
    std::vector<uint32_t> line_of(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      order[i] = i;
      line_of[i] = lines.line(all[i].span.begin);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return line_of[a] < line_of[b]; });
    // key ("" = every rule) → (sequence number, kind) of the latest range directive naming it
    std::unordered_map<std::string, std::pair<size_t, Kind>> latest;
    size_t next = 0;
    for (size_t i : order) {
      const Finding& f = all[i];
      const uint32_t line = line_of[i];
      // Directives at or before this line are applied in document order (the old rule:
      // stop at the first directive past the finding's line).
      while (next < ranges.size() && ranges[next].first <= line) {
        const ingest::Directive& d = *ranges[next].second;
        if (d.rules.empty()) latest[""] = {next, d.kind};
        for (const auto& r : d.rules) latest[r] = {next, d.kind};
        ++next;
      }
      if (auto it = next_line.find(line); it != next_line.end())
        for (const auto* d : it->second)
          if (directive_names(*d, f)) by_directive[i] = 1;
      if (by_directive[i]) continue;
      std::optional<std::pair<size_t, Kind>> best;
      for (std::string_view key : {std::string_view(), std::string_view("all"), std::string_view(f.rule),
                                   to_string(f.category)}) {
        auto it = latest.find(std::string(key));
        if (it != latest.end() && (!best || it->second.first > best->first)) best = it->second;
      }
      if (best && best->second == Kind::Disable) by_directive[i] = 1;
    }
  }
  // --fix never edits a Markdown code span, inline HTML or an HTML comment.
  if (!src.verbatim.empty())
    for (auto& f : all) {
      if (f.fixes.empty()) continue;
      for (const auto& x : f.fixes) {
        auto it = std::upper_bound(src.verbatim.begin(), src.verbatim.end(), x.span.begin,
                                   [](uint32_t at, const ByteSpan& v) { return at < v.begin; });
        bool hit = it != src.verbatim.end() && it->begin < std::max(x.span.end, x.span.begin + 1);
        if (it != src.verbatim.begin() && std::prev(it)->end > x.span.begin) hit = true;
        if (hit) {
          f.fixes.clear();
          break;
        }
      }
    }
  std::vector<Finding> kept;
  for (size_t i = 0; i < all.size(); ++i) {
    Finding& f = all[i];
    if (by_directive[i] || suppressed(f)) ++result.suppressed;
    else kept.push_back(std::move(f));
  }
  std::sort(kept.begin(), kept.end(), finding_less);
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const Finding& a, const Finding& b) {
                           return a.rule == b.rule && a.span == b.span && a.message == b.message;
                         }),
             kept.end());
  drop_superseded(kept, rules);
  cap_findings(kept, rules, config.max_findings_per_rule.value_or(200),
               config.max_findings.value_or(1000));
  result.findings = std::move(kept);
}


/// Excerpt mode: where the excerpt's end cuts nodes short. Every section whose span reaches the
/// end of the text is cut (its heading start is recorded), and when the text does not end on a
/// sentence-final mark, so is its last paragraph (from its start to the end).
struct CutTail {
  std::vector<ByteSpan> cut_headings;
  uint32_t cut_paragraph_begin = UINT32_MAX;
  bool cuts(ByteSpan f) const {
    if (f.begin >= cut_paragraph_begin) return true;
    for (auto& h : cut_headings)
      if (h.contains(f) || f.begin == h.begin) return true;
    return false;
  }
};

static CutTail cut_tail(const outline::Document& doc, std::string_view text) {
  CutTail t;
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  if (end == 0) return t;
  const std::vector<outline::Section>* level = &doc.sections;
  const std::vector<outline::Paragraph>* last_paras = &doc.intro;
  while (level && !level->empty() && level->back().span.end >= end) {
    const auto& s = level->back();
    t.cut_headings.push_back(s.heading_span);
    last_paras = &s.body;
    level = &s.children;
  }
  // The text ends on a sentence-final mark (。！？…, possibly followed by a closing quote or
  // bracket): the last sentence is whole; otherwise the last paragraph is cut mid-sentence.
  static constexpr std::string_view kFinal[] = {"。", "！", "？", "…", "!", "?", "；", ";"};
  static constexpr std::string_view kClose[] = {"”", "’", "）", ")", "」", "』", "》", "】"};
  size_t e = end;
  for (bool again = true; again;) {
    again = false;
    for (auto c : kClose)
      if (e >= c.size() && text.substr(e - c.size(), c.size()) == c) { e -= c.size(); again = true; break; }
  }
  bool whole = false;
  for (auto c : kFinal)
    if (e >= c.size() && text.substr(e - c.size(), c.size()) == c) whole = true;
  if (!whole && last_paras && !last_paras->empty() && last_paras->back().span.end >= end)
    t.cut_paragraph_begin = last_paras->back().span.begin;
  return t;
}

LintResult lint(const ingest::SourceText& src, const outline::Document& doc, const RuleSet& rules,
                const Config& config) {
  return lint(src, doc, rules, config, {});
}

/// The rules that run on a .docx's footnotes and endnotes: those that judge text where it stands
/// (patterns, terms, punctuation, repeated words, document names) on the whole text or on
/// paragraphs, sentences, items, blocks or statements of no genre class. A note is not a part of
/// the report: structure, required parts and contents, figures and the closing are not asked of it.
static bool runs_on_notes(const RuleEntry& r) {
  static constexpr std::string_view kKinds[] = {"pattern",          "pattern-set",
                                                "substitution",     "halfwidth-punctuation",
                                                "paired-punctuation", "repeated-word",
                                                "document-name"};
  using K = checks::Node::Kind;
  const K u = r.scope.unit;
  return std::find(std::begin(kKinds), std::end(kKinds), r.spec.kind) != std::end(kKinds) &&
         r.scope.cls.empty() &&
         (u == K::Document || u == K::Paragraph || u == K::Sentence || u == K::Item ||
          u == K::Block || u == K::Statement);
}

static LintResult lint_impl(const ingest::SourceText& src, const outline::Document& doc,
                            const RuleSet& rules, const Config& config, std::string_view path,
                            bool notes);

LintResult lint(const ingest::SourceText& src, const outline::Document& doc, const RuleSet& rules,
                const Config& config, std::string_view path) {
  LintResult result = lint_impl(src, doc, rules, config, path, false);
  if (src.note_blocks.empty()) return result;
  // Footnotes and endnotes (.docx): a pass of their own over a copy of the text whose body is
  // blanked (offsets unchanged, so findings point into the notes of `src`), as an excerpt with
  // the body's year, and only the text-level rules (runs_on_notes).
  ingest::SourceText notes;
  notes.format = src.format;
  notes.encoding = src.encoding;
  notes.text = src.text;
  const size_t body = std::min<size_t>(src.body_end, notes.text.size());
  for (size_t i = 0; i < body; ++i)
    if (notes.text[i] != '\n') notes.text[i] = ' ';
  notes.blocks = src.note_blocks;
  notes.numbering_chars = src.numbering_chars;
  const outline::Document notes_doc = outline::parse_notes(notes);
  Config nc = config;
  nc.partial = true;
  if (!nc.year && result.report_year > 0) nc.year = result.report_year;
  LintResult nr = lint_impl(notes, notes_doc, rules, nc, path, true);
  result.suppressed += nr.suppressed;
  result.findings.insert(result.findings.end(), std::make_move_iterator(nr.findings.begin()),
                         std::make_move_iterator(nr.findings.end()));
  std::stable_sort(result.findings.begin(), result.findings.end(), finding_less);
  return result;
}

static LintResult lint_impl(const ingest::SourceText& src, const outline::Document& doc,
                            const RuleSet& rules, const Config& config, std::string_view path,
                            bool notes) {
  LintResult result;
  result.partial = config.partial.value_or(false) || src.partial;
  const std::string_view text = doc.text.data() ? doc.text : std::string_view(src.text);
  constexpr size_t kThreadsFrom = 4096;  // bytes; below it a thread costs more than it saves
  const bool two = config.threads > 1 && text.size() >= kThreadsFrom;
  auto on = [&](const RuleEntry& r) {  // what decides whether a rule runs, the analysis aside
    const bool selected = config.select.empty() ? r.spec.info.enabled_by_default
                                                : matches_filter(config.select, r.spec.info.id, r.spec.info.category);
    return selected && !matches_filter(config.ignore, r.spec.info.id, r.spec.info.category) &&
           !r.compares &&  // needs another report: compare_previous / compare_batch
           (!notes || runs_on_notes(r)) &&
           !(result.partial && r.spec.info.whole_document);  // excerpt mode: the one switch
  };
  // One literal pass over the text; scans that cannot match are skipped from here on. It needs
  // only the text, and so does the rules' whole-text screening (Check::prepare, done ahead under
  // the document's id): with two threads, these and the analysis share the threads (screening
  // on one, the literal pass then the analysis on the other), and both threads share the pass.
  const checks::prefilter::Prefilter* const pf = config.prefilter ? rules.prefilter.get() : nullptr;
  std::shared_ptr<const checks::prefilter::Scan> literals;
  std::optional<checks::Analysis> analysed_here;
  uint64_t doc_id = 0;
  // With two threads the work is split as measured on 10 MB (screening 45 ms; literal pass
  // 35 ms, analysis 21 ms): the analysis follows the literal pass on its thread, where taking
  // whichever index came next often left it to follow the screening while the other idled.
  parallel_for(
      two ? 2 : 3, two, [&](size_t i) {
        if (i == 0 && two) {
          const checks::prefilter::Active id_only(nullptr, text);  // no literal pass: screen all
          doc_id = checks::prefilter::document_id(text);
          for (auto& r : rules.rules)
            if (on(r)) r.check->prepare(text, rules.genre.data);
        } else if (i == 1) {
          literals = checks::prefilter::scan(pf, text);
          if (two) analysed_here.emplace(analyse(src, doc, rules.genre, config.year));
        } else if (i == 2) {
          analysed_here.emplace(analyse(src, doc, rules.genre, config.year));
        }
      },
      [](auto& loop) { loop(); });
  auto analysed = std::make_shared<checks::Analysis>(std::move(*analysed_here));
  const checks::Analysis& analysis = *analysed;
  result.report_year = analysis.year;
  const checks::Context ctx{text, doc, src, analysis, rules.genre.data};
  // With two threads this joins the id the screening ran under; with one, doc_id is 0 and the
  // pass takes a new id, read back for the rules' helper thread below.
  const checks::prefilter::Active literal_pass(pf, text, literals, doc_id);
  doc_id = checks::prefilter::document_id(text);

  // The rules to run and their nodes (each scope selected once), then the rules — on a second
  // thread too when asked (config.threads) and the text is long enough to gain from it. A
  // scope's nodes are selected by the first job that needs them, on whichever thread runs it
  // (10 MB: selecting every scope up front was 30 ms on one thread while the other idled); a
  // rule whose scope selects nothing is not run, as before.
  struct ScopeNodes {
    const Scope* scope;
    std::once_flag once;
    std::vector<checks::Node> nodes;
  };
  struct Job {
    const RuleEntry* rule;
    ScopeNodes* nodes;
    std::vector<Finding> found;
  };
  std::map<std::string, ScopeNodes> cache;
  std::vector<Job> jobs;
  for (auto& r : rules.rules) {
    if (!on(r)) continue;
    if (!r.spec.when_issuer.empty() &&
        std::find(r.spec.when_issuer.begin(), r.spec.when_issuer.end(), analysis.issuer) ==
            r.spec.when_issuer.end())
      continue;  // e.g. the party secretary is not asked of a government-only report
    if (!r.spec.when_term.empty() && analysis.year > 0) {
      auto t = std::find_if(rules.terms.terms.begin(), rules.terms.terms.end(),
                            [&](auto& x) { return x.id == r.spec.when_term; });
      if (t != rules.terms.terms.end() && (analysis.year < t->start || analysis.year > t->end))
        continue;  // e.g. 习近平法治思想 is not expected in a 2019 report
    }
    if (analysis.width.folded &&
        std::find(r.spec.skip_when.begin(), r.spec.skip_when.end(), "width-folded") != r.spec.skip_when.end())
      continue;  // the text-width-folded finding stands for every width problem of this text
    auto it = cache.try_emplace(r.scope.text).first;
    it->second.scope = &r.scope;
    jobs.push_back({&r, &it->second, {}});
  }
  // Two threads take the jobs in turn: the long single jobs first, so that neither thread is
  // left with one at the end while the other idles (on 10 MB: repeated-word, the paired and
  // half-width punctuation walks, each a tenth of the rules' time). Findings keep rule order.
  std::vector<size_t> order(jobs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (two) {
    auto weight = [&](size_t i) {
      // (pattern-set and document-name: 13-15 ms each on 10 MB; one of them taken last left the
      // other thread idle that long.)
      static constexpr std::pair<std::string_view, int> kHeavy[] = {
          {"repeated-word", 4}, {"paired-punctuation", 3}, {"halfwidth-punctuation", 3},
          {"requires", 2},      {"term-period", 2},        {"substitution", 2},
          {"pattern-set", 2},   {"document-name", 2}};
      for (auto& [kind, w] : kHeavy)
        if (jobs[i].rule->spec.kind == kind) return w;
      return 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return weight(a) > weight(b); });
  }
  parallel_for(
      jobs.size(), two,
      [&](size_t k) {
        auto& job = jobs[order[k]];
        ScopeNodes& sn = *job.nodes;
        std::call_once(sn.once, [&] { sn.nodes = select_nodes(*sn.scope, src, doc, analysis); });
        if (sn.nodes.empty()) return;
        checks::Emitter em(job.rule->spec, job.found);
        job.rule->check->run(ctx, sn.nodes, em);
      },
      [&](auto& loop) {  // the helper sees the same document through the literal pass
        const checks::prefilter::Active pass(pf, text, literals, doc_id);
        loop();
      });
  std::vector<Finding> all;
  const std::optional<CutTail> cut = result.partial ? std::optional<CutTail>(cut_tail(doc, text)) : std::nullopt;
  for (auto& j : jobs) {
    auto sev = config.severity.find(j.rule->spec.info.id);
    const bool whole_node = cut && j.rule->spec.info.judges_whole_node;
    for (auto& f : j.found) {
      if (whole_node && cut->cuts(f.span)) continue;  // what it misses may follow the cut
      if (sev != config.severity.end()) f.severity = sev->second;
      all.push_back(std::move(f));
    }
  }
  // An in-text directive naming no rule (a typo) silences nothing: say so, with a suggestion.
  std::vector<ingest::InputIssue> issues = src.issues;
  for (auto& d : src.directives)
    for (auto& r : d.rules) {
      if (r == "all" || r == "ALL" || parse_category(r) || find_rule(rules, r)) continue;
      ingest::InputIssue is;
      is.rule = "invalid-directive";
      is.severity = Severity::Warning;
      const std::string hint = did_you_mean(rules, r);
      is.message = "停用注释中的规则“" + r + "”不存在" + (hint.empty() ? "" : "（是否应为“" + hint + "”？）") +
                   "，该注释对它不起作用";
      is.span = d.span;
      issues.push_back(std::move(is));
    }
  for (auto& issue : issues) {
    const bool wanted = config.select.empty() || matches_filter(config.select, issue.rule, Category::Input);
    if (!wanted || matches_filter(config.ignore, issue.rule, Category::Input)) continue;
    Finding f;
    f.rule = issue.rule;
    f.category = Category::Input;
    f.severity = issue.severity;
    auto sev = config.severity.find(issue.rule);
    if (sev != config.severity.end()) f.severity = sev->second;
    f.message = issue.message;
    f.span = issue.span;
    all.push_back(std::move(f));
  }

  finish_findings(std::move(all), src, text, analysis, rules, config, path, result);
  result.analysis = std::move(analysed);
  return result;
}

}  // namespace fz::engine
