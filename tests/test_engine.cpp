// Engine: building the shipped rule set, linting the seed, config, suppressions, examples.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "engine/linter.h"
#include "engine/ruleset.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "lint_fixture.h"
#include "outline/document.h"
#include "support/toml_message.h"

using namespace fz;

namespace {

using testing::Linted;
using testing::shipped;



std::unique_ptr<Linted> run(const std::string& text, const engine::Config& cfg = {},
                            const engine::RuleSet* rs = nullptr) {
  return testing::lint_text(text, cfg, rs);
}

}  // namespace

TEST_CASE("annual-report pack: every example behaves (fzlint test-rules)") {
  // Other packs (rules/gongwen) check their own examples in their tests.
  std::vector<engine::ExampleFailure> failures;
  for (auto& f : engine::check_examples(*shipped()))
    if (f.origin.rfind("<builtin>/rules/annual-report/", 0) == 0) failures.push_back(f);
  for (auto& f : failures)
    FAIL_CHECK(f.rule << (f.bad ? " bad[" : " good[") << f.index << "]: " << f.detail << "\n---\n"
                      << f.example);
  CHECK(failures.empty());
  CHECK(engine::rule_infos(*shipped()).size() >= 30);
}

namespace {
const char* kReport = R"(某镇2024年法治政府建设年度报告
2024年以来，我镇扎实推进法治政府建设。
一、2024年度推进法治政府建设的主要举措和成效
（一）加强组织领导。全年召开专题会议4次。
（二）提高服务水平。落实法律顾问制度，各村(社区）均有法律顾问。
二、2024年度推进法治政府建设存在的不足和原因
一是宣传形式单一。二是专业人才匮乏。
三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记主持召开党委会研究法治工作3次，镇长主持召开政府常务会议学法4次，带头出庭应诉1次，严格落实合法性审查，年终述法全覆盖。
四、2025年度推进法治政府建设的主要安排
一是加强执法队伍建设。二是深化普法宣传。
)";

size_t count(const engine::LintResult& r, std::string_view id) {
  size_t n = 0;
  for (auto& f : r.findings) n += f.rule == id;
  return n;
}
}  // namespace

TEST_CASE("lint: findings sorted, section paths, fixes") {
  auto l = run(kReport);
  CHECK(std::is_sorted(l->res.findings.begin(), l->res.findings.end(), finding_less));
  CHECK(count(l->res, "results-subsection-without-figures") == 1);
  CHECK(count(l->res, "shortcomings-without-causes") == 1);
  CHECK(count(l->res, "mixed-width-paired-punctuation") == 1);
  for (auto& f : l->res.findings) {
    if (f.rule == "results-subsection-without-figures")
      CHECK(f.section == "一、2024年度推进法治政府建设的主要举措和成效/（二）提高服务水平");
    if (f.rule == "mixed-width-paired-punctuation") {
      REQUIRE(f.fixes.size() == 1);
      CHECK(f.fixes[0].replacement == "（");
      CHECK(l->src.text.substr(f.fixes[0].span.begin, f.fixes[0].span.size()) == "(");
    }
  }
}

