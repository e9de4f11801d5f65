// Property test of the safe fixes of the writing-standard pack (rules/gongwen): a deterministic
// generator injects fixable defects into clean report sentences at random places (between two
// Chinese characters, so that no defect borrows context from another), lints, applies every fix
// once (fz::fixes::apply, what `fzlint check --fix` does) and checks that
//  1. every injected defect was reported by the rule it belongs to;
//  2. re-linting the fixed text draws no finding of any fixing rule;
//  3. the fixed text is exactly the clean text with each defect replaced by its correct form
//     (so nothing outside the defects changed), and, independently of the oracle, every byte
//     outside the applied fix ranges is unchanged (the unchanged segments compare equal, in order).
// Line endings (LF / CRLF) and Ext-B characters vary so byte offsets are exercised.
#include <doctest/doctest.h>

#include <random>
#include <set>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "ingest/source_text.h"
#include "lint_fixture.h"
#include "outline/document.h"
#include "support/fixes.h"

using namespace fz;

namespace {

using testing::shipped;


/// The writing-standard rules that carry fixes.
const std::vector<std::string>& fixing_rules() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (auto& r : shipped()->rules)
      if (r.spec.origin.find("gongwen/") != std::string::npos && r.spec.info.has_fix)
        out.push_back(r.spec.info.id);
    return out;
  }();
  return ids;
}

struct Defect {
  const char* bad;
  const char* good;
  const char* rule;
};

// Each defect is self-contained: its context (a citing verb, a Chinese neighbour) is part of it.
constexpr Defect kDefects[] = {
    {"各村(社区)", "各村（社区）", "halfwidth-punctuation-in-chinese"},
    {"各村(社区）", "各村（社区）", "halfwidth-punctuation-in-chinese"},
    {"完成,共", "完成，共", "halfwidth-punctuation-in-chinese"},
    {"做法:一是", "做法：一是", "halfwidth-punctuation-in-chinese"},
    {"完成了吗?是的", "完成了吗？是的", "halfwidth-punctuation-in-chinese"},
    {"加强学习;规范", "加强学习；规范", "halfwidth-punctuation-in-chinese"},
    {"整改(见附件A)", "整改（见附件A）", "halfwidth-punctuation-in-chinese"},
    {"。（二）、完善", "。（二）完善", "dunhao-after-sequence-marker"},
    {"：1、加强", "：1.加强", "dunhao-after-sequence-marker"},
    {"开展，，覆盖", "开展，覆盖", "doubled-punctuation"},
    {"监督、、规范", "监督、规范", "doubled-punctuation"},
    {"任务，。", "任务。", "doubled-punctuation"},
    {"强调。。", "强调。", "doubled-punctuation"},
    {"进学校...", "进学校……", "nonstandard-ellipsis"},
    {"进学校。。。", "进学校……", "nonstandard-ellipsis"},
    {"进农村…等", "进农村……等", "nonstandard-ellipsis"},
    {"进家庭···", "进家庭……", "nonstandard-ellipsis"},
    {"落实2021-2025年规划", "落实2021—2025年规划", "year-span-without-em-dash"},
    {"落实2021～2025年规划", "落实2021—2025年规划", "year-span-without-em-dash"},
    {"开展18 次", "开展18次", "space-between-number-and-unit"},
    {"在2025 年", "在2025年", "space-between-number-and-unit"},
    {"覆盖680 余人次", "覆盖680余人次", "space-between-number-and-unit"},
    {"于2024年03月05日召开", "于2024年3月5日召开", "zero-padded-date"},
    {"于2024年11月08日召开", "于2024年11月8日召开", "zero-padded-date"},
    {"于2024.3.15召开", "于2024年3月15日召开", "nonstandard-date-format"},
    {"于2024/11/05召开", "于2024年11月5日召开", "nonstandard-date-format"},
    {"实施\"八五\"普法", "实施“八五”普法", "ascii-quotes-in-chinese"},
    {"纲要（20212025年）", "纲要（2021—2025年）", "year-span-without-em-dash"},
    {"开展二、三次", "开展两三次", "approximate-numerals-with-dunhao"},
    {"配备2、3名", "配备两三名", "approximate-numerals-with-dunhao"},
    {"补助13～17万元", "补助13万～17万元", "range-missing-unit"},
    {"提升15～30%", "提升15%～30%", "range-missing-unit"},
    {"全面完成七五普法规划", "全面完成“七五”普法规划", "unquoted-period-label"},
    {"截止目前", "截至目前", "misused-term"},
    {"深化体质改革", "深化体制改革", "misused-term"},
    {"大力推荐法治政府建设", "大力推进法治政府建设", "misused-term"},
    {"贯彻总书记法治思想", "贯彻习近平法治思想", "altered-xi-jinping-thought"},
    {"贯彻近平法治思想", "贯彻习近平法治思想", "altered-xi-jinping-thought"},
    {"坚持习近平法制思想", "坚持习近平法治思想", "altered-xi-jinping-thought"},
    {"落实《法治政府建设实施纲要(2021-2025)》", "落实《法治政府建设实施纲要（2021—2025年）》",
     "noncanonical-document-name"},
    {"落实《法治社会建设实施纲要（2021—2025年）》", "落实《法治社会建设实施纲要（2020—2025年）》",
     "noncanonical-document-name"},
    {"贯彻法治中国建设规划（2020—2025年）要求", "贯彻《法治中国建设规划（2020—2025年）》要求",
     "noncanonical-document-name"},
};

