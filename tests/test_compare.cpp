// Unit tests for src/compare's text helpers: folding (widths, punctuation, masks as breaks,
// Ext-B characters), n-gram similarity, and shared_passages — winnowing must find every common
// run of at least min_chars characters (checked against a brute-force scan of random texts over
// a small alphabet, where runs are frequent), never a shorter one, never across a mask, and must
// leave alone text shared by more than max_shared_by reports.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compare/fold.h"
#include "text/utf8.h"

using fz::ByteSpan;
using namespace fz::compare;

namespace {

Folded fold_all(const std::string& s, std::vector<ByteSpan> masks = {}) {
  return fold(s, {0, static_cast<uint32_t>(s.size())}, std::move(masks));
}

std::u32string cps(const Folded& f) { return std::u32string(f.cp.begin(), f.cp.end()); }

/// Maximal common runs (no break inside) of length ≥ n between a and b, brute force.
struct Run {
  size_t a, b, len;
};
std::vector<Run> brute(const Folded& A, const Folded& B, size_t n) {
  std::vector<Run> out;
  for (size_t i = 0; i < A.size(); ++i)
    for (size_t j = 0; j < B.size(); ++j) {
      if (A.cp[i] == 0 || A.cp[i] != B.cp[j]) continue;
      if (i > 0 && j > 0 && A.cp[i - 1] != 0 && A.cp[i - 1] == B.cp[j - 1]) continue;  // not maximal on the left
      size_t k = 0;
      while (i + k < A.size() && j + k < B.size() && A.cp[i + k] != 0 && A.cp[i + k] == B.cp[j + k]) ++k;
      if (k >= n) out.push_back({i, j, k});
    }
  return out;
}

uint64_t rng_state = 42;
uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<uint32_t>((rng_state >> 33) % n);
}

}  // namespace

TEST_CASE("fold keeps Han, letters and digits; folds widths; drops punctuation; masks are breaks") {
  const std::string s = "全年开展，ＡＢｃ１２ 普法𠀀活动。";
  const Folded f = fold_all(s);
  CHECK(cps(f) == U"全年开展abc12普法𠀀活动");
  // Byte spans map back to the source.
  CHECK(s.substr(f.begin[0], f.end[0] - f.begin[0]) == "全");
  CHECK(s.substr(f.begin[11], f.end[11] - f.begin[11]) == "𠀀");
  const size_t at = s.find("普法");
  const Folded m = fold_all(s, {{static_cast<uint32_t>(at), static_cast<uint32_t>(at + 6)}});
  CHECK(cps(m) == std::u32string(U"全年开展abc12") + char32_t(0) + U"𠀀活动");
}

TEST_CASE("dice and covered") {
  const auto a = ngrams(fold_all("法治宣传形式较为单一"), 2);
  const auto b = ngrams(fold_all("法治宣传形式比较单一"), 2);
  CHECK(dice(a, a) == doctest::Approx(1.0));
  CHECK(dice(a, b) > 0.5);
  CHECK(dice(a, b) < 1.0);
  CHECK(dice(a, ngrams(fold_all("矛盾纠纷调处机制"), 2)) == 0.0);
  CHECK(covered({}, a) == 0.0);
}

TEST_CASE("a planted passage of exactly min_chars is found, one shorter is not") {
  const std::string common = "镇党委坚持把法治宣传教育阵地建设作为基础工程来抓在镇文化广场建成法治主题公园";  // 38
  const Folded c = fold_all(common);
  REQUIRE(c.size() == 38);
  const Folded a = fold_all("甲乙丙丁" + common + "戊己庚辛");
  const Folded b = fold_all("子丑寅卯辰" + common + "巳午未");
  const Folded* docs[] = {&a, &b};
  PassageParams p;
  p.min_chars = 38;
  p.gram = 8;
  auto found = shared_passages(docs, p);
  REQUIRE(found.size() == 1);
  CHECK(found[0].a_from == 4);
  CHECK(found[0].b_from == 5);
  CHECK(found[0].chars() == 38);
  p.min_chars = 39;
  CHECK(shared_passages(docs, p).empty());
}

TEST_CASE("a mask splits a shared passage") {
  const std::string common = "镇党委坚持把法治宣传教育阵地建设作为基础工程来抓在镇文化广场建成法治主题公园";
  const std::string sa = "甲乙" + common, sb = "丙丁" + common;
  const uint32_t mid = static_cast<uint32_t>(sa.find("阵地"));
  const Folded a = fold_all(sa, {{mid, mid + 6}});
  const Folded b = fold_all(sb);
  const Folded* docs[] = {&a, &b};
  PassageParams p;
  p.min_chars = 20;
  p.gram = 6;
  for (const auto& x : shared_passages(docs, p)) CHECK(x.chars() < 38);
}

