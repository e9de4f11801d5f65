// Required-literal analysis of RE2 patterns, the literal pass and the per-document
// skip test (see prefilter.h).
#include "checks/prefilter.h"

#include <cstring>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "checks/util.h"

namespace fz::checks::prefilter {

// ---------------------------------------------------------------------------------------------
// Literal analysis
//
// Each regex node gets an Info: the exact strings it can match when there are few (a literal, a
// small class, an optional literal: {"", "年"}), and a requirement: literals one of which every
// match of the node contains. A concatenation multiplies out runs of exact nodes ("20" "2[45]"
// "年" → {"2024年", "2025年"}) and keeps the most selective requirement of its parts; an
// alternation needs a requirement from every branch and takes their union; a repetition with
// minimum 0 gives none. Anything the parser does not know makes the whole pattern unfiltered.
//
// Each Info also bounds the bytes a match of its node can span (`width`, kUnbounded under `*`,
// `+` or `{n,}`): a character class or `.` counts 4 (the longest UTF-8 sequence), unless its
// members are known; concatenation adds, alternation takes the longest, {n,m} multiplies by m.
// max_match_bytes() reads it for the windowed search (Regex::Match).
namespace {

constexpr size_t kMaxExact = 16;   // exact strings kept per node
constexpr size_t kMaxReq = 256;    // literals in one requirement
constexpr size_t kMaxClass = 8;    // a class of more code points gives no exact strings
// Shortest useful literal: one Han character (3 bytes), a quote mark or 年 occurs in nearly every
// sentence, so a pattern whose requirement includes one is scanned anyway, and its literals
// would only slow the literal pass down (measured: 4 bytes = two Han characters).
constexpr size_t kMinLiteral = 4;

using Strings = std::vector<std::string>;

constexpr long kUnbounded = -1;
constexpr long kAnyChar = 4;  // bytes of the longest code point

struct Info {
  bool exact_known = false;
  Strings exact;  // sorted, unique; may contain ""
  std::optional<Strings> req;
  long width = 0;  // longest match in bytes, or kUnbounded
};

Info no_info(long width = kAnyChar) {
  Info i;
  i.width = width;
  return i;
}
Info exact_of(Strings s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  Info i;
  i.exact_known = true;
  for (auto& x : s) i.width = std::max(i.width, static_cast<long>(x.size()));
  i.exact = std::move(s);
  return i;
}
Info empty_width() { return exact_of({""}); }

// Larger is more selective: the shortest literal's length first (a one-byte "年" byte sequence
// occurs everywhere), then fewer literals.
bool more_selective(const Strings& a, const Strings& b) {
  auto shortest = [](const Strings& s) {
    size_t m = SIZE_MAX;
    for (auto& x : s) m = std::min(m, x.size());
    return m;
  };
  const size_t sa = shortest(a), sb = shortest(b);
  if (sa != sb) return sa > sb;
  return a.size() < b.size();
}

std::optional<Strings> better(std::optional<Strings> a, std::optional<Strings> b) {
  if (!a) return b;
  if (!b) return a;
  return more_selective(*b, *a) ? b : a;
}

// By value: a caller done with its Info moves it in, and its strings move instead of being
// copied (the analysis of every shipped pattern at start-up was mostly these copies).
std::optional<Strings> best(Info i) {
  std::optional<Strings> e;
  if (i.exact_known && !i.exact.empty() &&
      std::none_of(i.exact.begin(), i.exact.end(), [](auto& s) { return s.empty(); }))
    e = std::move(i.exact);
  return better(std::move(e), std::move(i.req));
}

Info concat(const std::vector<Info>& items) {
  long width = 0;
  for (auto& it : items) width = width == kUnbounded || it.width == kUnbounded ? kUnbounded : width + it.width;
  Strings run{""};  // exact strings of the current run of exact items
  bool whole_exact = true;
  std::optional<Strings> req;
  for (auto& it : items) {
    if (it.exact_known && run.size() == 1 && it.exact.size() == 1) {
      run[0] += it.exact[0];  // the common case (a run of literal characters), without copies
      continue;
    }
    if (it.exact_known && run.size() * it.exact.size() <= kMaxExact) {
      Strings next;
      for (auto& a : run)
        for (auto& b : it.exact) next.push_back(a + b);
      run = exact_of(std::move(next)).exact;
      continue;
    }
    whole_exact = false;
    req = better(std::move(req), best(exact_of(std::move(run))));
    if (it.exact_known) {
      run = it.exact;
    } else {
      req = better(std::move(req), best(it));
      run = {""};
    }
  }
  Info last = exact_of(std::move(run));
  req = better(std::move(req), best(last));
  Info r;
  if (whole_exact) r = std::move(last);
  r.req = std::move(req);
  r.width = width;
  return r;
}

Info alternate(const std::vector<Info>& alts) {
  long width = 0;
  for (auto& a : alts) width = width == kUnbounded || a.width == kUnbounded ? kUnbounded : std::max(width, a.width);
  Info r;
  bool all_exact = true;
  Strings ex;
  for (auto& a : alts) {
    if (!a.exact_known) all_exact = false;
    else ex.insert(ex.end(), a.exact.begin(), a.exact.end());
  }
  if (all_exact && ex.size() <= kMaxExact) r = exact_of(std::move(ex));
  r.width = width;
  Strings req;
  for (auto& a : alts) {
    auto b = best(a);
    if (!b) return r;
    req.insert(req.end(), b->begin(), b->end());
  }
  std::sort(req.begin(), req.end());
  req.erase(std::unique(req.begin(), req.end()), req.end());
  if (req.size() <= kMaxReq) r.req = std::move(req);
  return r;
}

Info repeat(const Info& x, int min, int max) {
  if (min == 1 && max == 1) return x;
  const long width = max < 0 || x.width == kUnbounded ? kUnbounded : x.width * max;
  if (min == 0) {
    if (max == 1 && x.exact_known) {
      Strings e = x.exact;
      e.push_back("");
      return exact_of(std::move(e));
    }
    return no_info(width);
  }
  Info r;
  r.req = best(x);
  r.width = width;
  return r;
}

class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  /// `any_length`: keep literals of any length (one code point included), for a whole-text test
  /// rather than the literal pass's index.
  std::optional<Strings> run(bool any_length = false) {
    Info root = alternation();
    if (bad_ || i_ != p_.size()) return std::nullopt;
    auto b = best(std::move(root));
    if (!b || b->empty()) return std::nullopt;
    if (any_length) return std::none_of(b->begin(), b->end(), [](auto& s) { return s.empty(); }) ? b : std::nullopt;
    for (auto& s : *b) {
      if (s.size() < kMinLiteral) return std::nullopt;
      size_t n = 0;
      decode_utf8(s, 0, &n);
      if (n >= s.size()) return std::nullopt;  // one code point (𠀀 is 4 bytes)
    }
    return b;
  }

