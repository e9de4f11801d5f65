// The writing-standard pack (rules/gongwen: GB/T 15834 punctuation, GB/T 15835 numbers, standard
// expressions, format) and its kinds (pattern-set, halfwidth-punctuation, document-name,
// signature-date, text-length): examples, per-rule fixtures with goldens, the clean-usage
// fixture, no findings on the other clean fixtures, kind details, config and suppressions.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "lint_fixture.h"
#include "outline/document.h"
#include "support/fixes.h"
#include "text/line_index.h"

using namespace fz;
namespace fs = std::filesystem;

namespace {

using testing::Linted;
using testing::shipped;


/// Ids of the rules that come from rules/gongwen/.
const std::set<std::string>& style_ids() {
  static const std::set<std::string> ids = [] {
    std::set<std::string> out;
    for (auto& r : shipped()->rules)
      if (r.spec.origin.find("gongwen/") != std::string::npos) out.insert(r.spec.info.id);
    return out;
  }();
  return ids;
}


std::unique_ptr<Linted> lint(const std::string& text, const engine::Config& cfg = {},
                             const engine::RuleSet* rs = nullptr,
                             ingest::Format fmt = ingest::Format::Text) {
  return testing::lint_text(text, cfg, rs, fmt);
}

/// One finding per line: `line:col-endline:endcol severity rule-id message`.
std::string render(const Linted& l, const std::function<bool(const Finding&)>& keep) {
  return testing::render_findings(l, keep);
}

std::vector<const Finding*> of_rule(const Linted& l, std::string_view id) {
  std::vector<const Finding*> out;
  for (auto& f : l.res.findings)
    if (f.rule == id) out.push_back(&f);
  return out;
}

engine::Config only(std::string id) {
  engine::Config c;
  c.select = {std::move(id)};
  return c;
}

std::string fixed_text(const Linted& l) { return fixes::apply(l.src.text, l.res.findings).text; }

}  // namespace

TEST_CASE("style pack: loaded, documented, and every example behaves") {
  REQUIRE(style_ids().size() >= 27);
  for (auto& r : shipped()->rules) {
    if (!style_ids().count(r.spec.info.id)) continue;
    INFO(r.spec.info.id);
    CHECK(!r.spec.info.bad_examples.empty());
    CHECK(!r.spec.info.good_examples.empty());
    CHECK(!r.spec.info.source.empty());
  }
  for (auto& f : engine::check_examples(*shipped())) {
    if (!style_ids().count(f.rule)) continue;
    FAIL_CHECK(f.rule << (f.bad ? " bad[" : " good[") << f.index << "]: " << f.detail << "\n---\n" << f.example);
  }
}

TEST_CASE("style pack: each rule's own fixtures (fixtures/rules/<id>/bad.txt, good.txt, expected.txt)") {
  const fs::path root = testing::fixtures_dir() / "rules";
  for (auto& id : style_ids()) {
    SUBCASE(id.c_str()) {
      const fs::path dir = root / id;
      REQUIRE_MESSAGE(fs::exists(dir / "bad.txt"), "missing fixture " << (dir / "bad.txt").string());
      REQUIRE_MESSAGE(fs::exists(dir / "good.txt"), "missing fixture " << (dir / "good.txt").string());
      auto bad = lint(testing::read_file(dir / "bad.txt"));
      auto mine = [&](const Finding& f) { return f.rule == id; };
      const std::string got = render(*bad, mine);
      CHECK_MESSAGE(!got.empty(), id << " does not fire on its bad fixture");
      testing::check_golden(dir / "expected.txt", got);
      auto good = lint(testing::read_file(dir / "good.txt"));
      CHECK_MESSAGE(render(*good, mine).empty(), id << " fires on its good fixture:\n" << render(*good, mine));
    }
  }
}

TEST_CASE("style pack: clean report with legitimate numbers, times, URLs and Latin names") {
  const fs::path p = testing::fixtures_dir() / "check" / "clean-legit-usage.txt";
  auto l = lint(testing::read_file(p));
  const std::string style = render(*l, [](const Finding& f) { return style_ids().count(f.rule) > 0; });
  CHECK_MESSAGE(style.empty(), "writing-standard rules fire on the clean fixture:\n" << style);
  testing::check_golden(testing::fixtures_dir() / "check" / "clean-legit-usage.expected",
                        render(*l, [](const Finding&) { return true; }));
}

