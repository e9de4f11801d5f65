// Warming (engine/warm.h): the costly programs fz_rulepack lists are the pack's own, measured as
// the engine compiles them and complete; their literals hold on every fixture; a text is given
// the ones its literals allow; a warmed program is the one the rules then use, and findings do
// not change; `stop` and eager compilation warm nothing. Its own binary: the program table is
// process-wide, so no other test case has built anything before these run.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "checks/regex.h"
#include "checks/util.h"
#include "engine/warm.h"
#include "golden.h"
#include "lint_fixture.h"
#include "rules/pack.h"

using namespace fz;
namespace fs = std::filesystem;

namespace {

std::string read(const std::filesystem::path& p) { return testing::read_file(p); }

std::vector<std::string> fixture_texts() {
  std::vector<std::string> out;
  for (auto& e : fs::recursive_directory_iterator(std::string(FZ_SOURCE_DIR) + "/fixtures"))
    if (e.is_regular_file() && e.path().extension() == ".txt") {
      std::string t = read(e.path());
      if (t.size() < 2'000'000) out.push_back(std::move(t));
    }
  out.push_back(read(std::string(FZ_SOURCE_DIR) + "/examples/sample-report.txt"));
  return out;
}

std::string render(const testing::Linted& l) {
  std::string out;
  for (auto& f : l.res.findings)
    out += f.rule + " " + std::to_string(f.span.begin) + "-" + std::to_string(f.span.end) + " " + f.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("the costly list: the pack's own strings, measured as the engine compiles them, complete") {
  const auto costly = fz_costly_patterns();
  REQUIRE(costly.size() >= 10);
  auto pack = rules::deserialize_pack(fz_precompiled_rules());
  REQUIRE(pack.ok());
  // Strings of rules wider than the title or a heading, and of the genre and terms files.
  std::set<std::string> wide, headline;
  for (const auto& f : *pack) {
    if (const auto* spec = std::get_if<rules::RuleSpec>(&f)) {
      const bool h = spec->scope == "title" || spec->scope == "heading";
      for (auto& s : rules::pattern_strings(*spec)) (h ? headline : wide).insert(s);
    }
  }
  for (size_t i = 0; i < costly.size(); ++i) {
    const auto& c = costly[i];
    const std::string p(c.pattern);
    RE2 re(p, checks::limited_options());
    REQUIRE_MESSAGE(re.ok(), p);
    CHECK_MESSAGE(re.ProgramSize() == c.program_size, p);
    CHECK(c.program_size >= rules::kCostlyProgramSize);
    CHECK_MESSAGE(!c.literals.empty(), p);
    CHECK_MESSAGE(!(headline.count(p) && !wide.count(p)), p);
    if (i > 0) CHECK(costly[i - 1].program_size >= c.program_size);
  }
  // Complete: every string of a rule wider than a heading that builds a program that large.
  std::set<std::string_view> listed;
  for (const auto& c : costly) listed.insert(c.pattern);
  size_t big = 0;
  for (const auto& s : wide) {
    RE2 re(s, checks::limited_options());
    if (!re.ok() || re.ProgramSize() < rules::kCostlyProgramSize) continue;
    ++big;
    CHECK_MESSAGE(listed.count(s), s);
  }
  CHECK(big >= 10);
}

TEST_CASE("a costly pattern's literals occur in every fixture it matches") {
  const auto texts = fixture_texts();
  REQUIRE(texts.size() > 50);
  size_t matched = 0;
  for (const auto& c : fz_costly_patterns()) {
    RE2 re(std::string(c.pattern), checks::limited_options());
    for (const auto& t : texts) {
      if (!RE2::PartialMatch(t, re)) continue;
      ++matched;
      CHECK_MESSAGE(std::any_of(c.literals.begin(), c.literals.end(),
                                [&](std::string_view l) { return t.find(l) != std::string::npos; }),
                    c.pattern);
    }
  }
  CHECK(matched > 50);  // the property was put to the test
}

TEST_CASE("warming: picked by literals, stopped by `stop`, the rules' own programs, findings unchanged") {
  const auto costly = fz_costly_patterns();
  // A text with none of the literals is given nothing; one with an entry's literal is given it.
  CHECK(engine::costly_programs_for("abc 123").empty());
  const std::string one(costly[0].literals[0]);
  const auto picked = engine::costly_programs_for("前文" + one + "后文");
  CHECK(std::find(picked.begin(), picked.end(), &costly[0]) != picked.end());
  for (size_t i = 1; i < picked.size(); ++i) CHECK(picked[i - 1]->program_size >= picked[i]->program_size);

  const std::string sample = read(std::string(FZ_SOURCE_DIR) + "/examples/sample-report.txt");
  const auto todo = engine::costly_programs_for(sample);
  REQUIRE(todo.size() >= 3);
  // Eager compilation (which builds no shared programs) is given nothing.
  checks::set_regex_compilation(checks::RegexCompilation::Eager);
  CHECK(engine::costly_programs_for(sample).empty());
  checks::set_regex_compilation(checks::RegexCompilation::Lazy);

  const auto before = checks::regex_counts();
  std::atomic<bool> stop{true};
  CHECK(engine::warm_programs(todo, stop) == 0);  // stopped: nothing started
  CHECK(checks::regex_counts().warmed == before.warmed);
  stop = false;
  CHECK(engine::warm_programs(todo, stop) == todo.size());
  const auto after = checks::regex_counts();
  CHECK(after.warmed == before.warmed + todo.size());
  CHECK(after.programs == before.programs + todo.size());
  CHECK(engine::warm_programs(todo, stop) == 0);  // built once per process

  // The rules then find their programs built: linting the sample with the shipped (lazy) rule
  // set builds none of the warmed ones again, and finds what eager compilation finds.
  engine::Config all;
  all.select = {"all"};
  auto lazy = engine::build_ruleset({}, all);
  REQUIRE(lazy.ok());
  const auto l = testing::lint_text(sample, all, lazy->get());
  for (const auto* c : todo) CHECK_FALSE(checks::warm_program(std::string(c->pattern), checks::limited_options()));
  checks::set_regex_compilation(checks::RegexCompilation::Eager);
  auto eager = engine::build_ruleset({}, all);
  checks::set_regex_compilation(checks::RegexCompilation::Lazy);
  REQUIRE(eager.ok());
  CHECK(render(*l) == render(*testing::lint_text(sample, all, eager->get())));
  CHECK(!l->res.findings.empty());
}
