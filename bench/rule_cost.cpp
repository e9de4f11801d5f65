// fz_bench_rule_cost: the CPU cost of each shipped rule on one report (default: the clean
// writing-standards fixture; or a path given as argv[1]), measured as engine::lint with only
// that rule selected minus lint with none, best of 5 rounds of 400 calls
// (FZ_RULE_COST_CALLS, FZ_RULE_COST_ROUNDS to change). Prints the rules by
// cost, the cost of each pack and of every default rule. A measurement, never a test
// (design.md §5.12). Moved here from tests/ where it was a permanently skipped test case.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "ingest/source_text.h"
#include "outline/document.h"

using namespace fz;

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : std::string(FZ_SOURCE_DIR) + "/fixtures/check/clean-legit-usage.txt";
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty()) {
    std::fprintf(stderr, "rule_cost: cannot read %s\n", path.c_str());
    return 2;
  }
  auto rs = engine::build_ruleset({}, {});
  if (!rs) {
    std::fprintf(stderr, "rule_cost: %s\n", rs.error().to_string().c_str());
    return 2;
  }
  auto src = ingest::ingest(text, ingest::format_from_path(path));
  if (!src) {
    std::fprintf(stderr, "rule_cost: %s\n", src.error().to_string().c_str());
    return 2;
  }
  const outline::Document doc = outline::parse(*src);
  // FZ_RULE_COST_CALLS / FZ_RULE_COST_ROUNDS: fewer calls for a large file (default 400 × 5).
  auto env_int = [](const char* name, int dflt) {
    const char* v = std::getenv(name);
    const int n = v ? std::atoi(v) : 0;
    return n > 0 ? n : dflt;
  };
  const int calls = env_int("FZ_RULE_COST_CALLS", 400), rounds = env_int("FZ_RULE_COST_ROUNDS", 5);
  size_t sink = 0;
  auto time_us = [&](const std::vector<std::string>& select) {
    engine::Config cfg;
    cfg.select = select;
    double best = 1e18;
    for (int round = 0; round < rounds; ++round) {
      const int n = calls;
      const std::clock_t t0 = std::clock();  // CPU time: robust to a shared machine
      for (int i = 0; i < n; ++i) sink += engine::lint(*src, doc, **rs, cfg).findings.size();
      best = std::min(best, 1e6 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC / n);
    }
    return best;
  };
  const double base = time_us({"no-such-rule"});
  std::map<std::string, std::vector<std::string>> packs;
  std::vector<std::pair<double, std::string>> per;
  for (auto& r : (*rs)->rules) {
    const auto& o = r.spec.origin;
    const auto b = o.find("rules/");
    const std::string pack = b == std::string::npos ? "extra" : o.substr(b + 6, o.find('/', b + 6) - b - 6);
    packs[pack].push_back(r.spec.info.id);
    per.emplace_back(time_us({r.spec.info.id}) - base, r.spec.info.id);
  }
  std::sort(per.rbegin(), per.rend());
  std::printf("report: %s, %zu bytes; lint with no rule: %.1f us\n", path.c_str(), text.size(), base);
  for (auto& [us, id] : per) std::printf("  %8.1f us  %s\n", us, id.c_str());
  for (auto& [pack, ids] : packs)
    std::printf("pack %s (%zu rules): %.1f us per report\n", pack.c_str(), ids.size(), time_us(ids) - base);
  std::printf("every default rule: %.1f us per report (%zu findings seen)\n", time_us({}) - base, sink);
  return 0;
}