TEST_CASE("style pack: nothing above info on the other clean report fixtures") {
  for (auto& p : testing::list_files(testing::fixtures_dir() / "check", {".txt", ".md"})) {
    auto l = lint(testing::read_file(p), {}, nullptr,
                  p.extension() == ".md" ? ingest::Format::Markdown : ingest::Format::Text);
    const std::string loud = render(*l, [](const Finding& f) {
      return style_ids().count(f.rule) > 0 && f.severity != Severity::Info;
    });
    CHECK_MESSAGE(loud.empty(), p.filename().string() << ":\n" << loud);
    MESSAGE(p.filename().string() << " (info):\n"
                                  << render(*l, [](const Finding& f) { return style_ids().count(f.rule) > 0; }));
  }
}

TEST_CASE("halfwidth-punctuation: context decides, pairs are fixed together") {
  const auto cfg = only("halfwidth-punctuation-in-chinese");
  SUBCASE("mixed pair: only the half-width mark is fixed") {
    auto l = lint("各村(社区）均建立了法律顾问制度。", cfg);
    REQUIRE(of_rule(*l, "halfwidth-punctuation-in-chinese").size() == 1);
    CHECK(fixed_text(*l) == "各村（社区）均建立了法律顾问制度。");
  }
  SUBCASE("an ASCII pair is fixed as a pair even when one side has no Chinese neighbour") {
    auto l = lint("完成整改(见附件A)", cfg);
    auto f = of_rule(*l, "halfwidth-punctuation-in-chinese");
    REQUIRE(f.size() == 1);
    CHECK(f[0]->fixes.size() == 2);
    CHECK(fixed_text(*l) == "完成整改（见附件A）");
  }
  SUBCASE("legitimate half-width marks") {
    for (const char* s : {"受理案件1,258件，会议于15:40结束，比例尺1:500。",
                          "详见http://www.gov.cn/zhengce/content.htm?id=1&a=(2)，或来信。",
                          "邮箱fzb@example.gov.cn，推行ISO 9001:2015标准。",
                          "根据京政发(2025)3号文件要求。",
                          "He said: \"OK, fine!\""}) {
      auto l = lint(s, cfg);
      CHECK_MESSAGE(of_rule(*l, "halfwidth-punctuation-in-chinese").empty(), s);
    }
  }
  SUBCASE("every ASCII mark has its full-width fix") {
    auto l = lint("一是加强学习;二是规范执法:完成了吗?完成了!共3项,均已办结。", cfg);
    CHECK(fixed_text(*l) == "一是加强学习；二是规范执法：完成了吗？完成了！共3项，均已办结。");
  }
}

TEST_CASE("document-name: national titles only, minimal fixes to the canonical form") {
  const auto cfg = only("noncanonical-document-name");
  auto fix = [&](const std::string& s) { return fixed_text(*lint(s, cfg)); };
  CHECK(fix("全面贯彻《法治政府建设实施纲要(2021-2025)》。") == "全面贯彻《法治政府建设实施纲要（2021—2025年）》。");
  CHECK(fix("落实《法治政府建设实施纲要（2021 — 2025 年）》") == "落实《法治政府建设实施纲要（2021—2025年）》");
  CHECK(fix("落实《法治社会建设实施纲要（2021—2025年）》") == "落实《法治社会建设实施纲要（2020—2025年）》");
  CHECK(fix("贯彻法治中国建设规划（2020—2025年）精神") == "贯彻《法治中国建设规划（2020—2025年）》精神");
  // Two valid periods: the years are not guessed, and a bare name without years is not wrapped.
  auto l = lint("落实《法治政府建设实施纲要（2020—2025年）》，对照法治政府建设实施纲要要求", cfg);
  auto f = of_rule(*l, "noncanonical-document-name");
  REQUIRE(f.size() == 2);
  CHECK(f[0]->fixes.empty());
  CHECK(f[0]->message.find("年份") != std::string::npos);
  CHECK(f[1]->fixes.empty());
  CHECK(f[1]->message.find("缺少书名号") != std::string::npos);
  // Local documents and the old outline are not judged.
  for (const char* s : {"制定《静海区法治政府建设实施纲要(2021-2025年)》", "静海区法治政府建设实施纲要",
                        "《中共中央 国务院关于印发〈法治政府建设实施纲要（2015—2020年）〉的通知》",
                        "《成都市法治政府建设实施方案（2021-2025年）》"}) {
    CHECK_MESSAGE(of_rule(*lint(s, cfg), "noncanonical-document-name").empty(), s);
  }
}

