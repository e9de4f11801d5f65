// Numbering, titles and punctuation as real published reports write them (issue #10 §4, §5):
// one defect draws one finding, a web copy folded to half-width draws one finding instead of one
// per mark, and the conventions real reports use are not reported as defects.
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/check.h"
#include "engine/linter.h"
#include "lint_fixture.h"

using namespace fz;

namespace {

size_t count(const engine::LintResult& r, std::string_view id) {
  return static_cast<size_t>(std::count_if(r.findings.begin(), r.findings.end(),
                                           [&](const Finding& f) { return f.rule == id; }));
}

// An opening as stored web copies give it: NFKC folded ，：；（） to , : ; ( ).
const char* kFolded = R"(浑源县2025年法治政府建设年度报告
2025年,浑源县坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻习近平法治思想,全面落实党的二十大和二十届历次全会精神,紧扣《法治政府建设实施纲要(2021—2025年)》收官要求,深化法治政府建设。
一、主要措施和成效
(一)深化思想引领,压实法治建设政治责任。一是强化理论学习全覆盖。县政府常务会议专题学法16次,覆盖76家单位。
(二)优化政府职能,提升依法行政效能。办理审批事项1500余件(其中即办件800余件),群众满意率100%。
)";

}  // namespace

TEST_CASE("width_fold: counts half-width marks touching Chinese text, needs 10 and 80 %") {
  auto w = checks::width_fold(kFolded);
  CHECK(w.folded);
  CHECK(w.half >= 10);
  CHECK(w.full == 0);
  CHECK(std::string_view(kFolded).substr(w.first.begin, w.first.size()) == ",");
  // A careless draft: a few half-width commas among full-width ones.
  auto few = checks::width_fold("全年办理案件3件,纠错1件；开展普法宣传12场次，发放资料2000余份，群众满意。");
  CHECK_FALSE(few.folded);
  CHECK(few.half == 1);
  // Marks between digits or Latin letters are not Chinese punctuation (1,258 / 15:40 / ISO 9001:2015).
  auto ascii = checks::width_fold("共1,258件，时间15:40，ISO 9001:2015, (a) b; c: d, e, f, g, h, i, j, k");
  CHECK(ascii.half == 0);
  CHECK_FALSE(ascii.folded);
}

TEST_CASE("a width-folded copy: one text-width-folded finding, no per-mark width findings") {
  auto l = testing::lint_text(kFolded);
  CHECK(count(l->res, "text-width-folded") == 1);
  CHECK(count(l->res, "halfwidth-punctuation-in-chinese") == 0);
  CHECK(count(l->res, "mixed-width-paired-punctuation") == 0);
  CHECK(count(l->res, "heading-marker-form") == 0);          // (一) is the copy's doing
  CHECK(count(l->res, "noncanonical-document-name") == 0);   // only its brackets were folded
  // The same text with full-width punctuation restored: nothing of the kind.
  std::string restored = kFolded;
  for (auto [from, to] : {std::pair{",", "，"}, {"(", "（"}, {")", "）"}}) {
    for (size_t p; (p = restored.find(from)) != std::string::npos;) restored.replace(p, 1, to);
  }
  auto r = testing::lint_text(restored);
  CHECK(count(r->res, "text-width-folded") == 0);
  CHECK(count(r->res, "heading-marker-form") == 0);
  CHECK(count(r->res, "noncanonical-document-name") == 0);
  // A name with a defect besides the folded brackets is still reported, once.
  std::string bad_name = kFolded;
  bad_name.replace(bad_name.find("2025年)》"), std::string("2025年)》").size(), "2025)》");
  CHECK(count(testing::lint_text(bad_name)->res, "noncanonical-document-name") == 1);
  // A few half-width commas in a full-width text are still reported one by one.
  std::string few = restored;
  few.replace(few.find("，覆盖76家单位"), std::string("，").size(), ",");
  auto f = testing::lint_text(few);
  CHECK(count(f->res, "text-width-folded") == 0);
  CHECK(count(f->res, "halfwidth-punctuation-in-chinese") == 1);
}

TEST_CASE("一） as a heading marker is one finding (marker form), not also an unbalanced bracket") {
  auto l = testing::lint_text(R"(丰都县栗子乡人民政府2025年法治政府建设情况报告
一、2025年推进法治政府建设的主要举措和成效
一）纵深推进学悟笃行习近平法治思想。强化分层分类学习培训，组织集中学法5次，干部参学率100%。
二）深化“放管服”改革。办理审批事项1500余件。
)");
  CHECK(count(l->res, "heading-marker-form") == 2);
  CHECK(count(l->res, "unbalanced-paired-punctuation") == 0);
  // An unbalanced bracket in running text is still an error.
  auto t = testing::lint_text("某镇2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法宣传（含进村入户12场次。\n");
  CHECK(count(t->res, "unbalanced-paired-punctuation") == 1);
}

