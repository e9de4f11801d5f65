// Limits on patterns from rule files (checks::compile_regex: length, program size, RE2 memory)
// and the matching shortcuts in checks/util (RE2::Set screens, span-only walks, lazily searched
// exclude lists): each shortcut is compared with a plain reference walk over generated texts,
// patterns and node spans, so a shortcut that changes any answer fails here.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "checks/util.h"
#include "engine/linter.h"
#include "engine/ruleset.h"

using namespace fz;

namespace {

std::string rule_with(const std::string& patterns_line) {
  return "id = \"x-limits\"\ncategory = \"terms\"\nseverity = \"warning\"\nkind = \"pattern\"\n"
         "scope = \"document\"\ntitle = \"t\"\nmessage = \"m\"\ndescription = \"d\"\nrationale = \"r\"\n"
         "source = \"s\"\n" +
         patterns_line + "\n[examples]\nbad = [\"x\"]\ngood = [\"y\"]\n";
}

std::string build_error(const std::string& patterns_line) {
  auto rs = engine::build_ruleset({{"my/rule.toml", rule_with(patterns_line)}}, {});
  return rs.ok() ? std::string() : rs.error().to_string();
}

// ---- reference walks: the plain loops the shortcuts replace ----

std::vector<ByteSpan> ref_spans(const RE2& re, std::string_view text, ByteSpan within) {
  std::vector<ByteSpan> out;
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  const int n = 1 + re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> g(static_cast<size_t>(n));
  const re2::StringPiece input(text.data(), within.end);
  size_t pos = within.begin;
  while (pos <= within.end) {
    if (!re.Match(input, pos, within.end, RE2::UNANCHORED, g.data(), n)) break;
    const size_t b = g[0].data() - text.data(), e = b + g[0].size();
    if (e > b) out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    if (e > pos) {
      pos = e;
    } else {
      size_t len = 1;
      if (pos < text.size()) checks::decode_utf8(text, pos, &len);
      pos += len;
    }
  }
  return out;
}

std::vector<ByteSpan> ref_all(const checks::RegexList& res, std::string_view text, ByteSpan within) {
  std::vector<ByteSpan> out;
  for (auto& re : res)
    for (auto s : ref_spans(*re, text, within)) out.push_back(s);
  std::sort(out.begin(), out.end(), [](ByteSpan a, ByteSpan b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return out;
}

bool ref_any(const checks::RegexList& res, std::string_view text, ByteSpan within) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  if (within.empty()) return false;
  const re2::StringPiece s(text.data() + within.begin, within.size());
  for (auto& re : res)
    if (RE2::PartialMatch(s, *re)) return true;
  return false;
}

bool ref_overlaps(ByteSpan m, const std::vector<ByteSpan>& spans) {
  for (auto x : spans)
    if (x.begin < m.end && m.begin < x.end) return true;
  return false;
}

checks::RegexList list_of(const std::vector<std::string>& pats) {
  checks::RegexList out;
  for (auto& p : pats) {
    auto re = std::make_unique<RE2>(p);
    REQUIRE_MESSAGE(re->ok(), p);
    out.push_back(checks::Regex::compiled(std::move(re)));
  }
  return out;
}

// Texts from a small alphabet where the patterns below often (not always) match: Han
// characters of 1 and 4 bytes, ASCII word characters, digits, spaces, newlines, 年/是/为.
std::string random_text(std::mt19937& rng, size_t chars) {
  static const std::vector<std::string> alphabet = {
      "法", "治", "政", "府", "年", "是", "为", "𠀀", "a", "b", "_", "1", "2", "0", " ", "\n", "，", "。", "“", "”"};
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < chars; ++i) s += alphabet[pick(rng)];
  return s;
}

ByteSpan random_span(std::mt19937& rng, size_t size) {
  std::uniform_int_distribution<size_t> at(0, size);
  size_t a = at(rng), b = at(rng);
  if (a > b) std::swap(a, b);
  return {static_cast<uint32_t>(a), static_cast<uint32_t>(b)};
}

// Lists that exercise context at the node's edges (\b, ^, $, (?m)), empty matches, captures,
// overlapping alternatives and patterns that never match.
const std::vector<std::vector<std::string>> kLists = {
    {"法治"},
    {"法治", "政府", "治政"},
    {"\\bab", "b\\b", "\\Bb"},
    {"^法", "府$", "(?m)^a", "(?m)1$"},
    {"a*", "(?:年)?", "是|为"},
    {"(\\d+)年", "(法)(治)?", "𠀀+"},
    {"[^，。]{2,5}", "“[^”]*”", "zzz"},
    {"qqq", "www"},
};

}  // namespace

