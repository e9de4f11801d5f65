// Locations in Word documents: text and gcc print "path:第N段:第M字", JSON and SARIF carry
// `paragraph` and `char` (Word's paragraph, empty ones included; characters without automatic
// numbering), over a hand-built FileReport like the other printer tests.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "report/report.h"
#include "text/line_index.h"

namespace {

fz::Finding finding(const std::string& rule, uint32_t b, uint32_t e) {
  fz::Finding f;
  f.rule = rule;
  f.severity = fz::Severity::Warning;
  f.message = "测试";
  f.span = {b, e};
  return f;
}

/// A Word document's report over `text` (paragraph = line), numbering as given.
fz::report::FileReport word_report(const std::string& text, const fz::text::LineIndex& index,
                                   std::vector<uint32_t> numbering) {
  fz::report::FileReport f;
  f.path = "报告.docx";
  f.text = text;
  f.index = &index;
  f.word_paragraphs = true;
  f.numbering_chars = std::move(numbering);
  return f;
}

}  // namespace

TEST_CASE("report: a .docx finding is located by paragraph and character") {
  // Paragraph 1 has automatic numbering "一、" (2 code points) rendered by ingest; paragraph 2
  // is empty; paragraph 3 starts with an Ext-B character.
  const std::string text = "一、标题\n\n𠀀田镇错字";
  fz::text::LineIndex index(text);
  fz::report::FileReport f = word_report(text, index, {2, 0, 0});
  const uint32_t err = static_cast<uint32_t>(text.find("错"));
  f.findings = {finding("in-numbering", 0, 6), finding("title", 6, 12),
                finding("ext-b", err, err + 3)};
  fz::report::Options o;
  std::string gcc, txt, json, sarif;
  fz::report::write_gcc(gcc, {f}, o);
  CHECK(gcc.find("报告.docx:第1段:第1字: warning: 测试 [in-numbering]") != std::string::npos);
  CHECK(gcc.find("报告.docx:第1段:第1字: warning: 测试 [title]") != std::string::npos);
  CHECK(gcc.find("报告.docx:第3段:第4字: warning: 测试 [ext-b]") != std::string::npos);
  fz::report::write_text(txt, {f}, o);
  CHECK(txt.find("--> 报告.docx:第3段:第4字") != std::string::npos);
  fz::report::write_json(json, {f}, o);
  const auto j = nlohmann::json::parse(json);
  const auto& fs = j["files"][0]["findings"];
  CHECK(fs[1]["paragraph"] == 1);
  CHECK(fs[1]["char"] == 1);  // column 3, after the 2 numbering characters
  CHECK(fs[1]["column"] == 3);
  CHECK(fs[2]["paragraph"] == 3);
  CHECK(fs[2]["char"] == 4);
  fz::report::write_sarif(sarif, {f}, {}, o);
  const auto s = nlohmann::json::parse(sarif);
  const auto& region = s["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["properties"]["paragraph"] == 3);
  CHECK(region["properties"]["char"] == 4);
  // A .txt report keeps path:line:col and no paragraph fields.
  f.word_paragraphs = false;
  gcc.clear();
  json.clear();
  fz::report::write_gcc(gcc, {f}, o);
  fz::report::write_json(json, {f}, o);
  CHECK(gcc.find("报告.docx:3:4: warning") != std::string::npos);
  CHECK(json.find("\"paragraph\"") == std::string::npos);
}

TEST_CASE("report: a .docx finding in a footnote or endnote is located in the note; gcc ends with the heading path") {
  // Body: 2 paragraphs; footnote 1: lines 3–4 (two paragraphs); endnote 1: line 5.
  const std::string text = "一、标题\n正文\n\t注一甲\n注一乙\n尾注错字";
  fz::text::LineIndex index(text);
  fz::report::FileReport f = word_report(text, index, {2, 0, 0, 0, 0});
  f.notes = {{3, 2, "脚注1"}, {5, 1, "尾注1"}};
  const auto at = [&](const std::string& s) { return static_cast<uint32_t>(text.find(s)); };
  auto body = finding("body", at("正文"), at("正文") + 6);
  body.section = "一、标题/（二）深化法治宣传";
  f.findings = {body, finding("foot", at("甲"), at("甲") + 3), finding("foot2", at("乙"), at("乙") + 3),
                finding("end", at("错"), at("错") + 3)};
  fz::report::Options o;
  std::string gcc, txt, json, sarif;
  fz::report::write_gcc(gcc, {f}, o);
  CHECK(gcc.find("报告.docx:第2段:第1字: warning: 测试（所在部分：一、标题 › （二）深化法治宣传） [body]") !=
        std::string::npos);
  CHECK(gcc.find("报告.docx:脚注1:第1段:第4字: warning: 测试 [foot]") != std::string::npos);
  CHECK(gcc.find("报告.docx:脚注1:第2段:第3字: warning: 测试 [foot2]") != std::string::npos);
  CHECK(gcc.find("报告.docx:尾注1:第3字: warning: 测试 [end]") != std::string::npos);
  fz::report::write_text(txt, {f}, o);
  CHECK(txt.find("--> 报告.docx:尾注1:第3字") != std::string::npos);
  // The gutter numbers a note's line by its paragraph in the note, not the internal line.
  CHECK(txt.find("\n1 | 尾注错字") != std::string::npos);
  CHECK(txt.find("\n2 | 注一乙") != std::string::npos);
  CHECK(txt.find("\n5 |") == std::string::npos);
  fz::report::write_json(json, {f}, o);
  const auto j = nlohmann::json::parse(json);
  const auto& fs = j["files"][0]["findings"];
  CHECK(!fs[0].contains("note"));
  CHECK(fs[0]["paragraph"] == 2);
  CHECK(fs[1]["note"] == "脚注1");
  CHECK(fs[1]["paragraph"] == 1);
  CHECK(fs[1]["char"] == 4);
  CHECK(fs[2]["paragraph"] == 2);
  CHECK(fs[3]["note"] == "尾注1");
  CHECK(fs[3]["line"] == 5);
  fz::report::write_sarif(sarif, {f}, {}, o);
  const auto s = nlohmann::json::parse(sarif);
  const auto& region = s["runs"][0]["results"][3]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["properties"]["note"] == "尾注1");
  CHECK(region["properties"]["paragraph"] == 1);
  CHECK(region["properties"]["char"] == 3);
  // The reviewer's CSV and HTML locate it the same way (行 = paragraph or note, 列 = character).
  std::string csv, html;
  fz::report::write_csv_findings(csv, {f}, o);
  CHECK(csv.find("报告.docx,第2段,第1字,") != std::string::npos);
  CHECK(csv.find("报告.docx,脚注1第1段,第4字,") != std::string::npos);
  CHECK(csv.find("报告.docx,尾注1,第3字,") != std::string::npos);
  fz::report::write_html(html, {f}, {}, o);
  CHECK(html.find("<span class=\"loc\">第2段:第1字</span>") != std::string::npos);
  CHECK(html.find("<span class=\"loc\">脚注1:第2段:第3字</span>") != std::string::npos);
  CHECK(html.find("<span class=\"loc\">尾注1:第3字</span>") != std::string::npos);
  // A .txt report: no heading path in gcc (line:col locate it), as before.
  f.word_paragraphs = false;
  csv.clear();
  html.clear();
  fz::report::write_csv_findings(csv, {f}, o);
  fz::report::write_html(html, {f}, {}, o);
  CHECK(csv.find("报告.docx,2,1,") != std::string::npos);
  CHECK(html.find("<span class=\"loc\">2:1</span>") != std::string::npos);
  gcc.clear();
  fz::report::write_gcc(gcc, {f}, o);
  CHECK(gcc.find("报告.docx:2:1: warning: 测试 [body]") != std::string::npos);
}
