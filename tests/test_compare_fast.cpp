// The batch comparison's hot paths rewritten for speed (bench/RESULTS.md §15) must give what the
// plain versions they replaced gave: fold() against the per-character reference it replaced
// (decode_utf8 + significant() + push_back), and the winnowing fingerprints against the
// std::deque version, on random UTF-8 — valid and broken sequences, every width class, line
// ends, sentence ends — with random, overlapping and empty masks and random ranges; and the
// line/column of many offsets in one pass (text::positions) against LineIndex::position, and
// the memmem walk of a plain-string formula against RE2's.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "checks/util.h"
#include "compare/fold.h"
#include "compare/parts.h"
#include "text/line_index.h"
#include "text/positions.h"
#include "text/utf8.h"

using fz::ByteSpan;
using namespace fz::compare;

namespace {

std::mt19937_64 rng(7);
uint32_t rnd(uint32_t n) { return static_cast<uint32_t>(rng() % n); }

// ---- the reference: fold() as it was before §15 ------------------------------------------------

char32_t ref_significant(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + '0';
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 'a';
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 'a';
  if (fz::text::is_han(c) || c == 0x3007) return c;
  return 0;
}

Folded ref_fold(std::string_view text, ByteSpan range, std::vector<ByteSpan> masks) {
  Folded f;
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()));
  std::sort(masks.begin(), masks.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
  size_t m = 0;
  bool after_end = true;
  auto push = [&](char32_t c, uint32_t b, uint32_t e) {
    f.cp.push_back(c);
    f.begin.push_back(b);
    f.end.push_back(e);
    f.opens.push_back(after_end);
    after_end = false;
  };
  for (uint32_t i = range.begin; i < range.end;) {
    while (m < masks.size() && masks[m].end <= i) ++m;
    if (m < masks.size() && masks[m].begin <= i && !masks[m].empty()) {
      if (f.cp.empty() || f.cp.back() != 0) push(0, i, i);
      i = std::min(range.end, masks[m].end);
      continue;
    }
    const fz::text::Decoded d = fz::text::decode_utf8(text, i);
    if (d.len == 0) break;
    if (const char32_t c = d.valid ? ref_significant(d.cp) : 0) push(c, i, i + d.len);
    else if (d.cp == U'。' || d.cp == U'！' || d.cp == U'？' || d.cp == U'；' || d.cp == '\n') after_end = true;
    i += d.len;
  }
  return f;
}

// ---- the reference: winnowing with a std::deque ------------------------------------------------

constexpr uint64_t kBase = 0x100000001b3ull;
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

Fingerprints ref_fingerprints(const Folded& f, const PassageParams& p) {
  const size_t k = std::clamp<size_t>(p.gram, 1, std::max<size_t>(1, p.min_chars));
  const size_t w = std::max<size_t>(1, p.min_chars + 1 - k);
  uint64_t pow = 1;
  for (size_t i = 1; i < k; ++i) pow *= kBase;
  std::vector<std::pair<uint64_t, uint32_t>> v;
  size_t s = 0;
  std::vector<uint64_t> h;
  std::deque<size_t> q;
  while (s < f.size()) {
    while (s < f.size() && f.cp[s] == 0) ++s;
    size_t e = s;
    while (e < f.size() && f.cp[e] != 0) ++e;
    if (e - s >= k + w - 1) {
      h.clear();
      uint64_t roll = 0;
      for (size_t i = s; i < e; ++i) {
        if (i >= s + k) roll -= pow * f.cp[i - k];
        roll = roll * kBase + f.cp[i];
        if (i + 1 >= s + k) h.push_back(mix(roll));
      }
      q.clear();
      size_t last = SIZE_MAX;
      for (size_t j = 0; j < h.size(); ++j) {
        while (!q.empty() && h[q.back()] >= h[j]) q.pop_back();
        q.push_back(j);
        if (q.front() + w <= j) q.pop_front();
        if (j + 1 >= w && q.front() != last) {
          last = q.front();
          v.push_back({h[last], static_cast<uint32_t>(s + last)});
        }
      }
    }
    s = e;
  }
  std::sort(v.begin(), v.end());
  Fingerprints out;
  for (const auto& [hash, at] : v) {
    out.hash.push_back(hash);
    out.pos.push_back(at);
  }
  return out;
}

// ---- random text ---------------------------------------------------------------------------------