  /// The longest match in bytes; nullopt when unbounded or not understood.
  std::optional<size_t> width() {
    Info root = alternation();
    if (bad_ || i_ != p_.size() || root.width == kUnbounded) return std::nullopt;
    return static_cast<size_t>(root.width);
  }

 private:
  std::string_view p_;
  size_t i_ = 0;
  bool bad_ = false;
  int depth_ = 0;

  bool eof() const { return i_ >= p_.size(); }
  char peek() const { return eof() ? '\0' : p_[i_]; }
  Info fail() {
    bad_ = true;
    i_ = p_.size();
    return no_info();
  }

  Info alternation() {
    if (++depth_ > 200) return fail();
    std::vector<Info> alts{sequence()};
    while (!bad_ && peek() == '|') {
      ++i_;
      alts.push_back(sequence());
    }
    --depth_;
    if (alts.size() == 1) return std::move(alts[0]);
    return alternate(alts);
  }

  Info sequence() {
    std::vector<Info> items;
    while (!bad_ && !eof() && peek() != '|' && peek() != ')') {
      Info a = atom();
      for (;;) {
        int min = 0, max = 0;
        if (peek() == '*') { min = 0; max = -1; ++i_; }
        else if (peek() == '+') { min = 1; max = -1; ++i_; }
        else if (peek() == '?') { min = 0; max = 1; ++i_; }
        else if (peek() == '{' && counted(&min, &max)) {}
        else break;
        if (peek() == '?') ++i_;  // non-greedy: same matches exist
        a = repeat(a, min, max);
      }
      items.push_back(std::move(a));
    }
    if (items.empty()) return empty_width();
    if (items.size() == 1) return std::move(items[0]);
    return concat(items);
  }

