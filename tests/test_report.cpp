// Printers (src/report): one golden per format over ONE shared hand-built list of FileReports
// (fixtures/report/<format>.golden; UPDATE_GOLDEN=1 rewrites them), plus targeted checks of what
// the goldens cannot show by themselves: Ext-B columns, display widths and underlines, empty and
// failed inputs, hostile spans, and the SARIF/JSON structure.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "golden.h"
#include "report/common.h"
#include "report/display.h"
#include "report/report.h"
#include "support/finding.h"
#include "text/line_index.h"

using namespace fz;
using fz::report::FileReport;

namespace {

// ---------------------------------------------------------------------------------------------
// The shared fixture. Texts are short hand-written excerpts in the style of a real report.

const std::string kTextA =
    "甲县2024年法治政府建设年度报告\n"
    "2024年，甲县坚持以习近平法治思想为指导，现将2023年度工作报告如下：\n"
    "一、2024年度推进法治政府建设的主要举措和成效\n"
    "（一）加强组织领导。县长𠀀某某主持召开专题会议2次,研究解决法治建设重大问题。\n"
    "（二）深化普法宣传。全县围绕“八五”普法规划，结合乡村振兴、基层治理和群众关切，开展送法下乡、法治讲座、以案释法等活动，覆盖群众若干人次，取得明显成效。\n"
    "二、存在的不足和原因\n"
    "法治宣传形式较为单一。\n"
    "三、2025年度推进法治政府建设的主要安排\n"
    "继续深入学习贯彻习近平法治思想";

const std::string kTextB =
    "乙镇2024年法治政府建设年度报告\r\n"
    "一、主要举措和成效\r\n"
    "全年办理行政复议案件12件。\r\n";

ByteSpan span_of(const std::string& text, const std::string& needle, size_t from = 0) {
  const size_t p = text.find(needle, from);
  REQUIRE_MESSAGE(p != std::string::npos, "fixture text lacks: " << needle);
  return {static_cast<uint32_t>(p), static_cast<uint32_t>(p + needle.size())};
}

struct Fixture {
  text::LineIndex index_a{kTextA};
  text::LineIndex index_b{kTextB};
  std::vector<FileReport> files;
  std::vector<RuleInfo> rules;

