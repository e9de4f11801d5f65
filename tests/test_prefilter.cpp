// The literal prefilter (checks/prefilter.h) must never change a result: every match of a
// pattern contains one of its required literals, and linting with the prefilter gives exactly
// the findings linting without it gives. Checked on the analysis of hand-written patterns, on
// every shipped pattern against every fixture, on random patterns against random texts, and on
// whole reports.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <functional>
#include <random>
#include <utility>
#include <set>

#include "checks/prefilter.h"
#include "checks/util.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "lint_fixture.h"
#include "rules/pack.h"

std::string_view fz_precompiled_rules();

using namespace fz;
namespace pf = fz::checks::prefilter;

namespace {

std::vector<std::string> lits(std::string_view pattern) {
  auto l = pf::analyse_literals(pattern);
  if (!l) return {"<none>"};
  std::sort(l->begin(), l->end());
  return *l;
}

std::string read(const std::filesystem::path& p) { return testing::read_file(p); }

struct Fixture {
  std::filesystem::path path;
  std::string text;
};

// Every .txt and .md fixture under 2 MB, in path order.
const std::vector<Fixture>& fixtures() {
  static const std::vector<Fixture> all = [] {
    std::vector<Fixture> out;
    for (auto& e : std::filesystem::recursive_directory_iterator(std::string(FZ_SOURCE_DIR) + "/fixtures")) {
      if (!e.is_regular_file()) continue;
      const auto ext = e.path().extension();
      if (ext != ".txt" && ext != ".md") continue;
      std::string t = read(e.path());
      if (t.size() < 2'000'000) out.push_back({e.path(), std::move(t)});
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.path < b.path; });
    return out;
  }();
  return all;
}

ingest::Format format_of(const Fixture& f) {
  return f.path.extension() == ".md" ? ingest::Format::Markdown : ingest::Format::Text;
}

// Every match of `re` in `text` (non-overlapping, left to right, as for_each_span walks them,
// but without the prefilter) contains one of `literals`.
void check_matches_contain(const RE2& re, const std::vector<std::string>& literals, std::string_view text,
                           size_t* matches) {
  const re2::StringPiece input(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
    const std::string_view hit(m.data(), m.size());
    if (!hit.empty()) {
      ++*matches;
      const bool has = std::any_of(literals.begin(), literals.end(),
                                   [&](const std::string& l) { return hit.find(l) != std::string_view::npos; });
      if (!has) FAIL_CHECK("pattern " << re.pattern() << " matched “" << hit << "” without any of its literals");
    }
    const size_t e = static_cast<size_t>(m.data() - text.data()) + m.size();
    pos = e > pos ? e : pos + 1;
  }
}


// Every match of `re` over `text`, walked left to right as the rules walk them, found by the
// Regex (windowed near its literals when the prefilter is active on `text`) and by RE2 on the
// whole stretch, with `groups` submatches: the two walks must agree match for match. Returns the
// matches walked.
size_t compare_walks(const checks::Regex& re, std::string_view text, int groups, const std::string& what) {
  const re2::StringPiece input(text.data(), text.size());
  const int n = std::max(groups, 1);
  std::vector<re2::StringPiece> a(static_cast<size_t>(n)), b(static_cast<size_t>(n));
  size_t pos = 0, walked = 0;
  while (pos <= text.size()) {
    const bool x = re.Match(input, pos, text.size(), RE2::UNANCHORED, groups ? a.data() : nullptr, groups);
    const bool y = re.get().Match(input, pos, text.size(), RE2::UNANCHORED, groups ? b.data() : nullptr, groups);
    REQUIRE_MESSAGE(x == y, what << " at " << pos);
    if (!x) break;
    if (groups == 0) {  // existence only: step on by a character, as far as the text allows
      pos += 1 + text.size() / 7;
      continue;
    }
    for (int g = 0; g < groups; ++g)
      CHECK_MESSAGE((a[g].data() == b[g].data() && a[g].size() == b[g].size()), what << " group " << g << " at " << pos);
    ++walked;
    const size_t e = static_cast<size_t>(b[0].data() - text.data()) + b[0].size();
    pos = e > pos ? e : pos + 1;
  }
  return walked;
}

