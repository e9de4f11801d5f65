// fz::checks::prefilter — skip regex scans that cannot match, decided by one literal pass per
// document.
//
// Most patterns in the packs need some literal text to match: 截止目前, 第一责任人, a year
// label's 年, a quote mark. required_literals() reads a pattern (RE2 syntax) and returns a set of
// literals such that every match contains at least one of them, or nothing when it cannot tell
// (a negated class, `.`, `\p{Han}`, case folding, anything unusual: the pattern is then always
// scanned). While a RuleSet is built, compile_regex registers each pattern with the active
// Collector; build_ruleset turns the Collector into a Prefilter: the literals of all patterns,
// indexed by their first two code points.
//
// Per document, engine::lint activates the Prefilter on the whole text (one pass, a bit-table
// probe per character, records where each literal occurs). A scan of pattern P, or of list L, inside a node can then
// be skipped when no literal of P (of any member of L) lies wholly inside the node: a match lies
// inside the node, and contains one of the literals. The skip never changes a result; the
// property tests in tests/test_prefilter.cpp check that on every shipped pattern and fixture.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checks/regex.h"
#include "rules/pack.h"
#include "support/finding.h"

namespace fz::checks::prefilter {

/// Literals (UTF-8 byte strings, none empty) one of which every match of `pattern` contains;
/// nullopt when the pattern has no such set or the analysis does not understand it. Assumes RE2
/// syntax with the default options (case-sensitive, UTF-8).
/// The shipped pack's patterns are answered from the table stored in the pack (install_stored),
/// any other pattern is analysed.
std::optional<std::vector<std::string>> required_literals(std::string_view pattern);
/// Like analyse_literals(), but literals of any length are kept ("\"" for a pattern that needs an
/// ASCII quote): too short for the literal pass's index, still enough to skip compiling and
/// scanning a pattern over a text that holds none of them. Not stored in the pack.
std::optional<std::vector<std::string>> any_required_literals(std::string_view pattern);
/// The same for a compiled pattern; nullopt when its options are not those the analysis assumes.
std::optional<std::vector<std::string>> any_required_literals(const Regex& re);
/// The most bytes a match of `pattern` can span (RE2 syntax, default options); nullopt when a
/// match can be arbitrarily long (`*`, `+`, `{n,}`) or the analysis does not understand it.
std::optional<size_t> max_match_bytes(std::string_view pattern);
/// True when no match of `re` can be empty: every match contains one of its required literals
/// (required_literals; the shipped pack's from the stored table). False when unknown. Memoised
/// on the Regex.
bool never_empty(const Regex& re);
/// required_literals() worked out afresh, never from the stored table (fz_rulepack, tests).
std::optional<std::vector<std::string>> analyse_literals(std::string_view pattern);
/// The table fz_rulepack stores in the pack: analyse_literals() of each string.
std::vector<rules::PatternLiterals> analyse_all(const std::vector<std::string>& strings);
/// Make required_literals() answer the table's patterns from it (rules/pack.h: the answers
/// fz_rulepack stored for the shipped pack). The first call of the process installs it; later
/// calls are ignored (every build of the same binary stores the same table). Thread-safe.
void install_stored(std::vector<rules::PatternLiterals> table);
/// Patterns analysed so far in this process (required_literals calls the table did not answer).
size_t analyses();

class Prefilter;

/// Collects the patterns compiled while a RuleSet is built (see Registering). Thread-safe: the
/// rules of one set are compiled on several threads.
class Collector {
 public:
  Collector();
  ~Collector();
  /// Register a compiled pattern (its literals are analysed now).
  void add(const Regex& re);
  /// True when `re` was registered and has required literals (scans of it can be skipped).
  bool filtered(const Regex& re) const;
  /// A group id for a list of registered patterns (a RegexList): the group may match where one
  /// of its members may. -1 when some member is unfiltered.
  int add_group(const std::vector<const Regex*>& members);
  /// The Prefilter this collector will become (lists keep the pointer to tell groups apart).
  const Prefilter* target() const { return target_.get(); }
  /// Build the literal index; the collector is empty afterwards.
  std::shared_ptr<const Prefilter> finish();

 private:
  friend class Prefilter;
  mutable std::mutex mu_;
  std::shared_ptr<Prefilter> target_;
  /// Literal ids by pattern text: building the shipped pack registers 759 patterns but only 358
  /// distinct texts, and the answer depends on the text alone (for analysable options), so each
  /// is analysed once.
  std::unordered_map<std::string, std::optional<std::vector<uint32_t>>> ids_of_;
};

/// While alive, compile_regex and the RegexList builders on this thread register with `c`.
class Registering {
 public:
  explicit Registering(Collector* c);
  ~Registering();
  Registering(const Registering&) = delete;
  Registering& operator=(const Registering&) = delete;

 private:
  Collector* prev_;
};
/// The collector active on this thread, or null.
Collector* active_collector();

/// The literal pass over one text (where each literal of a Prefilter occurs): immutable once
/// made, so the threads that lint one document share it instead of each reading the text again.
struct Scan;
/// Run the literal pass of `p` over `text` (no Active needed; any thread). `p` may be null.
std::shared_ptr<const Scan> scan(const Prefilter* p, std::string_view text);

/// While alive, scans on this thread over `text` (the same bytes: data and size) consult `p`.
/// `p` may be null (nothing is skipped).
class Active {
 public:
  /// `same_document` (a document_id from another thread's Active on the same text) makes this
  /// activation count as that document, for per-document decisions shared between threads.
  Active(const Prefilter* p, std::string_view text, uint64_t same_document = 0);
  /// Same, with the literal pass already done by scan(p, text) (used when it is of the same
  /// `p` and the same bytes; otherwise the pass is run here).
  Active(const Prefilter* p, std::string_view text, std::shared_ptr<const Scan> done,
         uint64_t same_document = 0);
  ~Active();
  Active(const Active&) = delete;
  Active& operator=(const Active&) = delete;

 private:
  void* prev_;
};

/// An id of the document activated on this thread (Active) when `text` is that document, else
/// 0. Ids are never reused, so per-document memos can key on it instead of hashing the text.
uint64_t document_id(std::string_view text);

/// False when `re` cannot match inside `within` of `text` (under the active Prefilter).
bool may_match(const Regex& re, std::string_view text, ByteSpan within);
/// Same for a group registered by `owner`'s collector (group < 0: always true).
bool may_match_group(const Prefilter* owner, int group, std::string_view text, ByteSpan within);

/// Where the literals of `re` occur in the active document, for a search over `text` (the
/// document or a slice of its bytes): each occurrence as a span of the document, sorted by
/// start; `*shift` is the offset of `text` in the document. Null when `re` is unfiltered,
/// `text` is not inside the active document, or its literals occur all over it (then a search
/// is as cheap as the look-up). Every match of `re` contains one of these spans.
const std::vector<ByteSpan>* occurrences(const Regex& re, std::string_view text, uint32_t* shift);

/// Figures for benches and tests.
struct Stats {
  size_t patterns = 0;    ///< registered
  size_t filtered = 0;    ///< with required literals
  size_t literals = 0;    ///< distinct literals in the automaton
  size_t keys = 0;        ///< literal-pass keys (first two code points)
  size_t groups = 0;      ///< filtered groups
};
Stats stats(const Prefilter& p);
/// Each filtered pattern with its literals (for the property tests).
std::vector<std::pair<std::string, std::vector<std::string>>> entries(const Prefilter& p);

}  // namespace fz::checks::prefilter