  // {n}, {n,}, {n,m} at i_ (consumed when valid; otherwise `{` is a literal, as in RE2).
  bool counted(int* min, int* max) {
    size_t j = i_ + 1;
    auto number = [&](int* out) {
      const size_t s = j;
      long v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && j - s < 5) v = v * 10 + (p_[j++] - '0');
      if (j == s) return false;
      *out = static_cast<int>(v);
      return true;
    };
    if (!number(min)) return false;
    if (j < p_.size() && p_[j] == '}') {
      *max = *min;
    } else if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (j < p_.size() && p_[j] == '}') *max = -1;
      else if (!number(max)) return false;
      if (j >= p_.size() || p_[j] != '}') return false;
    } else {
      return false;
    }
    i_ = j + 1;
    return true;
  }

  // One code point at i_ as UTF-8 bytes (invalid bytes: give up).
  std::string code_point() {
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i_ + n > p_.size()) {
      fail();
      return {};
    }
    std::string s(p_.substr(i_, n));
    i_ += n;
    return s;
  }

  Info atom() {
    const char c = peek();
    if (c == '(') return group();
    if (c == '[') return char_class();
    if (c == '.') { ++i_; return no_info(); }
    if (c == '^' || c == '$') { ++i_; return empty_width(); }
    if (c == '\\') return escape();
    if (c == '*' || c == '+' || c == '?') return fail();  // RE2 rejects these; be safe
    std::string s = code_point();
    if (bad_) return no_info();
    return exact_of({s});
  }

  Info group() {
    ++i_;  // (
    if (peek() == '?') {
      ++i_;
      if (peek() == 'P' || peek() == '<') {
        if (peek() == 'P') ++i_;
        if (peek() != '<') return fail();
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return fail();
        i_ = close + 1;
      } else {
        // Flags: (?flags) or (?flags:re). Case folding would need folded literals: give up.
        bool negated = false;
        while (!eof() && peek() != ':' && peek() != ')') {
          const char f = peek();
          if (f == '-') negated = true;
          else if (f == 'i' && !negated) return fail();
          else if (f != 'm' && f != 's' && f != 'U' && f != 'i') return fail();
          ++i_;
        }
        if (eof()) return fail();
        if (peek() == ')') {
          ++i_;
          return empty_width();
        }
        ++i_;  // :
      }
    }
    Info inner = alternation();
    if (bad_ || peek() != ')') return fail();
    ++i_;
    return inner;
  }

  // Code point of an escape that stands for one character, or -1 for a class escape (\d …),
  // -2 for an empty-width assertion; gives up on what it does not know.
  long escape_code(bool in_class) {
    ++i_;  // backslash
    if (eof()) { fail(); return -1; }
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    if (c >= 0x80) { fail(); return -1; }
    ++i_;
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W': case 'C': return -1;
      case 'p': case 'P':
        if (peek() == '{') {
          const size_t close = p_.find('}', i_);
          if (close == std::string_view::npos) { fail(); return -1; }
          i_ = close + 1;
        } else if (!eof()) {
          ++i_;
        }
        return -1;
      case 'b': case 'B': case 'A': case 'z':
        if (in_class) { fail(); return -1; }
        return -2;
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'a': return '\a';
      case 'x': {
        long v = 0;
        if (peek() == '{') {
          ++i_;
          size_t digits = 0;
          while (!eof() && std::isxdigit(static_cast<unsigned char>(peek())) && digits < 8) {
            v = v * 16 + std::stol(std::string(1, peek()), nullptr, 16);
            ++i_;
            ++digits;
          }
          if (peek() != '}' || digits == 0) { fail(); return -1; }
          ++i_;
        } else {
          for (int k = 0; k < 2; ++k) {
            if (eof() || !std::isxdigit(static_cast<unsigned char>(peek()))) { fail(); return -1; }
            v = v * 16 + std::stol(std::string(1, peek()), nullptr, 16);
            ++i_;
          }
        }
        if (v > 0x10FFFF) { fail(); return -1; }
        return v;
      }
      default:
        if (std::isalnum(c) || c == '_') { fail(); return -1; }  // \Q, \1, \E … : unknown here
        return c;  // escaped punctuation is itself
    }
  }

  Info escape() {
    const long v = escape_code(false);
    if (bad_) return no_info();
    if (v == -1) return no_info();
    if (v == -2) return empty_width();
    return exact_of({encode_utf8(static_cast<char32_t>(v))});
  }

  Info char_class() {
    ++i_;  // [
    bool negated = false, big = false;
    if (peek() == '^') { negated = true; ++i_; }
    Strings chars;
    size_t count = 0;
    long widest = 0;  // bytes of the longest member (a class escape or POSIX class: kAnyChar)
    bool first = true;
    while (!eof() && (peek() != ']' || first)) {
      first = false;
      // One item: a POSIX class, an escape, or a code point; maybe the start of a range.
      long lo;
      if (peek() == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') {
        const size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail();
        i_ = close + 2;
        big = true;
        widest = kAnyChar;
        continue;
      }
      if (peek() == '\\') {
        lo = escape_code(true);
        if (bad_) return no_info();
        if (lo < 0) { big = true; widest = kAnyChar; continue; }
      } else {
        const std::string s = code_point();
        if (bad_) return no_info();
        lo = decode(s);
      }
      long hi = lo;
      if (peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        if (peek() == '\\') {
          hi = escape_code(true);
          if (bad_ || hi < 0) return fail();
        } else {
          const std::string s = code_point();
          if (bad_) return no_info();
          hi = decode(s);
        }
        if (hi < lo) return fail();
      }
      count += static_cast<size_t>(hi - lo + 1);
      widest = std::max(widest, hi < 0x80 ? 1L : hi < 0x800 ? 2L : hi < 0x10000 ? 3L : 4L);
      if (count > kMaxClass) big = true;
      if (!big)
        for (long cp = lo; cp <= hi; ++cp) chars.push_back(encode_utf8(static_cast<char32_t>(cp)));
    }
    if (eof()) return fail();
    ++i_;  // ]
    if (negated || big || chars.empty()) return no_info(negated ? kAnyChar : widest);
    return exact_of(std::move(chars));
  }

  static long decode(const std::string& s) {
    const unsigned char c = static_cast<unsigned char>(s[0]);
    if (s.size() == 1) return c;
    long v = c & (0x7F >> s.size());
    for (size_t k = 1; k < s.size(); ++k) v = (v << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    return v;
  }
};

}  // namespace

