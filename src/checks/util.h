// Helpers shared by rule kinds: typed parameter access (after compile() validated the schema),
// regex compilation with located errors, and match iteration over byte spans.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "checks/check.h"
#include "checks/prefilter.h"
#include "checks/regex.h"

namespace fz::checks {

/// A rule's pattern: validated when the rule set is built, compiled on first use (regex.h).
using RegexPtr = std::unique_ptr<Regex>;

/// A list of compiled patterns: a std::vector<RegexPtr> (build it with push_back as before) plus
/// a pre-screen. When the list has two or more patterns, the first any_match/all_matches over it
/// builds one RE2::Set of all of them (thread-safe, once); later calls run the Set over the node
/// and then only the patterns it reports — one DFA pass instead of one per pattern for the
/// common node that matches none. Patterns pushed after the Set was built disable it (the list
/// is then scanned pattern by pattern, as without a Set), so results never depend on it.
/// Before any of that, the literal prefilter (prefilter.h) may rule the whole list out for a
/// node; a list whose members all have required literals builds no Set at all (where their
/// literals occur, scanning those members is cheaper than a Set pass).
class RegexList : public std::vector<RegexPtr> {
 public:
  RegexList() = default;
  RegexList(RegexList&&) noexcept = default;
  RegexList& operator=(RegexList&&) noexcept = default;

  /// Indices (ascending) of the patterns that may match inside `s`, into `out`; false when no
  /// Set can be used (fewer than two patterns, mixed options, DFA out of memory), in which case
  /// the caller must try every pattern. A pattern whose index is left out cannot match in `s`.
  bool screen(std::string_view s, std::vector<int>& out) const;
  /// Which members may match inside `within` of `text`: the literal prefilter first, member by
  /// member (when it leaves few, they are the answer and no Set is built or run; util.cpp says
  /// why and how many); otherwise screen() over detail::screen_text (the node and the byte
  /// before it). Ascending; a superset is allowed.
  bool screen_in(std::string_view text, ByteSpan within, std::vector<int>& out) const;
  /// False when the literal prefilter shows no member can match inside `within`.
  bool may_match(std::string_view text, ByteSpan within) const {
    return filter_size_ != size() ||
           prefilter::may_match_group(filter_owner_, filter_group_, text, within);
  }
  /// Set by regex_list/regex_list_of while a RuleSet is built (prefilter::Collector).
  void set_filter_group(const prefilter::Prefilter* owner, int group) {
    filter_owner_ = owner;
    filter_group_ = group;
    filter_size_ = size();
  }
  /// True when some pattern matches somewhere in `s` (RE2::PartialMatch semantics).
  bool matches_any(std::string_view s) const;
  /// Record each member's required literals (prefilter::required_literals of its pattern):
  /// matches_any_gated() then tries a member only where one of its literals occurs.
  void gate_by_literals();
  /// matches_any() without a Set: each member by itself, skipped when gate_by_literals() found
  /// literals of it and none occurs in `s` (a match must contain one). Same answer, for lists
  /// tried on many short strings (sentences, headings) where a Set would not pay its start-up.
  bool matches_any_gated(std::string_view s) const;

