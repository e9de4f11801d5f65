// Regex: one rule pattern, compiled to an RE2 program on first use when it comes from the
// shipped rule pack, at once when it comes from the user.
//
// Building RE2 programs (Compiler::Finish: flattening, byte maps) was more than half of a
// one-file run, while a report needs only part of the shipped patterns: the literal prefilter
// (prefilter.h) and the lists' RE2::Set screens rule the others out before they are searched.
// Invariants:
//  * Trust decides when a pattern is validated. A pattern compiled while a `TrustedPatterns`
//    scope is active on the thread (the engine opens one only for a rule that comes, with the
//    genre and terms it reads, from the shipped pack and no config override) is kept as text and
//    compiled by the first get(). Every other pattern (a --rules file, rule_dirs, a
//    .fzlint.toml override, a user genre or terms file) is compiled and checked against the
//    limits of util.h at load, so its errors still carry path:line:col.
//  * The shipped pack's patterns are valid and within those limits: tests/test_regex_lazy.cpp
//    builds the shipped rule set with every pattern compiled at load (RegexCompilation::Eager)
//    and requires it to succeed. Should one ever fail to compile lazily, get() returns RE2's
//    error object, which matches nothing (never a crash).
//  * get() is thread-safe and compiles at most once per Regex (std::call_once; the threads of a
//    batch share one rule set). The compiled RE2 is the one eager compilation builds: same
//    pattern, same options, so results never depend on when it was compiled.
//  * A Regex never moves (rules hold it by RegexPtr; the prefilter keys on its address).
//  * Deferred patterns with the same text and options share one RE2 program, compiled once per
//    process and kept for its life (regex.cpp); the shipped pack bounds their number.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace fz::checks {

/// Compilation policy for trusted patterns (process-wide; tests compare both). Eager compiles
/// every pattern at load, as before lazy compilation existed.
enum class RegexCompilation { Lazy, Eager };
void set_regex_compilation(RegexCompilation c);
RegexCompilation regex_compilation();

/// While alive, patterns compiled on this thread come from the shipped pack (see above).
/// Scopes nest; `trusted = false` ends trust inside an outer scope.
class TrustedPatterns {
 public:
  explicit TrustedPatterns(bool trusted);
  ~TrustedPatterns();
  TrustedPatterns(const TrustedPatterns&) = delete;
  TrustedPatterns& operator=(const TrustedPatterns&) = delete;
  /// True when a pattern compiled now on this thread may wait for its first use.
  static bool active();

 private:
  bool saved_;
};

/// Process-wide counts (tests and benches): patterns deferred, and of those compiled since.
struct RegexCounts {
  size_t deferred = 0;
  size_t compiled = 0;  ///< deferred Regexes that have their program
  size_t programs = 0;  ///< RE2 programs built for them (distinct text and options)
  size_t sets = 0;      ///< RE2::Sets built by shared_set (distinct lists and options)
  size_t warmed = 0;    ///< of `programs`, those built ahead by warm_program
};
RegexCounts regex_counts();

/// Build the shared program a deferred Regex of this text and options would compile, now, so
/// that its first get() finds it built (engine::warm_programs: a one-file check builds the
/// costliest on the core that is idle while the rule set is built). The program is the one
/// get() would build: same text, same options, same table. False when it was built already
/// (or is being built). Lazy compilation only; a pattern RE2 refuses is built as get() would
/// build it (its error object, which matches nothing).
bool warm_program(const std::string& pattern, const RE2::Options& opts);

/// The capturing groups of a pattern RE2 parses, read from its text without compiling: their
/// number and the named ones ((?P<name>…)) by index, as RE2's NumberOfCapturingGroups() and
/// NamedCapturingGroups() give them (tests/test_regex_lazy.cpp compares them on every string
/// of the shipped pack).
struct PatternGroups {
  int count = 0;
  std::map<std::string, int> named;
};
PatternGroups scan_groups(std::string_view pattern);

/// An unanchored RE2::Set of `patterns` (added in this order, every one with `opts`), built once
/// per process for each distinct list and options, like the programs of deferred patterns, and
/// kept for the process's life; null when RE2 refuses it (a pattern it cannot add, a program
/// over `opts.max_mem()`). For lists whose members are all trusted (Regex::trusted): the shipped
/// pack gives several rules the same list (the seed built one ten-pattern Set three times), and
/// the LSP and serve build a rule set again per configuration. Thread-safe; RE2::Set::Match is
/// const, so the lists that share a Set may run it on any thread at once.
const RE2::Set* shared_set(const std::vector<const std::string*>& patterns, const RE2::Options& opts);
/// The same Set built for the caller alone (lists with a user's pattern); null when RE2 refuses it.
std::unique_ptr<RE2::Set> build_set(const std::vector<const std::string*>& patterns, const RE2::Options& opts);

