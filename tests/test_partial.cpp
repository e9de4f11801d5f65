// Excerpt mode (issue #10 §2): rules declare `whole_document = true` in their TOML, the loader and
// the kinds check it, and one switch in the engine (Config::partial, or the file's own directive)
// skips those rules while every local rule still runs.
#include <doctest/doctest.h>

#include <algorithm>

#include "checks/check.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "lint_fixture.h"
#include "outline/document.h"
#include "lsp/server.h"
#include "lsp/transport.h"
#include "rules/rule_spec.h"

#include <nlohmann/json.hpp>
#include <sstream>

using namespace fz;

namespace {

// The opening of a county report, cut after the first part (as stored web copies are): no
// shortcomings, no first-responsible part, no plan, no signature — and one local defect.
const char* kOpening = R"(某县2024年法治政府建设年度报告
2024年，某县人民政府坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，扎实推进法治政府建设各项任务落地见效。
一、2024年推进法治政府建设的主要举措和成效
（一）强化组织领导，筑牢法治政府建设根基。组织召开县政府常务会议、法治建设专题会议3次，开展专题学法、法治讲座2场次，覆盖干部职工500余人次。
（二）深化“放管服”改革，优化法治化营商环境。截止目前，全县政务服务事项网上可办率达100%。
)";

size_t count(const engine::LintResult& r, std::string_view id) {
  return static_cast<size_t>(std::count_if(r.findings.begin(), r.findings.end(),
                                           [&](const Finding& f) { return f.rule == id; }));
}

const char* kRuleHead = R"(id = 'x-length'
category = 'format'
severity = 'info'
kind = 'text-length'
title = 't'
message = 'm'
description = 'd'
rationale = 'r'
source = 's'
)";
const char* kRuleTail = R"(
[examples]
bad = ['a']
good = ['b']
)";

}  // namespace

TEST_CASE("loader: whole_document is a boolean rule field, false by default") {
  auto plain = rules::load(std::string(kRuleHead) + kRuleTail, "x.toml");
  REQUIRE(plain.ok());
  CHECK_FALSE(std::get<rules::RuleSpec>(*plain).info.whole_document);
  auto whole = rules::load(std::string(kRuleHead) + "whole_document = true\n" + kRuleTail, "x.toml");
  REQUIRE(whole.ok());
  CHECK(std::get<rules::RuleSpec>(*whole).info.whole_document);
  // It is a common key, not a parameter of the kind.
  CHECK(std::get<rules::RuleSpec>(*whole).params.find("whole_document") == nullptr);
  auto wrong = rules::load(std::string(kRuleHead) + "whole_document = 'yes'\n" + kRuleTail, "x.toml");
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().to_string().find("whole_document") != std::string::npos);
  CHECK(wrong.error().line == 10);
}

TEST_CASE("kinds that judge the whole document require whole_document = true") {
  auto plain = rules::load(std::string(kRuleHead) + kRuleTail, "x.toml");
  REQUIRE(plain.ok());
  const rules::Genre genre;
  const rules::Terms terms;
  auto c = checks::compile(std::get<rules::RuleSpec>(*plain), {genre, terms});
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message.find("whole_document = true") != std::string::npos);
  auto whole = rules::load(std::string(kRuleHead) + "whole_document = true\n" + kRuleTail, "x.toml");
  CHECK(checks::compile(std::get<rules::RuleSpec>(*whole), {genre, terms}).ok());
  // The shipped pack declares the whole-document rules the issue names.
  for (auto id : {"missing-achievements-section", "missing-shortcomings-section", "missing-next-year-plan",
                  "missing-first-responsible-section", "report-length-out-of-range", "missing-signature",
                  "missing-date", "plan-before-results", "achievements-cover-few-outline-areas"}) {
    const RuleInfo* r = engine::find_rule(*testing::shipped(), id);
    REQUIRE_MESSAGE(r, id);
    CHECK_MESSAGE(r->whole_document, id);
  }
  // Local rules stay local.
  for (auto id : {"misused-term", "heading-sequence-gap", "unbalanced-paired-punctuation", "title-format"})
    CHECK_FALSE(engine::find_rule(*testing::shipped(), id)->whole_document);
}