std::optional<std::vector<std::string>> analyse_literals(std::string_view pattern) {
  return Parser(pattern).run();
}

std::optional<std::vector<std::string>> any_required_literals(std::string_view pattern) {
  return Parser(pattern).run(true);
}

std::optional<size_t> max_match_bytes(std::string_view pattern) { return Parser(pattern).width(); }

namespace {

// The stored answers, by pattern text (the strings are the table's own, which lives as long as
// the process).
struct Stored {
  std::vector<rules::PatternLiterals> table;
  std::unordered_map<std::string_view, const std::optional<std::vector<std::string>>*> by_text;
};
std::atomic<const Stored*> g_stored{nullptr};
std::atomic<size_t> g_analyses{0};

}  // namespace

void install_stored(std::vector<rules::PatternLiterals> table) {
  static std::once_flag once;
  std::call_once(once, [&] {
    auto* st = new Stored{std::move(table), {}};  // never destroyed
    st->by_text.reserve(st->table.size());
    for (const auto& e : st->table) st->by_text.emplace(e.pattern, &e.literals);
    g_stored.store(st, std::memory_order_release);
  });
}

size_t analyses() { return g_analyses.load(); }

std::optional<std::vector<std::string>> required_literals(std::string_view pattern) {
  if (const Stored* st = g_stored.load(std::memory_order_acquire))
    if (auto it = st->by_text.find(pattern); it != st->by_text.end()) return *it->second;
  g_analyses.fetch_add(1, std::memory_order_relaxed);
  return analyse_literals(pattern);
}

std::vector<rules::PatternLiterals> analyse_all(const std::vector<std::string>& strings) {
  std::vector<rules::PatternLiterals> out;
  out.reserve(strings.size());
  for (const auto& s : strings) out.push_back({s, analyse_literals(s)});
  return out;
}

// ---------------------------------------------------------------------------------------------
// The automaton and the per-document state