TEST_CASE("arabic third-level numbers: the document's own convention is checked") {
  auto lint = [](const std::string& groups) {
    return testing::lint_text("2020年静海区法治政府建设情况报告\n一、2020年推进法治政府建设的主要举措和成效\n" + groups);
  };
  const std::string g1 = "（一）加强组织领导落实\n1.加强党的领导。专题研究4次。\n2.强化考核评价。纳入绩效考核。\n";
  // Straight through: accepted; a new 一、 part may start again at 1.
  auto through = lint(g1 + "（二）依法全面履行政府职能\n3.深化审批改革。梳理清单515项。\n4.优化营商环境。新增主体218户。\n"
                           "二、存在的不足和原因\n（一）执法力量不足\n1.人员不足。原因是编制紧张。\n");
  CHECK(count(through->res, "heading-sequence-gap") == 0);
  CHECK(count(through->res, "heading-sequence-duplicate") == 0);
  // Restarting in every group: accepted.
  auto restart = lint(g1 + "（二）依法全面履行政府职能\n1.深化审批改革。梳理清单515项。\n2.优化营商环境。新增主体218户。\n");
  CHECK(count(restart->res, "heading-sequence-gap") == 0);
  CHECK(count(restart->res, "heading-sequence-duplicate") == 0);
  // A continuous document that skips, or reuses a number in a later group: still reported.
  auto skip = lint(g1 + "（二）依法全面履行政府职能\n3.深化审批改革。梳理清单515项。\n（三）严格规范执法\n5.深化执法改革。组建队伍31个。\n");
  CHECK(count(skip->res, "heading-sequence-gap") == 1);
  auto reuse = lint(g1 + "（二）依法全面履行政府职能\n3.深化审批改革。梳理清单515项。\n（三）严格规范执法\n3.深化执法改革。组建队伍31个。\n");
  CHECK(count(reuse->res, "heading-sequence-duplicate") == 1);
  // Mixed (1. 2. | 1. | 2.): whichever convention is read, one inconsistency is reported.
  auto mixed = lint(g1 + "（二）依法全面履行政府职能\n1.深化审批改革。梳理清单515项。\n（三）严格规范执法\n2.深化执法改革。组建队伍31个。\n");
  CHECK(count(mixed->res, "heading-sequence-gap") + count(mixed->res, "heading-sequence-duplicate") == 1);
}

TEST_CASE("1. directly under 一、: info by default, a warning for city and provincial governments, configurable") {
  const std::string body =
      "一、2024年度推进法治政府建设的主要举措和成效\n1.高擎思想旗帜，提高法治意识。全年集中学法20余次。\n"
      "2.健全法治队伍，打造法治校园。培训教师91人。\n";
  auto severity_of = [](const engine::LintResult& r) {
    for (auto& f : r.findings)
      if (f.rule == "heading-level-skip") return std::string(to_string(f.severity));
    return std::string("none");
  };
  CHECK(severity_of(testing::lint_text("建湖县教育局2024年度法治政府建设年度报告\n" + body)->res) == "info");
  CHECK(severity_of(testing::lint_text("淮北市人民政府关于2024年法治政府建设情况的报告\n" + body)->res) == "warning");
  auto cfg = engine::parse_config(
      "[rules.heading-level-skip]\nlevels = [{ name = '县级人民政府', issuer = '县人民政府', severity = 'error' }]\n", "cfg");
  REQUIRE(cfg.ok());
  auto rs = engine::build_ruleset({}, *cfg);
  REQUIRE(rs.ok());
  CHECK(severity_of(testing::lint_text("某县人民政府关于2024年法治政府建设情况的报告\n" + body, {}, rs->get())->res) == "error");
  CHECK(severity_of(testing::lint_text("建湖县教育局2024年度法治政府建设年度报告\n" + body, {}, rs->get())->res) == "info");
  auto bad = engine::parse_config("[rules.heading-level-skip]\nlevels = [{ name = 'x', issuer = 'y', severity = 'fatal' }]\n", "cfg");
  REQUIRE(bad.ok());
  CHECK_FALSE(engine::build_ruleset({}, *bad).ok());
}