TEST_CASE("pattern-set: the hit group sets the span, fix groups the edits") {
  auto l = lint("24年全镇共开展普法宣传12场。", only("abbreviated-year"));
  auto f = of_rule(*l, "abbreviated-year");
  REQUIRE(f.size() == 1);
  CHECK(f[0]->span.begin == 0);
  CHECK(f[0]->span.end == 5);  // "24年"
  auto d = lint("某镇2024年法治政府建设年度报告\n2024年03月05日召开会议。", only("zero-padded-date"));
  auto df = of_rule(*d, "zero-padded-date");
  REQUIRE(df.size() == 1);
  CHECK(df[0]->fixes.size() == 2);
  CHECK(df[0]->message.find("“2024年3月5日”") != std::string::npos);
  CHECK(fixed_text(*d) == "某镇2024年法治政府建设年度报告\n2024年3月5日召开会议。");
}

TEST_CASE("pattern-set: rule-file errors are located") {
  auto bad = [](const std::string& body) {
    engine::RuleFile f{"<test>/x.toml",
                       "id = \"x-rule\"\ncategory = \"numbers\"\nseverity = \"info\"\nkind = \"pattern-set\"\n"
                       "title = \"t\"\nmessage = \"m\"\ndescription = \"d\"\nrationale = \"r\"\nsource = \"s\"\n"
                       "examples = { bad = [\"a\"], good = [\"b\"] }\n" +
                           body};
    auto rs = engine::build_ruleset({f}, {});
    REQUIRE_FALSE(rs.ok());
    MESSAGE(rs.error().to_string());
    CHECK(rs.error().line > 1);  // located at the case, not at the rule
    return rs.error().to_string();
  };
  CHECK(bad("[[cases]]\nmatch = '(a'\n").find("正则表达式无效") != std::string::npos);
  CHECK(bad("[[cases]]\nmatch = 'a'\nfixx = 'b'\n").find("fixx") != std::string::npos);
  CHECK(bad("[[cases]]\nmatch = '(?P<fix>a)(?P<fix2>b)'\nfix = 'c'\n").find("2 个") != std::string::npos);
  CHECK(bad("[[cases]]\nmatch = 'a'\nfix = '\\3'\n").find("替换模板无效") != std::string::npos);
}

TEST_CASE("signature-date: window per issuer level through [rules.<id>] overrides") {
  const std::string report =
      "某县2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法宣传12场次。\n某县人民政府\n2025年3月10日\n";
  CHECK(of_rule(*lint(report, only("date-outside-reporting-window")), "date-outside-reporting-window").empty());
  auto cfg = engine::parse_config("select = [\"date-outside-reporting-window\"]\n"
                                  "[rules.date-outside-reporting-window]\nwindow_to = \"02-28\"\n",
                                  "<test>/.fzlint.toml");
  REQUIRE(cfg.ok());
  auto rs = engine::build_ruleset({}, *cfg);
  REQUIRE(rs.ok());
  auto l = lint(report, *cfg, rs->get());
  auto f = of_rule(*l, "date-outside-reporting-window");
  REQUIRE(f.size() == 1);
  CHECK(f[0]->message.find("2025年2月28日") != std::string::npos);
  // Per issuer level: a township's window closes on 03-01, a county government's does not.
  auto lv = engine::parse_config(
      "select = [\"date-outside-reporting-window\"]\n[rules.date-outside-reporting-window]\n"
      "levels = [{ name = \"乡镇\", issuer = '(?:乡|镇|街道)(?:人民政府|党委|办事处)?$', window_to = \"03-01\" }]\n",
      "<test>/.fzlint.toml");
  REQUIRE(lv.ok());
  auto lrs = engine::build_ruleset({}, *lv);
  REQUIRE_MESSAGE(lrs.ok(), lrs.error().to_string());
  auto town = lint("某镇2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法宣传12场次。\n某镇人民政府\n2025年3月10日\n",
                   *lv, lrs->get());
  auto tf = of_rule(*town, "date-outside-reporting-window");
  REQUIRE(tf.size() == 1);
  CHECK(tf[0]->message.find("（乡镇）（2025年1月1日至2025年3月1日）") != std::string::npos);
  CHECK(of_rule(*lint(report, *lv, lrs->get()), "date-outside-reporting-window").empty());
  // A date before the year has ended.
  auto early = lint("某县2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法宣传12场次。\n某县人民政府\n2024年12月20日\n",
                    only("date-outside-reporting-window"));
  CHECK(of_rule(*early, "date-outside-reporting-window").size() == 1);
}