/// Report-like text with every class fold() treats apart, and broken UTF-8 now and then.
std::string random_text(size_t chars) {
  static const char32_t kPicks[] = {
      U'法', U'治', U'政', U'府', 0x4E00, 0x9FFF, 0xA000, 0x4DFF,     // URO Han and its edges
      0x3400, 0x4DBF, 0xF900, 0xFAFF, 0x20000, 0x2A6DF, 0x2A700, 0x2F800, 0x30000, 0x323AF,
      0x323B0, 0x2FFFF,                                                 // other Han and non-Han
      0x3007, 0x3002, 0x3001, 0x3000, 0x303F, 0x3040, 0x2FFF,          // 〇 。 、 and CJK edges
      0xFF01, 0xFF1F, 0xFF1B, 0xFF0C, 0xFF10, 0xFF19, 0xFF1A, 0xFF21, 0xFF3A, 0xFF3B,
      0xFF41, 0xFF5A, 0xFF5B, 0xFF00, 0xFFEF, 0xFFFD, 0xFFFF,          // full-width forms
      U'“', U'”', U'《', U'》', U'—', U'…', 0x00E9, 0x0100, 0x07FF, 0x0800, 0xD7FF, 0xE000,
      'A', 'Z', 'a', 'z', '0', '9', '@', '[', '`', '{', '/', ':', ' ', '\n', '\r', '\t', 0x7F, 0};
  std::string s;
  for (size_t i = 0; i < chars; ++i) {
    const uint32_t r = rnd(100);
    if (r < 4) {  // broken: a stray byte, a cut sequence, a surrogate, an overlong, > U+10FFFF
      static const char* kBad[] = {"\x80", "\xBF", "\xC0\xAF", "\xC1", "\xE4\xB8", "\xE4", "\xED\xA0\x80",
                                   "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
                                   "\xF5", "\xFF", "\xF0\xA0\x80", "\xE1\x80"};
      s += kBad[rnd(sizeof kBad / sizeof *kBad)];
    } else if (r < 50) {
      fz::text::append_utf8(s, 0x4E00 + rnd(0x5200));
    } else {
      fz::text::append_utf8(s, kPicks[rnd(sizeof kPicks / sizeof *kPicks)]);  // (no surrogates among them)
    }
  }
  return s;
}

std::vector<ByteSpan> random_masks(size_t size) {
  std::vector<ByteSpan> masks;
  const uint32_t n = rnd(8);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t b = rnd(static_cast<uint32_t>(size) + 8);  // may lie past the end
    const uint32_t len = rnd(4) == 0 ? 0 : rnd(60);            // empty ones too
    masks.push_back({b, b + len});
  }
  return masks;
}

void check_same(const Folded& got, const Folded& want) {
  REQUIRE(got.size() == want.size());
  CHECK(got.cp == want.cp);
  CHECK(got.begin == want.begin);
  CHECK(got.end == want.end);
  CHECK(got.opens == want.opens);
}

}  // namespace

TEST_CASE("fold equals the per-character reference on random UTF-8, masks and ranges") {
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string s = random_text(rnd(400));
    const auto size = static_cast<uint32_t>(s.size());
    const std::vector<ByteSpan> masks = random_masks(s.size());
    ByteSpan range{0, size};
    if (trial % 3 == 1) range = {rnd(size + 1), size};                 // may start mid-character
    if (trial % 3 == 2) range = {rnd(size / 2 + 1), size / 2 + rnd(size + 10)};  // may end past it
    if (range.end < range.begin) range.end = range.begin;
    INFO("trial ", trial);
    check_same(fold(s, range, masks), ref_fold(s, range, masks));
  }
}

TEST_CASE("fold equals the reference on the extremes: empty, one byte, cut at the very end") {
  for (const std::string& s : {std::string(), std::string("\xE4"), std::string("\xE4\xB8"), std::string("\xE4\xB8\x80"),
                              std::string("A\n。b"), std::string(5000, 'x'), std::string("\xF0\xA0\x80\x80")}) {
    check_same(fold(s, {0, static_cast<uint32_t>(s.size())}, {}), ref_fold(s, {0, static_cast<uint32_t>(s.size())}, {}));
    check_same(fold(s, {0, 0xFFFFFFFFu}, {{0, 1}}), ref_fold(s, {0, 0xFFFFFFFFu}, {{0, 1}}));
  }
}

TEST_CASE("winnowing fingerprints equal the std::deque reference") {
  const std::u32string alphabet = U"法治政府建设";
  for (int trial = 0; trial < 400; ++trial) {
    Folded f;
    const size_t n = rnd(600);
    const uint32_t letters = 1 + rnd(static_cast<uint32_t>(alphabet.size()));  // few letters: ties in hashes
    for (size_t i = 0; i < n; ++i) {
      f.cp.push_back(rnd(40) == 0 ? 0 : alphabet[rnd(letters)]);
      f.begin.push_back(static_cast<uint32_t>(i));
      f.end.push_back(static_cast<uint32_t>(i + 1));
      f.opens.push_back(false);
    }
    PassageParams p;
    p.min_chars = 1 + rnd(60);
    p.gram = 1 + rnd(static_cast<uint32_t>(p.min_chars));
    INFO("trial ", trial, " k ", p.gram, " min ", p.min_chars);
    const Fingerprints got = fingerprints(f, p), want = ref_fingerprints(f, p);
    CHECK(got.hash == want.hash);
    CHECK(got.pos == want.pos);
  }
}

