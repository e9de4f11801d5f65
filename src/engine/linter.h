// fz::engine — the one call the CLI and the LSP server make: lint a decoded, parsed report
// against a compiled RuleSet. Rule *logic* lives in checks/; rule *data* in rules/ (TOML).
//
// Invariants:
//  * A RuleSet is immutable once built and shared read-only (std::shared_ptr<const RuleSet>)
//    across files, threads and LSP requests. Every RE2 is compiled once: a shipped pattern on
//    first use, a user's at build time (checks/regex.h).
//  * lint() is pure: no I/O, no globals; same inputs → same findings in the same order
//    (sorted by fz::finding_less, duplicates removed, suppressions applied).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"
#include "support/result.h"

namespace fz::ingest {
struct SourceText;
}
namespace fz::outline {
struct Document;
}
namespace fz::checks {
struct Analysis;
}

namespace fz::engine {

/// A rule file's text and where it came from (for error locations).
struct RuleFile {
  std::string origin;  ///< path, or "<builtin>/rules/…"
  std::string text;
};

/// Settings from .fzlint.toml and the command line (command line wins; see merge()).
struct Config {
  std::vector<std::string> select;              ///< rule ids or categories; empty = defaults
  std::vector<std::string> ignore;              ///< rule ids or categories
  std::map<std::string, Severity> severity;     ///< per rule id
  std::optional<int> year;                      ///< report year override
  std::vector<std::string> rule_dirs;           ///< extra rule directories (resolved by caller)
  /// Config-file suppressions: silence `rule` where the finding's text contains `text`
  /// (empty text = everywhere in files matching `path_glob`, empty glob = all files).
  struct Suppression {
    std::string rule;
    std::string text;
    std::string path_glob;
  };
  std::vector<Suppression> suppressions;
  /// Per-rule parameter overrides: [rules.<id>] key = value (kept as TOML text per rule).
  std::map<std::string, std::string> rule_params;
  /// Last year's report to compare each checked file with (`previous = "…"`; `--previous` wins):
  /// a path, "{name}" and "{stem}" standing for the checked file's name and name without
  /// extension; relative paths are resolved against the config file by the caller.
  std::string previous;
  std::string origin;  ///< where the config came from
  /// Where each entry was written, so errors found later (when the rules are built) point at
  /// the config file's line: "select:<x>", "ignore:<x>", "severity:<id>", "rules:<id>",
  /// "suppress:<rule>", "rule_dirs:<dir>". Entries only on the command line have none
  /// (reported as `origin`).
  std::map<std::string, Error> where;
  /// Limits that keep output bounded on pathological input (a 1 MB draft can otherwise draw
  /// tens of thousands of findings): at most this many findings of one rule per file, and in
  /// all per file; what is cut is summarised in one finding of the rule ("另有 N 处…").
  /// 0 = no limit. Config keys: max_findings_per_rule, max_findings.
  std::optional<size_t> max_findings_per_rule;  ///< default 200
  std::optional<size_t> max_findings;           ///< default 1000
  /// Skip regex scans the literal prefilter rules out (checks/prefilter.h). Never changes the
  /// findings; off only to measure it and to test that claim.
  bool prefilter = true;
  /// Threads for one document's rules (a single long file, the editor); the rules still report
  /// in rule order, so the findings do not depend on it. A batch over many files keeps 1 and
  /// runs files in parallel instead.
  unsigned threads = 1;
  /// Excerpt mode (--partial, config key `partial`, the LSP setting): the text is a fragment, so
  /// rules that judge the whole document (RuleInfo::whole_document) are skipped. A file's own
  /// directive (SourceText::partial) turns it on too. Rules never read this flag.
  std::optional<bool> partial;
};

/// Parse .fzlint.toml text. Unknown keys and wrong types are errors with origin:line:col.
Result<Config> parse_config(std::string_view toml, std::string_view origin);
/// Overlay `over` onto `base` (lists append, maps and scalars replace).
void merge(Config& base, const Config& over);

class RuleSet;

/// Totals over every `extra` rule file of one build (docs/limits.md): string parameters
/// (patterns, exclusions, word lists) and their bytes. Checked before anything is compiled.
inline constexpr size_t kMaxExtraPatterns = 10000;
inline constexpr size_t kMaxExtraPatternBytes = 512u << 10;

/// The shipped pack (embedded at build time) plus `extra` files (which may override shipped
/// rules by id), with `config`'s parameter overrides applied. Errors: path:line:col.
Result<std::shared_ptr<const RuleSet>> build_ruleset(const std::vector<RuleFile>& extra,
                                                     const Config& config);

/// How many rules build_ruleset(extra, config) lists (rule_infos) and how many are on by
/// default, found without compiling a rule (`fzlint --version`). Errors are those of loading
/// and of the config; a pattern the user got wrong is only found by build_ruleset.
struct RuleCount {
  size_t total = 0, enabled = 0;
};
Result<RuleCount> count_rules(const std::vector<RuleFile>& extra, const Config& config);

/// Metadata of every rule in the set, sorted by id.
const std::vector<RuleInfo>& rule_infos(const RuleSet& rules);
/// One rule's metadata, or nullptr.
const RuleInfo* find_rule(const RuleSet& rules, std::string_view id);
/// The rule id or category closest to a misspelt `name` (edit distance at most a third of its
/// length, at least 2), or "" — for "是否应为…？" in messages about unknown ids.
std::string did_you_mean(const RuleSet& rules, std::string_view name);

struct LintResult {
  std::vector<Finding> findings;  ///< sorted, deduplicated, suppressions applied
  int report_year = 0;            ///< detected (or configured) report year; 0 = unknown
  size_t suppressed = 0;          ///< findings removed by suppressions
  bool partial = false;           ///< checked as an excerpt (whole-document rules skipped)
  /// What the engine learnt about the document (year, issuer, regions); it points into the
  /// Document linted, so it is valid as long as that is. A batch comparison of the same
  /// document reuses it (Compared::analysis) instead of analysing the report again.
  std::shared_ptr<const checks::Analysis> analysis;
};

/// Run every enabled rule on one report.
LintResult lint(const ingest::SourceText& src, const outline::Document& doc, const RuleSet& rules,
                const Config& config);
/// Same, for a file at `path` (as the user named it): config suppressions with a `path` glob
/// apply only when it matches (fnmatch, no I/O).
LintResult lint(const ingest::SourceText& src, const outline::Document& doc, const RuleSet& rules,
                const Config& config, std::string_view path);

/// One report handed to a comparison (category `comparison`, src/compare): its decoded text,
/// its tree, and the path other reports' findings name it by.
struct Compared {
  const ingest::SourceText* src = nullptr;
  const outline::Document* doc = nullptr;
  std::string path;
  /// lint()'s analysis of this `doc` under the same rules and config (LintResult::analysis),
  /// or null to analyse it here.
  const checks::Analysis* analysis = nullptr;
};

/// The comparison rules that set a report against last year's (`check --previous LAST THIS`):
/// findings on `current` (sorted, suppressions applied as in lint()); those about a place in
/// `previous` carry a Related naming its path, line and column.
LintResult compare_previous(const Compared& current, const Compared& previous, const RuleSet& rules,
                            const Config& config);
/// The comparison rules that set the reports of one batch against each other: findings per
/// report, parallel to `reports`. Near-linear in the total text (fold.h); no rule reads every pair.
/// The per-report work (each kind's prepare(), emitting, finishing) runs on `threads` threads;
/// the findings do not depend on their number.
std::vector<LintResult> compare_batch(const std::vector<Compared>& reports, const RuleSet& rules,
                                      const Config& config, unsigned threads = 1);
/// True when `config` enables a comparison rule of the batch kind (one that reads many reports).
bool compares_batch(const RuleSet& rules, const Config& config);

/// Heading paths of a report's sections, (section span, "一、…/（三）…"), sorted by start, then
/// longest first: what finishing a report's findings needs of its tree (finish_batch).
using SectionPaths = std::vector<std::pair<ByteSpan, std::string>>;
SectionPaths section_paths(const checks::Analysis& analysis);

/// The batch comparison in bounded memory (issue #16), in three steps a caller can run apart:
/// prepare_batch() per report right after its lint (its tree, analysis and text may then be
/// freed: the part kept is the comparison's index entries, about 2–3 KB per report, and `shed`,
/// which the caller stores where it likes); compare_batch_parts() over every report's part,
/// which fetches a report again (`load`) only for the pairs it looks at closely; finish_batch()
/// per report when its text is at hand again. compare_batch() above is the three in memory.
struct BatchPart {
  struct State;  ///< each batch rule's prepared data (engine/compare.cpp)
  std::shared_ptr<State> state;
  std::string shed;  ///< what the comparison needs of this report only for the pairs it compares
};
BatchPart prepare_batch(const Compared& report, const RuleSet& rules, const Config& config);
/// Report i as prepared, fetched again: its text (ingest::SourceText::text), or bytes [offset,
/// offset + len) of its BatchPart::shed (fewer where it ends). An error: its pairs are not
/// compared. Called from several threads at once.
struct BatchLoader {
  std::function<Result<std::string>(size_t i)> text;
  std::function<Result<std::string>(size_t i, size_t offset, size_t len)> shed;
};
/// One report's share of the comparison, until finish_batch().
struct BatchShare {
  struct State;
  std::shared_ptr<State> state;
};
/// Every report of `parts` against the others (parts are consumed). `problems` gets one line per
/// report that could not be fetched again.
std::vector<BatchShare> compare_batch_parts(std::vector<BatchPart>& parts, const BatchLoader& load,
                                            const RuleSet& rules, const Config& config, unsigned threads,
                                            std::vector<std::string>& problems);
/// Report i's comparison findings, finished as lint()'s are (sorted, suppressions applied):
/// `src` is its text as prepared (with its directives), `paths[j]` names report j, `path` is i's.
LintResult finish_batch(const BatchShare& share, const ingest::SourceText& src, const SectionPaths& sections,
                        const std::vector<std::string>& paths, const RuleSet& rules, const Config& config,
                        std::string_view path);

/// One failed example of `fzlint test-rules`.
struct ExampleFailure {
  std::string rule;     ///< rule id
  std::string origin;   ///< rule file
  bool bad = true;      ///< examples.bad (must fire) or examples.good (must not)
  size_t index = 0;     ///< 0-based index in that list
  std::string example;  ///< the example text
  std::string detail;   ///< what happened (Chinese), e.g. the unexpected findings
};

/// Run every rule (enabled or not) on its own examples: each examples.bad must draw a finding
/// of that rule, each examples.good none. Examples are ingested as .txt and parsed like reports.
std::vector<ExampleFailure> check_examples(const RuleSet& rules);

/// Markdown reference of every rule (docs/rules.md), grouped by category. Errors when a rule
/// lacks a docs field (design.md §5.8).
Result<std::string> rules_markdown(const RuleSet& rules);

}  // namespace fz::engine
