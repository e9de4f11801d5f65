#include "checks/regex.h"

#include <algorithm>

#include "checks/prefilter.h"

namespace fz::checks {

namespace {
std::atomic<RegexCompilation> g_compilation{RegexCompilation::Lazy};
std::atomic<size_t> g_deferred{0}, g_compiled{0}, g_programs{0}, g_sets{0}, g_warmed{0};
thread_local bool t_trusted = false;
}  // namespace

void set_regex_compilation(RegexCompilation c) { g_compilation.store(c); }
RegexCompilation regex_compilation() { return g_compilation.load(); }

TrustedPatterns::TrustedPatterns(bool trusted) : saved_(t_trusted) { t_trusted = trusted; }
TrustedPatterns::~TrustedPatterns() { t_trusted = saved_; }
bool TrustedPatterns::active() {
  return t_trusted && regex_compilation() == RegexCompilation::Lazy;
}

RegexCounts regex_counts() {
  return {g_deferred.load(), g_compiled.load(), g_programs.load(), g_sets.load(), g_warmed.load()};
}

std::unique_ptr<Regex> Regex::deferred(std::string pattern, const RE2::Options& opts) {
  g_deferred.fetch_add(1, std::memory_order_relaxed);
  std::unique_ptr<Regex> out(new Regex(std::move(pattern), opts));
  out->groups_ = scan_groups(out->pattern_);
  out->trusted_ = true;
  return out;
}

std::unique_ptr<Regex> Regex::compiled(std::unique_ptr<RE2> re) {
  std::unique_ptr<Regex> out(new Regex(re->pattern(), re->options()));
  out->re_.store(re.release(), std::memory_order_release);
  return out;
}

Regex::~Regex() {
  if (!shared_) delete re_.load(std::memory_order_acquire);
}

namespace {

// Deferred patterns compiled once per process for each distinct text and options: the shipped
// pack repeats patterns across rules (the seed compiles 140, 130 of them distinct), and the
// LSP and serve build a rule set again for each configuration. Only trusted (shipped) patterns
// come here, so the table is bounded by the pack; its programs live as long as the process.
struct Shared {
  std::once_flag once;
  std::atomic<const RE2*> re{nullptr};
};

std::string options_key(const RE2::Options& o) {
  std::string k;
  for (bool b : {o.posix_syntax(), o.longest_match(), o.literal(), o.never_nl(), o.dot_nl(), o.never_capture(),
                 o.case_sensitive(), o.perl_classes(), o.word_boundary(), o.one_line()})
    k += b ? '1' : '0';
  k += std::to_string(static_cast<int>(o.encoding())) + ':' + std::to_string(o.max_mem()) + ':';
  return k;
}

Shared& shared_for(const std::string& pattern, const RE2::Options& o) {
  static std::mutex mu;
  static auto* table = new std::map<std::string, std::unique_ptr<Shared>>();  // never destroyed
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = (*table)[options_key(o) + pattern];
  if (!slot) slot = std::make_unique<Shared>();
  return *slot;
}

struct SharedSet {
  std::once_flag once;
  std::unique_ptr<RE2::Set> set;  ///< null when RE2 refused the list
};

}  // namespace

const RE2::Set* shared_set(const std::vector<const std::string*>& patterns, const RE2::Options& opts) {
  // The key: the options, then each pattern with its length (no separator can be confused
  // with pattern text).
  std::string key = options_key(opts);
  for (const std::string* p : patterns) key += std::to_string(p->size()) + ':' + *p;
  SharedSet* slot;
  {
    static std::mutex mu;
    static auto* table = new std::map<std::string, std::unique_ptr<SharedSet>>();  // never destroyed
    std::lock_guard<std::mutex> lock(mu);
    auto& s = (*table)[std::move(key)];
    if (!s) s = std::make_unique<SharedSet>();
    slot = s.get();
  }
  std::call_once(slot->once, [&] {
    slot->set = build_set(patterns, opts);
    if (slot->set) g_sets.fetch_add(1, std::memory_order_relaxed);
  });
  return slot->set.get();
}

std::unique_ptr<RE2::Set> build_set(const std::vector<const std::string*>& patterns, const RE2::Options& opts) {
  auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  for (const std::string* p : patterns)
    if (set->Add(*p, nullptr) < 0) return nullptr;
  if (!set->Compile()) return nullptr;
  return set;
}

namespace {

/// Builds the shared program of `sh` once (the first caller; the others wait for it); true for
/// the caller that built it.
bool build_shared(Shared& sh, const std::string& pattern, const RE2::Options& opts) {
  bool built = false;
  std::call_once(sh.once, [&] {
    sh.re.store(new RE2(pattern, opts), std::memory_order_release);
    g_programs.fetch_add(1, std::memory_order_relaxed);
    built = true;
  });
  return built;
}

}  // namespace

bool warm_program(const std::string& pattern, const RE2::Options& opts) {
  Shared& sh = shared_for(pattern, opts);
  if (sh.re.load(std::memory_order_acquire) || !build_shared(sh, pattern, opts)) return false;
  g_warmed.fetch_add(1, std::memory_order_relaxed);
  return true;
}

const RE2& Regex::compile() const {
  // One thread compiles; the others wait for it in call_once and then read the published
  // pointer (the store happens inside call_once, so its completion orders it before them).
  std::call_once(once_, [this] {
    Shared& sh = shared_for(pattern_, options_);
    build_shared(sh, pattern_, options_);
    g_compiled.fetch_add(1, std::memory_order_relaxed);
    shared_ = true;
    re_.store(sh.re.load(std::memory_order_acquire), std::memory_order_release);
  });
  return *re_.load(std::memory_order_acquire);
}

std::optional<size_t> Regex::max_match_bytes() const {
  int64_t v = max_bytes_memo_.load(std::memory_order_relaxed);
  if (v == -2) {
    const auto w = prefilter::max_match_bytes(pattern_);
    v = w ? static_cast<int64_t>(*w) : -1;
    max_bytes_memo_.store(v, std::memory_order_relaxed);  // the same answer from any thread
  }
  if (v < 0) return std::nullopt;
  return static_cast<size_t>(v);
}

// A match lies within M bytes (max_match_bytes) and contains an occurrence of one of the
// pattern's required literals (prefilter::occurrences). So, with q the first occurrence that
// begins at or after `pos`:
//  * no match begins in [pos, q.begin - M): its literal would begin at or after q.begin, more
//    than M bytes on;
//  * every match that begins in [q.begin - M, q.begin] ends by q.begin + M, so RE2 on that window
//    finds the leftmost of them, the same match as on the whole text (it reads the bytes around
//    the window as context, for ^ $ \b);
//  * a match the window finds beginning after q.begin may have been cut short by the window's
//    end: it is set aside, and the search goes on from q.begin + 1 with the next occurrence.
// When the windows left would cover more than half of what is left, the rest is searched whole.
// tests/test_prefilter.cpp compares the two searches on every shipped pattern and fixture.
bool Regex::match_windowed(const re2::StringPiece& text, size_t startpos, size_t endpos,
                           re2::StringPiece* submatch, int nsubmatch) const {
  const RE2& re = get();
  uint32_t shift = 0;
  const std::vector<ByteSpan>* occ =
      prefilter::occurrences(*this, std::string_view(text.data(), text.size()), &shift);
  const std::optional<size_t> most = occ ? max_match_bytes() : std::nullopt;
  if (!occ || !most || *most == 0)
    return re.Match(text, startpos, endpos, RE2::UNANCHORED, submatch, nsubmatch);
  const size_t m = *most;
  auto by_begin = [](const ByteSpan& a, size_t b) { return a.begin < b; };
  auto it = std::lower_bound(occ->begin(), occ->end(), shift + startpos, by_begin);
  const auto stop = std::lower_bound(it, occ->end(), shift + endpos, by_begin);
  size_t pos = startpos;
  for (; it != stop; ++it) {
    const size_t qb = it->begin - shift, qe = it->end - shift;
    if (qb < pos || qe > endpos) continue;  // a match inside [pos, endpos) cannot hold it
    if (static_cast<size_t>(stop - it) * 2 * m > (endpos - pos) / 2)
      return re.Match(text, pos, endpos, RE2::UNANCHORED, submatch, nsubmatch);
    const size_t from = qb > pos + m ? qb - m : pos;
    const size_t to = std::min(endpos, qb + m);
    // Without submatches the question is only whether a match exists, and any the window holds
    // is one of the whole stretch's (asking where it begins would build RE2's reverse program,
    // a compile the whole-stretch search never needs).
    if (re.Match(text, from, to, RE2::UNANCHORED, submatch, nsubmatch) &&
        (nsubmatch == 0 || static_cast<size_t>(submatch[0].data() - text.data()) <= qb))
      return true;
    pos = qb + 1;
  }
  return false;
}

bool Regex::CheckRewriteString(const re2::StringPiece& rewrite, std::string* error) const {
  if (!compiled()) {
    bool plain = true;
    for (size_t i = 0; i < rewrite.size() && plain; ++i) {
      if (rewrite[i] != '\\') continue;
      const bool digit = i + 1 < rewrite.size() && rewrite[i + 1] >= '0' && rewrite[i + 1] <= '9';
      plain = digit && rewrite[i + 1] - '0' <= groups_.count;
      ++i;
    }
    if (plain) return true;
  }
  return get().CheckRewriteString(rewrite, error);
}

PatternGroups scan_groups(std::string_view s) {
  PatternGroups g;
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 < n && s[i + 1] == 'Q') {  // \Q…\E: literal text up to \E (or the end)
        const size_t e = s.find("\\E", i + 2);
        if (e == std::string_view::npos) break;
        i = e + 1;
      } else {
        ++i;  // the escaped character (an escape's further bytes never contain ( [ or \)
      }
    } else if (c == '[') {
      // A class: skip to its closing ']' (one right after [ or [^ is literal; [:name:] and
      // escapes inside cannot close it).
      size_t j = i + 1;
      if (j < n && s[j] == '^') ++j;
      if (j < n && s[j] == ']') ++j;
      while (j < n && s[j] != ']') {
        if (s[j] == '\\') {
          j += 2;
        } else if (s[j] == '[' && j + 1 < n && s[j + 1] == ':') {
          const size_t e = s.find(":]", j + 2);
          j = e == std::string_view::npos ? j + 1 : e + 2;
        } else {
          ++j;
        }
      }
      i = j;
    } else if (c == '(') {
      if (i + 1 < n && s[i + 1] == '?') {
        if (i + 3 < n && s[i + 2] == 'P' && s[i + 3] == '<') {  // (?P<name>
          const size_t e = s.find('>', i + 4);
          if (e == std::string_view::npos) break;
          g.named.emplace(std::string(s.substr(i + 4, e - i - 4)), ++g.count);
          i = e;
        }
      } else {
        ++g.count;
      }
    }
  }
  return g;
}

}  // namespace fz::checks
