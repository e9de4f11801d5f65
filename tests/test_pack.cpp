// The annual-report pack on fixtures:
//  * fixtures/rules/<rule-id>/bad.txt must draw that rule (golden: expected.txt, one finding per
//    line "line:col-endline:endcol severity rule-id message"), good.txt must not; every shipped
//    rule has such a folder;
//  * fixtures/check/reports/*.txt are whole reports (varied shapes, with defects) checked with the
//    pack's default rules against <name>.expected, as is fixtures/check/seed-repaired.txt; the
//    seed (../shared/seeds, when present) against fixtures/check/seed.expected;
//  * the repaired seed draws no error and no warning.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "lint_fixture.h"
#include "outline/document.h"
#include "text/line_index.h"

using namespace fz;
namespace fs = std::filesystem;

namespace {

using testing::Linted;
using testing::shipped;


// Ids of the annual-report pack (rules/annual-report/…). Other packs (e.g. the GB/T writing
// rules in rules/gongwen) have their own fixtures and goldens; whole-report goldens here cover
// this pack only, so that adding a rule elsewhere does not rewrite them.
std::vector<std::string> pack_rules(bool enabled_only) {
  std::vector<std::string> out;
  for (auto& r : shipped()->rules)
    if (r.spec.origin.rfind("<builtin>/rules/annual-report/", 0) == 0 &&
        (!enabled_only || r.spec.info.enabled_by_default))
      out.push_back(r.spec.info.id);
  return out;
}
const std::vector<std::string>& pack_ids() {
  static const std::vector<std::string> ids = pack_rules(true);
  return ids;
}

engine::Config pack_config() {
  engine::Config c;
  c.select = pack_ids();
  return c;
}


/// `text` split at a comparison separator line (compare.h): this report first, then the others.
std::vector<std::string> split_at(const std::string& text, const std::string& sep) {
  std::vector<std::string> parts;
  size_t from = 0;
  for (size_t at; (at = text.find("\n" + sep + "\n", from)) != std::string::npos; from = at + sep.size() + 2)
    parts.push_back(text.substr(from, at + 1 - from));
  parts.push_back(text.substr(from));
  return parts;
}

/// Lint one report; a fixture of a comparison rule holds several reports split by a separator
/// line (last year's after "=== 上一年度报告 ===", a batch's after "=== 另一份报告 ==="): the
/// findings are then those the comparison gives the first.
std::unique_ptr<Linted> run(const std::string& text, const engine::Config& cfg = {}) {
  for (const std::string sep : {"=== 上一年度报告 ===", "=== 另一份报告 ==="}) {
    const auto parts = split_at(text, sep);
    if (parts.size() < 2) continue;
    auto first = testing::lint_text(parts[0], cfg);
    std::vector<std::unique_ptr<Linted>> others;
    std::vector<engine::Compared> cmp{{&first->src, &first->doc, "1.txt"}};
    for (size_t i = 1; i < parts.size(); ++i) {
      others.push_back(testing::lint_text(parts[i], cfg));
      cmp.push_back({&others.back()->src, &others.back()->doc, std::to_string(i + 1) + ".txt"});
    }
    if (sep == "=== 上一年度报告 ===") first->res = engine::compare_previous(cmp[0], cmp[1], *shipped(), cfg);
    else first->res = engine::compare_batch(cmp, *shipped(), cfg)[0];
    return first;
  }
  return testing::lint_text(text, cfg);
}

std::string render(const Linted& l) { return testing::render_findings(l); }

size_t count_rule(const Linted& l, const std::string& id) {
  size_t n = 0;
  for (auto& f : l.res.findings) n += f.rule == id;
  return n;
}

}  // namespace

TEST_CASE("every shipped rule has its own failing and passing fixture") {
  const fs::path root = testing::fixtures_dir() / "rules";
  std::set<std::string> dirs;
  for (auto& e : fs::directory_iterator(root))
    if (e.is_directory()) dirs.insert(e.path().filename().string());
  REQUIRE(pack_ids().size() >= 30);
  for (auto& id : pack_rules(false)) {
    INFO("rule " << id);
    CHECK(dirs.count(id) == 1);
  }
}