class Regex {
 public:
  /// A trusted pattern, compiled on first use.
  static std::unique_ptr<Regex> deferred(std::string pattern, const RE2::Options& opts);
  /// A pattern compiled (and checked) already, wrapped.
  static std::unique_ptr<Regex> compiled(std::unique_ptr<RE2> re);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  /// The compiled RE2 (compiled now on first use).
  const RE2& get() const {
    const RE2* re = re_.load(std::memory_order_acquire);
    return re ? *re : compile();
  }
  operator const RE2&() const { return get(); }  // NOLINT: RE2::PartialMatch(s, *regex)
  /// True for a pattern of the shipped pack (made by deferred()), compiled yet or not.
  bool trusted() const { return trusted_; }
  /// True once compiled (tests and benches).
  bool compiled() const { return re_.load(std::memory_order_acquire) != nullptr; }

  // What rules ask of a pattern. pattern() and options() never compile; the rest do.
  const std::string& pattern() const { return pattern_; }
  const RE2::Options& options() const { return options_; }
  bool ok() const { return get().ok(); }
  /// RE2's answers; before compilation, from the pattern's text (scan_groups).
  int NumberOfCapturingGroups() const {
    return compiled() ? get().NumberOfCapturingGroups() : groups_.count;
  }
  const std::map<std::string, int>& NamedCapturingGroups() const {
    return compiled() ? get().NamedCapturingGroups() : groups_.named;
  }
  /// RE2::Match. An unanchored search over a long stretch of the active document (the literal
  /// prefilter's) looks only near the occurrences of the pattern's literals when the pattern's
  /// matches are bounded (match_windowed); the result is the one RE2 gives on the whole stretch.
  bool Match(const re2::StringPiece& text, size_t startpos, size_t endpos, RE2::Anchor anchor,
             re2::StringPiece* submatch, int nsubmatch) const {
    if (anchor == RE2::UNANCHORED && endpos > startpos && endpos - startpos >= kWindowedSearch &&
        endpos <= text.size())
      return match_windowed(text, startpos, endpos, submatch, nsubmatch);
    return get().Match(text, startpos, endpos, anchor, submatch, nsubmatch);
  }
  /// Stretches shorter than this are searched whole.
  static constexpr size_t kWindowedSearch = 1024;
  /// The most bytes a match can span (prefilter::max_match_bytes, memoised), or nullopt.
  std::optional<size_t> max_match_bytes() const;
  int ProgramSize() const { return get().ProgramSize(); }
  bool Rewrite(std::string* out, const re2::StringPiece& rewrite, const re2::StringPiece* vec,
               int veclen) const {
    return get().Rewrite(out, rewrite, vec, veclen);
  }
  /// RE2::CheckRewriteString. Before compilation a template whose backslashes each introduce
  /// a group number no larger than the group count is valid without compiling; anything else
  /// asks RE2 (for its exact message).
  bool CheckRewriteString(const re2::StringPiece& rewrite, std::string* error) const;

 private:
  Regex(std::string pattern, const RE2::Options& opts) : pattern_(std::move(pattern)), options_(opts) {}
  const RE2& compile() const;
  bool match_windowed(const re2::StringPiece& text, size_t startpos, size_t endpos,
                      re2::StringPiece* submatch, int nsubmatch) const;

  std::string pattern_;
  RE2::Options options_;
  PatternGroups groups_;  ///< scanned for a deferred pattern (empty for a compiled one)
  mutable std::once_flag once_;
  mutable std::atomic<const RE2*> re_{nullptr};  ///< set once (release), read with acquire
  mutable bool shared_ = false;  ///< re_ belongs to the process-wide table of deferred patterns
  bool trusted_ = false;         ///< made by deferred()

 public:
  // Answers the literal prefilter keeps on the pattern (checks/prefilter.cpp).
  /// never_empty's answer (-1 until first asked).
  std::atomic<signed char>& never_empty_memo() const { return never_empty_; }
  /// may_match's look-up: the Prefilter's generation (high 32 bits) and the pattern's unit + 1
  /// there, or 0 when unfiltered; 0 until first asked.
  std::atomic<uint64_t>& prefilter_memo() const { return prefilter_memo_; }

 private:
  mutable std::atomic<signed char> never_empty_{-1};
  mutable std::atomic<uint64_t> prefilter_memo_{0};
  mutable std::atomic<int64_t> max_bytes_memo_{-2};  ///< -2 not asked, -1 unbounded
};

}  // namespace fz::checks