TEST_CASE("text::positions equals LineIndex::position (sorted, unsorted, CR/LF/CRLF, long lines, broken UTF-8)") {
  for (int trial = 0; trial < 600; ++trial) {
    std::string s = random_text(rnd(trial % 10 == 0 ? 5000 : 300));
    if (trial % 10 == 0) std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, 'x');  // one long line (LineIndex checkpoints it)
    if (trial % 4 == 0) s += "\r\n";
    const auto size = static_cast<uint32_t>(s.size());
    std::vector<uint32_t> offsets;
    const uint32_t n = rnd(40);
    for (uint32_t i = 0; i < n; ++i) offsets.push_back(rnd(size + 6));  // mid-character, past the end
    if (trial % 3 != 0) std::sort(offsets.begin(), offsets.end());
    const fz::text::LineIndex index(s);
    const auto got = fz::text::positions(s, offsets);
    REQUIRE(got.size() == offsets.size());
    for (size_t i = 0; i < offsets.size(); ++i) {
      const auto want = index.position(offsets[i]);
      INFO("trial ", trial, " offset ", offsets[i]);
      CHECK(got[i].line == want.line);
      CHECK(got[i].column == want.column);
    }
  }
  CHECK(fz::text::positions("", std::vector<uint32_t>{0, 3}).size() == 2);
}

TEST_CASE("a plain-string formula: memmem finds the spans for_each_span finds, and only such formulas are plain") {
  RE2::Options opts;
  opts.set_encoding(RE2::Options::EncodingUTF8);
  opts.set_log_errors(false);
  auto regex = [&](const std::string& p, const RE2::Options& o) {
    return fz::checks::Regex::compiled(std::make_unique<RE2>(p, o));
  };
  for (const std::string p : {"习近平法治思想", "两个维护", "法法", "法治法", "aba", "a", "《法》", "特此报告"})
    CHECK_MESSAGE(fz::compare::plain_literal(*regex(p, opts)), p);
  for (const std::string p : {"党的二十大(?:和二十届[一二]中全会)?精神", "现将[^。]{0,40}?报告如下", "a.b", "a+", "^法",
                              "法$", "x|y", "\\d", "法{2}", ""})
    CHECK_MESSAGE(!fz::compare::plain_literal(*regex(p, opts)), p);
  RE2::Options folded = opts;
  folded.set_case_sensitive(false);
  CHECK(!fz::compare::plain_literal(*regex("abc", folded)));
  RE2::Options latin1 = opts;
  latin1.set_encoding(RE2::Options::EncodingLatin1);
  CHECK(!fz::compare::plain_literal(*regex("abc", latin1)));

  // Random texts over a small alphabet (repeats and self-overlaps are frequent), broken bytes too.
  const std::vector<std::string> pieces = {"法", "治", "a", "b", "\xE6", "\xB3", "。"};
  for (int trial = 0; trial < 800; ++trial) {
    std::string lit, text;
    for (uint32_t k = 1 + rnd(4); k-- > 0;) lit += pieces[rnd(4)];  // valid UTF-8 only
    for (uint32_t k = rnd(200); k-- > 0;) text += pieces[rnd(static_cast<uint32_t>(pieces.size()))];
    const auto re = regex(lit, opts);
    REQUIRE(fz::compare::plain_literal(*re));
    std::vector<ByteSpan> got, want;
    fz::compare::literal_spans(lit, text, got);
    fz::checks::for_each_span(*re, text, {0, static_cast<uint32_t>(text.size())}, [&](ByteSpan s) { want.push_back(s); });
    INFO("trial ", trial, " literal ", lit);
    CHECK(got == want);
  }
}

TEST_CASE("excerpt copies the first characters at once: equal to the character-by-character walk") {
  auto ref_excerpt = [](std::string_view s, size_t max_cp) {
    std::string out = "“";
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
      const fz::text::Decoded d = fz::text::decode_utf8(s, i);
      if (d.len == 0) break;
      if (n == max_cp) {
        out += "…";
        break;
      }
      if (d.cp == '\n' || d.cp == '\r' || d.cp == '\t') out += ' ';
      else out.append(s.substr(i, d.len));
      i += d.len;
      ++n;
    }
    return out + "”";
  };
  for (int trial = 0; trial < 2000; ++trial) {
    const std::string s = random_text(rnd(40));
    const size_t max_cp = rnd(30);
    INFO("trial ", trial);
    CHECK(fz::compare::excerpt(s, max_cp) == ref_excerpt(s, max_cp));
  }
}
