// Rule kinds in isolation: small rule files run through build_ruleset (extra files), plus the
// helpers kinds share. Positions are checked in code points, with Ext-B characters.
#include <doctest/doctest.h>

#include "checks/util.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "text/line_index.h"

using namespace fz;

namespace {

std::string rule_file(const std::string& id, const std::string& kind, const std::string& scope,
                      const std::string& params, const std::string& message = "发现“{match}”") {
  return "id = \"" + id + "\"\ncategory = \"terms\"\nseverity = \"warning\"\nkind = \"" + kind +
         "\"\nscope = \"" + scope + "\"\ntitle = \"t\"\nmessage = \"" + message +
         "\"\ndescription = \"d\"\nrationale = \"r\"\nsource = \"s\"\n" + params +
         "\n[examples]\nbad = [\"x\"]\ngood = [\"y\"]\n";
}

struct Out {
  std::vector<Finding> findings;
  std::string text;
  int year = 0;
  std::string at(size_t i) const {  // "line:col text"
    text::LineIndex idx(text);
    auto p = idx.position(findings.at(i).span.begin);
    return std::to_string(p.line) + ":" + std::to_string(p.column) + " " +
           std::string(checks::slice(text, findings.at(i).span));
  }
};

Out lint_with(const std::string& rule_toml, const std::string& id, const std::string& text,
              const engine::Config& cfg_in = {}) {
  auto rs = engine::build_ruleset({{"t.toml", rule_toml}}, {});
  REQUIRE_MESSAGE(rs.ok(), rs.error().to_string());
  auto src = ingest::ingest(text, ingest::Format::Text);
  REQUIRE(src.ok());
  auto doc = outline::parse(*src);
  engine::Config cfg = cfg_in;
  cfg.select = {id};
  auto res = engine::lint(*src, doc, **rs, cfg);
  return {res.findings, src->text, res.report_year};
}

Out lint_shipped(const std::string& id, const std::string& text, const engine::Config& base = {}) {
  auto rs = engine::build_ruleset({}, base);
  REQUIRE_MESSAGE(rs.ok(), rs.error().to_string());
  auto src = ingest::ingest(text, ingest::Format::Text);
  REQUIRE(src.ok());
  auto doc = outline::parse(*src);
  engine::Config cfg;
  cfg.select = {id};
  cfg.year = base.year;
  auto res = engine::lint(*src, doc, **rs, cfg);
  return {res.findings, src->text, res.report_year};
}

}  // namespace

TEST_CASE("years_in skips ranges and targets") {
  std::string t = "2024年度工作，纲要（2021—2025年），到2027年实现，2021年-2025年期间，2023 年";
  auto ys = checks::years_in(t, {0, static_cast<uint32_t>(t.size())});
  REQUIRE(ys.size() == 2);
  CHECK(ys[0].year == 2024);
  CHECK(checks::slice(t, ys[0].span) == "2024年度");
  CHECK(ys[1].year == 2023);
}

TEST_CASE("pattern: capture-group fix, exclude, unless; columns with Ext-B characters") {
  auto rule = rule_file("x-space", "pattern", "sentence",
                        "patterns = ['(\\d+)\\s+(次|人)']\nexclude = ['第\\d+']\nunless = ['示例']\nfix = '\\1\\2'");
  auto o = lint_with(rule, "x-space", "𠀀𪚥村开展活动18 次，第3 次会议。\n示例：5 人。\n");
  REQUIRE(o.findings.size() == 1);
  CHECK(o.at(0) == "1:8 18 次");
  REQUIRE(o.findings[0].fixes.size() == 1);
  CHECK(o.findings[0].fixes[0].replacement == "18次");
  CHECK(o.findings[0].message == "发现“18 次”");
}

TEST_CASE("substitution: RE2::Set table, fix to the right form, exclude") {
  auto rule = rule_file("x-sub", "substitution", "document",
                        "pairs = [['截止目前', '截至目前'], ['体质改革', '体制改革']]\nexclude = ['《[^》]*》']",
                        "“{wrong}”应为“{right}”");
  auto o = lint_with(rule, "x-sub", "截止目前，推进执法体质改革，印发《截止目前通知》。\n");
  REQUIRE(o.findings.size() == 2);
  CHECK(o.findings[0].message == "“截止目前”应为“截至目前”");
  CHECK(o.findings[1].fixes.at(0).replacement == "体制改革");
  auto bad = engine::build_ruleset({{"t.toml", rule_file("x-sub", "substitution", "document", "pairs = [['a']]")}}, {});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().to_string().find("每项应为") != std::string::npos);
}

