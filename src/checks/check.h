// fz::checks — rule kinds. A kind is one class in one .cpp (e.g. pattern.cpp) plus one line in
// registry.cpp. The engine selects the scope nodes (only the engine walks the tree) and calls
// Check::run with them; the kind emits findings through an Emitter.
//
// Invariants:
//  * A Check is built once per rule (every RE2 compiled in the factory) and is immutable;
//    run() is const and thread-safe.
//  * Kinds do no I/O and never throw; a bad parameter is an Error from the factory, located at
//    the parameter (path:line:col).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "outline/document.h"
#include "rules/rule_spec.h"
#include "support/finding.h"
#include "support/result.h"

namespace fz::ingest {
struct SourceText;
}

namespace fz::checks {

/// A part of the report the genre schema assigned to a class (a section, an enumeration item
/// or a paragraph — first-responsible content may sit at any of these levels).
struct Region {
  /// Mention: a paragraph found only by the class's `sentences` lexicon — the class is
  /// mentioned there, but the paragraph is not that part (body scopes leave it out).
  enum class Source { Section, Item, Paragraph, Mention };
  Source source = Source::Section;
  ByteSpan span;                              ///< whole region (heading included)
  ByteSpan heading;                           ///< heading or item lead; empty for paragraphs
  const outline::Section* section = nullptr;  ///< the section, or the enclosing one
  int level = 0;                              ///< tree depth of `section` (0 = intro)
};

/// Evidence that a text's Chinese punctuation was folded to half-width (a web copy that went
/// through NFKC normalisation: ，：；（）？！ became , : ; ( ) ? !, while 、。“”《》 survive).
struct WidthFold {
  bool folded = false;  ///< most Chinese-context punctuation is half-width (see width_fold())
  int half = 0;         ///< half-width , : ; ( ) ? ! touching Chinese text
  int full = 0;         ///< full-width ，：；（）？！
  ByteSpan first;       ///< the first such half-width mark
};

/// Count the evidence in `text`: folded when at least `kMinHalf` half-width marks touch
/// Chinese text and they are at least 80 % of such marks (a careless draft has a few).
WidthFold width_fold(std::string_view text);

/// What the engine learnt about one document before running rules.
struct Analysis {
  WidthFold width;               ///< half-width-folded punctuation (rules may skip_when it)
  int year = 0;                  ///< report year (0 = unknown)
  /// Who issued the report: a [[genre.issuer]] name, or "unknown" (design.md §7).
  std::string issuer = "unknown";
  ByteSpan year_span;            ///< where it was read (empty when configured or unknown)
  /// Regions per genre class, in document order.
  std::map<std::string, std::vector<Region>, std::less<>> regions;
  /// Effective class of each section (own class, else the nearest classified ancestor's).
  std::map<const outline::Section*, std::string> section_class;
  /// Heading path of each section ("一、…/（三）…").
  std::map<const outline::Section*, std::string> section_path;

  const std::vector<Region>& of(std::string_view cls) const;
  std::string_view class_of(const outline::Section* s) const;
};

/// One unit a rule looks at.
struct Node {
  enum class Kind { Document, Title, Intro, Heading, Section, Body, Subsection, Paragraph,
                    Sentence, Item, Block, Statement, Part };
  Kind kind = Kind::Document;
  ByteSpan span;                              ///< the text the kind examines
  ByteSpan anchor;                            ///< where a finding about the whole node goes
  const outline::Section* section = nullptr;  ///< the node's section or the enclosing one
  const outline::Paragraph* paragraph = nullptr;
  const outline::EnumItem* item = nullptr;
  int level = 0;
  /// Genre class of the node ("" = none); views a name owned by the Analysis or the rule's
  /// scope, which outlive the nodes (select_nodes made a string per node: 120,000 on 10 MB).
  std::string_view cls;
};

/// Per-document, read-only context.
struct Context {
  std::string_view text;
  const outline::Document& doc;
  const ingest::SourceText& src;
  const Analysis& analysis;
  const rules::Genre& genre;
};

/// Collects findings of one rule on one document; fills the message template.
class Emitter {
 public:
  Emitter(const rules::RuleSpec& spec, std::vector<Finding>& out) : spec_(spec), out_(out) {}
  /// Report at `span`; `vars` fill the rule's {placeholders}. Returns the finding (a kind may
  /// lower its severity, e.g. info for a lone case where several make a warning).
  Finding& emit(ByteSpan span, const std::map<std::string, std::string>& vars = {},
            std::vector<Fix> fixes = {}, std::vector<Related> related = {});
  const rules::RuleSpec& spec() const { return spec_; }
  /// Findings emitted from now on take this severity instead of the rule's (a per-issuer-level
  /// setting, see issuer_levels.h); nullopt restores the rule's.
  void set_severity(std::optional<Severity> s) { severity_ = s; }

 private:
  const rules::RuleSpec& spec_;
  std::vector<Finding>& out_;
  std::optional<Severity> severity_;
};

/// Fill {name} placeholders from `vars` (unknown ones are left as written).
std::string format_message(std::string_view tmpl, const std::map<std::string, std::string>& vars);

class Check {
 public:
  virtual ~Check() = default;
  virtual void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const = 0;
  /// True when (some of) this rule's findings carry a fix.
  virtual bool has_fix() const { return false; }
  /// Work on the whole `text` that needs neither the analysis nor the nodes (a shared screening
  /// pass), done ahead of run() — on another thread, while the document is analysed, under a
  /// prefilter::Active of the same document id but without literal prefilter (none is ready
  /// yet) — so that run() finds it done. `genre` is the
  /// Context::genre run() will see. Never changes what run() reports; may do nothing.
  virtual void prepare(std::string_view text, const rules::Genre& genre) const {
    (void)text;
    (void)genre;
  }
};

/// Parameter types a kind can declare.
enum class ParamType { Bool, Int, String, StringList, Regex, RegexList, Table, TableList, Any };

struct ParamSpec {
  std::string_view name;
  ParamType type;
  bool required = false;
  std::string_view doc;  ///< one line (Chinese), shown in docs/rules.md
};

/// Data the factories may read besides their own rule.
struct CompileContext {
  const rules::Genre& genre;
  const rules::Terms& terms;
};

using Factory = Result<std::unique_ptr<Check>> (*)(const rules::RuleSpec&, const CompileContext&);

struct KindInfo {
  std::string_view name;
  std::string_view summary;       ///< one line (Chinese)
  std::vector<ParamSpec> params;  ///< besides the common keys
  bool supports_fix = false;
  Factory make = nullptr;
  bool fixes_always = false;      ///< every finding carries a fix (no `fix` template needed)
  /// Every rule of this kind judges the whole document (its length, the order of its parts, one
  /// part against another): compile() requires the rule to say `whole_document = true`, so that
  /// excerpt mode skips it.
  bool whole_document = false;
};

/// Every kind, in registry order.
const std::vector<KindInfo>& kinds();
/// One kind by name, or nullptr.
const KindInfo* find_kind(std::string_view name);

/// Validate `spec.params` against the kind's schema (unknown keys, types, regex syntax) and
/// build the check. Errors: origin:line:col: key: what is wrong.
Result<std::unique_ptr<Check>> compile(const rules::RuleSpec& spec, const CompileContext& ctx);
/// compile() with a kind from another registry (src/compare's comparison kinds).
Result<std::unique_ptr<Check>> compile_as(const rules::RuleSpec& spec, const CompileContext& ctx,
                                          const KindInfo& kind);

}  // namespace fz::checks