 private:
  struct Screen {
    std::once_flag once;
    const RE2::Set* set = nullptr;   ///< null when no Set applies
    std::unique_ptr<RE2::Set> owned;  ///< `set`, unless it is shared (every member trusted)
    size_t size = 0;                  ///< number of patterns the Set was built from
  };
  const RE2::Set* set() const;
  std::unique_ptr<Screen> screen_ = std::make_unique<Screen>();
  std::vector<std::optional<std::vector<std::string>>> gates_;  ///< parallel to members, or empty
  const prefilter::Prefilter* filter_owner_ = nullptr;
  int filter_group_ = -1;
  size_t filter_size_ = SIZE_MAX;  ///< members when the group was registered
};

/// Limits on one pattern. Rule files are untrusted input (a user's --rules directory, a
/// project's .fzlint.toml): RE2 keeps matching linear in the text, and these keep the cost of
/// compiling and holding each pattern bounded. The shipped packs stay far below them (longest
/// pattern 786 bytes, largest program 1,289 instructions).
inline constexpr size_t kMaxPatternBytes = 4096;
/// Compiled program size (RE2::ProgramSize, instructions) above which a pattern is refused.
inline constexpr int kMaxProgramSize = 10000;
/// RE2's memory budget per pattern (program plus its DFA caches; RE2's default is 8 MiB). A
/// DFA cache that fills is reset, never grown, so this also bounds memory while matching.
inline constexpr int64_t kPatternMaxMem = int64_t{1} << 20;
/// Patterns in one parameter (a list, a pattern-set's cases, a substitution's pairs): with the
/// bounds above, one rule's compiled size stays bounded. The largest shipped list has 26.
inline constexpr size_t kMaxPatternsPerList = 1000;

/// The options compile_limited compiles every pattern with (UTF-8, kPatternMaxMem).
RE2::Options limited_options();
/// Compile `pattern` (UTF-8) within the limits above; null with the reason in `error` (RE2's
/// error text or the limit that was exceeded) when it cannot be used.
RegexPtr compile_limited(const std::string& pattern, std::string* error);
/// compile_limited with the error located at the parameter (path:line:col, key), registered
/// with the prefilter collector of the rule set being built.
Result<RegexPtr> compile_regex(const rules::RuleSpec& spec, const rules::Value* at,
                               std::string_view key, const std::string& pattern);
/// Register a list built by hand (push_back of compiled patterns) with the prefilter collector
/// active while a RuleSet is built, so scans of it can be skipped; regex_list and regex_list_of
/// do this themselves. Without an active collector it does nothing.
void register_group(RegexList& list);
/// The error for a list longer than kMaxPatternsPerList.
std::string too_many_patterns(size_t n);
/// Compile a string or string-array parameter (missing → empty list).
Result<RegexList> regex_list(const rules::RuleSpec& spec, std::string_view key);
/// Compile a list of patterns given as strings (errors located at `at`).
Result<RegexList> regex_list_of(const rules::RuleSpec& spec, const rules::Value* at,
                                std::string_view key, const std::vector<std::string>& pats);

std::string param_string(const rules::RuleSpec& spec, std::string_view key, std::string def = {});
int64_t param_int(const rules::RuleSpec& spec, std::string_view key, int64_t def);
bool param_bool(const rules::RuleSpec& spec, std::string_view key, bool def);
std::vector<std::string> param_strings(const rules::RuleSpec& spec, std::string_view key);

inline std::string_view slice(std::string_view text, ByteSpan s) {
  if (s.begin > text.size()) return {};
  return text.substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

namespace detail {
/// Per-thread capture buffers for for_each_match, one pair per nesting depth (a callback may
/// itself call for_each_match), so that a match costs no allocation once the thread is warm.
struct CaptureBuffers {
  std::vector<re2::StringPiece> groups;
  std::vector<std::string_view> views;
};
class CaptureLease {
 public:
  CaptureLease();
  ~CaptureLease();
  CaptureLease(const CaptureLease&) = delete;
  CaptureLease& operator=(const CaptureLease&) = delete;
  CaptureBuffers& get() { return *buf_; }

 private:
  CaptureBuffers* buf_;
};
/// The text a list's Set screens for a search inside `within`: the node plus the byte before
/// it (for_each_span's search sees that byte as context for `\b`/`\B`), so every match the
/// search can find is also a match of the Set (which may report more, never fewer).
std::string_view screen_text(std::string_view text, ByteSpan within);
/// The next non-empty match of `re` inside `within` at or after `*pos` (the for_each_span walk,
/// one step at a time): true with its span, `*pos` moved past it; false when there is none.
bool next_span(const Regex& re, std::string_view text, ByteSpan within, size_t* pos, ByteSpan* out);
/// Whether `re` matches inside `within` (with for_each_span's context: the text before it),
/// asked yes or no — RE2's forward DFA alone, without the reverse program a match's start
/// needs. An empty match counts; the literal prefilter is not consulted.
bool matches_in(const Regex& re, std::string_view text, ByteSpan within);
/// Where the next search starts after a match [b, e) found from `pos` (an empty match steps
/// one code point, so iteration always advances).
size_t next_search_pos(std::string_view text, size_t pos, size_t b, size_t e);
/// The RE2 to search with (a Regex compiles on first use) and whether the literal prefilter
/// lets it match inside `within` (only rule patterns are registered with it).
inline const RE2& engine(const RE2& re) { return re; }
inline const RE2& engine(const Regex& re) { return re.get(); }
inline bool may_match(const RE2&, std::string_view, ByteSpan) { return true; }
inline bool may_match(const Regex& re, std::string_view text, ByteSpan within) {
  return prefilter::may_match(re, text, within);
}
}  // namespace detail

/// Which members of a list may match inside one node (RegexList::screen_in), asked about ranges
/// of members: a list often holds the patterns of several groups or terms, [first, last) each.
struct Screened {
  bool all = true;       ///< no screen applied: every member may match
  std::vector<int> hit;  ///< ascending member indices, when !all

  void run(const RegexList& res, std::string_view text, ByteSpan within) {
    all = !res.screen_in(text, within, hit);
  }
  bool any() const { return all || !hit.empty(); }
  bool any_in(size_t first, size_t last) const {
    if (all) return first < last;
    auto it = std::lower_bound(hit.begin(), hit.end(), static_cast<int>(first));
    return it != hit.end() && static_cast<size_t>(*it) < last;
  }
  /// f(i) for every member i in [first, last) that may match, ascending; f returning false stops.
  template <class F>
  void for_each_in(size_t first, size_t last, F&& f) const {
    if (all) {
      for (size_t i = first; i < last; ++i)
        if (!f(i)) return;
      return;
    }
    for (auto it = std::lower_bound(hit.begin(), hit.end(), static_cast<int>(first));
         it != hit.end() && static_cast<size_t>(*it) < last; ++it)
      if (!f(static_cast<size_t>(*it))) return;
  }
};

/// Call f(match span) for every non-overlapping, non-empty match of `re` inside `within`
/// (leftmost-first, left to right). The search sees the text before `within` as context (for
/// `^`, `\b`), not the text after it. Asks RE2 for the match bounds only (no capture groups:
/// the cheap DFA path), and allocates nothing. When `f` returns bool, false stops the walk.
template <class R, class F>
void for_each_span(const R& regex, std::string_view text, ByteSpan within, F&& f) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  if (!detail::may_match(regex, text, within)) return;
  const RE2& re = detail::engine(regex);
  size_t pos = within.begin;
  const re2::StringPiece input(text.data(), within.end);
  re2::StringPiece m;
  while (pos <= within.end) {
    if (!re.Match(input, pos, within.end, RE2::UNANCHORED, &m, 1)) break;
    const size_t b = m.data() - text.data();
    const size_t e = b + m.size();
    if (e > b) {
      const ByteSpan span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
      if constexpr (std::is_same_v<std::invoke_result_t<F&, ByteSpan>, bool>) {
        if (!f(span)) return;
      } else {
        f(span);
      }
    }
    pos = detail::next_search_pos(text, pos, b, e);
  }
}

/// Call f(match span, submatches) for every match for_each_span would give, with the capture
/// groups as views into the text (index 0 = whole match; an unset group is an empty view).
/// Use it only when the groups are needed: RE2 then runs its slower submatch engines. `f` may
/// itself call for_each_match; the buffers handed to it stay valid until it returns.
template <class R, class F>
void for_each_match(const R& regex, std::string_view text, ByteSpan within, F&& f) {
  if (!detail::may_match(regex, text, within)) return;
  const RE2& re = detail::engine(regex);
  const int n = 1 + re.NumberOfCapturingGroups();
  if (n == 1) {  // no groups: the span path, with a one-element view list
    detail::CaptureLease lease;
    auto& views = lease.get().views;
    views.resize(1);
    for_each_span(re, text, within, [&](ByteSpan m) {  // the RE2: the prefilter said yes
      views[0] = text.substr(m.begin, m.size());
      f(m, static_cast<const std::vector<std::string_view>&>(views));
    });
    return;
  }
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  detail::CaptureLease lease;
  auto& groups = lease.get().groups;
  auto& views = lease.get().views;
  groups.assign(n, re2::StringPiece());
  views.assign(n, std::string_view());
  size_t pos = within.begin;
  const re2::StringPiece input(text.data(), within.end);
  while (pos <= within.end) {
    if (!re.Match(input, pos, within.end, RE2::UNANCHORED, groups.data(), n)) break;
    const size_t b = groups[0].data() - text.data();
    const size_t e = b + groups[0].size();
    for (int i = 0; i < n; ++i)
      views[i] = groups[i].data() ? std::string_view(groups[i].data(), groups[i].size())
                                  : std::string_view();
    if (e > b)
      f(ByteSpan{static_cast<uint32_t>(b), static_cast<uint32_t>(e)},
        static_cast<const std::vector<std::string_view>&>(views));
    pos = detail::next_search_pos(text, pos, b, e);
  }
}

/// True when one of `res` matches inside `within` (the node alone: `^` is its start).
bool any_match(const RegexList& res, std::string_view text, ByteSpan within);
/// Spans of every match of any of `res` inside `within` (for_each_span of each pattern in list
/// order, then sorted by start, then end).
std::vector<ByteSpan> all_matches(const RegexList& res, std::string_view text, ByteSpan within);
/// Same, appended to `out` (cleared first) so a caller can reuse its buffer.
void all_matches(const RegexList& res, std::string_view text, ByteSpan within,
                 std::vector<ByteSpan>& out);
/// Matches of `res` that overlap none of `exclude`'s matches (the exclude list is only run
/// when `res` has a match).
std::vector<ByteSpan> matches_excluding(const RegexList& res, const RegexList& exclude,
                                        std::string_view text, ByteSpan within);
/// Number of matches of `res` inside `within` (as all_matches counts them: a span matched by
/// two patterns counts twice) for which `counts(span)` is true; counting stops at `limit`.
template <class Counts>
int64_t count_matches_if(const RegexList& res, std::string_view text, ByteSpan within,
                         int64_t limit, Counts&& counts);

/// True when `re` has a non-empty match inside `within`, as for_each_span would find one (the
/// text before `within` is context). For a pattern that cannot match empty
/// (prefilter::never_empty) RE2 answers yes or no without the match's bounds: its forward DFA
/// alone, never the reverse program it compiles to find where a match starts. Others are
/// walked span by span.
bool has_nonempty_match(const Regex& re, std::string_view text, ByteSpan within);
/// The same for any member of a list (screened by its Set as count_matches_if does):
/// count_matches_if(res, text, within, 1, counts) >= 1 for a `counts` that accepts every match.
bool has_nonempty_match(const RegexList& res, std::string_view text, ByteSpan within);

/// The matches of a list inside one node, found only as far as questions need them:
/// `overlaps(m)` == overlaps_any(m, all_matches(res, text, within)), but each pattern's search
/// stops at its first match starting at or after m.end, and patterns the list's Set rules out
/// are never searched. Nodes whose hits all lie early never pay for the rest of the node.
class LazyMatches {
 public:
  /// Start over on a node (keeps the buffers).
  void reset(const RegexList* res, std::string_view text, ByteSpan within);
  /// True when a match of the list overlaps `m`.
  bool overlaps(ByteSpan m);
  /// True when the list has no match in the node at all, so overlaps() is false for every m
  /// (a yes/no search per member, memoised for the node; a member's empty match counts as a
  /// match here, which only errs towards asking overlaps()).
  bool none();