TEST_CASE("config: parse, errors with location, merge") {
  auto c = engine::parse_config(R"(select = ["structure", "shortcomings-without-causes"]
ignore = ["heading-level-skip"]
year = 2023
rule_dirs = ["more"]
[severity]
shortcomings-without-causes = "error"
[[suppress]]
rule = "mixed-width-paired-punctuation"
text = "各村"
[rules.plan-too-few-measures]
min = 3
)", ".fzlint.toml");
  REQUIRE_MESSAGE(c.ok(), c.error().to_string());
  CHECK(c->select.size() == 2);
  CHECK(c->year == 2023);
  CHECK(c->severity.at("shortcomings-without-causes") == Severity::Error);
  CHECK(c->suppressions.size() == 1);
  CHECK(c->rule_params.count("plan-too-few-measures") == 1);

  auto bad = engine::parse_config("selec = []\n", "cfg.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().to_string().rfind("cfg.toml:1:9: selec: 未知配置项", 0) == 0);
  auto bad2 = engine::parse_config("[severity]\nx = \"fatal\"\n", "cfg.toml");
  REQUIRE_FALSE(bad2.ok());
  CHECK(bad2.error().to_string() == "cfg.toml:2:5: severity.x: 应为 \"error\"、\"warning\" 或 \"info\"");

  engine::Config base = *c;
  engine::Config over;
  over.year = 2024;
  over.ignore = {"format"};
  engine::merge(base, over);
  CHECK(base.year == 2024);
  CHECK(base.ignore.size() == 2);
}

TEST_CASE("config: a TOML syntax error is told in Chinese, at its place") {
  // toml++'s own descriptions, through parse_config as a drafter's broken .fzlint.toml meets them.
  const std::pair<const char*, const char*> cases[] = {
      {"select = [\n", "cfg.toml:1:12: TOML 语法错误（数组）：文件在此处结束，前面的内容没有写完（是否少了右方括号 ]、右花括号 } 或收尾的引号？）"},
      {"year = 1\nyear = 2\n", "cfg.toml:2:8: TOML 语法错误（键值对）：“year”已经定义过（整数），同一个键或表不能写两次"},
      {"[severity]\n[severity]\n", "cfg.toml:2:1: TOML 语法错误（表头）：“severity”已经定义过（表），同一个键或表不能写两次"},
      {"year = \n", "cfg.toml:1:8: TOML 语法错误（键值对）：此处应为一个值，实际是换行"},
      {"partial = tru\n", "cfg.toml:1:14: TOML 语法错误（布尔值）：此处应为“true”，实际是“tru”"},
      {"rule_dirs = [\"C:\\规则\"]\n", "cfg.toml:1:18: TOML 语法错误（字符串）：未知的转义序列 '\\规'（双引号字符串里的反斜杠要写成 \\\\，路径也可以改用单引号字符串 '…'）"},
      {"year = 2024 partial = true\n", "cfg.toml:1:13: TOML 语法错误（键值对）：此处应为注释或行尾（一行只能写一个键值对），实际是“p”"},
      {"select = [\"a]\n", "cfg.toml:1:14: TOML 语法错误（字符串）：字符串里不能直接换行（是否少了收尾的引号？多行文字请用三个引号）"},
      {"partial = yes\n", "cfg.toml:1:11: TOML 语法错误（值）：无法识别这个值（文字要加引号，如 name = \"…\"；布尔值写 true 或 false）"},
      {"[severity\n", "cfg.toml:1:10: TOML 语法错误（表头）：此处应为右方括号 ]，实际是换行"},
  };
  for (const auto& [toml, want] : cases) {
    auto r = engine::parse_config(toml, "cfg.toml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string() == want);
  }
  // A detail not translated keeps toml++'s words after the Chinese context, never a guess.
  CHECK(toml_syntax_error("Error while parsing array: something new") == "TOML 语法错误（数组）：something new");
  CHECK(toml_syntax_error("Error while parsing gizmo: frobnicated") == "TOML 语法错误（gizmo）：frobnicated");
  CHECK(toml_syntax_error("odd") == "TOML 语法错误：odd");
}

TEST_CASE("config: select, ignore, severity, year, suppressions, parameter overrides") {
  engine::Config cfg;
  cfg.select = {"required-content"};
  auto only = run(kReport, cfg);
  for (auto& f : only->res.findings) CHECK(f.category == Category::RequiredContent);
  CHECK(count(only->res, "shortcomings-without-causes") == 1);

  engine::Config ign;
  ign.ignore = {"shortcomings-without-causes", "punctuation"};
  auto l = run(kReport, ign);
  CHECK(count(l->res, "shortcomings-without-causes") == 0);
  CHECK(count(l->res, "mixed-width-paired-punctuation") == 0);

  engine::Config sev;
  sev.severity["shortcomings-without-causes"] = Severity::Error;
  auto linted = run(kReport, sev);  // keep it alive: the loop below reads into it
  for (auto& f : linted->res.findings)
    if (f.rule == "shortcomings-without-causes") CHECK(f.severity == Severity::Error);

  engine::Config year;
  year.year = 2023;  // headings say 2024 → mismatch
  auto y = run(kReport, year);
  CHECK(y->res.report_year == 2023);
  CHECK(count(y->res, "report-year-mismatch") == 3);

  engine::Config sup;
  sup.suppressions.push_back({"mixed-width-paired-punctuation", "各村", ""});
  sup.suppressions.push_back({"shortcomings-without-causes", "", "other/*.txt"});
  auto s = engine::lint(run(kReport)->src, run(kReport)->doc, *shipped(), sup);  // path unknown
  (void)s;
  auto ls = run(kReport, sup);
  CHECK(count(ls->res, "mixed-width-paired-punctuation") == 0);
  CHECK(count(ls->res, "shortcomings-without-causes") == 1);  // glob needs a matching path
  CHECK(ls->res.suppressed == 1);
  auto lp = engine::lint(ls->src, ls->doc, *shipped(), sup, "other/a.txt");
  CHECK(count(lp, "shortcomings-without-causes") == 0);

  // [rules.<id>] overrides: parameters and severity; unknown ids and keys are errors.
  auto c = engine::parse_config("[rules.plan-too-few-measures]\nmin = 3\nseverity = \"info\"\n", "cfg");
  REQUIRE(c.ok());
  auto rs = engine::build_ruleset({}, *c);
  REQUIRE_MESSAGE(rs.ok(), rs.error().to_string());
  auto o = run(kReport, {}, rs->get());
  REQUIRE(count(o->res, "plan-too-few-measures") == 1);
  for (auto& f : o->res.findings)
    if (f.rule == "plan-too-few-measures") {
      CHECK(f.severity == Severity::Info);
      CHECK(f.message.find("只有2项") != std::string::npos);
    }
  auto c2 = engine::parse_config("[rules.no-such-rule]\nmin = 3\n", "cfg");
  REQUIRE(c2.ok());
  CHECK_FALSE(engine::build_ruleset({}, *c2).ok());
  auto c3 = engine::parse_config("[rules.plan-too-few-measures]\nmax = 3\n", "cfg");
  REQUIRE(c3.ok());
  auto r3 = engine::build_ruleset({}, *c3);
  REQUIRE_FALSE(r3.ok());
  CHECK(r3.error().to_string().find("max: 类型 min-parts 没有此参数") != std::string::npos);
  engine::Config c4;
  c4.select = {"no-such-rule"};
  CHECK_FALSE(engine::build_ruleset({}, c4).ok());
}

TEST_CASE("Markdown directives silence findings by line range and next line") {
  const std::string md =
      "# 某镇2024年法治政府建设年度报告\n\n"
      "## 一、2024年度推进法治政府建设的主要举措和成效\n\n"
      "<!-- fzlint-disable-next-line mixed-width-paired-punctuation -->\n"
      "各村(社区）均有法律顾问，全年召开会议4次。\n\n"
      "各组(小组）均有联络员，全年召开会议5次。\n\n"
      "<!-- fzlint-disable punctuation -->\n\n"
      "各户(农户）均有明白人，全年走访6次。\n\n"
      "<!-- fzlint-enable -->\n\n"
      "各站(站点）均有专人，全年检查7次。\n";
  auto src = ingest::ingest(md, ingest::Format::Markdown);
  REQUIRE(src.ok());
  REQUIRE(src->directives.size() == 3);
  auto doc = outline::parse(*src);
  engine::Config cfg;
  cfg.select = {"mixed-width-paired-punctuation"};
  auto res = engine::lint(*src, doc, *shipped(), cfg);
  std::vector<std::string> left;
  for (auto& f : res.findings) left.push_back(f.message);
  REQUIRE(left.size() == 2);
  CHECK(left[0].find("(小组）") != std::string::npos);
  CHECK(left[1].find("(站点）") != std::string::npos);
  CHECK(res.suppressed == 2);
}

TEST_CASE("never crashes: arbitrary and hostile inputs") {
  std::vector<std::string> inputs = {
      "", "\n\n\n", "一、", "（一）", "一是", "2024年", "“", "）", "((((((", "一、\n一、\n一、",
      "某镇2024年法治政府建设年度报告\n三、\n（五）\n1.\n（9）\n二是\n",
      std::string("\xff\xfe\x00\x01", 4), "第一责任人\n述法\n2025年是“十四五”",
      "一、主要举措和成效\n（一）" + std::string(5000, 'x')};
  uint32_t seed = 12345;
  const char* pieces[] = {"一、", "（一）", "1.", "（1）", "一是", "二是", "。", "；", "“", "”", "(",
                          "）", "《", "》", "2024年", "2025年", "存在的不足", "主要安排", "第一责任人",
                          "镇长", "3次", "\n", "\r\n", "十四五", "收官之年", "𠀀", "\xe4"};
  for (int i = 0; i < 300; ++i) {
    std::string s;
    for (int k = 0; k < 40; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
    }
    inputs.push_back(s);
  }
  for (auto& in : inputs) {
    auto src = ingest::ingest(in, ingest::Format::Text);
    if (!src) continue;
    auto doc = outline::parse(*src);
    engine::Config all;
    all.select = {"all"};
    auto res = engine::lint(*src, doc, *shipped(), all);
    for (auto& f : res.findings) {
      CHECK(f.span.begin <= f.span.end);
      CHECK(f.span.end <= src->text.size());
    }
  }
}

TEST_CASE("input issues become findings of category input, filtered like rules") {
  std::string bytes = "某镇2024年法治政府建设年度报告\n一、主要举措和成效\n开展活动3次\xff。\n";
  auto src = ingest::ingest(bytes, ingest::Format::Text);
  REQUIRE(src.ok());
  REQUIRE_FALSE(src->issues.empty());
  auto doc = outline::parse(*src);
  auto res = engine::lint(*src, doc, *shipped(), {});
  size_t input = 0;
  for (auto& f : res.findings)
    if (f.category == Category::Input) {
      ++input;
      CHECK(f.span.end <= src->text.size());
    }
  CHECK(input == src->issues.size());
  engine::Config ign;
  ign.ignore = {"input"};
  for (auto& f : engine::lint(*src, doc, *shipped(), ign).findings) CHECK(f.category != Category::Input);
}

TEST_CASE("one RuleSet shared by threads gives the same findings as one thread") {
  auto src = ingest::ingest(kReport, ingest::Format::Text);
  REQUIRE(src.ok());
  auto doc = outline::parse(*src);
  const auto expected = engine::lint(*src, doc, *shipped(), {}).findings;
  std::vector<std::vector<Finding>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) got[t] = engine::lint(*src, doc, *shipped(), {}).findings;
    });
  for (auto& th : threads) th.join();
  for (auto& g : got) {
    REQUIRE(g.size() == expected.size());
    for (size_t i = 0; i < g.size(); ++i) {
      CHECK(g[i].rule == expected[i].rule);
      CHECK(g[i].span == expected[i].span);
      CHECK(g[i].message == expected[i].message);
    }
  }
}

