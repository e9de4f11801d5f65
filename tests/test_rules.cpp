// Rule files: loading, validation errors located at path:line:col, overrides by id.
#include <doctest/doctest.h>

#include "engine/linter.h"
#include "rules/rule_spec.h"

using namespace fz;

namespace {

const char* kHead = R"(id = "my-rule"
category = "terms"
severity = "warning"
title = "示例规则"
message = "发现“{match}”"
description = "说明"
rationale = "理由"
source = "依据"
examples.bad = ["截止目前"]
examples.good = ["截至目前"]
)";

// Build the shipped set plus one extra file; return the error text ("" when it built).
std::string build_error(const std::string& text, const engine::Config& cfg = {}) {
  auto r = engine::build_ruleset({{"my/rule.toml", text}}, cfg);
  return r ? std::string() : r.error().to_string();
}

}  // namespace

TEST_CASE("a valid extra rule builds and runs its examples") {
  const std::string text = std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前']\nfix = '截至目前'\n";
  auto r = engine::build_ruleset({{"my/rule.toml", text}}, {});
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  const RuleInfo* info = engine::find_rule(**r, "my-rule");
  REQUIRE(info);
  CHECK(info->has_fix);
  CHECK(info->category == Category::Terms);
  bool mine_failed = false;
  for (auto& f : engine::check_examples(**r)) mine_failed |= f.rule == "my-rule";
  CHECK_FALSE(mine_failed);
}

TEST_CASE("check_examples reports examples that do not behave") {
  // The bad example does not match; the good one does.
  const std::string text = R"(id = "my-rule"
category = "terms"
severity = "warning"
title = "示例规则"
message = "发现“{match}”"
description = "说明"
rationale = "理由"
source = "依据"
kind = "pattern"
patterns = ['截止目前']
examples.bad = ["截至目前"]
examples.good = ["截止目前"]
)";
  auto r = engine::build_ruleset({{"my/rule.toml", text}}, {});
  REQUIRE(r.ok());
  int bad = 0, good = 0;
  for (auto& f : engine::check_examples(**r))
    if (f.rule == "my-rule") (f.bad ? bad : good)++;
  CHECK(bad == 1);
  CHECK(good == 1);
}

TEST_CASE("validation errors carry path:line:col and say what is wrong") {
  const std::string base = std::string(kHead) + "kind = \"pattern\"\n";
  SUBCASE("unknown kind parameter") {
    CHECK(build_error(base + "patterns = ['a']\npatern = 'b'\n") ==
          "my/rule.toml:13:10: patern: 类型 pattern 没有此参数（可用参数：patterns, exclude, unless）");
  }
  SUBCASE("bad regex, with RE2's error") {
    const std::string e = build_error(base + "patterns = ['(未闭合']\n");
    CHECK(e.rfind("my/rule.toml:12:13: patterns: 正则表达式无效：missing ): (未闭合", 0) == 0);
  }
  SUBCASE("wrong type of a common key") {
    CHECK(build_error(std::string(kHead).replace(std::string(kHead).find("\"warning\""), 9, "3") +
                      "kind = \"pattern\"\npatterns = ['a']\n") ==
          "my/rule.toml:3:12: severity: 应为字符串，实为整数");
  }
  SUBCASE("wrong type of a kind parameter") {
    CHECK(build_error(base + "patterns = 3\n") == "my/rule.toml:12:12: patterns: 应为正则表达式数组，实为整数");
  }
  SUBCASE("unknown kind") {
    const std::string e = build_error(std::string(kHead) + "kind = \"patern\"\n");
    CHECK(e.find("未知的规则类型“patern”") != std::string::npos);
    CHECK(e.rfind("my/rule.toml:", 0) == 0);
  }
  SUBCASE("unknown scope and unknown class") {
    CHECK(build_error(base + "scope = 'chapter'\npatterns = ['a']\n").find("my/rule.toml:12:9: scope: 未知范围“chapter”") == 0);
    CHECK(build_error(base + "scope = 'section:results'\npatterns = ['a']\n").find("未知的体裁类别“results”") != std::string::npos);
  }
  SUBCASE("unknown category and bad id") {
    std::string t = kHead;
    t.replace(t.find("\"terms\""), 7, "\"style\"");
    CHECK(build_error(t + "kind = \"pattern\"\npatterns = ['a']\n").find("my/rule.toml:2:12: category: 未知类别“style”") == 0);
    std::string u = kHead;
    u.replace(u.find("\"my-rule\""), 9, "\"My_Rule\"");
    CHECK(build_error(u + "kind = \"pattern\"\npatterns = ['a']\n").find("my/rule.toml:1:6: id: 应为小写 kebab-case") == 0);
  }
  SUBCASE("missing or empty docs fields") {
    std::string t = kHead;
    t.erase(t.find("rationale"), std::string("rationale = \"理由\"\n").size());
    CHECK(build_error(t + "kind = \"pattern\"\npatterns = ['a']\n") == "my/rule.toml:1:1: rationale: 缺少必填字段");
    std::string u = kHead;
    u.replace(u.find("\"说明\""), std::string("\"说明\"").size(), "\"\"");
    CHECK(build_error(u + "kind = \"pattern\"\npatterns = ['a']\n") == "my/rule.toml:6:15: description: 不能为空");
  }
  SUBCASE("examples must have both lists") {
    std::string t = kHead;
    t.erase(t.find("examples.good"));
    CHECK(build_error(t + "kind = \"pattern\"\npatterns = ['a']\n").find("examples.good") == std::string::npos);
    CHECK(build_error(t + "kind = \"pattern\"\npatterns = ['a']\n").find("good: 缺少必填字段") != std::string::npos);
  }
  SUBCASE("TOML syntax error") {
    CHECK(build_error("id = \n").rfind("my/rule.toml:1:", 0) == 0);
  }
  SUBCASE("fix on a kind without fixes") {
    CHECK(build_error(std::string(kHead) + "kind = \"required-section\"\nclass = 'shortcomings'\nfix = 'x'\n")
              .find("fix: 类型 required-section 不支持 fix") != std::string::npos);
  }
  SUBCASE("requires: groups validated") {
    CHECK(build_error(base.substr(0, base.size() - 17) + "kind = \"requires\"\n[[groups]]\nname = 'a'\npaterns = ['x']\n")
              .find("groups.paterns: 未知字段") != std::string::npos);
  }
  SUBCASE("duplicate id inside one file set") {
    const std::string ok = base + "patterns = ['a']\n";
    auto r = engine::build_ruleset({{"a.toml", ok}, {"a.toml", ok}}, {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().to_string().find("规则 my-rule 重复") != std::string::npos);
  }
}

TEST_CASE("an extra file overrides a shipped rule by id") {
  auto shipped = engine::build_ruleset({}, {});
  REQUIRE(shipped.ok());
  REQUIRE(engine::find_rule(**shipped, "title-missing-year"));
  const std::string text = R"(id = "title-missing-year"
category = "consistency"
severity = "info"
kind = "requires"
scope = "title"
patterns = ['年']
title = "本地版本"
message = "标题没有年"
description = "说明"
rationale = "理由"
source = "依据"
examples.bad = ["某县法治政府建设报告\n一、主要举措和成效\n开展活动3次。"]
examples.good = ["某县2024年法治政府建设报告\n一、主要举措和成效\n开展活动3次。"]
)";
  auto r = engine::build_ruleset({{"local/title.toml", text}}, {});
  REQUIRE_MESSAGE(r.ok(), r.error().to_string());
  const RuleInfo* info = engine::find_rule(**r, "title-missing-year");
  REQUIRE(info);
  CHECK(info->title == "本地版本");
  CHECK(info->default_severity == Severity::Info);
  CHECK(engine::rule_infos(**r).size() == engine::rule_infos(**shipped).size());
}