uint32_t next_generation() {
  static std::atomic<uint32_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

class Prefilter {
 public:
  // Registration (Collector).
  // Keyed by address, but an address can be reused by another Regex once the first is freed (a
  // pattern compiled only to be validated, say). So each entry keeps its pattern, and a look-up
  // only counts when the pattern and the options that decide matching are the same: the
  // literals are a function of those alone, whichever object carries them.
  struct Entry {
    std::string pattern;
    std::vector<uint32_t> literals;
  };
  std::unordered_map<const Regex*, Entry> pending;  // pattern → literal ids
  std::unordered_map<std::string, uint32_t> literal_ids;
  std::vector<std::string> literals;
  std::vector<std::vector<uint32_t>> pending_groups;  // literal ids per group
  size_t registered = 0;

  // Built (finish).
  /// This Prefilter among all the process makes (never 0, never reused): the key of the
  /// answer may_match memoises on each Regex (Regex::prefilter_memo).
  const uint32_t generation = next_generation();
  struct Unit {
    std::string pattern;
    uint32_t unit;
  };
  std::unordered_map<const Regex*, Unit> unit_of;  // pattern → unit
  std::vector<std::vector<uint32_t>> units;           // literal ids per unit
  std::vector<uint32_t> group_unit;                   // group → unit
  // The literal pass. Every literal has at least two code points; the first two give a key.
  // A 65,536-bit table of hashed keys (8 KiB, stays in L1) rejects almost every position of
  // the text at once; at the rest, the literals with that key are compared byte for byte.
  std::vector<uint64_t> key_bits;                       // 1,024 words
  // (key, literal id), sorted by key and id within buckets of hash values: the literals whose
  // key hashes to h are among by_key[bucket[b], bucket[b + 1]), b = h >> kBucketShift, found
  // without a binary search (a report's text hits the table at nearly every other character:
  // 法治, 政府, 依法 … begin many literals).
  static constexpr unsigned kBucketShift = 4;
  std::vector<std::pair<uint64_t, uint32_t>> by_key;
  std::vector<uint32_t> bucket;                         // 4,097 offsets into by_key
  bool disabled = false;

  static uint64_t key(char32_t c1, char32_t c2) { return (uint64_t{c1} << 32) | c2; }
  static uint32_t hash(char32_t c1, char32_t c2) {
    return ((static_cast<uint32_t>(c1) * 0x9E3779B1u) ^ (static_cast<uint32_t>(c2) * 0x85EBCA77u)) >> 16;
  }

  void build();
};

void Prefilter::build() {
  for (auto& [re, e] : pending) {
    unit_of.emplace(re, Unit{std::move(e.pattern), static_cast<uint32_t>(units.size())});
    units.push_back(std::move(e.literals));
  }
  for (auto& g : pending_groups) {
    group_unit.push_back(static_cast<uint32_t>(units.size()));
    units.push_back(g);
  }
  pending.clear();
  pending_groups.clear();

  key_bits.assign(1024, 0);
  for (uint32_t id = 0; id < literals.size(); ++id) {
    const std::string& l = literals[id];
    size_t n1 = 0, n2 = 0;
    const char32_t c1 = decode_utf8(l, 0, &n1);
    if (n1 >= l.size()) {  // required_literals never gives a one-code-point literal
      disabled = true;
      return;
    }
    const char32_t c2 = decode_utf8(l, n1, &n2);
    by_key.emplace_back(key(c1, c2), id);
    const uint32_t h = hash(c1, c2);
    key_bits[h >> 6] |= uint64_t{1} << (h & 63);
  }
  std::sort(by_key.begin(), by_key.end());
  // Then grouped by bucket, keeping that order inside each (a counting sort: linear).
  auto bucket_of = [](const std::pair<uint64_t, uint32_t>& e) {
    return hash(static_cast<char32_t>(e.first >> 32), static_cast<char32_t>(e.first & 0xFFFFFFFFu)) >> kBucketShift;
  };
  bucket.assign((65536 >> kBucketShift) + 1, 0);
  for (const auto& e : by_key) ++bucket[bucket_of(e) + 1];
  for (size_t b = 1; b < bucket.size(); ++b) bucket[b] += bucket[b - 1];
  std::vector<uint32_t> fill(bucket.begin(), bucket.end() - 1);
  std::vector<std::pair<uint64_t, uint32_t>> placed(by_key.size());
  for (const auto& e : by_key) placed[fill[bucket_of(e)]++] = e;
  by_key = std::move(placed);
}

Collector::Collector() : target_(std::make_shared<Prefilter>()) {}
Collector::~Collector() = default;

namespace {
// The options under which required_literals' answer holds.
bool analysable(const Regex& re) {
  const RE2::Options& o = re.options();
  return o.case_sensitive() && !o.literal() && o.encoding() == RE2::Options::EncodingUTF8;
}
}  // namespace

std::optional<std::vector<std::string>> any_required_literals(const Regex& re) {
  if (!analysable(re)) return std::nullopt;
  return any_required_literals(re.pattern());
}

bool never_empty(const Regex& re) {
  std::atomic<signed char>& memo = re.never_empty_memo();
  signed char v = memo.load(std::memory_order_relaxed);
  if (v < 0) {
    bool yes = false;
    if (analysable(re))
      if (auto lits = required_literals(re.pattern())) yes = !lits->empty();  // literals are never empty
    v = yes ? 1 : 0;
    memo.store(v, std::memory_order_relaxed);  // the same answer from any thread
  }
  return v == 1;
}

void Collector::add(const Regex& re) {
  // Analyse outside the lock (it is most of the work), register under it.
  const bool known = analysable(re);
  std::optional<std::optional<std::vector<uint32_t>>> cached;
  if (known) {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = ids_of_.find(re.pattern()); it != ids_of_.end()) cached = it->second;
  }
  std::optional<std::vector<std::string>> lits;
  if (known && !cached) lits = required_literals(re.pattern());
  std::lock_guard<std::mutex> lock(mu_);
  auto& p = *target_;
  ++p.registered;
  p.pending.erase(&re);  // an earlier pattern freed at this address
  if (!cached) {
    if (lits) {
      std::vector<uint32_t> ids;
      for (auto& l : *lits) {
        auto [it, inserted] = p.literal_ids.emplace(l, static_cast<uint32_t>(p.literals.size()));
        if (inserted) p.literals.push_back(l);
        ids.push_back(it->second);
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      cached.emplace(std::move(ids));
    } else {
      cached.emplace(std::nullopt);
    }
    if (known) ids_of_.emplace(re.pattern(), *cached);
  }
  if (!*cached) return;
  p.pending[&re] = Prefilter::Entry{re.pattern(), std::move(**cached)};
}

bool Collector::filtered(const Regex& re) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = target_->pending.find(&re);
  return it != target_->pending.end() && it->second.pattern == re.pattern();
}