TEST_CASE("signature-date and document-name: month-day and period parameters are read exactly") {
  auto builds = [](const std::string& toml) {
    auto cfg = engine::parse_config(toml, "<test>/.fzlint.toml");
    REQUIRE_MESSAGE(cfg.ok(), cfg.error().to_string());
    auto rs = engine::build_ruleset({}, *cfg);
    return rs.ok() ? std::string() : rs.error().to_string();
  };
  auto window = [&](const std::string& to) {
    return builds("[rules.date-outside-reporting-window]\nwindow_to = \"" + to + "\"\n");
  };
  for (const char* ok : {"3-31", "03-01", "12-31", "1-1"}) CHECK_MESSAGE(window(ok).empty(), ok);
  for (const char* bad : {"13-01", "3-32", "0-10", "003-1", "3/31", "3-", "-3", "3-3-3", "３-31", "3-31 "}) {
    const std::string e = window(bad);
    CHECK_MESSAGE(e.find("window_to") != std::string::npos, bad, " → ", e);
  }
  auto periods = [&](const std::string& p) {
    return builds("[rules.noncanonical-document-name]\ndocuments = [{ stem = \"法治政府建设实施纲要\", periods = [\"" + p +
                  "\"] }]\n");
  };
  CHECK(periods("2021—2025").empty());
  CHECK(periods("2025—2025").empty());
  for (const char* bad : {"2021-2025", "2025—2021", "21—2025", "2021—25", "2021——2025", "２０２１—2025", "2021—2025年", ""}) {
    const std::string e = periods(bad);
    CHECK_MESSAGE(e.find("documents.periods") != std::string::npos, bad, " → ", e);
  }
}

TEST_CASE("text-length: thresholds are parameters") {
  auto cfg = engine::parse_config("select = [\"report-length-out-of-range\"]\n"
                                  "[rules.report-length-out-of-range]\nmin = 5\nmax = 10\n",
                                  "<test>/.fzlint.toml");
  REQUIRE(cfg.ok());
  auto rs = engine::build_ruleset({}, *cfg);
  REQUIRE(rs.ok());
  const std::string report = "某镇2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展普法宣传十二场次共计覆盖群众。\n";
  auto linted = lint(report, *cfg, rs->get());  // f points into it: keep it alive
  auto f = of_rule(*linted, "report-length-out-of-range");
  REQUIRE(f.size() == 1);
  CHECK(f[0]->message.find("超过 10 字") != std::string::npos);
  // Shipped levels: a municipal report may run to 8000 characters, a provincial one has no cap.
  std::string body;
  for (int i = 0; i < 600; ++i) body += "全市深入推进依法行政。";  // 10 Han characters each
  auto len = [&](const std::string& issuer) {
    auto l = lint("某" + issuer + "2024年法治政府建设年度报告\n一、主要举措和成效\n" + body + "\n某" + issuer +
                      "\n2025年1月5日\n",
                  only("report-length-out-of-range"));
    auto found = of_rule(*l, "report-length-out-of-range");
    return found.empty() ? std::string() : found[0]->message;
  };
  CHECK(len("县人民政府").find("超过 5000 字") != std::string::npos);
  CHECK(len("市人民政府").empty());
  CHECK(len("省人民政府").empty());
}

