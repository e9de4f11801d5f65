// Lazy RE2 compilation (checks/regex.h) must never change a result or an error: a rule set
// whose shipped patterns compile on first use finds exactly what one compiled at load finds
// (every fixture, the bundled sample, the shared seed; one and two lint threads, fresh rule
// sets so that threads race to compile the same pattern); the shipped pack compiles in full at
// load (the invariant that lets it skip validation); patterns the user wrote or changed are
// still compiled and checked at load; and the group scan that stands in for RE2 before a
// pattern is compiled agrees with RE2 on every string of the shipped files.
// ci-extra's TSan stage runs this binary (threads racing to compile one pattern).
#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "checks/regex.h"
#include "checks/util.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "lint_fixture.h"

using namespace fz;
namespace fs = std::filesystem;

namespace {

std::string read(const std::filesystem::path& p) { return testing::read_file(p); }

struct Input {
  std::string name;
  std::string text;
  ingest::Format fmt;
};

// fixtures/** (.txt, .md; fixtures/real among them), examples/sample-report.txt and the shared
// seed when present.
std::vector<Input> inputs() {
  std::vector<Input> out;
  for (auto& e : fs::recursive_directory_iterator(std::string(FZ_SOURCE_DIR) + "/fixtures")) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension();
    if (ext != ".txt" && ext != ".md") continue;
    std::string t = read(e.path());
    if (t.size() < 2'000'000)
      out.push_back({e.path().string(), std::move(t),
                     ext == ".md" ? ingest::Format::Markdown : ingest::Format::Text});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  out.push_back({"sample-report", read(std::string(FZ_SOURCE_DIR) + "/examples/sample-report.txt"),
                 ingest::Format::Text});
  std::vector<std::string> shared;
  if (const char* d = std::getenv("FZ_SHARED_DIR")) shared.push_back(d);
  shared.push_back(std::string(FZ_SOURCE_DIR) + "/../shared");
  shared.push_back(std::string(FZ_SOURCE_DIR) + "/../../shared");
  for (auto& d : shared) {
    std::string seed = read(d + "/seeds/000_4cb5d7ebd9b6d720.txt");
    if (!seed.empty()) {
      out.push_back({"seed", std::move(seed), ingest::Format::Text});
      break;
    }
  }
  return out;
}

std::shared_ptr<const engine::RuleSet> build(checks::RegexCompilation mode,
                                             const std::vector<engine::RuleFile>& extra = {},
                                             const engine::Config& cfg = {}) {
  checks::set_regex_compilation(mode);
  auto rs = engine::build_ruleset(extra, cfg);
  checks::set_regex_compilation(checks::RegexCompilation::Lazy);
  if (!rs) FAIL(rs.error().to_string());
  return *rs;
}

std::string render(const testing::Linted& l) {
  std::string out;
  for (auto& f : l.res.findings) {
    out += f.rule + " " + std::to_string(f.span.begin) + "-" + std::to_string(f.span.end) + " " +
           f.section + " " + f.message;
    for (auto& x : f.fixes)  // fixes use the groups read before compilation (scan_groups)
      out += " [" + std::to_string(x.span.begin) + "-" + std::to_string(x.span.end) + "→" + x.replacement + "]";
    out += "\n";
  }
  return out;
}

// Every string in the shipped rule and grammar files (patterns among them).
void strings_of(const toml::node& n, std::vector<std::string>& out) {
  if (auto* s = n.as_string()) out.push_back(s->get());
  if (auto* t = n.as_table())
    for (auto& [k, v] : *t) strings_of(v, out);
  if (auto* a = n.as_array())
    for (auto& v : *a) strings_of(v, out);
}

RE2::Options rule_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_max_mem(checks::kPatternMaxMem);
  return o;
}

}  // namespace