TEST_CASE("config: partial = true; wrong type is an error with its place; merge keeps it") {
  auto c = engine::parse_config("partial = true\n", ".fzlint.toml");
  REQUIRE(c.ok());
  CHECK(c->partial == true);
  auto bad = engine::parse_config("year = 2024\npartial = 1\n", ".fzlint.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().line == 2);
  engine::Config base;
  engine::Config over;
  over.partial = true;
  engine::merge(base, over);
  CHECK(base.partial == true);
  engine::Config none;
  engine::merge(base, none);  // an overlay that says nothing leaves it on
  CHECK(base.partial == true);
}

TEST_CASE("engine: excerpt mode skips exactly the whole-document rules") {
  auto full = testing::lint_text(kOpening);
  CHECK_FALSE(full->res.partial);
  CHECK(count(full->res, "missing-next-year-plan") == 1);
  CHECK(count(full->res, "missing-shortcomings-section") == 1);
  CHECK(count(full->res, "misused-term") == 1);

  engine::Config cfg;
  cfg.partial = true;
  auto part = testing::lint_text(kOpening, cfg);
  CHECK(part->res.partial);
  for (auto& f : part->res.findings) {
    const RuleInfo* r = engine::find_rule(*testing::shipped(), f.rule);
    REQUIRE(r);
    CHECK_MESSAGE(!r->whole_document, f.rule);
  }
  // Every finding of a local rule is still there, unchanged.
  std::vector<std::string> local_full, local_part;
  for (auto& f : full->res.findings)
    if (!engine::find_rule(*testing::shipped(), f.rule)->whole_document)
      local_full.push_back(f.rule + "@" + std::to_string(f.span.begin) + ":" + f.message);
  for (auto& f : part->res.findings)
    local_part.push_back(f.rule + "@" + std::to_string(f.span.begin) + ":" + f.message);
  CHECK(local_full == local_part);
  CHECK(count(part->res, "misused-term") == 1);

  cfg.partial = false;  // explicitly off: full mode
  CHECK(count(testing::lint_text(kOpening, cfg)->res, "missing-next-year-plan") == 1);
}

TEST_CASE("directive: first line `fzlint: partial` (.txt), comment (.md); not a block, not the title") {
  for (const char* first : {"fzlint: partial", "fzlint:partial", "FZLINT： partial", "  fzlint : partial  "}) {
    INFO(first);
    auto l = testing::lint_text(std::string(first) + "\n" + kOpening);
    CHECK(l->src.partial);
    CHECK(l->res.partial);
    REQUIRE(l->doc.title);
    CHECK(l->doc.title->text == "某县2024年法治政府建设年度报告");
    CHECK(count(l->res, "missing-next-year-plan") == 0);
    CHECK(count(l->res, "misused-term") == 1);
  }
  // Not the first line, or other words: an ordinary line of text.
  for (std::string t : {std::string(kOpening) + "fzlint: partial\n", "fzlint: partially\n" + std::string(kOpening),
                        "fzlint partial\n" + std::string(kOpening)}) {
    auto l = testing::lint_text(t);
    CHECK_FALSE(l->src.partial);
  }
  auto md = testing::lint_text("<!-- fzlint: partial -->\n\n" + std::string(kOpening), {}, nullptr,
                               ingest::Format::Markdown);
  CHECK(md->src.partial);
  CHECK(md->res.partial);
  CHECK(md->src.issues.empty());
  CHECK(count(md->res, "missing-next-year-plan") == 0);
  auto unclosed = ingest::ingest("<!-- fzlint: partial\n\n正文。\n", ingest::Format::Markdown);
  REQUIRE(unclosed.ok());
  CHECK_FALSE(unclosed->partial);
  CHECK(ingest::dump(testing::lint_text("fzlint: partial\n正文。\n")->src).find("partial [0,15)") !=
        std::string::npos);
}

TEST_CASE("LSP: the setting {\"partial\": true} lints every buffer as an excerpt") {
  auto session = [](const std::string& init_options) {
    fz::lsp::ServerOptions o;
    o.linter = fz::lsp::make_engine_linter();
    nlohmann::json open = {{"jsonrpc", "2.0"},
                           {"method", "textDocument/didOpen"},
                           {"params",
                            {{"textDocument",
                              {{"uri", "untitled:excerpt"}, {"languageId", "plaintext"}, {"version", 1},
                               {"text", kOpening}}}}}};
    std::istringstream in(
        fz::lsp::frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{})" +
                       init_options + "}}") +
        fz::lsp::frame(open.dump()));
    std::ostringstream out;
    fz::lsp::run_session(in, out, o);
    return out.str();
  };
  const std::string full = session("");
  CHECK(full.find("missing-next-year-plan") != std::string::npos);
  CHECK(full.find("misused-term") != std::string::npos);
  const std::string part = session(R"(,"initializationOptions":{"fzlint":{"partial":true}})");
  CHECK(part.find("missing-next-year-plan") == std::string::npos);
  CHECK(part.find("misused-term") != std::string::npos);
}

TEST_CASE("excerpt mode: a node the excerpt's end cuts short is not judged as a whole") {
  // Cut mid-sentence inside （二）, whose figures and closing quotation mark may follow the cut;
  // （一） is whole and still lacks figures.
  const std::string cut = R"(某县2024年法治政府建设年度报告
2024年，某县人民政府扎实推进法治政府建设各项任务。
一、2024年推进法治政府建设的主要举措和成效
（一）强化组织领导，筑牢法治政府建设根基。县政府常务会议专题研究法治政府建设工作，压实工作责任。
（二）深化改革，优化营商环境。推行“一网通办)";
  engine::Config cfg;
  cfg.partial = true;
  auto part = testing::lint_text(cut, cfg);
  auto full = testing::lint_text(cut);
  auto at = [&](const engine::LintResult& r, std::string_view id, std::string_view heading) {
    const auto pos = static_cast<uint32_t>(cut.find(heading));
    return std::count_if(r.findings.begin(), r.findings.end(),
                         [&](const Finding& f) { return f.rule == id && f.span.begin == pos; });
  };
  CHECK(at(full->res, "results-subsection-without-figures", "（二）") == 1);
  CHECK(at(part->res, "results-subsection-without-figures", "（二）") == 0);  // cut short
  CHECK(at(part->res, "results-subsection-without-figures", "（一）") == 1);  // whole: still judged
  CHECK(count(full->res, "unbalanced-paired-punctuation") >= 1);
  CHECK(count(part->res, "unbalanced-paired-punctuation") == 0);  // its partner lies after the cut

  // The same excerpt ending on a full stop: the last sentence is whole, so its unclosed quotation
  // mark is a defect even in excerpt mode; the cut section is still not judged for figures.
  auto whole = testing::lint_text(cut + "。\n", cfg);
  CHECK(count(whole->res, "unbalanced-paired-punctuation") >= 1);
  CHECK(at(whole->res, "results-subsection-without-figures", "（二）") == 0);
}