TEST_CASE("genre and terms files are validated") {
  auto g = rules::load("[genre]\nyear_patterns = ['(\\d{4})年']\nfallback_class = 'nope'\n[[genre.class]]\nname = 'a'\nlabel = 'A'\nheadings = ['x']\n", "g.toml");
  REQUIRE_FALSE(g.ok());
  CHECK(g.error().to_string() == "g.toml:3:18: fallback_class: 未定义的类别：nope");
  auto t = rules::load("[[term]]\nid = 'x'\nname = 'X'\npatterns = ['x']\nstart = 2021\nend = 2020\n", "t.toml");
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().to_string().find("结束年份早于起始年份") != std::string::npos);
  auto e = rules::load("[[event]]\nid = 'x'\nname = 'X'\npatterns = ['x']\ndate = '2024-07-15'\n", "t.toml");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().to_string() == "t.toml:5:8: date: 应为 TOML 日期，如 2024-07-15");
}

TEST_CASE("every shipped rule has complete docs and a generated reference") {
  auto r = engine::build_ruleset({}, {});
  REQUIRE(r.ok());
  for (auto& i : engine::rule_infos(**r)) {
    INFO(i.id);
    CHECK(rules::valid_id(i.id));
    CHECK_FALSE(i.title.empty());
    CHECK_FALSE(i.description.empty());
    CHECK_FALSE(i.rationale.empty());
    CHECK_FALSE(i.source.empty());
    if (i.category == Category::Input) continue;  // from decoding bytes: ingest's own tests
    CHECK_FALSE(i.bad_examples.empty());
    CHECK_FALSE(i.good_examples.empty());
  }
  // Input issues are listed (explain, SARIF, hover) though no rule file defines them.
  CHECK(engine::find_rule(**r, "invalid-encoding") != nullptr);
  CHECK(engine::find_rule(**r, "mixed-line-endings")->category == Category::Input);
  auto md = engine::rules_markdown(**r);
  REQUIRE(md.ok());
  CHECK(md->find("### `missing-next-year-plan`") != std::string::npos);
  CHECK(md->find("### `invalid-encoding`") != std::string::npos);
  CHECK(md->find("默认关闭") != std::string::npos);
  CHECK(md->find("### 类型 `requires`") != std::string::npos);
  CHECK(md->find("`subsection`") != std::string::npos);
}

TEST_CASE("Chinese characters outside strings in a rule file are a located error, never undefined behaviour") {
  // toml++ 3.3.0 classified U+00A1–U+0499, U+2C8E–U+3087 and U+FC06–U+FEFE by a switch whose
  // default was marked unreachable, and reached it wherever its lexer asked "whitespace?" or
  // "bare-key character?" (cmake/Deps.cmake builds against a copy that answers false there).
  // Under UBSan (scripts/ci-extra) the unpatched headers abort on each of these.
  const std::vector<std::string> texts = {
      std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前']、\n",      // U+3001 after a value
      std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前']\n《规则》 = 1\n",  // U+300A as a key
      std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前'] ¡\n",      // U+00A1
      std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前']\nﹰ = 1\n",  // U+FE70
      std::string(kHead) + "kind = \"pattern\"\npatterns = ['截止目前']\u3000\n",  // full-width space
  };
  for (const auto& t : texts) {
    const std::string e = build_error(t);
    INFO(t);
    CHECK(e.rfind("my/rule.toml:", 0) == 0);  // refused, with a location
  }
  // The same characters inside strings are text, as ever.
  CHECK(build_error(std::string(kHead) + "kind = \"pattern\"\npatterns = ['、《》¡ﹰ\u3000截止目前']\n").find("my/rule.toml:") ==
        std::string::npos);
}