TEST_SUITE("checks limits") {
  TEST_CASE("a pattern longer than 4 KiB is refused with path:line:col and the limit") {
    const std::string e = build_error("patterns = ['" + std::string(5000, 'a') + "']");
    INFO(e);
    CHECK(e.rfind("my/rule.toml:11:13: patterns: 正则表达式过长：5000 字节，上限 4096 字节（aaaa", 0) == 0);
    CHECK(e.size() < 300);  // the message shows the pattern's start, not all of it
    const std::string at_limit = build_error("patterns = ['" + std::string(checks::kMaxPatternBytes, 'a') + "']");
    CHECK_MESSAGE(at_limit.empty(), at_limit);
  }

  TEST_CASE("a pattern whose program is too large is refused, located, naming the limit") {
    // \p{Han} compiles to dozens of instructions; a thousand of them exceed the memory budget.
    const std::string mem = build_error("patterns = ['\\p{Han}{1000}']");
    INFO(mem);
    CHECK(mem.rfind("my/rule.toml:11:13: patterns: 正则表达式过于复杂：", 0) == 0);
    CHECK(mem.find("MiB") != std::string::npos);
    // Within RE2's memory but above the documented instruction bound.
    const std::string big = build_error("patterns = ['\\p{Han}{200}']");
    INFO(big);
    CHECK(big.rfind("my/rule.toml:11:13: patterns: 正则表达式过于复杂：编译后 ", 0) == 0);
    CHECK(big.find("上限 10000") != std::string::npos);
    // A second pattern in a list is located at its own element.
    const std::string second = build_error("patterns = ['a', '\\p{Han}{1000}']");
    INFO(second);
    CHECK(second.rfind("my/rule.toml:11:18: patterns: 正则表达式过于复杂", 0) == 0);
  }

  TEST_CASE("a list of more than 1,000 patterns is refused, located") {
    std::string list = "patterns = [";
    for (int i = 0; i < 1001; ++i) list += (i ? ", '" : "'") + std::string("词") + std::to_string(i) + "'";
    list += "]";
    const std::string e = build_error(list);
    INFO(e);
    CHECK(e.rfind("my/rule.toml:11:12: patterns: 正则表达式过多：1001 个，上限 1000 个", 0) == 0);
  }

  TEST_CASE("a genre file from the user is held to the same limits, located") {
    std::ifstream in(std::string(FZ_SOURCE_DIR) + "/rules/annual-report/genre.toml", std::ios::binary);
    std::string genre((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "strip = [";
    const size_t at = genre.find(from);
    REQUIRE(at != std::string::npos);
    genre.insert(at + from.size(), "'\\p{Han}{1000}', ");
    auto rs = engine::build_ruleset({{"my/genre.toml", genre}}, {});
    REQUIRE_FALSE(rs.ok());
    const std::string e = rs.error().to_string();
    INFO(e);
    CHECK(e.rfind("my/genre.toml:", 0) == 0);
    CHECK(e.find("strip: 正则表达式过于复杂") != std::string::npos);
  }

  TEST_CASE("the shipped packs compile within the limits") {
    auto rs = engine::build_ruleset({}, {});
    REQUIRE_MESSAGE(rs.ok(), rs.error().to_string());
  }

  TEST_CASE("Set screens, span walks and lazy exclude lists give the reference answers") {
    std::mt19937 rng(20261127);
    size_t compared = 0, nonempty = 0;
    for (auto& pats : kLists) {
      const auto res = list_of(pats);
      for (int round = 0; round < 40; ++round) {
        const std::string text = random_text(rng, 20 + round * 3);
        for (int k = 0; k < 6; ++k) {
          const ByteSpan within = random_span(rng, text.size());
          const auto want = ref_all(res, text, within);
          nonempty += !want.empty();
          CHECK(checks::all_matches(res, text, within) == want);
          CHECK(checks::any_match(res, text, within) == ref_any(res, text, within));
          // Counting with a limit, every match counted.
          for (int64_t limit : {1, 2, 1000}) {
            const auto n = checks::count_matches_if(res, text, within, limit, [](ByteSpan) { return true; });
            CHECK(n == std::min<int64_t>(limit, static_cast<int64_t>(want.size())));
          }
          // The yes/no form of one counted match (no reverse program for never-empty patterns).
          CHECK(checks::has_nonempty_match(res, text, within) == !want.empty());
          // for_each_match (captures) and for_each_span visit the same spans, in order.
          for (auto& re : res) {
            CHECK(checks::has_nonempty_match(*re, text, within) == !ref_spans(*re, text, within).empty());
            std::vector<ByteSpan> a, b;
            checks::for_each_span(*re, text, within, [&](ByteSpan m) { a.push_back(m); });
            checks::for_each_match(*re, text, within, [&](ByteSpan m, const std::vector<std::string_view>& g) {
              CHECK(g.size() == static_cast<size_t>(1 + re->NumberOfCapturingGroups()));
              CHECK(g[0] == checks::slice(text, m));
              b.push_back(m);
            });
            CHECK(a == ref_spans(*re, text, within));
            CHECK(b == a);
          }
          // Lazily searched matches answer overlap questions asked in any order.
          checks::LazyMatches lazy;
          lazy.reset(&res, text, within);
          // none(): never when a match exists; an empty match may make it say no too.
          const bool none = lazy.none();
          CHECK((!none || want.empty()));
          if (std::none_of(pats.begin(), pats.end(), [](auto& p) { return p == "a*" || p == "(?:年)?"; }))
            CHECK(none == want.empty());
          for (int q = 0; q < 8; ++q) {
            ByteSpan m = random_span(rng, text.size());
            if (m.empty()) m.end = std::min<uint32_t>(m.end + 1, static_cast<uint32_t>(text.size()));
            CHECK(lazy.overlaps(m) == ref_overlaps(m, want));
          }
          ++compared;
        }
      }
    }
    CHECK(compared == kLists.size() * 40 * 6);
    CHECK(nonempty > compared / 3);  // the generated cases do exercise matches
  }

  TEST_CASE("the Set screen sees the byte before the node (\\b and \\B at the node's start)") {
    // The walk inside a node sees the text before it: "b" after "a" is not at a word boundary.
    const auto res = list_of({"\\Bb", "\\bzz"});
    const std::string text = "ab b";
    CHECK(checks::all_matches(res, text, {1, 4}) == std::vector<ByteSpan>{{1, 2}});
    CHECK(checks::count_matches_if(res, text, {1, 4}, 5, [](ByteSpan) { return true; }) == 1);
    checks::LazyMatches lazy;
    lazy.reset(&res, text, {1, 4});
    CHECK(lazy.overlaps({0, 2}));
    CHECK_FALSE(lazy.overlaps({2, 4}));
    // any_match looks at the node alone, where "b" does start at a boundary.
    CHECK_FALSE(checks::any_match(res, text, {1, 2}));
  }

  TEST_CASE("a list grown after its first use stops using its Set and stays exact") {
    auto res = list_of({"法治", "政府"});
    const std::string text = "推进法治政府建设，完善依法行政制度。";
    const ByteSpan all{0, static_cast<uint32_t>(text.size())};
    CHECK(checks::all_matches(res, text, all).size() == 2);  // builds the Set
    res.push_back(checks::Regex::compiled(std::make_unique<RE2>("依法")));
    CHECK(checks::all_matches(res, text, all) == ref_all(res, text, all));
    CHECK(checks::all_matches(res, text, all).size() == 3);
    CHECK(checks::any_match(res, text, {static_cast<uint32_t>(text.find("依法")), all.end}));
  }

  TEST_CASE("nested for_each_match calls keep their own capture buffers") {
    RE2 outer("(法)(治)"), inner("(政)(府)");
    const std::string text = "法治政府，法治政府";
    std::vector<std::string> seen;
    checks::for_each_match(outer, text, {0, static_cast<uint32_t>(text.size())},
                           [&](ByteSpan m, const std::vector<std::string_view>& g) {
                             checks::for_each_match(inner, text, {m.end, static_cast<uint32_t>(m.end + 6)},
                                                    [&](ByteSpan, const std::vector<std::string_view>& h) {
                                                      seen.push_back(std::string(h[2]));
                                                    });
                             seen.push_back(std::string(g[1]) + std::string(g[2]));
                           });
    CHECK(seen == std::vector<std::string>{"府", "法治", "府", "法治"});
  }
}
