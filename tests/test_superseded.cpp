// RuleSpec::superseded_by: one defect, one finding — the more specific rule's report wins.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace {

std::string rule(const std::string& id, const std::string& pattern, const std::string& extra) {
  return "id = \"" + id + "\"\ncategory = \"terms\"\nseverity = \"warning\"\nkind = \"pattern\"\n"
         "scope = \"document\"\ntitle = \"t\"\nmessage = \"m\"\ndescription = \"d\"\n"
         "rationale = \"r\"\nsource = \"s\"\npatterns = ['" + pattern + "']\n" + extra +
         "[examples]\nbad = ['x']\ngood = ['y']\n";
}

std::vector<fz::Finding> run(const std::vector<fz::engine::RuleFile>& files, const std::string& text) {
  fz::engine::Config cfg;
  cfg.select = {"zz-outer", "zz-inner", "zz-other"};
  auto rs = fz::engine::build_ruleset(files, cfg);
  REQUIRE_MESSAGE(rs.ok(), (rs.ok() ? "" : rs.error().to_string()));
  auto src = fz::ingest::ingest(text, fz::ingest::Format::Text);
  REQUIRE(src.ok());
  auto doc = fz::outline::parse(*src);
  return fz::engine::lint(*src, doc, **rs, cfg).findings;
}

}  // namespace

TEST_CASE("a finding covered by a rule it names as superseding is dropped; others stay") {
  std::vector<fz::engine::RuleFile> files{
      {"zz-outer.toml", rule("zz-outer", "《纲要\\(2021-2025\\)》", "")},
      {"zz-inner.toml", rule("zz-inner", "\\(", "superseded_by = [\"zz-outer\"]\n")},
      {"zz-other.toml", rule("zz-other", "\\(", "")}};
  auto fs = run(files, "落实《纲要(2021-2025)》。各村(社区)开展活动。\n");
  // zz-inner at the title's "(" is covered by zz-outer and goes; the one in 各村( stays.
  CHECK(std::count_if(fs.begin(), fs.end(), [](auto& f) { return f.rule == "zz-inner"; }) == 1);
  CHECK(std::count_if(fs.begin(), fs.end(), [](auto& f) { return f.rule == "zz-other"; }) == 2);
  CHECK(std::count_if(fs.begin(), fs.end(), [](auto& f) { return f.rule == "zz-outer"; }) == 1);
  for (const auto& f : fs) CHECK_FALSE(f.message.empty());
}

TEST_CASE("superseded_by must hold rule ids") {
  std::vector<fz::engine::RuleFile> files{
      {"bad.toml", rule("zz-inner", "x", "superseded_by = [\"Not An Id\"]\n")}};
  fz::engine::Config cfg;
  auto rs = fz::engine::build_ruleset(files, cfg);
  REQUIRE_FALSE(rs.ok());
  CHECK(rs.error().origin == "bad.toml");
  CHECK(rs.error().line > 0);
  CHECK(rs.error().message.find("superseded_by") != std::string::npos);
}