int Collector::add_group(const std::vector<const Regex*>& members) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& p = *target_;
  std::vector<uint32_t> ids;
  for (const Regex* re : members) {
    auto it = p.pending.find(re);
    if (it == p.pending.end() || it->second.pattern != re->pattern()) return -1;
    ids.insert(ids.end(), it->second.literals.begin(), it->second.literals.end());
  }
  if (members.empty()) return -1;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  p.pending_groups.push_back(std::move(ids));
  return static_cast<int>(p.pending_groups.size() - 1);
}

std::shared_ptr<const Prefilter> Collector::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  target_->build();
  std::shared_ptr<const Prefilter> out = std::move(target_);
  target_ = std::make_shared<Prefilter>();
  ids_of_.clear();  // ids index the finished Prefilter's literals
  return out;
}

namespace {
thread_local Collector* tl_collector = nullptr;
}  // namespace

Registering::Registering(Collector* c) : prev_(tl_collector) { tl_collector = c; }
Registering::~Registering() { tl_collector = prev_; }
Collector* active_collector() { return tl_collector; }

// Where each literal occurs in one text: the literal pass proper, computed once per document
// and shared read-only by the threads that lint it (Scan). Spare scans are pooled so that a
// batch of many short reports does not allocate the per-literal vectors again for each.
struct Scan {
  const Prefilter* pf = nullptr;
  const char* data = nullptr;
  size_t size = 0;
  std::vector<std::vector<ByteSpan>> lit_occ;  // per literal id
  std::vector<uint32_t> touched;               // literal ids with occurrences

  void run(const Prefilter* p, std::string_view text) {
    for (uint32_t lit : touched) lit_occ[lit].clear();
    touched.clear();
    pf = p;
    data = text.data();
    size = text.size();
    if (!p || p->disabled) return;
    if (lit_occ.size() < p->literals.size()) lit_occ.resize(p->literals.size());
    if (p->literals.empty()) return;
    const size_t n = text.size();
    const uint64_t* bits = p->key_bits.data();
    const auto* u = reinterpret_cast<const unsigned char*>(text.data());
    size_t pos = 0, len1 = 1;
    char32_t c1 = n ? decode_utf8(text, 0, &len1) : 0;
    while (pos + len1 < n) {
      const size_t next = pos + len1;
      size_t len2 = 1;
      const unsigned char b = u[next];
      char32_t c2;
      if (b < 0x80) {
        c2 = b;
      } else if ((b >> 4) == 14 && next + 3 <= n && (u[next + 1] & 0xC0) == 0x80 && (u[next + 2] & 0xC0) == 0x80) {
        // decode_utf8's own first case (a three-byte character), here without the call
        c2 = (char32_t{b & 0x0Fu} << 12) | (char32_t{u[next + 1] & 0x3Fu} << 6) | (u[next + 2] & 0x3Fu);
        len2 = 3;
      } else {
        c2 = decode_utf8(text, next, &len2);
      }
      const uint32_t h = Prefilter::hash(c1, c2);
      if (bits[h >> 6] >> (h & 63) & 1) {
        const uint64_t k = Prefilter::key(c1, c2);
        const uint32_t bk = h >> Prefilter::kBucketShift;
        const auto last = p->by_key.begin() + p->bucket[bk + 1];
        for (auto it = p->by_key.begin() + p->bucket[bk]; it != last; ++it) {
          if (it->first != k) continue;
          const std::string& lit = p->literals[it->second];
          if (n - pos < lit.size() || std::memcmp(text.data() + pos, lit.data(), lit.size()) != 0) continue;
          auto& occ = lit_occ[it->second];
          if (occ.empty()) touched.push_back(it->second);
          occ.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + lit.size())});
        }
      }
      pos = next;
      c1 = c2;
      len1 = len2;
    }
  }
};

