// Hot patterns replaced for speed (issue #16) must find exactly what the pattern they replace
// found: each replacement is run beside the original RE2 pattern on every fixture (fixtures/**,
// including fixtures/real/), examples/, the shared seed report when present, and random text
// built from the characters the pattern cares about.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/util.h"
#include "compare/parts.h"
#include "golden.h"
#include "lint_fixture.h"
#include "text/utf8.h"

using fz::ByteSpan;

namespace {

std::string read(const std::filesystem::path& p) { return fz::testing::read_file(p); }

/// Every .txt / .md under fixtures/ and examples/ that is valid UTF-8 (the text ingest hands on;
/// fixtures of broken encodings are decoded first), plus the seed report when it is present.
const std::vector<std::string>& texts() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out;
    for (const char* dir : {"/fixtures", "/examples"})
      for (auto& e : std::filesystem::recursive_directory_iterator(std::string(FZ_SOURCE_DIR) + dir)) {
        if (!e.is_regular_file()) continue;
        const auto ext = e.path().extension();
        if (ext != ".txt" && ext != ".md") continue;
        std::string t = read(e.path());
        if (t.size() < 4'000'000 && fz::text::valid_utf8_prefix(t) == t.size()) out.push_back(std::move(t));
      }
    std::vector<std::string> seeds;
    if (const char* d = std::getenv("FZ_SHARED_DIR")) seeds.push_back(std::string(d) + "/seeds/000_4cb5d7ebd9b6d720.txt");
    for (const char* up : {"/../shared", "/../../shared"})
      seeds.push_back(std::string(FZ_SOURCE_DIR) + up + "/seeds/000_4cb5d7ebd9b6d720.txt");
    for (const auto& s : seeds)
      if (std::filesystem::exists(s)) {
        out.push_back(read(s));
        break;
      }
    return out;
  }();
  return all;
}

std::vector<ByteSpan> regex_spans(const RE2& re, std::string_view text) {
  std::vector<ByteSpan> out;
  fz::checks::for_each_span(re, text, {0, static_cast<uint32_t>(text.size())}, [&](ByteSpan s) { out.push_back(s); });
  return out;
}

std::mt19937 rng(16);  // fixed seed: the same random texts every run
uint32_t rnd(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng); }

}  // namespace

TEST_CASE("quoted_spans finds what kQuotedPattern finds, on every fixture and on random text") {
  const RE2 re(std::string(fz::compare::kQuotedPattern));
  REQUIRE(re.ok());
  size_t matches = 0;
  REQUIRE(texts().size() > 100);
  for (const auto& t : texts()) {
    std::vector<ByteSpan> mine;
    fz::compare::quoted_spans(t, mine);
    const auto want = regex_spans(re, t);
    CHECK(mine == want);
    matches += want.size();
  }
  CHECK(matches > 1000);  // the fixtures quote plenty

  // Random text over the marks, line feeds, Han, Ext-B and ASCII, with runs long enough to cross
  // the 80 and 120 code-point limits.
  const std::vector<std::string> alphabet = {"《", "》", "“", "”", "「", "」", "\n", "a", "中", "𠀀", "，", "‘", "’"};
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    const uint32_t len = 1 + rnd(round % 3 == 0 ? 400 : 60);
    const uint32_t marks = 1 + rnd(8);  // how often a mark or a line feed comes up
    for (uint32_t i = 0; i < len; ++i)
      t += rnd(marks) == 0 ? alphabet[rnd(7)] : alphabet[7 + rnd(static_cast<uint32_t>(alphabet.size()) - 7)];
    std::vector<ByteSpan> mine;
    fz::compare::quoted_spans(t, mine);
    const auto want = regex_spans(re, t);
    CHECK_MESSAGE(mine == want, t);
  }
  // Every run length around the limits (80 for 《》, 120 for “” and 「」), with Ext-B characters
  // (4 bytes, one code point) and a line feed or a second opening mark inside.
  size_t limit_hits = 0;
  for (const char* open_close : {"《》", "“”", "「」"}) {
    const std::string o = std::string(open_close).substr(0, 3), c = std::string(open_close).substr(3);
    for (size_t n = 0; n <= 125; ++n)
      for (const std::string fill : {"中", "𠀀", "a"})
        for (const std::string& inside : {std::string(), std::string("\n"), o}) {
          std::string t = "前" + o;
          for (size_t k = 0; k < n; ++k) t += (k == n / 2 && !inside.empty()) ? inside : fill;
          t += c + "后" + o + "中" + c;
          std::vector<ByteSpan> mine;
          fz::compare::quoted_spans(t, mine);
          const auto want = regex_spans(re, t);
          CHECK_MESSAGE(mine == want, t);
          limit_hits += want.size();
        }
  }
  CHECK(limit_hits > 1000);
}

namespace {

// checks::width_fold as it was before the byte scan (a decode of every character): the reference.
fz::checks::WidthFold width_fold_by_decoding(std::string_view text) {
  fz::checks::WidthFold w;
  auto chinese = [](char32_t cp) { return fz::text::is_han(cp) || fz::text::is_cjk_punct(cp); };
  char32_t prev = 0;
  for (size_t i = 0; i < text.size();) {
    const auto d = fz::text::decode_utf8(text, i);
    const uint32_t len = d.len ? d.len : 1;
    const char32_t cp = d.cp;
    if (cp == U',' || cp == U':' || cp == U';' || cp == U'(' || cp == U')' || cp == U'?' || cp == U'!') {
      const char32_t next = fz::text::decode_utf8(text, i + len).cp;
      if (chinese(prev) || chinese(next))
        if (w.half++ == 0) w.first = {static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
    } else if (cp == U'，' || cp == U'：' || cp == U'；' || cp == U'（' || cp == U'）' || cp == U'？' ||
               cp == U'！') {
      ++w.full;
    }
    prev = cp;
    i += len;
  }
  w.folded = w.half >= 10 && w.half * 5 >= (w.half + w.full) * 4;
  return w;
}

void check_same_width_fold(std::string_view t) {
  const auto a = fz::checks::width_fold(t);
  const auto b = width_fold_by_decoding(t);
  CHECK(a.half == b.half);
  CHECK(a.full == b.full);
  CHECK(a.folded == b.folded);
  CHECK(a.first == b.first);
}

}  // namespace

TEST_CASE("width_fold's byte scan counts what decoding every character counted") {
  int folded = 0, half = 0;
  for (const auto& t : texts()) {
    check_same_width_fold(t);
    folded += fz::checks::width_fold(t).folded;
    half += fz::checks::width_fold(t).half;
  }
  CHECK(folded > 0);  // the fixtures include NFKC-folded web copies
  CHECK(half > 100);
  // Random bytes: valid marks and Han beside truncated sequences, stray continuation bytes,
  // surrogate encodings and overlong forms, where the two walks could part.
  const std::vector<std::string> alphabet = {",", ":", ";", "(", ")", "?", "!", "，", "：", "；", "（", "）",
                                             "？", "！", "中", "𠀀", "a", "。", "\xE4\xB8", "\x80", "\xBC",
                                             "\xEF\xBC", "\xED\xA0\x80", "\xC0\xAC", "\xEF", "\xF0\x9F\x98"};
  for (int round = 0; round < 5000; ++round) {
    std::string t;
    const uint32_t len = 1 + rnd(80);
    for (uint32_t i = 0; i < len; ++i) t += alphabet[rnd(static_cast<uint32_t>(alphabet.size()))];
    check_same_width_fold(t);
  }
}