// Random bounded patterns over rare literals and common filler (anchors, word boundaries,
// classes, groups, counted repetitions), and texts of the same pieces.
struct RandomPatterns {
  explicit RandomPatterns(unsigned seed) : rng(seed) {}
  std::mt19937 rng;
  const std::vector<std::string> rare = {"法治", "政府", "ab", "cd"};
  const std::vector<std::string> filler = {"年", "x", "，", "𠀀", "\n", " ", "1", "是", "。"};
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
  std::string gen(int depth) {
    const size_t k = depth > 3 ? pick(2) : pick(9);
    switch (k) {
      case 0: return rare[pick(rare.size())];
      case 1: return filler[pick(filler.size())];
      case 2: return gen(depth + 1) + gen(depth + 1);
      case 3: return "(?:" + gen(depth + 1) + "|" + gen(depth + 1) + ")";
      case 4: return "(" + gen(depth + 1) + ")?";
      case 5: return "(?:" + gen(depth + 1) + "){" + std::to_string(pick(3)) + "," + std::to_string(2 + pick(3)) + "}";
      case 6: return std::vector<std::string>{"[法政]", "[^年]", ".", "\\d", "[a-c]", "(?m)^", "$", "\\b", "(?s:.)", "[^，。]{0,6}"}[pick(10)];
      case 7: return "(?P<g>" + gen(depth + 1) + ")" + gen(depth + 1);
      default: return gen(depth + 1) + rare[pick(rare.size())] + gen(depth + 1);
    }
  }
  std::string text(size_t pieces) {
    std::string t;
    for (size_t k = 0; k < pieces; ++k) t += pick(40) == 0 ? rare[pick(rare.size())] : filler[pick(filler.size())];
    return t;
  }
};
}  // namespace