namespace {

std::mutex spare_mu;
std::vector<std::unique_ptr<Scan>> spare_scans;  // at most kSpareScans, reused by new_scan()
constexpr size_t kSpareScans = 8;

std::shared_ptr<Scan> new_scan() {
  std::unique_ptr<Scan> s;
  {
    std::lock_guard<std::mutex> lock(spare_mu);
    if (!spare_scans.empty()) {
      s = std::move(spare_scans.back());
      spare_scans.pop_back();
    }
  }
  if (!s) s = std::make_unique<Scan>();
  return std::shared_ptr<Scan>(s.release(), [](Scan* done) {
    std::unique_ptr<Scan> own(done);
    std::lock_guard<std::mutex> lock(spare_mu);
    if (spare_scans.size() < kSpareScans) spare_scans.push_back(std::move(own));
  });
}

}  // namespace

std::shared_ptr<const Scan> scan(const Prefilter* p, std::string_view text) {
  auto s = new_scan();
  s->run(p, text);
  return s;
}

namespace {

// The active document on one thread: its scan (own or shared) and, per unit, the merged
// occurrences, built on first question. Units whose literals are everywhere are answered "may
// match" at once.
struct DocState {
  uint64_t doc_id = 0;  // document_id
  const Prefilter* pf = nullptr;
  const char* data = nullptr;
  size_t size = 0;
  std::shared_ptr<const Scan> scan;
  std::vector<uint8_t> unit_done;              // 0 = not merged yet, 1 = merged, 2 = dense
  std::vector<std::vector<ByteSpan>> unit_occ;

  void start(const Prefilter* p, std::string_view text, uint64_t same_document,
             std::shared_ptr<const Scan> done) {
    static std::atomic<uint64_t> next_id{1};
    doc_id = same_document ? same_document : next_id++;
    pf = p;
    data = text.data();
    size = text.size();
    scan.reset();
    if (!p || p->disabled) return;
    unit_done.assign(p->units.size(), 0);
    if (unit_occ.size() < p->units.size()) unit_occ.resize(p->units.size());
    if (done && done->pf == p && done->data == text.data() && done->size == text.size()) {
      scan = std::move(done);
    } else {
      auto s = new_scan();
      s->run(p, text);
      scan = std::move(s);
    }
  }

