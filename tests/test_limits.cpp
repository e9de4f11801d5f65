// Output stays bounded on pathological input: findings per rule and per file are capped, and
// what is cut is summarised, never silently lost.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"

using namespace fz;

namespace {
engine::LintResult lint_text(const std::string& text, const engine::Config& cfg) {
  auto rs = engine::build_ruleset({}, cfg);
  REQUIRE(rs.ok());
  auto src = ingest::ingest(text, ingest::Format::Text);
  REQUIRE(src.ok());
  auto doc = outline::parse(*src);
  return engine::lint(*src, doc, **rs, cfg);
}

std::string many(int n) {
  std::string t = "某镇2024年法治政府建设年度报告\n";
  for (int i = 0; i < n; ++i) t += "截止目前，开展活动4余次。\n";
  return t;
}
}  // namespace

TEST_CASE("per-rule cap keeps the first N in document order and adds one summary") {
  engine::Config cfg;
  cfg.select = {"misused-term"};
  cfg.max_findings_per_rule = 10;
  auto r = lint_text(many(50), cfg);
  REQUIRE(r.findings.size() == 11);
  int summaries = 0;
  for (size_t i = 0; i + 1 < r.findings.size(); ++i)
    CHECK(r.findings[i].span.begin <= r.findings[i + 1].span.begin);
  for (const auto& f : r.findings) {
    CHECK(f.rule == "misused-term");
    if (f.message.find("另有 40 处") != std::string::npos) ++summaries;
  }
  CHECK(summaries == 1);
}

TEST_CASE("total cap across rules; 0 means unlimited; config keys parse and validate") {
  engine::Config cfg;
  cfg.select = {"misused-term", "approximation-on-exact-number"};
  cfg.max_findings_per_rule = 0;
  cfg.max_findings = 30;
  auto r = lint_text(many(50), cfg);
  std::map<std::string, int> by_rule;
  for (const auto& f : r.findings) by_rule[f.rule]++;
  CHECK(r.findings.size() <= 32);  // 30 kept + at most one summary per rule
  CHECK(by_rule.size() == 2);

  cfg.max_findings = 0;
  auto all = lint_text(many(50), cfg);
  CHECK(all.findings.size() == 100);

  auto ok = engine::parse_config("max_findings = 5\nmax_findings_per_rule = 2\n", "t.toml");
  REQUIRE(ok.ok());
  CHECK(ok->max_findings == 5u);
  CHECK(ok->max_findings_per_rule == 2u);
  auto bad = engine::parse_config("max_findings = -1\n", "t.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().line == 1);
}