TEST_CASE("requires: k of n groups, placeholders, anchor on the heading") {
  auto rule = rule_file("x-req", "requires", "body:first-responsible",
                        "min_groups = 2\n[[groups]]\nname = '会议'\npatterns = ['会议']\n[[groups]]\nname = '述法'\npatterns = ['述法']\n[[groups]]\nname = '学法'\npatterns = ['学法']",
                        "覆盖{count}/{total}：有{found}，缺{missing}");
  const std::string text = "某县2024年法治政府建设年度报告\n一、党政主要负责人履行推进法治建设第一责任人职责情况\n县长主持召开会议3次。\n";
  auto o = lint_with(rule, "x-req", text);
  REQUIRE(o.findings.size() == 1);
  CHECK(o.findings[0].message == "覆盖1/3：有会议，缺述法、学法");
  CHECK(o.at(0).rfind("2:1 一、党政主要负责人", 0) == 0);
}

TEST_CASE("numbering: gaps, duplicates and the continuous level-3 house style") {
  const std::string text =
      "某县2020年法治政府建设情况报告\n一、主要举措和成效\n（一）加强组织领导\n1.健全机制。召开会议3次。\n2.压实责任。签订责任书5份。\n"
      "（二）依法履行职能\n3.深化改革。取消事项12项。\n";
  // Counting straight through the part is a convention of real reports (issue #10 §4): the
  // document is checked against the convention it uses. Forcing a restart at 1 reports it.
  CHECK(lint_shipped("heading-sequence-gap", text).findings.empty());
  auto restart = engine::parse_config("[rules.heading-sequence-gap]\nlevel3 = \"restart\"\n", "cfg");
  REQUIRE(restart.ok());
  auto gap = lint_shipped("heading-sequence-gap", text, *restart);
  REQUIRE(gap.findings.size() == 1);
  CHECK(gap.at(0) == "7:1 3.");
  CHECK(gap.findings[0].message.find("应为“1.”") != std::string::npos);
  auto cfg = engine::parse_config("[rules.heading-sequence-gap]\ncontinuous_level3 = true\n", "cfg");
  REQUIRE(cfg.ok());
  CHECK(lint_shipped("heading-sequence-gap", text, *cfg).findings.empty());
  // A list that does not start at one.
  auto start = lint_shipped("heading-sequence-gap", "某县2024年法治政府建设情况报告\n二、主要举措和成效\n开展活动3次。\n");
  REQUIRE(start.findings.size() == 1);
  CHECK(start.findings[0].message.find("应为“一、”") != std::string::npos);
}

TEST_CASE("paired punctuation: nesting, families, mixed widths, Ext-B columns") {
  const std::string ok = "某县2024年法治政府建设年度报告\n学习《法治政府建设实施纲要（2021—2025年）》和“谁执法谁普法”（含“八五”规划）。\n";
  CHECK(lint_shipped("unbalanced-paired-punctuation", ok).findings.empty());
  CHECK(lint_shipped("mixed-width-paired-punctuation", ok).findings.empty());
  auto wrong = lint_shipped("unbalanced-paired-punctuation", "某县2024年法治政府建设年度报告\n学习《纲要（2021—2025年》，“重点）。\n");
  REQUIRE(wrong.findings.size() == 3);
  CHECK(wrong.at(0) == "2:6 （");   // left open when 》 closed 《
  CHECK(wrong.at(1) == "2:19 “");   // never closed
  CHECK(wrong.at(2) == "2:22 ）");  // closes nothing
  auto mixed = lint_shipped("mixed-width-paired-punctuation", "某县2024年法治政府建设年度报告\n𠀀村(社区）与𪚥组（小组)。\n");
  REQUIRE(mixed.findings.size() == 2);
  CHECK(mixed.at(0) == "2:3 (社区）");
  CHECK(mixed.findings[1].fixes.at(0).replacement == "）");
}

