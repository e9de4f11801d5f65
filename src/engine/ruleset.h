// Internal to fz_engine: the compiled RuleSet, the compiled genre, scopes and document analysis.
// Not part of the public contract (linter.h is); tests may include it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/util.h"
#include "engine/linter.h"
#include "rules/rule_spec.h"

namespace fz::engine {

/// A parsed scope expression: unit[:class][:level], e.g. "section:shortcomings",
/// "subsection:achievements", "heading:1", "sentence:next-year-plan", "block".
struct Scope {
  checks::Node::Kind unit = checks::Node::Kind::Document;
  std::string cls;  ///< genre class filter ("" = any)
  int level = 0;    ///< tree depth filter (0 = any)
  std::string text; ///< as written (cache key)
};

/// Parse a scope expression against the genre's classes. Errors name the rule file position.
Result<Scope> parse_scope(const rules::RuleSpec& spec, const rules::Genre& genre);
/// The units names accepted by parse_scope (for docs and error messages).
const std::vector<std::string_view>& scope_units();

struct CompiledClass {
  const rules::GenreClass* data = nullptr;
  checks::RegexList headings, items, sentences;
};

struct CompiledGenre {
  rules::Genre data;
  checks::RegexList strip, plan_fallback, year_patterns;
  std::vector<CompiledClass> classes;
  std::vector<checks::RegexList> issuers;       ///< parallel to data.issuers
  std::vector<checks::RegexList> issuer_intro;  ///< parallel to data.issuers (`intro`)
};

struct RuleEntry {
  rules::RuleSpec spec;
  std::unique_ptr<checks::Check> check;
  Scope scope;
  bool compares = false;  ///< a comparison kind (src/compare): runs only against other reports
};

class RuleSet {
 public:
  CompiledGenre genre;
  rules::Terms terms;
  std::vector<RuleEntry> rules;   ///< sorted by id
  std::vector<RuleInfo> infos;    ///< sorted by id, parallel to `rules`
  /// Required literals of the rules' patterns (checks/prefilter.h): one pass per document.
  std::shared_ptr<const checks::prefilter::Prefilter> prefilter;
};

/// Report year and genre regions of one document (the engine's only tree walk besides scopes).
checks::Analysis analyse(const ingest::SourceText& src, const outline::Document& doc,
                         const CompiledGenre& genre, std::optional<int> configured_year);

/// What lint() does with the findings of one report once the rules have run: heading paths,
/// suppressions (config and in-text), order, duplicates, superseded findings, caps.
void finish_findings(std::vector<Finding> all, const ingest::SourceText& src, std::string_view text,
                     const checks::Analysis& analysis, const RuleSet& rules, const Config& config,
                     std::string_view path, LintResult& result);
/// Same, with the heading paths as section_paths() lists them (kept apart from the tree).
void finish_findings(std::vector<Finding> all, const ingest::SourceText& src, std::string_view text,
                     const SectionPaths& paths, const RuleSet& rules, const Config& config,
                     std::string_view path, LintResult& result);

/// The nodes of `scope` in document order.
std::vector<checks::Node> select_nodes(const Scope& scope, const ingest::SourceText& src,
                                       const outline::Document& doc, const checks::Analysis& a);

}  // namespace fz::engine