TEST_CASE("issuer: found once from the title, else the signature; rules read it (when.issuer)") {
  // design.md §7: who issued the report is a fact of the Document, read by rules as data.
  struct Case {
    const char* title;
    const char* signature;
    const char* issuer;
  };
  const Case cases[] = {
      {"青山县人民政府关于2024年法治政府建设情况的报告", "", "government"},
      {"中共青山县委 青山县人民政府关于2024年法治政府建设情况的报告", "", "joint"},
      {"青山县委、县政府2024年法治政府建设年度报告", "", "joint"},
      {"青山县司法局2024年法治政府建设年度报告", "", "department"},
      {"青山县人民政府办公室关于2024年法治政府建设情况的报告", "", "department"},
      {"中共青山县委员会关于2024年法治建设情况的报告", "", "party"},
      {"金桥镇2024年法治政府建设年度报告", "金桥镇人民政府\n2025年1月20日", "government"},
      {"金桥镇2024年法治政府建设年度报告", "", "unknown"},
  };
  // The intro's opening paragraph as a last resort: the issuer as a subject, not the superior
  // organs it works under.
  struct IntroCase {
    const char* intro;
    const char* issuer;
  };
  const IntroCase intros[] = {
      {"2025年是全面贯彻落实纲要的收官之年。普兰县人民政府始终坚持以习近平新时代中国特色社会主义思想为指导。", "government"},
      {"2023年，市市场监管局在市委、市政府的坚强领导下，深入学习贯彻习近平法治思想。", "department"},
      {"2025年，大中街道在区委、区政府的坚强领导下，扎实推进依法行政。", "unknown"},
  };
  for (auto& c : intros) {
    INFO(c.intro);
    auto l = run(std::string("某地2024年法治政府建设年度报告\n") + c.intro + "\n一、主要举措和成效\n召开会议3次。\n");
    CHECK(engine::analyse(l->src, l->doc, shipped()->genre, std::nullopt).issuer == c.issuer);
  }
  for (auto& c : cases) {
    INFO(c.title << " / " << c.signature);
    std::string text = std::string(c.title) +
                       "\n一、2024年度推进法治政府建设的主要举措和成效\n全年召开专题会议4次。\n" +
                       "二、2024年度党政主要负责人履行推进法治建设第一责任人职责情况\n" +
                       "镇长主持召开政府常务会议学法4次。\n" + c.signature + "\n";
    auto l = run(text);
    auto a = engine::analyse(l->src, l->doc, shipped()->genre, std::nullopt);
    CHECK(a.issuer == c.issuer);
    // The party secretary is demanded of joint, party and unknown issuers only.
    const bool party_asked = a.issuer == "joint" || a.issuer == "party" || a.issuer == "unknown";
    CHECK((count(l->res, "frp-party-principal-not-named") == 1) == party_asked);
  }
}