TEST_SUITE("prefilter") {
  TEST_CASE("required literals of hand-written patterns") {
    CHECK(lits("截止目前") == std::vector<std::string>{"截止目前"});
    CHECK(lits("(截止|截至)目前") == std::vector<std::string>{"截止目前", "截至目前"});
    CHECK(lits("第一责任人(职责)?") == std::vector<std::string>{"第一责任人", "第一责任人职责"});
    CHECK(lits("20\\d\\d年度报告") == std::vector<std::string>{"年度报告"});
    CHECK(lits("[上下]半年工作") == std::vector<std::string>{"上半年工作", "下半年工作"});
    CHECK(lits("(?P<hit>依法行政)[，。]") == std::vector<std::string>{"依法行政。", "依法行政，"});
    CHECK(lits("(?:法治政府|依法治国)+") == std::vector<std::string>{"依法治国", "法治政府"});
    CHECK(lits("\\x{6CD5}\\x{6CBB}") == std::vector<std::string>{"法治"});
    CHECK(lits("a\\.b\\(c") == std::vector<std::string>{"a.b(c"});
    CHECK(lits("ISO ?9001") == std::vector<std::string>{"ISO 9001", "ISO9001"});
    // No requirement: optional parts, classes, case folding, one Han character, unknown syntax.
    CHECK(lits("(法治政府)?") == std::vector<std::string>{"<none>"});
    CHECK(lits("[^，。]{2,5}") == std::vector<std::string>{"<none>"});
    CHECK(lits("\\p{Han}+") == std::vector<std::string>{"<none>"});
    CHECK(lits("(?i)abcd") == std::vector<std::string>{"<none>"});
    CHECK(lits("(?i:abcd)efgh") == std::vector<std::string>{"<none>"});
    CHECK(lits("\\d+年") == std::vector<std::string>{"<none>"});
    CHECK(lits("法治|.") == std::vector<std::string>{"<none>"});
    CHECK(lits("\\Qabcd\\E") == std::vector<std::string>{"<none>"});
    CHECK(lits("abcd|") == std::vector<std::string>{"<none>"});
    // Flags that do not change which literals a match holds are understood.
    CHECK(lits("(?m)^法治政府$") == std::vector<std::string>{"法治政府"});
    CHECK(lits("(?s:.)依法行政") == std::vector<std::string>{"依法行政"});
    // `{` that is not a repetition is a literal, as in RE2.
    CHECK(lits("a{,3}bc") == std::vector<std::string>{"a{,3}bc"});
    // The most selective part of a concatenation is kept.
    CHECK(lits("[0-9]+件行政复议案件") == std::vector<std::string>{"件行政复议案件"});
  }

  TEST_CASE("every shipped pattern: each match in every fixture contains a required literal") {
    auto rs = testing::shipped();
    REQUIRE(rs->prefilter);
    const auto s = pf::stats(*rs->prefilter);
    CHECK(s.filtered > s.patterns / 2);  // most patterns are filtered
    REQUIRE(fixtures().size() > 100);
    size_t matches = 0;
    for (auto& [pattern, literals] : pf::entries(*rs->prefilter)) {
      REQUIRE(!literals.empty());
      RE2 re(pattern);
      REQUIRE(re.ok());
      for (auto& f : fixtures()) check_matches_contain(re, literals, f.text, &matches);
    }
    CHECK(matches > 1000);  // the fixtures do exercise the patterns
  }

  TEST_CASE("literals of any length: a lone ASCII quote, and the index's sets are found too") {
    const std::string quotes = R"((?P<hit>(?P<fix>")[^"\n]{0,60}?\p{Han}[^"\n]{0,60}?(?P<fix2>")))";
    CHECK_FALSE(pf::analyse_literals(quotes).has_value());  // one byte: too short for the index
    CHECK(pf::any_required_literals(quotes) == std::optional<std::vector<std::string>>({"\""}));
    CHECK(pf::any_required_literals("\\d+是") == std::optional<std::vector<std::string>>({"是"}));
    CHECK_FALSE(pf::any_required_literals("\\p{Han}+").has_value());
    CHECK(pf::any_required_literals("截止目前") == pf::analyse_literals("截止目前"));
  }

  TEST_CASE("never_empty: only patterns every match of which holds a required literal") {
    auto re = [](const char* p, bool case_sensitive = true) {
      RE2::Options o;
      o.set_case_sensitive(case_sensitive);
      return checks::Regex::compiled(std::make_unique<RE2>(p, o));
    };
    CHECK(checks::prefilter::never_empty(*re("法治")));
    CHECK(checks::prefilter::never_empty(*re("(?:第[一二三]次|会议)")));
    CHECK_FALSE(checks::prefilter::never_empty(*re("a*")));
    CHECK_FALSE(checks::prefilter::never_empty(*re("(?:年)?")));
    CHECK_FALSE(checks::prefilter::never_empty(*re("\\b")));
    CHECK_FALSE(checks::prefilter::never_empty(*re("[0-9]+")));  // no literal: unknown, so no
    CHECK_FALSE(checks::prefilter::never_empty(*re("abc", false)));  // options the analysis does not assume
    auto twice = re("法治|依法");
    CHECK(checks::prefilter::never_empty(*twice));
    CHECK(checks::prefilter::never_empty(*twice));  // memoised answer
  }

  TEST_CASE("random patterns against random texts") {
    std::mt19937 rng(20261127);
    const std::vector<std::string> tokens = {"法治", "政府", "年", "ab", "cd", "x", "，", "𠀀"};
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    std::function<std::string(int)> gen = [&](int depth) -> std::string {
      const size_t k = depth > 3 ? pick(2) : pick(9);
      switch (k) {
        case 0: case 1: return tokens[pick(tokens.size())];
        case 2: return gen(depth + 1) + gen(depth + 1) + gen(depth + 1);
        case 3: return "(?:" + gen(depth + 1) + "|" + gen(depth + 1) + ")";
        case 4: return "(" + gen(depth + 1) + ")" + std::string(1, "*+?"[pick(3)]);
        case 5: return "(?:" + gen(depth + 1) + "){" + std::to_string(pick(3)) + "," + std::to_string(2 + pick(2)) + "}";
        case 6: return std::vector<std::string>{"[法政]", "[^年]", ".", "\\d", "[a-c]", "(?m)^", "$", "\\b"}[pick(8)];
        case 7: return "(?P<g>" + gen(depth + 1) + ")" + gen(depth + 1);
        default: return gen(depth + 1) + "(?:" + gen(depth + 1) + ")?" + gen(depth + 1);
      }
    };
    // The same for any_required_literals(), whose literals may be one character long (pattern-set
    // cases the literal pass cannot screen are skipped on text holding none of them).
    size_t analysed = 0, matches = 0, any_analysed = 0, short_sets = 0, any_matches = 0;
    for (int i = 0; i < 3000; ++i) {
      const std::string p = gen(0);
      RE2 re(p, RE2::Quiet);
      if (!re.ok()) continue;
      auto l = pf::analyse_literals(p);
      auto a = pf::any_required_literals(p);
      if (l) CHECK_MESSAGE(a.has_value(), p);  // a set for the index is a set of any length
      if (a) {
        ++any_analysed;
        short_sets += std::any_of(a->begin(), a->end(), [](auto& x) { return x.size() < 4; });
      }
      if (!l && !a) continue;
      analysed += l.has_value();
      for (int j = 0; j < 20; ++j) {
        std::string t;
        const size_t n = pick(40);
        for (size_t c = 0; c < n; ++c) t += tokens[pick(tokens.size())] + (pick(4) == 0 ? "1" : "");
        if (l) check_matches_contain(re, *l, t, &matches);
        if (a) check_matches_contain(re, *a, t, &any_matches);
      }
    }
    CHECK(analysed > 300);
    CHECK(matches > 1000);
    CHECK(any_analysed > analysed);
    CHECK(short_sets > 100);
    CHECK(any_matches > matches);
  }

  TEST_CASE("linting with the prefilter gives exactly the findings linting without it gives") {
    auto rs = testing::shipped();
    engine::Config on, off;
    off.prefilter = false;
    on.select = off.select = {"all"};  // every rule, default or not
    size_t reports = 0, findings = 0;
    auto compare = [&](const std::string& text, ingest::Format fmt) {
      auto a = testing::lint_text(text, on, rs.get(), fmt);
      auto b = testing::lint_text(text, off, rs.get(), fmt);
      if (!a || !b) return;
      ++reports;
      findings += b->res.findings.size();
      REQUIRE(a->res.findings.size() == b->res.findings.size());
      for (size_t i = 0; i < a->res.findings.size(); ++i) {
        const auto& x = a->res.findings[i];
        const auto& y = b->res.findings[i];
        CHECK_MESSAGE((x.rule == y.rule && x.span.begin == y.span.begin && x.span.end == y.span.end &&
                       x.message == y.message),
                      x.rule << " " << x.span.begin << " vs " << y.rule << " " << y.span.begin);
      }
    };
    for (auto& f : fixtures()) compare(f.text, format_of(f));
    const std::string seed = read(std::string(FZ_SOURCE_DIR) + "/../shared/seeds/000_4cb5d7ebd9b6d720.txt");
    if (!seed.empty()) compare(seed, ingest::Format::Text);
    CHECK(reports > 100);
    CHECK(findings > 500);
  }

  TEST_CASE("the first document a rule set checks (rules screen alone) gets the same findings as later ones") {
    // pattern-set rules skip the group's Set on a rule set's first document; a fresh rule set
    // per report takes that path, the shared one (warm) the other.
    auto warm = testing::shipped();
    engine::Config cfg;
    cfg.select = {"all"};
    size_t reports = 0, findings = 0;
    const auto& all = fixtures();
    for (size_t i = 0; i < all.size(); i += 3) {  // a third of them: a rule set build each
      const std::string& t = all[i].text;
      if (t.size() > 200'000) continue;
      auto fresh = engine::build_ruleset({}, {});
      REQUIRE(fresh);
      auto a = testing::lint_text(t, cfg, fresh->get(), format_of(all[i]));
      auto b = testing::lint_text(t, cfg, warm.get(), format_of(all[i]));
      if (!a || !b) continue;
      ++reports;
      findings += b->res.findings.size();
      REQUIRE_MESSAGE(a->res.findings.size() == b->res.findings.size(), all[i].path.string());
      for (size_t k = 0; k < a->res.findings.size(); ++k)
        CHECK_MESSAGE((a->res.findings[k].rule == b->res.findings[k].rule &&
                       a->res.findings[k].span.begin == b->res.findings[k].span.begin &&
                       a->res.findings[k].message == b->res.findings[k].message),
                      all[i].path.string() << ": " << a->res.findings[k].rule << " vs " << b->res.findings[k].rule);
    }
    CHECK(reports > 50);
    CHECK(findings > 200);
  }

  TEST_CASE("a document's rules on two threads give the findings of one thread") {
    auto rs = testing::shipped();
    engine::Config one, two;
    one.select = two.select = {"all"};
    two.threads = 2;
    size_t reports = 0, findings = 0;
    // Fixtures are short, and below 4 KiB one thread is used: join runs of consecutive ones.
    std::vector<std::string> texts;
    const auto& all = fixtures();
    for (size_t i = 0; i < all.size(); i += 3) {
      std::string t;
      for (size_t k = i; k < std::min(i + 3, all.size()); ++k) t += all[k].text + "\n";
      if (t.size() >= 4096 && t.size() < 2'000'000) texts.push_back(std::move(t));
    }
    for (auto& t : texts) {
      for (int round = 0; round < 2; ++round) {  // thread interleavings differ between rounds
        auto a = testing::lint_text(t, one, rs.get());
        auto b = testing::lint_text(t, two, rs.get());
        if (!a || !b) continue;
        ++reports;
        findings += a->res.findings.size();
        REQUIRE(a->res.findings.size() == b->res.findings.size());
        for (size_t k = 0; k < a->res.findings.size(); ++k)
          CHECK((a->res.findings[k].rule == b->res.findings[k].rule &&
                 a->res.findings[k].span.begin == b->res.findings[k].span.begin &&
                 a->res.findings[k].section == b->res.findings[k].section &&
                 a->res.findings[k].message == b->res.findings[k].message));
      }
    }
    CHECK(reports > 20);
    CHECK(findings > 100);
  }

  TEST_CASE("max_match_bytes: the most bytes a match can span") {
    const std::optional<size_t> unbounded;  // or not understood
    const std::pair<const char*, std::optional<size_t>> cases[] = {
        {"法治", 6}, {"法治|依法行政", 12}, {"[0-9]{1,4}", 4}, {"[一二三]是", 6}, {"[a-zé]", 2},
        {"[^。]{0,40}?", 160}, {"\\p{Han}{2}", 8}, {"(?:ab){2,3}", 6}, {"(?m)^法治$", 6},
        {"\\b法\\b", 3}, {".", 4}, {"(?P<hit>第)(?:[一二]次)?", 9}, {"", 0},
        {"\\d+年", unbounded}, {"a*", unbounded}, {"x{3,}", unbounded}, {"(?i)ab", unbounded},
        {"\\Qab\\E", unbounded}, {"(ab", unbounded}};
    for (const auto& [pattern, want] : cases) CHECK_MESSAGE(pf::max_match_bytes(pattern) == want, pattern);
  }

  TEST_CASE("no match is longer than max_match_bytes: shipped patterns on fixtures, random patterns") {
    auto rs = testing::shipped();
    size_t bounded = 0, matches = 0;
    auto check_bound = [&](const RE2& re, size_t most, std::string_view text) {
      const re2::StringPiece input(text.data(), text.size());
      re2::StringPiece m;
      size_t pos = 0;
      while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
        ++matches;
        if (m.size() > most) FAIL_CHECK(re.pattern() << " matched " << m.size() << " bytes > " << most);
        const size_t e = static_cast<size_t>(m.data() - text.data()) + m.size();
        pos = e > pos ? e : pos + 1;
      }
    };
    for (auto& [pattern, literals] : pf::entries(*rs->prefilter)) {
      const auto most = pf::max_match_bytes(pattern);
      if (!most) continue;
      ++bounded;
      RE2 re(pattern);
      REQUIRE(re.ok());
      for (auto& f : fixtures()) check_bound(re, *most, f.text);
    }
    CHECK(bounded > 100);
    CHECK(matches > 1000);
    // Random patterns (classes, counted repetitions, optional groups) on random texts.
    RandomPatterns r(20261129);
    size_t random_bounded = 0;
    const size_t before = matches;
    for (int i = 0; i < 1500; ++i) {
      const std::string p = r.gen(0);
      RE2 re(p, RE2::Quiet);
      const auto most = pf::max_match_bytes(p);
      if (!re.ok() || !most) continue;
      ++random_bounded;
      for (int j = 0; j < 5; ++j) check_bound(re, *most, r.text(60));
    }
    CHECK(random_bounded > 500);
    CHECK(matches - before > 1000);
  }

  TEST_CASE("a search near the literals finds what RE2 finds on the whole text") {
    // Regex::Match looks only near the occurrences of a bounded pattern's literals over a long
    // stretch of the active document. Random patterns (anchors, word boundaries, classes,
    // groups, repetitions) over long random texts whose literals are rare, then every shipped
    // pattern over runs of fixtures: every walk of matches, with no, one and all submatches,
    // must be RE2's own on the whole stretch.
    RandomPatterns r(20261128);
    auto pick = [&](size_t n) { return r.pick(n); };
    auto gen = [&](int depth) { return r.gen(depth); };
    size_t patterns = 0, walked = 0;
    for (int i = 0; i < 400; ++i) {
      const std::string p = gen(0);
      auto owned = checks::Regex::compiled(std::make_unique<RE2>(p, RE2::Quiet));
      if (!owned->get().ok() || !pf::analyse_literals(p) || !pf::max_match_bytes(p)) continue;
      pf::Collector c;
      c.add(*owned);
      const auto filter = c.finish();
      ++patterns;
      for (int j = 0; j < 3; ++j) {
        const std::string t = r.text(800 + pick(3000));
        const pf::Active active(filter.get(), t);
        const int all = 1 + owned->NumberOfCapturingGroups();
        for (int groups : {0, 1, all}) walked += compare_walks(*owned, t, groups, p);
        // A slice of the document, as a node: its edges are context for ^ $ \b.
        const std::string_view mid = std::string_view(t).substr(t.size() / 5, t.size() / 2);
        walked += compare_walks(*owned, mid, all, p + " (slice)");
      }
    }
    CHECK(patterns > 100);
    CHECK(walked > 2000);

    // Every shipped pattern over runs of fixtures (documents of 8 to 60 KiB).
    auto rs = testing::shipped();
    std::vector<std::string> texts;
    const auto& fx = fixtures();
    std::string run;
    for (size_t i = 0; i < fx.size(); i += 2) {
      run += fx[i].text + "\n";
      if (run.size() > 8192) texts.push_back(std::exchange(run, std::string()));
      if (texts.size() == 12) break;
    }
    size_t shipped = 0, shipped_walked = 0;
    std::vector<std::unique_ptr<checks::Regex>> owned;
    pf::Collector c;
    std::set<std::string> distinct;  // entries() has one per registered Regex
    for (auto& [pattern, literals] : pf::entries(*rs->prefilter)) {
      if (!pf::max_match_bytes(pattern) || !distinct.insert(pattern).second) continue;
      owned.push_back(checks::Regex::compiled(std::make_unique<RE2>(pattern)));
      c.add(*owned.back());
    }
    const auto filter = c.finish();
    for (auto& t : texts) {
      const pf::Active active(filter.get(), t);
      for (auto& re : owned) {
        ++shipped;
        shipped_walked += compare_walks(*re, t, 1 + re->NumberOfCapturingGroups(), re->pattern());
        compare_walks(*re, t, 0, re->pattern());
      }
    }
    CHECK(owned.size() > 100);
    CHECK(shipped_walked > 1000);
  }

  TEST_CASE("a scan over other text than the active document is never skipped") {
    auto rs = testing::shipped();
    REQUIRE(rs->prefilter);
    const std::string doc = "推进法治政府建设。";
    const pf::Active active(rs->prefilter.get(), doc);
    auto owned = checks::Regex::compiled(std::make_unique<RE2>("截止目前"));
    const checks::Regex& re = *owned;
    // Not registered with this prefilter: always scanned.
    const std::string other = "截止目前，已完成。";
    CHECK(pf::may_match(re, other, {0, static_cast<uint32_t>(other.size())}));
    // Same pattern compiled by the packs, but a different text: scanned.
    size_t n = 0;
    checks::for_each_span(re, other, {0, static_cast<uint32_t>(other.size())}, [&](ByteSpan) { ++n; });
    CHECK(n == 1);
  }

  TEST_CASE("the analysis stored in the rule pack is a fresh analysis, and covers the shipped patterns") {
    // fz_rulepack stores required_literals' answer for the pack's strings (rules/pack.h); the
    // engine answers the shipped patterns from it instead of analysing them at start.
    auto table = rules::pack_literals(fz_precompiled_rules());
    REQUIRE_MESSAGE(table.ok(), (table.ok() ? std::string() : table.error().to_string()));
    REQUIRE(table->size() > 300);
    size_t with = 0;
    for (auto& e : *table) {
      CHECK_MESSAGE(e.literals == pf::analyse_literals(e.pattern), e.pattern);
      CHECK(pf::required_literals(e.pattern) == e.literals);  // whether installed yet or not
      with += e.literals.has_value();
    }
    CHECK(with > table->size() / 2);
    // Building the shipped rule set (the table installed by the first build) analyses only the
    // few patterns rules assemble from their parameters (4 today: joined lists, an anchored
    // alternation), not the pack's strings (358 distinct, analysed before the table).
    auto first = engine::build_ruleset({}, {});
    REQUIRE(first.ok());
    const size_t before = pf::analyses();
    auto rs = engine::build_ruleset({}, {});
    REQUIRE(rs.ok());
    CHECK(pf::analyses() - before <= 8);
    CHECK(pf::stats(*(*rs)->prefilter).filtered > 300);
    // A pattern of the user's is analysed.
    std::string text = read(std::string(FZ_SOURCE_DIR) + "/rules/gongwen/terms/fazhi-term-outside-whitelist.toml");
    REQUIRE(text.find("patterns = ['法制']") != std::string::npos);
    text.replace(text.find("patterns = ['法制']"), std::string_view("patterns = ['法制']").size(),
                 "patterns = ['法制(?:甲乙|丙丁)戊己']");
    text.replace(text.find("fazhi-term-outside-whitelist"), std::string_view("fazhi-term-outside-whitelist").size(),
                 "user-literal-probe");
    const size_t mid = pf::analyses();
    auto mine = engine::build_ruleset({engine::RuleFile{"user.toml", text}}, {});
    REQUIRE_MESSAGE(mine.ok(), (mine.ok() ? std::string() : mine.error().to_string()));
    CHECK(pf::analyses() > mid);
    CHECK(pf::required_literals("法制(?:甲乙|丙丁)戊己") == pf::analyse_literals("法制(?:甲乙|丙丁)戊己"));
  }
}