TEST_CASE("rule fixtures: bad fires (golden), good does not") {
  const fs::path root = testing::fixtures_dir() / "rules";
  const auto ids = pack_rules(false);
  REQUIRE(ids.size() >= 30);
  for (auto& id : ids) {
    const fs::path dir = root / id;
    INFO("rule " << id);
    REQUIRE(fs::exists(dir / "bad.txt"));
    REQUIRE(fs::exists(dir / "good.txt"));
    engine::Config cfg;
    cfg.select = {id};  // also runs rules that are off by default
    auto bad = run(testing::read_file(dir / "bad.txt"), cfg);
    CHECK_MESSAGE(count_rule(*bad, id) > 0, "bad.txt must draw " << id);
    testing::check_golden(dir / "expected.txt", render(*bad));
    auto good = run(testing::read_file(dir / "good.txt"), cfg);
    CHECK_MESSAGE(count_rule(*good, id) == 0, "good.txt must not draw " << id << ":\n" << render(*good));
  }
}

TEST_CASE("whole-report fixtures (the pack's default rules)") {
  auto files = testing::list_files(testing::fixtures_dir() / "check" / "reports", {".txt"});
  REQUIRE(files.size() >= 6);
  files.push_back(testing::fixtures_dir() / "check" / "seed-repaired.txt");
  for (auto& p : files) {
    INFO("fixture " << p.string());
    auto l = run(testing::read_file(p), pack_config());
    fs::path golden = p;
    golden.replace_extension(".expected");
    testing::check_golden(golden, render(*l));
  }
}

TEST_CASE("seed: golden, and the findings the issue asks for, nothing at error level") {
  const fs::path seed = testing::source_dir() / "../shared/seeds/000_4cb5d7ebd9b6d720.txt";
  if (!fs::exists(seed)) return;
  auto l = run(testing::read_file(seed), pack_config());
  testing::check_golden(testing::fixtures_dir() / "check" / "seed.expected", render(*l));
  CHECK(l->res.report_year == 2024);
  const std::string out = render(*l);
  // The Done-when list, at exact positions.
  CHECK(out.find("6:230-6:234 warning mixed-width-paired-punctuation") != std::string::npos);
  CHECK(out.find("6:1-6:20 warning results-subsection-without-figures") != std::string::npos);
  CHECK(out.find("8:1-8:25 warning shortcomings-without-causes") != std::string::npos);
  CHECK(out.find("10:1-10:45 warning frp-party-principal-not-named") != std::string::npos);
  CHECK(out.find("info nonstandard-year-label 2025年") != std::string::npos);
  for (auto& f : l->res.findings) CHECK_MESSAGE(f.severity != Severity::Error, f.rule << " " << f.message);
  // Findings carry their heading path.
  for (auto& f : l->res.findings)
    if (f.rule == "results-subsection-without-figures")
      CHECK(f.section.rfind("一、2024年度推进法治政府建设的主要举措和成效/（三）", 0) == 0);
}

TEST_CASE("repaired seed draws no error and no warning (every shipped rule)") {
  auto l = run(testing::read_file(testing::fixtures_dir() / "check" / "seed-repaired.txt"));
  for (auto& f : l->res.findings)
    CHECK_MESSAGE(f.severity == Severity::Info, f.rule << " " << f.message);
  CHECK(l->res.report_year == 2024);
}

// The batch comparison's per-report work (folding, emitting, finishing) runs on the batch's
// threads (engine::compare_batch's `threads`): the findings — spans, messages, the related
// place in the other report — must not depend on their number (also run under TSan in CI).
TEST_CASE("batch comparison: the same findings on one thread and on three") {
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(testing::fixtures_dir() / "compare" / "batch")) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() >= 3);
  std::vector<std::unique_ptr<Linted>> reports;
  std::vector<engine::Compared> cmp;
  for (const auto& p : paths) {
    reports.push_back(testing::lint_text(testing::read_file(p)));
    cmp.push_back({&reports.back()->src, &reports.back()->doc, p.filename().string(),
                   reports.back()->res.analysis.get()});
  }
  auto render_all = [&](const std::vector<engine::LintResult>& res) {
    std::string out;
    for (size_t i = 0; i < res.size(); ++i)
      for (const auto& f : res[i].findings) {
        out += cmp[i].path + " " + std::to_string(f.span.begin) + "-" + std::to_string(f.span.end) + " " + f.rule +
               " " + f.message;
        for (const auto& r : f.related)
          out += " | " + r.path + ":" + std::to_string(r.line) + ":" + std::to_string(r.column) + "-" +
                 std::to_string(r.end_line) + ":" + std::to_string(r.end_column);
        out += "\n";
      }
    return out;
  };
  const std::string one = render_all(engine::compare_batch(cmp, *shipped(), {}, 1));
  CHECK(one.find("passages-shared-in-batch") != std::string::npos);
  CHECK(render_all(engine::compare_batch(cmp, *shipped(), {}, 3)) == one);
}