TEST_CASE("when.issuer must name a [[genre.issuer]] kind") {
  const std::string rule =
      "id = 'x-when'\ncategory = 'first-responsible'\nseverity = 'info'\nkind = 'pattern'\n"
      "message = 'm'\ntitle = 't'\ndescription = 'd'\nrationale = 'r'\nsource = 's'\n"
      "patterns = ['镇长']\n[when]\nissuer = ['goverment']\n"
      "[examples]\nbad = ['镇长']\ngood = ['书记']\n";
  auto rs = engine::build_ruleset({{"x-when.toml", rule}}, {});
  REQUIRE_FALSE(rs.ok());
  CHECK(rs.error().to_string().find("when.issuer") != std::string::npos);
  std::string ok = rule;
  ok.replace(ok.find("goverment"), 9, "government");
  auto rs2 = engine::build_ruleset({{"x-when.toml", ok}}, {});
  REQUIRE_MESSAGE(rs2.ok(), rs2.error().to_string());
  // when.term names a terms.toml row; the rule runs only within the term's years.
  std::string t = rule;
  t.replace(t.find("issuer = ['goverment']"), 22, "term = 'no-such-term'");
  auto rs3 = engine::build_ruleset({{"x-when.toml", t}}, {});
  REQUIRE_FALSE(rs3.ok());
  CHECK(rs3.error().to_string().find("when.term") != std::string::npos);
  t.replace(t.find("no-such-term"), 12, "xi-fazhi-thought");
  auto rs4 = engine::build_ruleset({{"x-when.toml", t}}, {});
  REQUIRE_MESSAGE(rs4.ok(), rs4.error().to_string());
  engine::Config only;
  only.select = {"x-when"};
  auto y2019 = run("某镇2019年法治政府建设年度报告\n镇长主持召开会议3次。\n", only, rs4->get());
  CHECK(count(y2019->res, "x-when") == 0);  // 习近平法治思想 (from 2020) not expected in 2019
  auto y2020 = run("某镇2020年法治政府建设年度报告\n镇长主持召开会议3次。\n", only, rs4->get());
  CHECK(count(y2020->res, "x-when") == 1);
}