TEST_CASE("suppression works for the writing-standard rules") {
  SUBCASE("Markdown directives") {
    const std::string md =
        "# 某镇2024年法治政府建设年度报告\n\n<!-- fzlint-disable-next-line abbreviated-year -->\n24年全镇共开展普法宣传12场。\n\n"
        "24年度开展执法检查3次。\n";
    auto l = lint(md, only("numbers"), nullptr, ingest::Format::Markdown);
    auto f = of_rule(*l, "abbreviated-year");
    REQUIRE(f.size() == 1);
    CHECK(l->res.suppressed == 1);
  }
  SUBCASE("config suppression by rule and quoted text") {
    auto cfg = engine::parse_config("select = [\"misused-term\"]\n[[suppress]]\nrule = \"misused-term\"\ntext = \"截止目前\"\n",
                                    "<test>/.fzlint.toml");
    REQUIRE(cfg.ok());
    auto l = lint("截止目前，共办理案件15件。\n截止到年底，已全部办结。\n", *cfg);
    auto f = of_rule(*l, "misused-term");
    REQUIRE(f.size() == 1);
    CHECK(f[0]->message.find("截止到") != std::string::npos);
  }
}

TEST_CASE("positions: Ext-B characters before a finding (columns in code points)") {
  // 𠀀 and 𪚥 are 4-byte UTF-8 characters (names of people and places use them).
  auto l = lint("𠀀𪚥村(社区）建立法律顾问制度，截止目前全覆盖。", engine::Config{});
  text::LineIndex idx(l->src.text);
  // The mixed pair "(社区）" is reported once, by the more specific paired-punctuation rule
  // (halfwidth-punctuation-in-chinese is superseded_by it).
  CHECK(of_rule(*l, "halfwidth-punctuation-in-chinese").empty());
  auto h = of_rule(*l, "mixed-width-paired-punctuation");
  REQUIRE(h.size() == 1);
  CHECK(h[0]->span.begin == 11);
  CHECK(idx.position(h[0]->span.begin).column == 4);
  auto m = of_rule(*l, "misused-term");
  REQUIRE(m.size() == 1);
  CHECK(idx.position(m[0]->span.begin).column == 17);
  CHECK(fixed_text(*l) == "𠀀𪚥村（社区）建立法律顾问制度，截至目前全覆盖。");
}

TEST_CASE("pattern-set: shared screening follows the rule set, never a previous one") {
  const std::string text = "今年共开展普法宣传活动12场，前年为8场。\n";
  auto ids = [](const Linted& l) {
    std::string out;
    for (auto& f : l.res.findings)
      if (f.rule == "relative-time-word") out += f.message.substr(0, f.message.find("”") + 3) + ";";
    return out;
  };
  const std::string shipped_out = ids(*lint(text, only("relative-time-word")));
  CHECK(shipped_out == "“今年”;“前年”;");
  for (int round = 0; round < 3; ++round) {
    // The same rule id overridden with other cases, built and dropped repeatedly in this thread.
    engine::RuleFile f{"<test>/relative-time-word.toml",
                       "id = \"relative-time-word\"\ncategory = \"format\"\nseverity = \"info\"\n"
                       "kind = \"pattern-set\"\ntitle = \"t\"\nmessage = \"“{match}”\"\ndescription = \"d\"\n"
                       "rationale = \"r\"\nsource = \"s\"\nexamples = { bad = [\"前年\"], good = [\"2024年\"] }\n"
                       "[[cases]]\nmatch = '(?P<hit>前年)'\n"};
    auto rs = engine::build_ruleset({f}, only("relative-time-word"));
    REQUIRE(rs.ok());
    CHECK(ids(*lint(text, only("relative-time-word"), rs->get())) == "“前年”;");
    CHECK(ids(*lint(text, only("relative-time-word"))) == shipped_out);
  }
}