TEST_CASE("repeated-word: Han in every encoding width, and nothing else, forms a run") {
  auto found = [](const std::string& line) {
    auto o = lint_shipped("repeated-word", "某县2024年法治政府建设年度报告\n" + line + "\n");
    std::vector<std::string> out;
    for (size_t i = 0; i < o.findings.size(); ++i) out.push_back(o.at(i));
    return out;
  };
  // Leads 0xE5–0xE9 (read from the lead byte), 0xE4 (U+4E00–U+4FFF and extension A), 0xE3
  // (extension A from U+3400) and four-byte extension B: all doubled words are found.
  CHECK(found("认真落实落实了") == std::vector<std::string>{"2:3 落实落实"});
  CHECK(found("健全一些健全一些") == std::vector<std::string>{"2:1 健全一些健全一些"});
  CHECK(found("村㐀屯㐀屯组") == std::vector<std::string>{"2:2 㐀屯㐀屯"});
  CHECK(found("到𠀀𪚥𠀀𪚥村") == std::vector<std::string>{"2:2 𠀀𪚥𠀀𪚥"});
  CHECK(found("丈丈人人") .empty());  // reduplicated single characters
  // Not Han: hexagrams (U+4DC0, lead 0xE4), kana (lead 0xE3), full-width Latin (lead 0xEF) break runs.
  CHECK(found("配合䷀配合").empty());
  CHECK(found("配合あ配合").empty());
  CHECK(found("配合Ａ配合").empty());
  CHECK(found("ＡＢＡＢ").empty());
  // Numerals lead no leftover (一次一次), and the rule's allow list holds.
  CHECK(found("一次一次").empty());
  CHECK(found("研究研究").empty());
}

TEST_CASE("checks::decode_utf8: the inline three-byte path decodes as the full decoder") {
  // Every lead E0..EF with every pair of following bytes, and cut short by the end of the text.
  size_t differ = 0;
  for (unsigned lead = 0xE0; lead <= 0xEF; ++lead)
    for (unsigned b1 = 0; b1 < 256; ++b1)
      for (unsigned b2 = 0; b2 < 256; ++b2) {
        const char bytes[3] = {static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2)};
        for (size_t size : {size_t{3}, size_t{2}}) {
          const std::string_view s(bytes, size);
          size_t la = 0, lb = 0;
          const char32_t a = fz::checks::decode_utf8(s, 0, &la);
          const char32_t b = fz::checks::detail::decode_utf8_rest(s, 0, &lb);
          if (a != b || la != lb) ++differ;
        }
      }
  CHECK(differ == 0);
  size_t len = 0;
  CHECK(fz::checks::decode_utf8("法", 0, &len) == U'法');
  CHECK(len == 3);
}

TEST_CASE("paired punctuation: every mark is recognised (the scan's byte table)") {
  // Each pair closed is clean; opened alone or closed alone is one finding at the mark, and a
  // look-alike of the same block (、。，“ neighbours) is never taken for a mark.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"（", "）"}, {"(", ")"}, {"〔", "〕"}, {"【", "】"}, {"[", "]"}, {"《", "》"},
      {"〈", "〉"}, {"“", "”"}, {"‘", "’"}, {"「", "」"}, {"『", "』"}, {"［", "］"}};
  const std::string title = "某县2024年法治政府建设年度报告\n";
  for (auto& [open, close] : pairs) {
    CAPTURE(open);
    CHECK(lint_shipped("unbalanced-paired-punctuation", title + "甲、" + open + "乙。" + close + "丙，〃‖〖＼＾\n").findings.empty());
    auto opened = lint_shipped("unbalanced-paired-punctuation", title + "甲" + open + "乙。\n");
    REQUIRE(opened.findings.size() == 1);
    CHECK(opened.at(0) == "2:2 " + open);
    auto closed = lint_shipped("unbalanced-paired-punctuation", title + "甲乙" + close + "\n");
    REQUIRE(closed.findings.size() == 1);
    CHECK(closed.at(0) == "2:3 " + close);
  }
}