  /// The unit's occurrences sorted by start, or null when they are all over the text.
  const std::vector<ByteSpan>* occurrences(uint32_t unit) {
    if (!unit_done[unit]) {
      const auto& lit_occ = scan->lit_occ;
      auto& out = unit_occ[unit];
      out.clear();
      size_t total = 0;
      for (uint32_t id : pf->units[unit]) total += lit_occ[id].size();
      // Literals found all over the text: answering would cost more than the scan it saves.
      if (total > 4096 + size / 64) {
        unit_done[unit] = 2;
      } else {
        for (uint32_t id : pf->units[unit]) out.insert(out.end(), lit_occ[id].begin(), lit_occ[id].end());
        std::sort(out.begin(), out.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
        unit_done[unit] = 1;
      }
    }
    return unit_done[unit] == 2 ? nullptr : &unit_occ[unit];
  }

  bool query(uint32_t unit, ByteSpan within) {
    const std::vector<ByteSpan>* found = occurrences(unit);
    if (!found) return true;
    const auto& occ = *found;
    auto it = std::lower_bound(occ.begin(), occ.end(), within.begin,
                               [](ByteSpan a, uint32_t b) { return a.begin < b; });
    for (; it != occ.end() && it->begin < within.end; ++it)
      if (it->end <= within.end) return true;
    return false;
  }
};

thread_local std::deque<DocState> tl_states;  // one per nesting depth (deque: stable addresses)
thread_local size_t tl_depth = 0;
thread_local DocState* tl_active = nullptr;

DocState* active_for(std::string_view text) {
  DocState* st = tl_active;
  if (!st || !st->pf || st->pf->disabled || st->data != text.data() || st->size != text.size())
    return nullptr;
  return st;
}

}  // namespace

Active::Active(const Prefilter* p, std::string_view text, uint64_t same_document)
    : Active(p, text, nullptr, same_document) {}

Active::Active(const Prefilter* p, std::string_view text, std::shared_ptr<const Scan> done,
               uint64_t same_document)
    : prev_(tl_active) {
  if (tl_depth == tl_states.size()) tl_states.emplace_back();
  tl_active = &tl_states[tl_depth++];
  tl_active->start(p, text, same_document, std::move(done));
}

Active::~Active() {
  tl_active->pf = nullptr;
  tl_active->scan.reset();  // back to the pool once no thread holds it
  tl_active->doc_id = 0;
  --tl_depth;
  tl_active = static_cast<DocState*>(prev_);
}

uint64_t document_id(std::string_view text) {
  const DocState* st = tl_active;
  return st && st->doc_id && st->data == text.data() && st->size == text.size() ? st->doc_id : 0;
}

namespace {
// The unit of `re` in st's Prefilter, or -1 when it is unfiltered.
long unit_of(const Regex& re, DocState* st) {
  // Which unit of this Prefilter the pattern is (or that it is none), memoised on the Regex:
  // the look-up by address and the pattern comparison it needs were most of a member's screen.
  std::atomic<uint64_t>& memo = re.prefilter_memo();
  const uint64_t m = memo.load(std::memory_order_relaxed);
  uint32_t unit;
  if (m >> 32 == st->pf->generation) {
    if (static_cast<uint32_t>(m) == 0) return -1;
    unit = static_cast<uint32_t>(m) - 1;
  } else {
    auto it = st->pf->unit_of.find(&re);
    const bool filtered =
        it != st->pf->unit_of.end() && it->second.pattern == re.pattern() && analysable(re);
    unit = filtered ? it->second.unit : 0;
    memo.store(uint64_t{st->pf->generation} << 32 | (filtered ? uint64_t{unit} + 1 : 0),
               std::memory_order_relaxed);
    if (!filtered) return -1;
  }
  return unit;
}
}  // namespace

bool may_match(const Regex& re, std::string_view text, ByteSpan within) {
  DocState* st = active_for(text);
  if (!st) return true;
  const long unit = unit_of(re, st);
  return unit < 0 || st->query(static_cast<uint32_t>(unit), within);
}

const std::vector<ByteSpan>* occurrences(const Regex& re, std::string_view text, uint32_t* shift) {
  DocState* st = tl_active;
  if (!st || !st->pf || st->pf->disabled) return nullptr;
  const auto at = reinterpret_cast<uintptr_t>(text.data()), doc = reinterpret_cast<uintptr_t>(st->data);
  if (at < doc || at + text.size() > doc + st->size) return nullptr;
  const long unit = unit_of(re, st);
  if (unit < 0) return nullptr;
  *shift = static_cast<uint32_t>(at - doc);
  return st->occurrences(static_cast<uint32_t>(unit));
}

bool may_match_group(const Prefilter* owner, int group, std::string_view text, ByteSpan within) {
  if (group < 0 || !owner) return true;
  DocState* st = active_for(text);
  if (!st || st->pf != owner || static_cast<size_t>(group) >= owner->group_unit.size()) return true;
  return st->query(owner->group_unit[static_cast<size_t>(group)], within);
}

Stats stats(const Prefilter& p) {
  Stats s;
  s.patterns = p.registered;
  s.filtered = p.unit_of.size();
  s.literals = p.literals.size();
  s.keys = p.by_key.size();
  s.groups = p.group_unit.size();
  return s;
}

std::vector<std::pair<std::string, std::vector<std::string>>> entries(const Prefilter& p) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (auto& [re, u] : p.unit_of) {
    std::vector<std::string> lits;
    for (uint32_t id : p.units[u.unit]) lits.push_back(p.literals[id]);
    out.emplace_back(u.pattern, std::move(lits));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace fz::checks::prefilter