  Fixture() {
    FileReport a;
    a.path = "reports/甲县 2024.txt";
    a.text = kTextA;
    a.index = &index_a;
    a.encoding = "GB18030";
    a.report_year = 2024;
    a.title = "甲县2024年法治政府建设年度报告";

    // Year that disagrees with the title (related location: the title's year).
    Finding year;
    year.rule = "year-mismatch";
    year.category = Category::Consistency;
    year.severity = Severity::Error;
    year.message = "报告年度为2024年，此处写作“2023年度”";
    year.span = span_of(kTextA, "2023年度");
    year.related.push_back({span_of(kTextA, "2024"), "标题中的年度"});
    a.findings.push_back(year);

    // Half-width comma after an Ext-B name: its column counts 𠀀 as one code point.
    Finding comma;
    comma.rule = "halfwidth-punctuation";
    comma.category = Category::Punctuation;
    comma.severity = Severity::Warning;
    comma.message = "中文语境中应使用全角逗号“，”（GB/T 15834—2011 第4.1条）";
    comma.span = span_of(kTextA, ",");
    comma.section = "一、2024年度推进法治政府建设的主要举措和成效/（一）加强组织领导";
    comma.fixes.push_back({comma.span, "，"});
    a.findings.push_back(comma);

    // A vague quantity in the middle of a long line (the text printer windows the line).
    Finding vague;
    vague.rule = "vague-quantity";
    vague.category = Category::QuantifiedResults;
    vague.severity = Severity::Info;
    vague.message = "“若干”不是具体数量，成效宜用数据说明";
    vague.span = span_of(kTextA, "若干");
    vague.section = "一、2024年度推进法治政府建设的主要举措和成效/（二）深化普法宣传";
    a.findings.push_back(vague);

    // A multi-line span: the whole 不足 section, whose body lacks the causes.
    Finding causes;
    causes.rule = "missing-shortcoming-causes";
    causes.category = Category::RequiredContent;
    causes.severity = Severity::Warning;
    causes.message = "“存在的不足和原因”部分未分析原因";
    causes.span = {span_of(kTextA, "二、存在").begin, span_of(kTextA, "单一。").end};
    causes.section = "二、存在的不足和原因";
    a.findings.push_back(causes);

    // At the very end of the file: nothing after the last line (an insertion point).
    Finding end;
    end.rule = "missing-signature";
    end.category = Category::Format;
    end.severity = Severity::Info;
    end.message = "正文后缺少落款单位和成文日期";
    end.span = {static_cast<uint32_t>(kTextA.size()), static_cast<uint32_t>(kTextA.size())};
    end.fixes.push_back({end.span, "。"});
    a.findings.push_back(end);
    std::sort(a.findings.begin(), a.findings.end(), finding_less);
    files.push_back(a);

    FileReport b;
    b.path = "reports/乙镇.txt";
    b.text = kTextB;
    b.index = &index_b;
    b.encoding = "UTF-8 (BOM)";
    b.report_year = 2024;
    b.title = "乙镇2024年法治政府建设年度报告";
    // CRLF line ends: line 3, and the caret ignores the CR. Only a 提示: the file still 通过.
    Finding yoy;
    yoy.rule = "figure-without-comparison";
    yoy.category = Category::QuantifiedResults;
    yoy.severity = Severity::Info;
    yoy.message = "数据缺少同比或环比，难以看出成效";
    yoy.span = span_of(kTextB, "12件");
    yoy.section = "一、主要举措和成效";
    b.findings.push_back(yoy);
    files.push_back(b);

    FileReport c;
    c.path = "reports/丙街道.docx";
    c.encoding = "";
    c.error = Error{"reports/丙街道.docx", 0, 0, "不是有效的 .docx 文件（ZIP 结构损坏）"};
    files.push_back(c);

    RuleInfo r1;
    r1.id = "halfwidth-punctuation";
    r1.category = Category::Punctuation;
    r1.default_severity = Severity::Warning;
    r1.title = "中文语境中使用了半角标点";
    r1.description = "汉字之间的逗号、句号、冒号等应使用全角形式。";
    r1.rationale = "半角标点在公文中显得不规范，也影响排版。";
    r1.source = "GB/T 15834—2011《标点符号用法》4.1";
    r1.bad_examples = {"召开会议2次,研究问题"};
    r1.good_examples = {"召开会议2次，研究问题"};
    r1.has_fix = true;
    RuleInfo r2;
    r2.id = "year-mismatch";
    r2.category = Category::Consistency;
    r2.default_severity = Severity::Error;
    r2.title = "年度前后不一致";
    r2.description = "正文提到的报告年度应与标题一致。";
    r2.source = "《法治政府建设与责任落实督察工作规定》第四章";
    RuleInfo r3;
    r3.id = "missing-shortcoming-causes";
    r3.category = Category::RequiredContent;
    r3.title = "不足部分缺少原因分析";
    r3.description = "“存在的不足和原因”应写明原因，不能只列问题。";
    r3.source = "《法治政府建设与责任落实督察工作规定》第四章（年度报告内容）";
    RuleInfo r4;  // not referenced by any finding: must not appear in SARIF/HTML
    r4.id = "unused-rule";
    r4.title = "未使用";
    RuleInfo r5;
    r5.id = "vague-quantity";
    r5.category = Category::QuantifiedResults;
    r5.default_severity = Severity::Info;
    r5.title = "成效缺少具体数据";
    r5.description = "“若干”“大量”等模糊数量应改为具体数字。";
    rules = {r1, r2, r3, r4, r5};
    // missing-signature has no RuleInfo on purpose (like an ingest issue): minimal descriptor.
  }
};

report::Options golden_options() {
  report::Options o;
  o.tool_version = "0.1.0";
  o.information_uri = "https://github.com/fzlint/fzlint";
  o.docs_base_uri = "https://fzlint.example/rules.html";
  o.repo_root = "file:///srv/法治/";
  return o;
}

std::filesystem::path golden(const std::string& name) { return fz::testing::fixtures_dir() / "report" / name; }

using Printer = void (*)(std::string&, const std::vector<FileReport>&, const std::vector<RuleInfo>&,
                         const report::Options&);
struct NamedPrinter {
  const char* name;
  Printer print;
};
const NamedPrinter kPrinters[] = {
    {"text", [](std::string& o, const auto& f, const auto&, const auto& p) { report::write_text(o, f, p); }},
    {"gcc", [](std::string& o, const auto& f, const auto&, const auto& p) { report::write_gcc(o, f, p); }},
    {"json", [](std::string& o, const auto& f, const auto&, const auto& p) { report::write_json(o, f, p); }},
    {"sarif", [](std::string& o, const auto& f, const auto& r, const auto& p) { report::write_sarif(o, f, r, p); }},
    {"csv", [](std::string& o, const auto& f, const auto&, const auto& p) { report::write_csv(o, f, p); }},
    {"html", [](std::string& o, const auto& f, const auto& r, const auto& p) { report::write_html(o, f, r, p); }},
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Goldens

namespace {
/// `out` is laid out exactly as nlohmann's dump(2) lays out the same document (json.cpp writes
/// the text itself instead of building a tree).
bool same_as_nlohmann_layout(const std::string& out) {
  return nlohmann::ordered_json::parse(out).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
             "\n" ==
         out;
}
}  // namespace

TEST_CASE("report goldens: every format over the shared findings list") {
  Fixture fx;
  const report::Options opts = golden_options();
  for (const auto& p : kPrinters) {
    SUBCASE(p.name) {
      std::string out;
      p.print(out, fx.files, fx.rules, opts);
      fz::testing::check_golden(golden(std::string(p.name) + ".golden"), out);
    }
  }
}

namespace {

/// A spool that hands back what it holds in pieces of `piece` bytes (a temporary file gives
/// 64 KiB pieces; a rule id or a line may be cut anywhere).
class PieceSpool final : public report::Spool {
 public:
  explicit PieceSpool(size_t piece) : piece_(piece) {}
  void write(std::string_view b) override { buf_ += b; }
  void replay(const std::function<void(std::string_view)>& f) override {
    for (size_t i = 0; i < buf_.size(); i += piece_) f(std::string_view(buf_).substr(i, piece_));
  }

 private:
  size_t piece_;
  std::string buf_;
};

}  // namespace

TEST_CASE("per-file printers: same bytes as write_*, each report freed after its file(), spools read in pieces") {
  Fixture fx;
  report::Options opts = golden_options();
  opts.statistics = true;
  opts.skipped = {{"scans/扫描件.pdf", "不支持的文件类型（.pdf）"}, {"old/旧.doc", "不支持的文件类型（.doc）"}};
  for (const char* format : {"text", "gcc", "json", "sarif", "csv"}) {
    for (size_t piece : {size_t{1}, size_t{7}, size_t{4096}}) {
      CAPTURE(format);
      CAPTURE(piece);
      std::string whole;
      const std::string f = format;
      if (f == "text") report::write_text(whole, fx.files, opts);
      else if (f == "gcc") report::write_gcc(whole, fx.files, opts);
      else if (f == "json") report::write_json(whole, fx.files, opts);
      else if (f == "sarif") report::write_sarif(whole, fx.files, fx.rules, opts);
      else report::write_csv_findings(whole, fx.files, opts);

      std::string streamed;
      report::StringSink sink(streamed);
      auto p = report::make_printer(format, fx.rules, opts, [piece] { return std::make_unique<PieceSpool>(piece); });
      REQUIRE(p);
      p->begin(sink);
      for (const auto& original : fx.files) {
        // The copy owns its text and findings and is wiped once printed, as check frees a file.
        std::string text(original.text);
        auto copy = std::make_unique<FileReport>(original);
        copy->text = text;
        std::optional<text::LineIndex> index;
        if (original.index) copy->index = &index.emplace(text);
        p->file(sink, *copy);
        for (auto& f1 : copy->findings) f1.rule.assign(f1.rule.size(), 'x'), f1.message.assign(3, 'x');
        copy.reset();
        std::fill(text.begin(), text.end(), 'x');
      }
      p->end(sink);
      CHECK(streamed == whole);
    }
  }
  CHECK(report::make_printer("html", {}, opts) == nullptr);  // a page is written whole
}

TEST_CASE("report goldens: text with colour and statistics") {
  Fixture fx;
  report::Options opts = golden_options();
  opts.color = true;
  opts.statistics = true;
  std::string out;
  report::write_text(out, fx.files, opts);
  fz::testing::check_golden(golden("text-color-statistics.golden"), out);
  CHECK(out.find("\x1b[1;31m错误") != std::string::npos);
  // Without colour there is no escape byte anywhere.
  std::string plain;
  opts.color = false;
  report::write_text(plain, fx.files, opts);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find("规则统计") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Positions: Ext-B characters count as one code point (and two display columns).

TEST_CASE("report: a finding after an Ext-B character has the code-point column") {
  Fixture fx;
  const FileReport& a = fx.files[0];
  // Line 4 is "（一）加强组织领导。县长𠀀某某主持召开专题会议2次,…": the comma is the 26th code
  // point (𠀀, four bytes and two UTF-16 units, counts once), so its column is 26.
  std::string gcc;
  report::write_gcc(gcc, fx.files, {});
  CHECK(gcc.find("reports/甲县 2024.txt:4:26: warning: ") != std::string::npos);

  std::string js;
  report::write_json(js, fx.files, {});
  const auto j = nlohmann::json::parse(js);
  bool seen = false;
  for (const auto& f : j["files"][0]["findings"]) {
    if (f["rule"] != "halfwidth-punctuation") continue;
    seen = true;
    CHECK(f["line"] == 4);
    CHECK(f["column"] == 26);
    CHECK(f["end_column"] == 27);
    CHECK(f["offset"] == a.text.find(','));
    CHECK(f["end_offset"] == a.text.find(',') + 1);
  }
  CHECK(seen);

  std::string sarif;
  report::write_sarif(sarif, fx.files, fx.rules, {});
  const auto s = nlohmann::json::parse(sarif);
  CHECK(s["runs"][0]["columnKind"] == "unicodeCodePoints");
  for (const auto& r : s["runs"][0]["results"])
    if (r["ruleId"] == "halfwidth-punctuation") {
      CHECK(r["locations"][0]["physicalLocation"]["region"]["startColumn"] == 26);
      CHECK(r["locations"][0]["physicalLocation"]["region"]["endColumn"] == 27);
    }

  // The text printer's caret sits under the comma: 𠀀 takes two display columns.
  std::string text;
  report::write_text(text, fx.files, {});
  const std::string src = "4 | （一）加强组织领导。县长𠀀某某主持召开专题会议2次,研究解决法治建设重大问题。\n";
  const size_t at = text.find(src);
  REQUIRE(at != std::string::npos);
  const size_t caret_line = at + src.size();
  const std::string expect_marks = "  | " + std::string(49, ' ') + "^\n";
  CHECK(text.compare(caret_line, expect_marks.size(), expect_marks) == 0);
}

TEST_CASE("display_width follows East Asian Width") {
  CHECK(report::display_width(U'a') == 1);
  CHECK(report::display_width(U'中') == 2);
  CHECK(report::display_width(U'，') == 2);    // FULLWIDTH COMMA
  CHECK(report::display_width(U'（') == 2);
  CHECK(report::display_width(U'\U00020000') == 2);  // 𠀀 Ext-B
  CHECK(report::display_width(U'\U0002A6A5') == 2);  // 𪚥 Ext-B
  CHECK(report::display_width(U'\u0301') == 0);      // combining acute
  CHECK(report::display_width(U'“') == 1);           // ambiguous → narrow, as wcwidth
  CHECK(report::display_width(U'ｶ') == 1);           // halfwidth katakana
  CHECK(report::display_width(std::string_view("𠀀a中")) == 5);
  CHECK(report::display_width(std::string_view("a\tb")) == 6);  // tab shown as four spaces
}

TEST_CASE("render_line neutralises control and bidi characters") {
  CHECK(report::render_line("a\tb") == "a    b");
  CHECK(report::render_line("abc\u202Edef") == "abc<U+202E>def");
  CHECK(report::render_line("x\x1b[31my") == "x<U+001B>[31my");
  CHECK(report::render_line("\xff") == "\xEF\xBF\xBD");
  CHECK(report::render_line("中文") == "中文");
}

namespace {
/// Column (display) at which `needle` starts in `line`.
size_t display_col_of(const std::string& line, const std::string& needle) {
  const size_t p = line.find(needle);
  REQUIRE(p != std::string::npos);
  return report::display_width(std::string_view(line).substr(0, p));
}
}  // namespace

TEST_CASE("underline measures in display columns") {
  SUBCASE("ASCII after CJK") {
    const std::string line = "中文abc";
    const auto ex = report::underline(line, 6, 9);
    CHECK(ex.line == line);
    CHECK(ex.marks == "    ^^^");
  }
  SUBCASE("a wide character is underlined twice") {
    const std::string line = "a中b";
    const auto ex = report::underline(line, 1, 4);
    CHECK(ex.marks == " ^^");
  }
  SUBCASE("Ext-B before the span") {
    const std::string line = "𠀀x";
    const auto ex = report::underline(line, 4, 5);
    CHECK(ex.marks == "  ^");
  }
  SUBCASE("empty span at the end of the line: one caret after the last character") {
    const std::string line = "结束";
    const auto ex = report::underline(line, line.size(), line.size());
    CHECK(ex.marks == "    ^");
  }
  SUBCASE("empty span inside: one caret at the position") {
    const std::string line = "ab";
    CHECK(report::underline(line, 1, 1).marks == " ^");
  }
  SUBCASE("range ending inside a character covers it") {
    const std::string line = "中文";
    CHECK(report::underline(line, 0, 4).marks == "^^^^");
  }
  SUBCASE("tab expands and the caret follows") {
    const std::string line = "\tx";
    const auto ex = report::underline(line, 1, 2);
    CHECK(ex.line == "    x");
    CHECK(ex.marks == "    ^");
  }
  SUBCASE("out-of-range offsets are clamped") {
    const std::string line = "ab";
    const auto ex = report::underline(line, 10, 3);
    CHECK(ex.marks == "  ^");
  }
  SUBCASE("a long line is windowed around the span, marks stay aligned") {
    std::string line;
    for (int i = 0; i < 60; ++i) line += "法";
    line += "目标";
    for (int i = 0; i < 60; ++i) line += "治";
    const size_t b = line.find("目标");
    const auto ex = report::underline(line, b, b + 6, 40);
    CHECK(report::display_width(ex.line) <= 40);
    CHECK(ex.line.rfind("…", 0) == 0);
    CHECK(ex.line.size() >= 3);
    CHECK(ex.line.compare(ex.line.size() - 3, 3, "…") == 0);
    CHECK(ex.mark_col == display_col_of(ex.line, "目标"));
    CHECK(ex.mark_width == 4);
  }
  SUBCASE("a huge line is cut before measuring; the window and marks are the same") {
    std::string line;
    for (int i = 0; i < 20000; ++i) line += "法";
    const size_t b = line.size() / 2;
    line.insert(b, "标");
    const auto ex = report::underline(line, b, b + 3, 40);
    CHECK(ex.line.rfind("…", 0) == 0);
    CHECK(ex.line.compare(ex.line.size() - 3, 3, "…") == 0);
    CHECK(report::display_width(ex.line) <= 40);
    CHECK(ex.mark_col == display_col_of(ex.line, "标"));
    CHECK(ex.mark_width == 2);
    // Near the start of a huge line: no ellipsis on the left.
    const auto head = report::underline(line, 3, 6, 40);
    CHECK(head.line.rfind("法", 0) == 0);
    CHECK(head.marks == "  ^^");
  }
  SUBCASE("a span near the end of a long line keeps the window filled") {
    std::string line;
    for (int i = 0; i < 100; ++i) line += "法";
    line += "尾";
    const size_t b = line.find("尾");
    const auto ex = report::underline(line, b, b + 3, 40);
    CHECK(ex.line.rfind("…", 0) == 0);
    CHECK(ex.line.compare(ex.line.size() - 3, 3, "尾") == 0);
    CHECK(report::display_width(ex.line) >= 38);
    CHECK(ex.mark_col == display_col_of(ex.line, "尾"));
  }
}

// ---------------------------------------------------------------------------------------------
// Empty lists and failed files

TEST_CASE("every printer handles no files, a file without findings, and a file error") {
  text::LineIndex idx("一、总体情况\n");
  FileReport clean;
  clean.path = "clean.txt";
  clean.text = "一、总体情况\n";
  clean.index = &idx;
  clean.encoding = "UTF-8";
  FileReport bad;
  bad.path = "bad.docx";
  bad.error = Error{"bad.docx", 0, 0, "无法打开文件"};

  const std::vector<std::vector<FileReport>> cases = {{}, {clean}, {bad}, {clean, bad}};
  for (const auto& files : cases) {
    CAPTURE(files.size());
    for (const auto& p : kPrinters) {
      CAPTURE(p.name);
      std::string out;
      p.print(out, files, {}, {});
      const std::string name = p.name;
      const bool has_bad = !files.empty() && files.back().error.has_value();
      if (name == "json" || name == "sarif") {
        const auto j = nlohmann::json::parse(out);  // throws (fails the test) when invalid
        if (name == "json") {
          CHECK(same_as_nlohmann_layout(out));
          CHECK(j["files"].size() == files.size());
          if (has_bad) CHECK(j["files"].back()["error"] == "无法打开文件");
        } else {
          CHECK(j["runs"][0]["results"].empty());
          CHECK(j["runs"][0]["invocations"][0]["executionSuccessful"] == !has_bad);
          if (has_bad)
            CHECK(j["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error");
        }
      } else if (name == "text") {
        CHECK(out.find("共 0 个问题（错误 0，警告 0，提示 0），检查了 " + std::to_string(files.size()) + " 个文件") !=
              std::string::npos);
        CHECK((out.find("错误: bad.docx: 无法打开文件") != std::string::npos) == has_bad);
      } else if (name == "gcc") {
        CHECK(out == (has_bad ? "bad.docx: error: 无法打开文件\n" : ""));
      } else if (name == "csv") {
        CHECK(out.rfind("\xEF\xBB\xBF文件,标题,年度,错误,警告,提示,", 0) == 0);
        CHECK((out.find(",无法读取\r\n") != std::string::npos) == has_bad);
        size_t rows = 0;
        for (size_t p2 = 0; (p2 = out.find("\r\n", p2)) != std::string::npos; p2 += 2) ++rows;
        CHECK(rows == files.size() + 1);
      } else if (name == "html") {
        CHECK(out.rfind("<!DOCTYPE html>", 0) == 0);
        CHECK(out.find("</html>\n") != std::string::npos);
        // The verdict legend and the filter name 无法读取 always; a matrix cell only for a bad file.
        CHECK((out.find("data-verdict=\"bad\" title=") != std::string::npos) == has_bad);
      }
    }
  }
}

TEST_CASE("a file left unchecked by a broken config is never given the config's line and column") {
  FileReport gov;  // its .fzlint.toml does not parse
  gov.path = "乡镇/报告.txt";
  gov.error = Error{"乡镇/.fzlint.toml", 1, 12, "TOML 语法错误：数组未结束"};
  FileReport own;  // an error of the file itself keeps its own place
  own.path = "own.txt";
  own.error = Error{"own.txt", 3, 4, "无效的 UTF-8 字节"};
  const std::vector<FileReport> files{gov, own};
  auto print = [&](const std::string& name) {
    std::string out;
    for (const auto& p : kPrinters)
      if (p.name == name) p.print(out, files, {}, {});
    if (name == "csv-findings") report::write_csv_findings(out, files, {});
    return out;
  };
  for (const std::string name : {"text", "gcc", "json", "sarif", "csv", "csv-findings", "html"}) {
    CAPTURE(name);
    const std::string out = print(name);
    CHECK(out.find("报告.txt:1:12") == std::string::npos);
    if (name != "csv")  // the matrix has no message column: its status only
      CHECK(out.find("乡镇/.fzlint.toml:1:12") != std::string::npos);
  }
  // The matrix's status tells a report its configuration kept from being checked (the report may
  // be fine) from one that could not be read.
  CHECK(print("csv").find("\r\n乡镇/报告.txt" + std::string(6 + kCategoryCount, ',') + "未检查\r\n") != std::string::npos);
  CHECK(print("csv").find("\r\nown.txt" + std::string(6 + kCategoryCount, ',') + "无法读取\r\n") != std::string::npos);
  CHECK(print("html").find("data-verdict=\"bad\" title=\"乡镇/.fzlint.toml:1:12: TOML 语法错误：数组未结束\">未检查</td>") !=
        std::string::npos);
  CHECK(print("html").find("data-verdict=\"bad\" title=\"无效的 UTF-8 字节\">无法读取</td>") != std::string::npos);
  CHECK(print("text").find("错误: 乡镇/报告.txt: 未检查：乡镇/.fzlint.toml:1:12: TOML 语法错误") != std::string::npos);
  CHECK(print("text").find("错误: own.txt:3:4: 无效的 UTF-8 字节") != std::string::npos);
  // The summary tells the unreadable file from the one its configuration kept from being checked.
  CHECK(print("text").find("检查了 2 个文件，其中 1 个无法读取，1 个因配置或规则文件有误未检查") != std::string::npos);
  CHECK(print("html").find("其中 <b>1</b> 个无法读取，<b>1</b> 个因配置或规则文件有误未检查") != std::string::npos);
  CHECK(print("gcc") ==
        "乡镇/.fzlint.toml:1:12: error: TOML 语法错误：数组未结束（乡镇/报告.txt 因此未检查）\n"
        "own.txt:3:4: error: 无效的 UTF-8 字节\n");
  const auto j = nlohmann::json::parse(print("sarif"));
  const auto& notes = j["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(notes.size() == 2);
  CHECK_FALSE(notes[0]["locations"][0]["physicalLocation"].contains("region"));
  CHECK(notes[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
  CHECK(print("csv-findings").find("\r\nown.txt,3,4,") != std::string::npos);
  CHECK(print("csv-findings").find("乡镇/报告.txt,,,错误,") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Robustness: printers never trust spans, messages or paths.

TEST_CASE("printers survive hostile findings") {
  const std::string text = "短文本\n第二行";
  FileReport f;
  f.path = "a<b>&\"'.txt";
  f.text = text;  // no index: printers build one
  Finding x;
  x.rule = "r<script>";
  x.message = "bad \xff utf8 \x1b[2J <b>";
  x.section = "\xc0";
  x.span = {1000, 5};  // reversed and past the end
  x.fixes.push_back({{7, 2}, "\xfe"});
  x.related.push_back({{4000000000u, 4000000001u}, "\x80"});
  f.findings.push_back(x);
  Finding y;
  y.rule = "empty-text";
  y.span = {2, 2};  // inside a multi-byte character
  f.findings.push_back(y);
  for (const auto& p : kPrinters) {
    CAPTURE(p.name);
    std::string out;
    p.print(out, {f}, {}, {});
    CHECK(!out.empty());
    const std::string name = p.name;
    if (name == "json" || name == "sarif") CHECK(nlohmann::json::accept(out));
    if (name == "json") CHECK(same_as_nlohmann_layout(out));
    if (name == "html") {
      CHECK(out.find("<script>") == out.rfind("<script>"));  // only our own script tag
      CHECK(out.find("a&lt;b&gt;&amp;&quot;&#39;.txt") != std::string::npos);
    }
    if (name == "text" || name == "gcc") CHECK(out.find('\x1b') == std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Structure of JSON and SARIF beyond the goldens.

TEST_CASE("json: key order, optional keys and byte offsets") {
  Fixture fx;
  {
    // The printer writes text directly: it must be what nlohmann's dump(2) makes of the same
    // tree (parsed with its key order kept), whitespace and escaping included.
    std::string out;
    report::write_json(out, fx.files, golden_options());
    CHECK(same_as_nlohmann_layout(out));
    report::Options with_skipped = golden_options();
    with_skipped.skipped = {{"a/\"b\".pdf", "不支持的格式\t（.pdf）"}, {"c", "无法读取"}};
    out.clear();
    report::write_json(out, fx.files, with_skipped);
    CHECK(same_as_nlohmann_layout(out));
    CHECK(nlohmann::json::parse(out)["skipped"][0]["path"] == "a/\"b\".pdf");
  }
  std::string out;
  report::write_json(out, fx.files, golden_options());
  const auto j = nlohmann::ordered_json::parse(out);
  std::vector<std::string> top;
  for (const auto& [k, v] : j.items()) top.push_back(k);
  CHECK(top == std::vector<std::string>{"tool", "version", "files"});
  CHECK(j["tool"] == "fzlint");
  CHECK(j["version"] == "0.1.0");
  REQUIRE(j["files"].size() == 3);
  CHECK_FALSE(j["files"][0].contains("error"));
  CHECK(j["files"][2]["error"] == "不是有效的 .docx 文件（ZIP 结构损坏）");
  std::vector<std::string> keys;
  for (const auto& [k, v] : j["files"][0]["findings"][0].items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"rule", "category", "severity", "message", "line", "column", "end_line",
                                         "end_column", "offset", "end_offset", "section", "related"});
  for (const auto& f : j["files"][0]["findings"]) {
    const std::string rule = f["rule"];
    CHECK(f.contains("fixes") == (rule == "halfwidth-punctuation" || rule == "missing-signature"));
    CHECK(f.contains("related") == (rule == "year-mismatch"));
    const size_t off = f["offset"], end = f["end_offset"];
    CHECK(off <= end);
    CHECK(end <= kTextA.size());
    if (rule == "missing-shortcoming-causes") {
      CHECK(f["line"] == 6);
      CHECK(f["end_line"] == 7);
      CHECK(kTextA.substr(off, end - off) == "二、存在的不足和原因\n法治宣传形式较为单一。");
    }
    if (rule == "missing-signature") {
      CHECK(f["line"] == 9);
      CHECK(off == kTextA.size());
      CHECK(f["fixes"][0]["offset"] == kTextA.size());
      CHECK(f["fixes"][0]["replacement"] == "。");
    }
  }
}

TEST_CASE("sarif: rules referenced, ruleIndex consistent, URIs relative to %SRCROOT%") {
  Fixture fx;
  std::string out;
  report::write_sarif(out, fx.files, fx.rules, golden_options());
  const auto s = nlohmann::json::parse(out);
  CHECK(s["version"] == "2.1.0");
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  std::vector<std::string> ids;
  for (const auto& r : rules) ids.push_back(r["id"]);
  CHECK(ids == std::vector<std::string>{"figure-without-comparison", "halfwidth-punctuation",
                                        "missing-shortcoming-causes", "missing-signature", "vague-quantity",
                                        "year-mismatch"});
  CHECK(rules[1]["name"] == "HalfwidthPunctuation");
  CHECK(rules[1]["helpUri"] == "https://fzlint.example/rules.html#halfwidth-punctuation");
  CHECK(rules[1]["properties"]["category"] == "punctuation");
  CHECK(rules[3]["defaultConfiguration"]["level"] == "note");  // no RuleInfo: from the finding
  CHECK_FALSE(rules[3].contains("help"));
  REQUIRE(run["results"].size() == 6);
  for (const auto& r : run["results"]) {
    const size_t i = r["ruleIndex"];
    REQUIRE(i < rules.size());
    CHECK(rules[i]["id"] == r["ruleId"]);
    const auto& loc = r["locations"][0]["physicalLocation"]["artifactLocation"];
    CHECK(loc["uriBaseId"] == "%SRCROOT%");
    if (r["ruleId"] == "figure-without-comparison") {
      CHECK(loc["uri"] == "reports/%E4%B9%99%E9%95%87.txt");
      CHECK(loc["index"] == 1);
    } else {
      CHECK(loc["uri"] == "reports/%E7%94%B2%E5%8E%BF%202024.txt");
      CHECK(loc["index"] == 0);
    }
    CHECK(r["partialFingerprints"].contains("fzlintLineHash/v1"));
  }
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///srv/%E6%B3%95%E6%B2%BB/");
  CHECK(run["artifacts"].size() == 3);
  CHECK(run["artifacts"][0]["encoding"] == "GB18030");
  CHECK(run["artifacts"][1]["encoding"] == "UTF-8");
  CHECK(run["invocations"][0]["executionSuccessful"] == false);
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
           ["artifactLocation"]["index"] == 2);
}

TEST_CASE("sarif: fingerprints survive moving lines, absolute paths become file URIs") {
  const std::string t1 = "第一行\n  召开会议2次,研究问题\n";
  const std::string t2 = "新增一行\n第一行\n召开会议2次,研究问题\n";
  auto fp = [](const std::string& t, const std::string& path) {
    FileReport f;
    f.path = path;
    f.text = t;
    Finding x;
    x.rule = "halfwidth-punctuation";
    const size_t p = t.find(',');
    x.span = {static_cast<uint32_t>(p), static_cast<uint32_t>(p + 1)};
    f.findings.push_back(x);
    std::string out;
    report::Options o;
    o.repo_root = "/home/用户/proj";
    report::write_sarif(out, {f}, {}, o);
    return nlohmann::json::parse(out)["runs"][0];
  };
  const auto a = fp(t1, "/home/用户/proj/sub/a.txt");
  const auto b = fp(t2, "/elsewhere/a b.txt");
  CHECK(a["results"][0]["partialFingerprints"] == b["results"][0]["partialFingerprints"]);
  CHECK(a["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///home/%E7%94%A8%E6%88%B7/proj/");
  CHECK(a["artifacts"][0]["location"]["uri"] == "sub/a.txt");
  CHECK(a["artifacts"][0]["location"]["uriBaseId"] == "%SRCROOT%");
  CHECK(b["artifacts"][0]["location"]["uri"] == "file:///elsewhere/a%20b.txt");
  CHECK_FALSE(b["artifacts"][0]["location"].contains("uriBaseId"));
}

TEST_CASE("csv: RFC 4180 quoting, formula guard, status column") {
  FileReport f;
  f.path = "=cmd|' /C calc'!A0.txt";
  f.title = "标题,含\"引号\"";
  f.report_year = 2024;
  FileReport g = f;
  g.path = "ok.txt";
  g.title = "";
  Finding info;
  info.rule = "x";
  info.severity = Severity::Info;
  info.category = Category::Terms;
  g.findings.push_back(info);
  std::string out;
  report::write_csv(out, {f, g}, {});
  CHECK(out.find("\r\n'=cmd|' /C calc'!A0.txt,\"标题,含\"\"引号\"\"\",2024,0,0,0,") != std::string::npos);
  // Only a 提示 → still 通过; 规范表述 column counts it.
  CHECK(out.find("\r\nok.txt,,2024,0,0,1,0,0,0,0,0,0,0,0,1,0,0,0,0,通过\r\n") != std::string::npos);
}

TEST_CASE("text: long multi-line spans elide the middle; deletions and invisible characters") {
  std::string t;
  for (int i = 1; i <= 9; ++i) t += "第" + std::to_string(i) + "行内容\n";
  t += "删除\u200b这里";
  FileReport f;
  f.path = "x.txt";
  f.text = t;
  Finding all;
  all.rule = "whole";
  all.span = {0, static_cast<uint32_t>(t.find("第9行") + std::string("第9行").size())};
  f.findings.push_back(all);
  Finding zw;
  zw.rule = "invisible-character";
  zw.severity = Severity::Error;
  zw.message = "零宽字符";
  const auto p = static_cast<uint32_t>(t.find("\u200b"));
  zw.span = {p, p + 3};
  zw.fixes.push_back({zw.span, ""});
  f.findings.push_back(zw);
  std::string out;
  report::write_text(out, {f}, {});
  INFO(out);
  // Lines 1, 2, an ellipsis, and 9 (the span ends inside line 9).
  // The gutter is as wide as this finding's largest line number.
  CHECK(out.find("\n1 | 第1行内容\n  | ^^^^^^^^^\n") != std::string::npos);
  CHECK(out.find("\n2 | 第2行内容\n") != std::string::npos);
  CHECK(out.find("\n...\n") != std::string::npos);
  CHECK(out.find("第5行") == std::string::npos);
  CHECK(out.find("\n9 | 第9行内容\n  | ^^^^^\n") != std::string::npos);
  // The zero-width space is shown as <U+200B> and underlined in full; the fix deletes it.
  CHECK(out.find("10 | 删除<U+200B>这里\n   |     ^^^^^^^^\n") != std::string::npos);
  CHECK(out.find("= 修复建议: 删除“<U+200B>”") != std::string::npos);
}

TEST_CASE("FileView columns agree with LineIndex in any query order") {
  // Mixed widths, Ext-B, CRLF, CR and LF, an empty line and no final newline.
  const std::string t = "a𠀀中\r\nb，c𪚥d\r\n\nxyz𠀀\r末尾𠀀𠀀e";
  text::LineIndex idx(t);
  FileReport f;
  f.text = t;
  f.index = &idx;
  report::detail::FileView v(f);
  uint32_t seed = 12345;
  for (int i = 0; i < 2000; ++i) {
    seed = seed * 1103515245u + 12345u;
    const uint32_t off = (seed >> 8) % static_cast<uint32_t>(t.size() + 3);  // some past the end
    const text::Position want = idx.position(off, text::ColumnUnit::CodePoint);
    const text::Position got = v.position(off);
    CAPTURE(off);
    CHECK(got.line == want.line);
    CHECK(got.column == want.column);
  }
}

TEST_CASE("html: every matrix row has one cell per column (sorting reads cells by index)") {
  Fixture fx;
  std::string out;
  report::write_html(out, fx.files, fx.rules, golden_options());
  auto count = [](std::string_view s, std::string_view what) {
    size_t n = 0;
    for (size_t p = s.find(what); p != std::string_view::npos; p = s.find(what, p + 1)) ++n;
    return n;
  };
  const size_t head = out.find("<thead>"), body = out.find("<tbody>"), end = out.find("</tbody>");
  REQUIRE(head != std::string::npos);
  REQUIRE(end != std::string::npos);
  const size_t columns = count(std::string_view(out).substr(head, body - head), "</th>");
  CHECK(columns == 6 + kCategoryCount + 1);
  size_t rows = 0;
  for (size_t p = out.find("<tr ", body); p != std::string::npos && p < end; p = out.find("<tr ", p + 1)) {
    const size_t q = out.find("</tr>", p);
    CHECK(count(std::string_view(out).substr(p, q - p), "<td") == columns);
    CHECK(std::string_view(out).substr(p, q - p).find("colspan") == std::string_view::npos);
    ++rows;
  }
  CHECK(rows == fx.files.size());
  // Self-contained: nothing is loaded from elsewhere (government intranets are offline).
  for (const char* bad : {"<link", " src=", "@import", "url(", "<iframe", "<img"}) {
    CAPTURE(bad);
    CHECK(out.find(bad) == std::string::npos);
  }
  CHECK(out.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(out.find("<meta charset=\"utf-8\">") != std::string::npos);
}

// issue #13: the reviewer's page says when, with which rules, and what 通过 means; it filters
// and prints; the verdict follows --fail-on.
TEST_CASE("html: date, versions, meaning of 通过, filter box, print stylesheet, verdict level") {
  Fixture fx;
  report::Options o = golden_options();
  o.date = "2026-11-27";
  o.rules_version = "2026.1";
  o.rules_hash = "0123456789abcdef";
  std::string out;
  report::write_html(out, fx.files, fx.rules, o);
  for (const char* want : {"筛查日期：2026-11-27", "fzlint 0.1.0", "规则包 2026.1", "0123456789abcdef", "“通过”的含义",
                           "id=\"f-text\"", "id=\"f-cat\"", "id=\"f-sev\"", "id=\"f-verdict\"", "@media print",
                           "size:A4", "page-break-before:always", "beforeprint"}) {
    CAPTURE(want);
    CHECK(out.find(want) != std::string::npos);
  }
  auto verdicts = [&](Severity level) {
    report::Options p = o;
    p.fail_on = level;
    std::string h;
    report::write_html(h, fx.files, fx.rules, p);
    size_t fix = 0;
    for (size_t at = h.find("data-verdict=\"fix\""); at != std::string::npos; at = h.find("data-verdict=\"fix\"", at + 1))
      ++fix;
    return fix;
  };
  CHECK(verdicts(Severity::Info) >= verdicts(Severity::Warning));
  CHECK(verdicts(Severity::Warning) >= verdicts(Severity::Error));
  CHECK(verdicts(Severity::Info) > verdicts(Severity::Error));  // the fixture has a warning-only file
}

TEST_CASE("csv findings: one row per finding, BOM, header, fixes as suggestions") {
  Fixture fx;
  std::string out;
  report::write_csv_findings(out, fx.files, golden_options());
  REQUIRE(out.rfind("\xEF\xBB\xBF文件,行,列,级别,类别,规则,问题,原文,修改建议,所在部分\r\n", 0) == 0);
  size_t findings = 0, errors = 0;
  for (const auto& f : fx.files) {
    findings += f.findings.size();
    errors += f.error ? 1 : 0;
  }
  size_t rows = 0;
  for (size_t p = out.find("\r\n"); p != std::string::npos; p = out.find("\r\n", p + 2)) ++rows;
  CHECK(rows == 1 + findings + errors);
  for (const auto& f : fx.files)
    for (const auto& x : f.findings) CHECK(out.find(x.rule) != std::string::npos);
}

TEST_CASE("a related place in another file: every printer names that file and its line:col") {
  // Comparison findings (issue #15) point into last year's report or another of a batch; the
  // printer has no text of that file, so the place travels in the Related itself.
  const std::string a = "甲镇2024年报告\n这一段与乙镇相同。\n";
  const std::string b = "乙镇2024年报告\n前文\n这一段与乙镇相同。\n";
  FileReport fa, fb;
  fa.path = "甲镇.txt";
  fa.text = a;
  fb.path = "乙镇.txt";
  fb.text = b;
  Finding f;
  f.rule = "passages-shared-in-batch";
  f.category = Category::Comparison;
  f.severity = Severity::Warning;
  f.message = "这一段与同批报告相同";
  f.span = {static_cast<uint32_t>(a.find("这一段")), static_cast<uint32_t>(a.size() - 1)};
  Related r;
  r.span = {static_cast<uint32_t>(b.find("这一段")), static_cast<uint32_t>(b.size() - 1)};
  r.message = "相同段落";
  r.path = "乙镇.txt";
  r.line = 3, r.column = 1, r.end_line = 3, r.end_column = 10;
  f.related.push_back(r);
  fa.findings.push_back(f);
  Finding g = f;
  g.span = r.span;
  g.related[0].span = f.span;
  g.related[0].path = "甲镇.txt";
  g.related[0].line = 2;
  fb.findings.push_back(g);
  const std::vector<FileReport> files{fa, fb};
  std::string gcc, text, json, sarif, html;
  report::write_gcc(gcc, files, {});
  CHECK(gcc.find("乙镇.txt:3:1: note: 相同段落 [passages-shared-in-batch]") != std::string::npos);
  CHECK(gcc.find("甲镇.txt:2:1: note: 相同段落 [passages-shared-in-batch]") != std::string::npos);
  report::write_text(text, files, {});
  CHECK(text.find("相关位置: 乙镇.txt:3:1: 相同段落") != std::string::npos);
  report::write_json(json, files, {});
  const auto j = nlohmann::json::parse(json);
  const auto& rel = j["files"][0]["findings"][0]["related"][0];
  CHECK(rel["path"] == "乙镇.txt");
  CHECK(rel["line"] == 3);
  CHECK(rel["end_column"] == 10);
  CHECK(rel["offset"] == b.find("这一段"));
  report::write_sarif(sarif, files, {RuleInfo{"passages-shared-in-batch", Category::Comparison}}, {});
  const auto s = nlohmann::json::parse(sarif);
  const auto& loc = s["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uri"] == "%E4%B9%99%E9%95%87.txt");
  CHECK(loc["region"]["startLine"] == 3);
  report::write_html(html, files, {}, {});
  CHECK(html.find("<h2 id=\"similar\">相似段落</h2>") != std::string::npos);
  CHECK(html.find("甲镇.txt ↔ 乙镇.txt（1 段）") != std::string::npos);
  CHECK(html.find("<td><span class=\"loc\">第 2 行</span>\n这一段与乙镇相同。</td><td><span class=\"loc\">第 3 行</span>\n这一段与乙镇相同。</td>") != std::string::npos);
  // Without a pair of this page (a related place in the same file), no 相似段落 view.
  FileReport solo = fa;
  solo.findings[0].related[0].path.clear();
  std::string plain;
  report::write_html(plain, {solo}, {}, {});
  CHECK(plain.find("相似段落") == std::string::npos);
}