 private:
  void start();
  struct Cursor {
    const Regex* re = nullptr;
    size_t pos = 0;  // where its search goes on: every match starting before it is in found
    bool done = false;
    // Its matches so far, in order: one pattern's walk gives disjoint spans, so both their
    // starts and their ends ascend and an overlap question is a binary search (a scan of
    // every match found, per question, was quadratic on a long document).
    std::vector<ByteSpan> found;
  };
  const RegexList* res_ = nullptr;
  std::string_view text_;
  ByteSpan within_;
  bool started_ = false;
  signed char none_ = -1;  ///< none()'s answer for the node, -1 until asked
  std::vector<Cursor> cursors_;  // [0, live_) in use; the rest keep their buffers
  size_t live_ = 0;
  std::vector<int> screened_;
};
/// True when `a` overlaps one of the (start-sorted) spans in `sorted`.
bool overlaps_any(ByteSpan a, const std::vector<ByteSpan>& sorted);

template <class Counts>
int64_t count_matches_if(const RegexList& res, std::string_view text, ByteSpan within,
                         int64_t limit, Counts&& counts) {
  int64_t n = 0;
  if (limit <= 0 || res.empty()) return n;
  auto count = [&](const Regex& re) {
    for_each_span(re, text, within, [&](ByteSpan m) {
      if (counts(m)) ++n;
      return n < limit;
    });
  };
  thread_local std::vector<int> hit;
  if (res.size() > 1 && res.screen_in(text, within, hit)) {
    // `count` never re-enters this function, so the thread's index buffer stays intact.
    for (int i : hit)
      if (n < limit) count(*res[i]);
  } else {
    for (auto& re : res)
      if (n < limit) count(*re);
  }
  return n;
}

namespace detail {
/// decode_utf8 for what its inline part leaves: two- and four-byte characters, invalid bytes.
char32_t decode_utf8_rest(std::string_view s, size_t pos, size_t* len);
}  // namespace detail

/// Decode the code point at `pos` (returns its length in `len`; invalid bytes are 1 byte).
/// Inline for ASCII and three-byte characters (Han, CJK and full-width punctuation): the
/// character-level checks and the literal pass call it once per character, and the whole
/// decoder was too big to be inlined there.
inline char32_t decode_utf8(std::string_view s, size_t pos, size_t* len) {
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  if ((c >> 4) == 14 && pos + 3 <= s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]), b2 = static_cast<unsigned char>(s[pos + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *len = 3;
      return (char32_t{c & 0x0Fu} << 12) | (char32_t{b1 & 0x3Fu} << 6) | (b2 & 0x3Fu);
    }
  }
  return detail::decode_utf8_rest(s, pos, len);
}

/// UTF-8 encoding of one code point.
std::string encode_utf8(char32_t c);

/// Years written as 4 Arabic digits followed by 年 (optionally 度), not part of a range
/// ("2021—2025年") and not preceded by 到/至 ("到2027年" is a target, not the period).
struct YearMention {
  int year = 0;
  ByteSpan span;
};
std::vector<YearMention> years_in(std::string_view text, ByteSpan within);

/// Heading path text of a section's heading (marker + title, terminal mark dropped).
std::string heading_text(std::string_view text, const outline::Section& s);

}  // namespace fz::checks