// Clean sentences (no finding of any fixing rule), Ext-B characters included.
constexpr const char* kClean[] = {
    "镇党委坚持把法治政府建设摆在全局工作的重要位置统筹推进",
    "全年受理行政复议案件四十五件并全部依法审结",
    "司法所联合派出所深入村组开展矛盾纠纷排查化解工作",
    "𠀀𪚥村调解委员会及时化解邻里纠纷维护基层和谐稳定",
    "县政府常务会议专题研究重大行政决策合法性审查工作",
    "执法人员统一着装亮证执法规范文明程度明显提高",
    "镇政府聘请常年法律顾问为重大合同提供法律意见",
    "各村组建法律明白人队伍常态化开展以案释法活动",
};

std::string make_report(std::mt19937& rng, std::vector<const Defect*>& used, std::string& expected,
                        bool crlf, bool padded_signature) {
  const std::string nl = crlf ? "\r\n" : "\n";
  std::string bad = "某镇2024年法治政府建设年度报告" + nl + "一、2024年度推进法治政府建设的主要举措和成效" + nl;
  expected = bad;
  const int sentences = 2 + static_cast<int>(rng() % 3);
  for (int s = 0; s < sentences; ++s) {
    const std::string clean = kClean[rng() % std::size(kClean)];
    // Code point boundaries strictly inside the sentence (all its characters are Chinese).
    std::vector<size_t> cuts;
    for (size_t i = 1; i < clean.size(); ++i)
      if ((static_cast<unsigned char>(clean[i]) & 0xC0) != 0x80) cuts.push_back(i);
    const int k = static_cast<int>(rng() % 3);  // 0–2 defects in this sentence
    std::set<size_t> at;
    for (int j = 0; j < k; ++j) at.insert(cuts[rng() % cuts.size()]);
    size_t prev = 0;
    std::string b, e;
    for (size_t cut : at) {
      const Defect& d = kDefects[rng() % std::size(kDefects)];
      used.push_back(&d);
      b += clean.substr(prev, cut - prev) + d.bad;
      e += clean.substr(prev, cut - prev) + d.good;
      prev = cut;
    }
    b += clean.substr(prev) + "。" + nl;
    e += clean.substr(prev) + "。" + nl;
    bad += b;
    expected += e;
  }
  const std::string sig = "某镇人民政府" + nl;
  bad += sig + (padded_signature ? "2025年01月06日" : "2025年1月6日") + nl;
  expected += sig + "2025年1月6日" + nl;
  return bad;
}


}  // namespace

TEST_CASE("fixes of the writing-standard rules: fixed text is clean and changes only the fix ranges") {
  REQUIRE(fixing_rules().size() >= 12);
  engine::Config cfg;
  cfg.select = fixing_rules();
  std::mt19937 rng(20250601u);
  int cases = 0, defects = 0, fixes_applied = 0;
  for (int n = 0; n < 600; ++n) {
    std::vector<const Defect*> used;
    std::string expected;
    const bool crlf = n % 5 == 0, padded = n % 7 == 0;
    const std::string input = make_report(rng, used, expected, crlf, padded);
    if (used.empty() && !padded) continue;
    ++cases;
    defects += static_cast<int>(used.size());
    INFO("case " << n << ":\n" << input);
    auto before_l = testing::lint_text(input, cfg);
    const testing::Linted& before = *before_l;
    REQUIRE(before.src.text == input);  // plain UTF-8: no decoding changes, offsets are input offsets
    // 1. every injected defect is reported by its rule
    std::set<std::string> fired;
    for (auto& f : before.res.findings) fired.insert(f.rule);
    for (auto* d : used) CHECK_MESSAGE(fired.count(d->rule), d->rule << " missed “" << d->bad << "”");
    if (padded) CHECK(fired.count("zero-padded-signature-date"));
    // Apply every fix once, as `fzlint check --fix` does.
    const fixes::Applied applied = fixes::apply(input, before.res.findings);
    fixes_applied += static_cast<int>(applied.applied.size());
    // 3a. the oracle: exactly the clean text with each defect corrected
    CHECK_MESSAGE(applied.text == expected, "fixed:\n" << applied.text << "\nexpected:\n" << expected);
    // 3b. bytes outside the applied fix ranges are unchanged, segment by segment
    size_t in = 0, outp = 0;
    for (auto& f : applied.applied) {
      const size_t len = f.span.begin - in;
      REQUIRE(outp + len <= applied.text.size());
      CHECK(std::string_view(input).substr(in, len) == std::string_view(applied.text).substr(outp, len));
      outp += len + f.replacement.size();
      in = f.span.end;
    }
    CHECK(std::string_view(input).substr(in) == std::string_view(applied.text).substr(outp));
    // 2. re-linting finds nothing left to fix
    auto after_l = testing::lint_text(applied.text, cfg);
    const testing::Linted& after = *after_l;
    for (auto& f : after.res.findings)
      FAIL_CHECK("left after fixing: " << f.rule << " " << f.message);
  }
  MESSAGE(cases << " generated reports, " << defects << " injected defects, " << fixes_applied
                << " fixes applied");
  CHECK(cases >= 400);
  CHECK(defects >= 800);
}