TEST_CASE("winnowing finds every common run of min_chars or more (random texts vs brute force)") {
  const std::u32string alphabet = U"法治";  // two letters: common runs are frequent
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<Folded> texts(3);
    for (auto& f : texts) {
      const size_t n = 200 + rnd(200);
      for (size_t i = 0; i < n; ++i) {
        f.cp.push_back(rnd(60) == 0 ? 0 : alphabet[rnd(static_cast<uint32_t>(alphabet.size()))]);
        f.begin.push_back(static_cast<uint32_t>(i));
        f.end.push_back(static_cast<uint32_t>(i + 1));
        f.opens.push_back(false);
      }
    }
    // Plant a long common run between texts 0 and 2.
    for (size_t i = 0; i < 30; ++i) texts[2].cp[50 + i] = texts[0].cp[100 + i] = i % 5 == 0 ? U'建' : U'设';
    const Folded* docs[] = {&texts[0], &texts[1], &texts[2]};
    PassageParams p;
    p.min_chars = 14;
    p.gram = 10;
    const auto found = shared_passages(docs, p);
    for (size_t x = 0; x < 3; ++x)
      for (size_t y = x + 1; y < 3; ++y)
        for (const Run& r : brute(texts[x], texts[y], p.min_chars)) {
          bool hit = false;
          for (const auto& q : found)
            hit |= q.a == x && q.b == y && q.a_from <= r.a && q.a_to >= r.a + r.len && q.b_from <= r.b &&
                   q.b_to >= r.b + r.len;
          CHECK_MESSAGE(hit, "trial ", trial, ": run ", r.a, "/", r.b, " len ", r.len, " of ", x, "-", y, " missed");
        }
    for (const auto& q : found) {  // and nothing shorter, nothing unequal
      CHECK(q.chars() >= p.min_chars);
      for (size_t k = 0; k < q.chars(); ++k) CHECK(docs[q.a]->cp[q.a_from + k] == docs[q.b]->cp[q.b_from + k]);
    }
  }
}

TEST_CASE("text shared by more than max_shared_by reports is common text, not a pair") {
  const std::string common = "镇党委坚持把法治宣传教育阵地建设作为基础工程来抓在镇文化广场建成法治主题公园";
  const std::vector<std::string> heads = {"甲乙丙", "丁戊己", "庚辛壬", "子丑寅"};
  std::vector<Folded> f;
  for (const auto& h : heads) f.push_back(fold_all(h + common));
  std::vector<const Folded*> docs;
  for (const auto& x : f) docs.push_back(&x);
  PassageParams p;
  p.min_chars = 30;
  p.gram = 8;
  p.max_shared_by = 3;
  CHECK(shared_passages(docs, p).empty());
  p.max_shared_by = 4;
  CHECK(shared_passages(docs, p).size() == 6);  // every pair of four
}

// Issue #16: the batch comparison reads only a stretch of report b's folded text around a pair's
// seeds. extend() over a stretch with kUnknown at its cut ends must either find exactly what it
// finds over the whole text, or say that a run reached a cut end (then the caller reads it all).
TEST_CASE("extend over a stretch of b: the same passages, or the cut is reported") {
  const std::u32string alphabet = U"法治";
  int agreed = 0, reported = 0;
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<Folded> texts(2);
    for (auto& f : texts) {
      const size_t n = 300 + rnd(300);
      for (size_t i = 0; i < n; ++i) {
        f.cp.push_back(rnd(50) == 0 ? 0 : alphabet[rnd(static_cast<uint32_t>(alphabet.size()))]);
        f.begin.push_back(static_cast<uint32_t>(3 * i));
        f.end.push_back(static_cast<uint32_t>(3 * i + 3));
        f.opens.push_back(rnd(9) == 0);
      }
    }
    PassageParams p;
    p.min_chars = 14;
    p.gram = 8;
    std::vector<Fingerprints> prints{fingerprints(texts[0], p), fingerprints(texts[1], p)};
    const std::vector<Seed> all = seeds(prints, p);
    if (all.empty()) continue;
    // A stretch [lo, hi) of b around some of the seeds, cut ends marked.
    size_t lo = all[rnd(static_cast<uint32_t>(all.size()))].pb;
    lo = lo > 20 ? lo - 20 - rnd(20) : 0;
    const size_t hi = std::min(texts[1].size(), lo + 40 + rnd(200));
    Folded piece;
    auto unknown_at_end = [&piece] {
      piece.cp.push_back(kUnknown);
      piece.begin.push_back(0);
      piece.end.push_back(0);
      piece.opens.push_back(false);
    };
    if (lo > 0) unknown_at_end();
    for (size_t k = lo; k < hi; ++k) {
      piece.cp.push_back(texts[1].cp[k]);
      piece.begin.push_back(texts[1].begin[k]);
      piece.end.push_back(texts[1].end[k]);
      piece.opens.push_back(texts[1].opens[k]);
    }
    if (hi < texts[1].size()) unknown_at_end();
    const size_t shift = lo > 0 ? lo - 1 : 0;
    std::vector<Seed> inside, moved;
    for (const Seed& s : all)
      if (s.pb >= lo && s.pb + p.gram <= hi) inside.push_back(s), moved.push_back(s), moved.back().pb -= static_cast<uint32_t>(shift);
    if (inside.empty()) continue;
    bool cut = false;
    const auto part = extend(texts[0], piece, moved, p, &cut);
    if (cut) {
      ++reported;
      continue;
    }
    ++agreed;
    const auto expect = extend(texts[0], texts[1], inside, p);
    REQUIRE(part.size() == expect.size());
    for (size_t k = 0; k < part.size(); ++k) {
      CHECK(part[k].a_span == expect[k].a_span);
      CHECK(part[k].b_span == expect[k].b_span);
      CHECK(part[k].chars() == expect[k].chars());
    }
  }
  CHECK(agreed > 5);    // both outcomes are exercised
  CHECK(reported > 5);
}