TEST_SUITE("regex-lazy") {
  TEST_CASE("lazy compilation finds what eager compilation finds: every fixture, one and two threads") {
    auto eager = build(checks::RegexCompilation::Eager);
    const auto all = inputs();
    REQUIRE(all.size() > 100);
    engine::Config one, two;
    one.select = two.select = {"all"};
    two.threads = 2;
    size_t reports = 0, findings = 0, fixes = 0;
    // One thread: a lazy rule set shared by every input (patterns compile as inputs need them).
    auto lazy = build(checks::RegexCompilation::Lazy);
    for (auto& in : all) {
      REQUIRE_MESSAGE(ingest::ingest(in.text, in.fmt).ok(), in.name);
      auto a = testing::lint_text(in.text, one, eager.get(), in.fmt);
      auto b = testing::lint_text(in.text, one, lazy.get(), in.fmt);
      ++reports;
      findings += a->res.findings.size();
      for (auto& f : a->res.findings) fixes += f.fixes.size();
      CHECK_MESSAGE(render(*a) == render(*b), in.name);
    }
    // Two threads inside one report (a document of 4 KiB or more lints its rules on both): a
    // fresh lazy rule set every fourth text, so both threads meet uncompiled patterns.
    std::vector<std::string> joined;
    for (size_t i = 0; i < all.size(); i += 4) {
      std::string t;
      for (size_t k = i; k < std::min(i + 4, all.size()); ++k)
        if (all[k].fmt == ingest::Format::Text) t += all[k].text + "\n";
      // (Inputs in different encodings joined make no valid text: such a join is left out.)
      if (t.size() >= 4096 && ingest::ingest(t, ingest::Format::Text).ok()) joined.push_back(std::move(t));
    }
    REQUIRE(joined.size() > 20);
    for (size_t i = 0; i < joined.size(); ++i) {
      auto fresh = i % 4 == 0 ? build(checks::RegexCompilation::Lazy) : lazy;
      auto a = testing::lint_text(joined[i], one, eager.get());
      auto b = testing::lint_text(joined[i], two, fresh.get());
      ++reports;
      findings += a->res.findings.size();
      CHECK(render(*a) == render(*b));
    }
    // Two batch threads sharing one fresh lazy rule set, each linting every input (the batch
    // shape: `check -j 2`, `batch -j 2`, serve).
    auto shared = build(checks::RegexCompilation::Lazy);
    std::vector<std::string> got[2];
    auto worker = [&](int w) {
      for (size_t k = 0; k < all.size(); ++k) {
        auto& in = all[(k + static_cast<size_t>(w) * all.size() / 2) % all.size()];
        auto l = testing::lint_text(in.text, one, shared.get(), in.fmt);
        got[w].push_back(in.name + "\n" + render(*l));
      }
    };
    std::thread t1(worker, 1);
    worker(0);
    t1.join();
    std::sort(got[0].begin(), got[0].end());
    std::sort(got[1].begin(), got[1].end());
    CHECK(got[0] == got[1]);
    std::vector<std::string> want;
    for (auto& in : all) want.push_back(in.name + "\n" + render(*testing::lint_text(in.text, one, eager.get(), in.fmt)));
    std::sort(want.begin(), want.end());
    CHECK(got[0] == want);
    CHECK(reports > 130);
    CHECK(findings > 1000);
    CHECK(fixes > 50);
  }

  TEST_CASE("the shipped pack compiles in full at load, and a one-report run compiles only part of it") {
    // The invariant that lets shipped patterns skip validation (regex.h): every one compiles
    // within the limits of util.h, with the options lazy compilation uses.
    auto eager = build(checks::RegexCompilation::Eager);
    CHECK(eager->rules.size() > 50);
    const auto before = checks::regex_counts();
    auto lazy = build(checks::RegexCompilation::Lazy);
    const auto built = checks::regex_counts();
    const size_t deferred = built.deferred - before.deferred;
    CHECK(deferred > 400);  // nearly every shipped pattern waits for its first use
    CHECK(built.compiled == before.compiled);  // building compiled none of them
    const std::string sample = read(std::string(FZ_SOURCE_DIR) + "/examples/sample-report.txt");
    REQUIRE(!sample.empty());
    auto l = testing::lint_text(sample, {}, lazy.get());
    CHECK(!l->res.findings.empty());
    const size_t compiled = checks::regex_counts().compiled - built.compiled;
    CHECK(compiled > 0);
    CHECK(compiled < deferred * 3 / 4);
    // A second rule set (the LSP and serve build one per configuration) reuses the programs:
    // its patterns get theirs without compiling any again, and find the same.
    auto again = build(checks::RegexCompilation::Lazy);
    const auto second = checks::regex_counts();
    auto l2 = testing::lint_text(sample, {}, again.get());
    CHECK(checks::regex_counts().compiled - second.compiled == compiled);
    CHECK(checks::regex_counts().programs == second.programs);
    CHECK(l2->res.findings.size() == l->res.findings.size());
  }

  TEST_CASE("count_rules (fzlint --version) counts what build_ruleset lists, without compiling") {
    engine::Config cfg;
    cfg.origin = ".fzlint.toml";
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) cfg.rule_params["fazhi-term-outside-whitelist"] = "enabled = false";
      const auto before = checks::regex_counts();
      auto n = engine::count_rules({}, cfg);
      REQUIRE(n);
      CHECK(checks::regex_counts().deferred == before.deferred);  // nothing compiled or deferred
      auto rs = build(checks::RegexCompilation::Lazy, {}, cfg);
      const auto& infos = engine::rule_infos(*rs);
      CHECK(n->total == infos.size());
      CHECK(n->enabled == static_cast<size_t>(std::count_if(infos.begin(), infos.end(),
                                                            [](auto& r) { return r.enabled_by_default; })));
    }
    cfg.select = {"no-such-rule"};
    CHECK(!engine::count_rules({}, cfg));
  }

  TEST_CASE("what the user wrote or changed is compiled and checked at load") {
    const auto before = checks::regex_counts();
    // A rule file of the user's: compiled now (its error would carry path:line:col,
    // test_rules.cpp checks the messages), so nothing of it is deferred.
    auto shipped_only = build(checks::RegexCompilation::Lazy);
    const size_t shipped_deferred = checks::regex_counts().deferred - before.deferred;
    const std::string rule = R"(id = "my-lazy-rule"
category = "terms"
severity = "warning"
scope = "paragraph"
message = "测试"
title = "测试"
description = "说明"
rationale = "理由"
source = "依据"
kind = "pattern"
patterns = ['截止目前', '(?P<hit>截至)当前']
examples.bad = ["截止目前"]
examples.good = ["截至目前"]
)";
    const auto mid = checks::regex_counts();
    auto with_user = build(checks::RegexCompilation::Lazy, {{"my/rule.toml", rule}});
    CHECK(checks::regex_counts().deferred - mid.deferred == shipped_deferred);
    // A bad pattern in the user's file is refused at load, located.
    std::string bad = rule;
    bad.replace(bad.find("'截止目前'"), std::string("'截止目前'").size(), "'(未闭合'");
    auto r = engine::build_ruleset({{"my/rule.toml", bad}}, {});
    REQUIRE(!r);
    CHECK(r.error().to_string().rfind("my/rule.toml:11:", 0) == 0);
    CHECK(r.error().to_string().find("正则表达式无效") != std::string::npos);
    // A config override of a shipped rule's patterns: that rule is compiled at load.
    engine::Config cfg;
    cfg.origin = ".fzlint.toml";
    cfg.rule_params["fazhi-term-outside-whitelist"] = "patterns = ['(法制']";
    auto o = engine::build_ruleset({}, cfg);
    REQUIRE(!o);
    CHECK(o.error().to_string().find("正则表达式无效") != std::string::npos);
    cfg.rule_params["fazhi-term-outside-whitelist"] = "patterns = ['法制']";
    const auto pre = checks::regex_counts();
    auto ok = build(checks::RegexCompilation::Lazy, {}, cfg);
    const size_t now = checks::regex_counts().deferred - pre.deferred;
    CHECK(now < shipped_deferred);       // that rule's patterns (and excludes) compiled at load
    CHECK(now + 10 > shipped_deferred);  // the others still wait
  }

  TEST_CASE("scan_groups agrees with RE2 on every string of the shipped files") {
    std::vector<std::string> strings = {
        "(a)(?P<x>b)(?:c)(?i)(d)", "\\(a\\)", "[(](b)", "[]()](c)", "[^](](d)", "[[:alpha:](](e)",
        "\\Q(a)\\E(b)", "\\Q(a)", "(?P<hit>截止)(?:目前|到)[^，。]{0,20}", "(?P<fix>a)(?P<fix2>b)",
        "[\\]](x)", "(?s:.)(y)", "a{2}(z)",
    };
    for (const char* dir : {"/rules", "/grammars"})
      for (auto& e : fs::recursive_directory_iterator(std::string(FZ_SOURCE_DIR) + dir)) {
        if (!e.is_regular_file() || e.path().extension() != ".toml") continue;
        if (e.path().string().find("node_modules") != std::string::npos) continue;
        auto t = toml::parse_file(e.path().string());
        strings_of(t, strings);
      }
    size_t checked = 0, with_groups = 0, named = 0;
    for (auto& p : strings) {
      RE2 re(p, rule_options());
      if (!re.ok()) continue;
      ++checked;
      const auto g = checks::scan_groups(p);
      CHECK_MESSAGE(g.count == re.NumberOfCapturingGroups(), p);
      CHECK_MESSAGE(g.named == re.NamedCapturingGroups(), p);
      with_groups += g.count > 0;
      named += !g.named.empty();
      // And CheckRewriteString before compilation answers as RE2 does.
      auto lazy = checks::Regex::deferred(p, rule_options());
      for (std::string tmpl : {"x", "\\0", "\\1", "\\2", "\\9", "a\\1b\\0", "\\\\", "\\x", "end\\"}) {
        std::string e1, e2;
        CHECK_MESSAGE(lazy->CheckRewriteString(tmpl, &e1) == re.CheckRewriteString(tmpl, &e2), p << " / " << tmpl);
      }
    }
    CHECK(checked > 1000);
    CHECK(with_groups > 50);
    CHECK(named > 20);
  }

  TEST_CASE("threads racing to compile one pattern share one program") {
    auto re = checks::Regex::deferred("(?P<hit>法治)政府[^，。]{0,20}建设", rule_options());
    REQUIRE(!re->compiled());
    const std::string text = "推进法治政府建设，完善依法行政制度。";
    const RE2* seen[4] = {};
    bool matched[4] = {};
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; ++i)
      ts.emplace_back([&, i] {
        seen[i] = &re->get();
        matched[i] = RE2::PartialMatch(text, *re);
      });
    for (auto& t : ts) t.join();
    CHECK(re->compiled());
    for (int i = 0; i < 4; ++i) {
      CHECK(seen[i] == seen[0]);
      CHECK(matched[i]);
    }
    CHECK(re->NumberOfCapturingGroups() == 1);
  }

  TEST_CASE("lists of the same shipped patterns share one RE2::Set; a user's list builds its own") {
    // Patterns no shipped rule uses, so no earlier test has built this Set.
    const std::vector<std::string> pats = {"甲乙丙[^，。]{0,8}丁", "戊己(?:庚|辛)", "壬癸子"};
    auto make = [&](bool trusted) {
      checks::RegexList l;
      for (auto& p : pats)
        l.push_back(trusted ? checks::Regex::deferred(p, rule_options())
                            : checks::Regex::compiled(std::make_unique<RE2>(p, rule_options())));
      return l;
    };
    const std::string text = "前文戊己辛后文";
    std::vector<int> hit;
    const auto before = checks::regex_counts();
    auto a = make(true), b = make(true);
    REQUIRE(a.screen(text, hit));
    CHECK(hit == std::vector<int>{1});
    CHECK(checks::regex_counts().sets == before.sets + 1);
    std::vector<std::thread> ts;  // the second list's first screen, from two threads at once
    bool ok[2] = {};
    for (int i = 0; i < 2; ++i)
      ts.emplace_back([&, i] {
        std::vector<int> h;
        ok[i] = b.screen(text, h) && h == std::vector<int>{1};
      });
    for (auto& t : ts) t.join();
    CHECK(ok[0]);
    CHECK(ok[1]);
    CHECK(checks::regex_counts().sets == before.sets + 1);  // b reused a's Set
    // Other options or another order are another Set; so is a list the user wrote.
    checks::RegexList c;
    for (auto it = pats.rbegin(); it != pats.rend(); ++it) c.push_back(checks::Regex::deferred(*it, rule_options()));
    REQUIRE(c.screen(text, hit));
    CHECK(hit == std::vector<int>{1});
    CHECK(checks::regex_counts().sets == before.sets + 2);
    auto u = make(false);
    REQUIRE(u.screen(text, hit));
    CHECK(hit == std::vector<int>{1});
    CHECK(checks::regex_counts().sets == before.sets + 2);
    CHECK(!u.matches_any("甲乙丙，丁"));
    CHECK(a.matches_any("甲乙丙一二丁"));
  }
}
