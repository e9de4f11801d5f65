// On-demand measurement (skipped by default; run `fz_test_style_perf --no-skip`): the cost of each
// writing-standard rule on a whole report, per call of engine::lint with only that rule selected,
// minus the cost of lint with no rule. Prints figures; asserts nothing about time (design.md
// §5.12), only that the figures were measured.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "outline/document.h"

using namespace fz;

TEST_CASE("writing-standard rules: cost per report" * doctest::skip()) {
  auto rs = engine::build_ruleset({}, {});
  REQUIRE(rs.ok());
  const std::string text = testing::read_file(testing::fixtures_dir() / "check" / "clean-legit-usage.txt");
  auto src = ingest::ingest(text, ingest::Format::Text);
  REQUIRE(src.ok());
  const outline::Document doc = outline::parse(*src);
  auto time_us = [&](const std::vector<std::string>& select) {
    engine::Config cfg;
    cfg.select = select;
    double best = 1e18;
    for (int round = 0; round < 5; ++round) {
      const int n = 400;
      const std::clock_t t0 = std::clock();  // CPU time: the machine is shared
      for (int i = 0; i < n; ++i) {
        auto r = engine::lint(*src, doc, **rs, cfg);
        if (r.findings.size() > 1000000) FAIL("impossible");
      }
      const double us = 1e6 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC / n;
      best = std::min(best, us);
    }
    return best;
  };
  const double base = time_us({"no-such-rule"});
  std::vector<std::string> all;
  std::vector<std::pair<double, std::string>> per;
  for (auto& r : (*rs)->rules) {
    if (r.spec.origin.find("gongwen/") == std::string::npos) continue;
    all.push_back(r.spec.info.id);
    per.emplace_back(time_us({r.spec.info.id}) - base, r.spec.info.id);
  }
  std::sort(per.rbegin(), per.rend());
  std::string out = "report: " + std::to_string(text.size()) + " bytes; lint with no rule: " +
                    std::to_string(base) + " us\n";
  for (auto& [us, id] : per) out += "  " + std::to_string(us) + " us  " + id + "\n";
  const double pack = time_us(all) - base;
  const double whole = time_us({}) - base;
  out += "writing-standard pack (" + std::to_string(all.size()) + " rules): " + std::to_string(pack) +
         " us per report; every default rule: " + std::to_string(whole) + " us\n";
  MESSAGE(out);
  CHECK(pack > 0);
}
