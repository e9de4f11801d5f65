// fz::fixes — applying fixes and rendering unified diffs.
#include <doctest/doctest.h>

#include "support/fixes.h"

using fz::ByteSpan;
using fz::Finding;
using fz::Fix;

namespace {
Finding with_fix(uint32_t b, uint32_t e, std::string rep) {
  Finding f;
  f.rule = "r";
  f.span = {b, e};
  f.fixes.push_back(Fix{{b, e}, std::move(rep)});
  return f;
}
}  // namespace

TEST_CASE("apply: replacements in any order, bytes outside ranges unchanged") {
  std::string t = "各村(社区）开展普法4余次";
  // "(" is at byte 6; "余" after "4".
  auto paren = t.find('(');
  auto yu = t.find("余");
  std::vector<Finding> fs{with_fix(uint32_t(yu), uint32_t(yu + 3), ""),
                          with_fix(uint32_t(paren), uint32_t(paren + 1), "（")};
  auto r = fz::fixes::apply(t, fs);
  CHECK(r.text == "各村（社区）开展普法4次");
  CHECK(r.applied.size() == 2);
  CHECK(r.skipped.empty());
  CHECK(r.applied[0].span.begin == paren);
}

TEST_CASE("apply: overlapping fixes keep the first, duplicates collapse") {
  std::string t = "abcdef";
  std::vector<Finding> fs{with_fix(1, 4, "X"), with_fix(2, 5, "Y"), with_fix(1, 4, "X")};
  auto r = fz::fixes::apply(t, fs);
  CHECK(r.text == "aXef");
  CHECK(r.applied.size() == 1);
  CHECK(r.skipped.size() == 1);
}

TEST_CASE("apply: out-of-range fixes are ignored, insertions work") {
  std::string t = "2025 年";
  std::vector<Finding> fs{with_fix(4, 5, ""), with_fix(100, 120, "zz"), with_fix(0, 0, ">")};
  auto r = fz::fixes::apply(t, fs);
  CHECK(r.text == ">2025年");
}

TEST_CASE("unified_diff: equal texts give nothing; a change gives one hunk with context") {
  CHECK(fz::fixes::unified_diff("a\nb\n", "a\nb\n", "x.txt").empty());
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string after = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
  auto d = fz::fixes::unified_diff(before, after, "r.txt");
  CHECK(d ==
        "--- a/r.txt\n+++ b/r.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST_CASE("unified_diff: CRLF lines and a missing final newline") {
  auto d = fz::fixes::unified_diff("a\r\nb", "a\r\nc", "w.txt");
  CHECK(d == "--- a/w.txt\n+++ b/w.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
             "\\ No newline at end of file\n");
}

TEST_CASE("unified_diff: two distant changes give two hunks") {
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  auto d = fz::fixes::unified_diff(before, after, "f");
  CHECK(d.find("@@ -1,5 +1,5 @@") != std::string::npos);
  CHECK(d.find("@@ -15,6 +15,6 @@") != std::string::npos);
}