TEST_CASE("term-period: plenary lists, expired terms in the plan, labels") {
  const std::string t2023 = "某县2023年法治政府建设年度报告\n2023年以来，我县学习贯彻党的二十届一中、二中、三中全会精神和二十届历次全会精神。\n";
  auto chrono = lint_shipped("plenary-not-yet-held", t2023);
  REQUIRE(chrono.findings.size() == 1);
  CHECK(chrono.findings[0].message.find("2024年7月15日") != std::string::npos);
  const std::string t2024 = "某县2024年法治政府建设年度报告\n2024年以来，我县学习贯彻党的二十届二中、三中全会精神。\n";
  CHECK(lint_shipped("plenary-not-yet-held", t2024).findings.empty());

  const std::string plan =
      "某县2025年法治政府建设年度报告\n一、2025年度主要举措和成效\n深入实施“八五”普法规划，开展活动3次。\n"
      "二、2026年度主要安排\n（一）持续推进“八五”普法规划实施。\n（二）做好“八五”普法总结验收。\n";
  auto exp = lint_shipped("expired-term-used-as-current", plan);
  REQUIRE(exp.findings.size() == 1);
  INFO(exp.at(0));
  CHECK(exp.at(0) == "5:9 八五”普法");

  auto label = lint_shipped("nonstandard-year-label", "某县2020年法治政府建设年度报告\n2020年是“十三五”规划的决胜之年。\n");
  REQUIRE(label.findings.size() == 1);
  CHECK(label.findings[0].message.find("收官之年") != std::string::npos);
  CHECK(lint_shipped("nonstandard-year-label", "某县2020年法治政府建设年度报告\n2020年是“十三五”规划收官之年。\n").findings.empty());
}

TEST_CASE("genre: year from the intro, FRP as an item, plan as a closing paragraph") {
  const std::string text =
      "大河乡人民政府关于法治政府建设的情况报告\n2024年以来，我乡扎实推进法治政府建设。\n"
      "一、强化组织保障\n（一）健全机制。一是压实第一责任人职责。乡党委书记、乡长主持召开专题会议3次。二是健全学法制度。\n"
      "二、存在的问题\n执法力量不足，原因是编制紧张。\n2025年，我乡将继续加强执法队伍建设。\n";
  for (auto id : {"missing-first-responsible-section", "missing-next-year-plan", "missing-achievements-section"}) {
    INFO(id);
    auto o = lint_shipped(id, text);
    CHECK(o.year == 2024);
    CHECK(o.findings.empty());
  }
  auto standalone = lint_shipped("frp-not-standalone-section", text);
  REQUIRE(standalone.findings.size() == 1);
  CHECK(standalone.at(0) == "4:9 一是压实第一责任人职责");
  // The closing paragraph is a plan only when its year is Y+1.
  std::string stale = text;
  stale.replace(stale.find("2025年，"), 5, "2024");
  CHECK(lint_shipped("missing-next-year-plan", stale).findings.size() == 1);
}

TEST_CASE("scopes are validated") {
  auto r = engine::build_ruleset({{"t.toml", rule_file("x", "pattern", "body", "patterns = ['a']")}}, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().to_string() == "t.toml:5:9: scope: body 范围需要指定体裁类别，如 body:shortcomings");
}

TEST_CASE("report year: Chinese-numeral title year; mismatches point back at it") {
  const std::string text =
      "青山县人民政府关于二〇二四年法治政府建设情况的报告\n一、2023年度推进法治政府建设的主要举措和成效\n开展活动3次。\n";
  auto o = lint_shipped("report-year-mismatch", text);
  CHECK(o.year == 2024);
  REQUIRE(o.findings.size() == 1);
  CHECK(o.at(0) == "2:3 2023年度");
  REQUIRE(o.findings[0].related.size() == 1);
  CHECK(checks::slice(o.text, o.findings[0].related[0].span) == "二〇二四");
}

TEST_CASE("genre: a combined heading is a region of every class it names") {
  const std::string text =
      "某县2024年法治政府建设年度报告\n一、主要举措和成效\n开展活动3次。\n"
      "二、党政主要负责人履行推进法治建设第一责任人职责情况\n县委书记、县长主持召开会议3次。\n"
      "三、存在的不足及下一步工作打算\n执法力量不足，原因是编制紧张。下一步，我县将加强执法队伍建设。\n";
  CHECK(lint_shipped("missing-shortcomings-section", text).findings.empty());
  CHECK(lint_shipped("missing-next-year-plan", text).findings.empty());
  CHECK(lint_shipped("shortcomings-without-causes", text).findings.empty());
}

TEST_CASE("term-period: the previous congress as the guiding phrase") {
  const std::string t2023 = "某县2023年法治政府建设年度报告\n2023年以来，我县深入贯彻党的十九大和十九届历次全会精神。\n";
  auto o = lint_shipped("expired-term-used-as-current", t2023);
  REQUIRE(o.findings.size() == 1);
  CHECK(o.findings[0].message.find("党的二十大精神") != std::string::npos);
  const std::string t2022 = "某县2022年法治政府建设年度报告\n2022年以来，我县深入贯彻党的十九大和十九届历次全会精神、党的二十大精神。\n";
  CHECK(lint_shipped("expired-term-used-as-current", t2022).findings.empty());
}
