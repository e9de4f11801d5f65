// Tests for src/annotate (Word comments and tracked fixes in a .docx copy) and `fzlint
// annotate`: a strict structural validator of the result (comment ids, ranges, parts, content
// types, relationships, untouched entries), run splitting that keeps formatting, anchors, and
// the CLI on the bundled sample and the seed report written as .docx.
#include <doctest/doctest.h>

#include <pugixml.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "annotate/annotate.h"
#include "annotate/validator.h"
#include "../fuzz/annotate_harness.h"
#include "engine/linter.h"
#include "outline/document.h"
#include "docx_zip.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "support/fixes.h"

namespace fs = std::filesystem;
using fz::Finding;
using fz::ingest::Format;
using fz::testing::make_zip;
using fz::testing::read_zip;
using fz::testing::ZipEntry;

namespace {

using fz::testing::check_package;
using fz::testing::Validation;

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// check_package, every problem a test failure; the number of fzlint comments.
size_t validate(const std::string& original, const std::string& annotated) {
  const Validation v = check_package(original, annotated);
  for (const auto& p : v.problems) FAIL_CHECK(p);
  return v.ours;
}

std::string doc_xml(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<w:document xmlns:w=\"") +
         kW + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
              "<w:body>" + body + "<w:sectPr/></w:body></w:document>";
}

const std::string kTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://"
    "schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" "
    "ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\""
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
const std::string kRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://"
    "schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/></Relationships>";
const std::string kStyles = std::string("<w:styles xmlns:w=\"") + kW + "\"/>";
const std::string kHeader = std::string("<w:hdr xmlns:w=\"") + kW +
                            "\"><w:p><w:r><w:t>页眉 不动</w:t></w:r></w:p></w:hdr>";

// A PNG signature and a few binary bytes, NULs included (sizeof − 1: without the terminator).
constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0binary";

std::string package(const std::string& body,
                    std::vector<std::pair<std::string, std::string>> extra = {}) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml", kTypes},
      {"_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                      "relationships\"/>"},
      {"word/document.xml", doc_xml(body)},
      {"word/_rels/document.xml.rels", kRels},
      {"word/styles.xml", kStyles},
      {"word/header1.xml", kHeader},
      {"word/media/image1.png", std::string(kPng, sizeof kPng - 1)}};
  for (auto& e : extra) files.push_back(std::move(e));
  return make_zip(files);
}

fz::ingest::SourceText must_ingest(const std::string& bytes) {
  auto r = fz::ingest::ingest(bytes, Format::Docx);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(*r);
}

/// A finding on the first occurrence of `what` in the text.
Finding on(const fz::ingest::SourceText& st, const std::string& what, const std::string& rule,
           std::string repl = "\x01") {
  const size_t at = st.text.find(what);
  REQUIRE_MESSAGE(at != std::string::npos, what);
  Finding f;
  f.rule = rule;
  f.message = "测试：" + what;
  f.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + what.size())};
  if (repl != "\x01") f.fixes.push_back({f.span, repl});
  return f;
}

fz::annotate::Options opts(bool track = false) {
  fz::annotate::Options o;
  o.date = "2026-01-02T03:04:05Z";
  o.track_fixes = track;
  return o;
}

std::string part(const std::string& docx, const std::string& name) {
  auto z = read_zip(docx);
  auto it = z.find(name);
  return it == z.end() ? std::string() : it->second.content;
}

/// Count occurrences of `needle`.
size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

const std::string kBold = "<w:rPr><w:b/><w:color w:val=\"FF0000\"/></w:rPr>";

}  // namespace

TEST_CASE("annotate: a comment inside one run splits it in three, each keeping the formatting") {
  const std::string body = "<w:p><w:r>" + kBold +
                           "<w:t>甲乙𠀀丙丁</w:t></w:r></w:p>";
  const std::string in = package(body);
  const auto st = must_ingest(in);
  const auto res = fz::annotate::annotate_docx(in, st, {on(st, "𠀀丙", "r1")}, opts());
  REQUIRE(res.ok());
  CHECK(validate(in, res->docx) == 1);
  const std::string xml = part(res->docx, "word/document.xml");
  CHECK(xml.find("<w:r>" + kBold + "<w:t xml:space=\"preserve\">甲乙</w:t></w:r>"
                 "<w:commentRangeStart w:id=\"0\"/><w:r>" + kBold +
                 "<w:t xml:space=\"preserve\">𠀀丙</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"
                 "<w:r><w:commentReference w:id=\"0\"/></w:r><w:r>" + kBold +
                 "<w:t xml:space=\"preserve\">丁</w:t></w:r>") != std::string::npos);
  // The text Word shows is unchanged.
  CHECK(must_ingest(res->docx).text == st.text);
  const std::string cx = part(res->docx, "word/comments.xml");
  CHECK(cx.find("w:author=\"fzlint\"") != std::string::npos);
  CHECK(cx.find("w:date=\"2026-01-02T03:04:05Z\"") != std::string::npos);
  CHECK(cx.find("测试：𠀀丙") != std::string::npos);
  CHECK(cx.find("规则：r1") != std::string::npos);
}

TEST_CASE("annotate: a span across runs, tabs, a hyperlink and two paragraphs") {
  const std::string body =
      "<w:p><w:r><w:t xml:space=\"preserve\">一二</w:t><w:tab/><w:t>三四</w:t></w:r>"
      "<w:hyperlink r:id=\"rId9\"><w:r>" + kBold + "<w:t>五六</w:t></w:r></w:hyperlink>"
      "<w:r><w:t>七八</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>九十</w:t></w:r></w:p>";
  const std::string in = package(body);
  const auto st = must_ingest(in);
  REQUIRE(st.text == "一二\t三四五六七八\n九十");
  std::vector<Finding> fs = {on(st, "二\t三", "tab"), on(st, "六七", "link"),
                             on(st, "八\n九", "two-paras"), on(st, "三四五六七八", "outer")};
  std::sort(fs.begin(), fs.end(), fz::finding_less);
  const auto res = fz::annotate::annotate_docx(in, st, fs, opts());
  REQUIRE(res.ok());
  CHECK(res->comments == 4);
  CHECK(validate(in, res->docx) == 4);
  const auto again = must_ingest(res->docx);
  CHECK(again.text == st.text);
  // The hyperlink run was split inside the hyperlink; its formatting kept on both halves.
  const std::string xml = part(res->docx, "word/document.xml");
  CHECK(count(xml, kBold) == 2);
  CHECK(count(xml, "<w:hyperlink") == 1);
  CHECK(count(xml, "<w:tab/>") == 1);
}

TEST_CASE("annotate: missing parts on the title, numbering prefixes on the paragraph") {
  const std::string numbering = std::string("<w:numbering xmlns:w=\"") + kW +
      "\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
      "<w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/>"
      "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
      "</w:numbering>";
  const std::string body =
      "<w:p/><w:p><w:r><w:t>某县2025年法治政府建设年度报告</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
      "<w:r><w:t>主要举措</w:t></w:r></w:p>";
  const std::string in = package(body, {{"word/numbering.xml", numbering}});
  const auto st = must_ingest(in);
  REQUIRE(st.text == "\n某县2025年法治政府建设年度报告\n一、主要举措");
  Finding missing;
  missing.rule = "missing-part";
  missing.message = "缺少某部分";
  Finding marker = on(st, "一、", "marker");
  const auto res = fz::annotate::annotate_docx(in, st, {missing, marker}, opts());
  REQUIRE(res.ok());
  CHECK(validate(in, res->docx) == 2);
  const std::string xml = part(res->docx, "word/document.xml");
  // Title paragraph (the second w:p) carries comment 0 around its whole text.
  CHECK(xml.find("<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t>某县") != std::string::npos);
  CHECK(xml.find("<w:commentRangeStart w:id=\"1\"/><w:r><w:t>主要举措</w:t></w:r>"
                 "<w:commentRangeEnd w:id=\"1\"/>") != std::string::npos);
}

TEST_CASE("annotate: existing comments, revisions and ids are kept; new ids are above them") {
  const std::string comments = std::string("<?xml version=\"1.0\"?>\n<w:comments xmlns:w=\"") + kW +
      "\"><w:comment w:id=\"7\" w:author=\"张三\"><w:p><w:r><w:t>原有批注</w:t></w:r></w:p>"
      "</w:comment></w:comments>";
  const std::string body =
      "<w:p><w:commentRangeStart w:id=\"7\"/><w:r><w:t>原文</w:t></w:r><w:commentRangeEnd "
      "w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r>"
      "<w:ins w:id=\"9\" w:author=\"李四\"><w:r><w:t>插入的字</w:t></w:r></w:ins>"
      "<w:del w:id=\"10\" w:author=\"李四\"><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
      "<w:r><w:t>，，结尾</w:t></w:r></w:p>";
  std::string types = kTypes;
  types.insert(types.find("</Types>"),
               "<Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd."
               "openxmlformats-officedocument.wordprocessingml.comments+xml\"/>");
  std::string rels = kRels;
  rels.insert(rels.find("</Relationships>"),
              "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
              "2006/relationships/comments\" Target=\"comments.xml\"/>");
  const std::string in = make_zip({{"[Content_Types].xml", types},
                                   {"word/document.xml", doc_xml(body)},
                                   {"word/_rels/document.xml.rels", rels},
                                   {"word/comments.xml", comments}});
  const auto st = must_ingest(in);
  REQUIRE(st.text == "原文插入的字，，结尾");
  const auto res = fz::annotate::annotate_docx(
      in, st, {on(st, "插入", "in-ins"), on(st, "，，", "doubled", "，")}, opts(true));
  REQUIRE(res.ok());
  CHECK(validate(in, res->docx) == 2);
  const auto z = read_zip(res->docx);
  // Only the parts that must change did: types and rels already had the comments part.
  CHECK(z.at("[Content_Types].xml").content == types);
  CHECK(z.at("word/_rels/document.xml.rels").content == rels);
  const std::string cx = z.at("word/comments.xml").content;
  CHECK(cx.find("原有批注") != std::string::npos);
  CHECK(cx.find("w:id=\"11\"") != std::string::npos);  // above 7, 9 and 10
  CHECK(cx.find("w:id=\"12\"") != std::string::npos);
  CHECK(cx.find("已作为修订提出") != std::string::npos);
  const std::string xml = z.at("word/document.xml").content;
  CHECK(xml.find("<w:ins w:id=\"9\" w:author=\"李四\">") != std::string::npos);
  CHECK(xml.find("<w:delText>删掉的</w:delText>") != std::string::npos);
  // The fix is a revision: accepted, the text is the fixed text.
  CHECK(res->tracked == 1);
  CHECK(must_ingest(res->docx).text == "原文插入的字，结尾");
}

TEST_CASE("annotate: tracked fixes give the text `check --fix` gives") {
  const std::string body =
      "<w:p><w:r>" + kBold + "<w:t>截止目前，，全年办理案件</w:t></w:r><w:r><w:t>2026年01月</w:t>"
      "</w:r></w:p>";
  const std::string in = package(body);
  const auto st = must_ingest(in);
  Finding term = on(st, "截止目前", "misused-term", "截至目前");
  Finding dup = on(st, "，，", "doubled", "");
  dup.fixes[0].span.end = dup.fixes[0].span.begin + 3;  // delete one of the two
  Finding zero = on(st, "01月", "zero", "");
  zero.fixes[0].span.end = zero.fixes[0].span.begin + 1;
  Finding ins = on(st, "全年", "insert", "");
  ins.fixes[0] = {{ins.span.begin, ins.span.begin}, "本镇"};
  std::vector<Finding> fs = {term, dup, ins, zero};
  const auto res = fz::annotate::annotate_docx(in, st, fs, opts(true));
  REQUIRE(res.ok());
  CHECK(res->tracked == 4);
  CHECK(res->untracked == 0);
  CHECK(validate(in, res->docx) == 4);
  CHECK(must_ingest(res->docx).text == fz::fixes::apply(st.text, fs).text);
  const std::string xml = part(res->docx, "word/document.xml");
  CHECK(count(xml, "<w:del ") == 3);
  CHECK(count(xml, "<w:ins ") == 2);
  CHECK(xml.find("w:author=\"fzlint\"") != std::string::npos);
  // The inserted run takes the formatting of the run it replaces.
  CHECK(xml.find("<w:ins w:id=\"5\" w:author=\"fzlint\" w:date=\"2026-01-02T03:04:05Z\"><w:r>" +
                 kBold + "<w:t xml:space=\"preserve\">截至目前</w:t>") != std::string::npos);
  // Without --track-fixes the text is untouched.
  const auto plain = fz::annotate::annotate_docx(in, st, fs, opts(false));
  REQUIRE(plain.ok());
  CHECK(must_ingest(plain->docx).text == st.text);
  CHECK(part(plain->docx, "word/document.xml").find("<w:del ") == std::string::npos);
}

namespace {

// Footnote 7 is referenced first, so Word shows it as 1; footnote 3 (referenced second) is 2;
// the separator notes are never referenced and never read.
std::string notes_package() {
  const std::string body =
      "<w:p><w:r><w:t>标题</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>正文甲</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
      "<w:footnoteReference w:id=\"7\"/></w:r><w:r><w:t>，正文乙</w:t></w:r>"
      "<w:r><w:footnoteReference w:id=\"3\"/></w:r><w:r><w:endnoteReference w:id=\"2\"/></w:r></w:p>";
  const std::string sep =
      "<w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:r><w:t>分隔</w:t></w:r></w:p></w:footnote>"
      "<w:footnote w:type=\"continuationSeparator\" w:id=\"1\"><w:p><w:r><w:t>续</w:t></w:r></w:p></w:footnote>";
  const std::string foot = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:footnotes xmlns:w=\"") +
                           kW + "\">" + sep +
                           "<w:footnote w:id=\"3\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>第二个注</w:t></w:r></w:p></w:footnote>"
                           "<w:footnote w:id=\"7\"><w:p><w:r><w:footnoteRef/></w:r><w:r>" + kBold +
                           "<w:t>见纪要。。截止目前</w:t></w:r></w:p><w:p><w:r><w:t>次段</w:t></w:r></w:p></w:footnote>"
                           "<w:footnote w:id=\"9\"><w:p><w:r><w:t>未引用的注</w:t></w:r></w:p></w:footnote></w:footnotes>";
  const std::string end = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:endnotes xmlns:w=\"") + kW +
                          "\"><w:endnote w:id=\"2\"><w:p><w:r><w:t>尾注文字</w:t></w:r></w:p></w:endnote></w:endnotes>";
  return package(body, {{"word/footnotes.xml", foot}, {"word/endnotes.xml", end}});
}

}  // namespace

TEST_CASE("docx notes: read after the body in Word's numbering, out of the body's blocks") {
  const std::string in = notes_package();
  const auto st = must_ingest(in);
  CHECK(st.text == "标题\n正文甲，正文乙\n见纪要。。截止目前\n次段\n第二个注\n尾注文字");
  CHECK(st.body() == "标题\n正文甲，正文乙");
  REQUIRE(st.notes.size() == 3);
  CHECK(st.notes[0].kind == fz::ingest::Note::Kind::Footnote);
  CHECK(st.notes[0].number == 1);  // w:id 7, referenced first
  CHECK(st.notes[0].first_line == 2);
  CHECK(st.notes[0].lines == 2);
  CHECK(st.notes[1].number == 2);
  CHECK(st.notes[1].first_line == 4);
  CHECK(st.notes[2].kind == fz::ingest::Note::Kind::Endnote);
  CHECK(st.notes[2].number == 1);
  CHECK(st.blocks.size() == 2);  // the body's only: the outline does not see the notes
  CHECK(st.note_blocks.size() == 4);
  CHECK(st.text.find("分隔") == std::string::npos);
  CHECK(st.text.find("未引用") == std::string::npos);
}

TEST_CASE("docx notes: checked with the text rules; the body's findings are the same as without them") {
  auto rules = fz::engine::build_ruleset({}, fz::engine::Config{});
  REQUIRE(rules.ok());
  const std::string in = notes_package();
  // The same body without any note: the reference runs carry no text.
  std::string body_only = part(in, "word/document.xml");
  for (const char* ref : {"<w:footnoteReference w:id=\"7\"/>", "<w:footnoteReference w:id=\"3\"/>",
                          "<w:endnoteReference w:id=\"2\"/>"})
    body_only.replace(body_only.find(ref), std::string(ref).size(), "");
  const auto with = must_ingest(in);
  auto plain = fz::testing::make_zip({{"[Content_Types].xml", kTypes}, {"word/document.xml", body_only}});
  const auto without = must_ingest(plain);
  REQUIRE(without.notes.empty());
  auto lint = [&](const fz::ingest::SourceText& st) {
    return fz::engine::lint(st, fz::outline::parse(st), **rules, fz::engine::Config{}).findings;
  };
  const auto a = lint(with), b = lint(without);
  std::vector<std::string> body_a, body_b, in_notes;
  for (const auto& f : a)
    (f.span.begin < with.body_end ? body_a : in_notes).push_back(f.rule + "@" + std::to_string(f.span.begin));
  for (const auto& f : b) body_b.push_back(f.rule + "@" + std::to_string(f.span.begin));
  CHECK(body_a == body_b);
  // 。。 and 截止目前 in footnote 1; nothing about structure or required parts in a note.
  const auto has = [&](const std::string& rule) {
    return std::any_of(in_notes.begin(), in_notes.end(), [&](const std::string& x) { return x.rfind(rule + "@", 0) == 0; });
  };
  CHECK(has("doubled-punctuation"));
  CHECK(has("misused-term"));
  for (const auto& f : a)
    if (f.span.begin >= with.body_end) {
      CHECK(f.category != fz::Category::Structure);
      CHECK(f.category != fz::Category::RequiredSection);
    }
}

TEST_CASE("annotate: a finding in a footnote is commented beside its mark, its fix tracked in the note") {
  const std::string in = notes_package();
  const auto st = must_ingest(in);
  Finding dup = on(st, "。。", "doubled", "");
  dup.fixes[0].span.end = dup.fixes[0].span.begin + 3;
  Finding term = on(st, "截止目前", "misused-term", "截至目前");
  Finding body = on(st, "正文乙", "body-rule");
  const std::vector<Finding> fs = {body, dup, term};

  const auto plain = fz::annotate::annotate_docx(in, st, fs, opts(false));
  REQUIRE(plain.ok());
  CHECK(validate(in, plain->docx) == 3);
  // The notes part is not touched; the comments sit on "甲", the character before the mark.
  CHECK(part(plain->docx, "word/footnotes.xml") == part(in, "word/footnotes.xml"));
  const std::string xml = part(plain->docx, "word/document.xml");
  CHECK(count(xml, "<w:commentRangeStart") == 3);
  CHECK(xml.find("<w:t xml:space=\"preserve\">甲</w:t></w:r><w:commentRangeEnd") != std::string::npos);
  const std::string cx = part(plain->docx, "word/comments.xml");
  CHECK(cx.find("脚注1第1段第4字：“。。”") != std::string::npos);
  CHECK(cx.find("脚注1第1段第6字：“截止目前”") != std::string::npos);
  CHECK(must_ingest(plain->docx).text == st.text);

  const auto tracked = fz::annotate::annotate_docx(in, st, fs, opts(true));
  REQUIRE(tracked.ok());
  CHECK(tracked->tracked == 2);
  CHECK(validate(in, tracked->docx) == 3);
  const std::string fx = part(tracked->docx, "word/footnotes.xml");
  CHECK(count(fx, "<w:del ") == 2);
  CHECK(count(fx, "<w:ins ") == 1);
  CHECK(fx.find("<w:commentRangeStart") == std::string::npos);  // comments stay in the body
  CHECK(part(tracked->docx, "word/endnotes.xml") == part(in, "word/endnotes.xml"));
  CHECK(must_ingest(tracked->docx).text == fz::fixes::apply(st.text, fs).text);

  auto o = opts(false);
  o.comments_in_notes = true;
  const auto inside = fz::annotate::annotate_docx(in, st, fs, o);
  REQUIRE(inside.ok());
  CHECK(validate(in, inside->docx) == 3);
  const std::string ix = part(inside->docx, "word/footnotes.xml");
  CHECK(count(ix, "<w:commentRangeStart") == 2);
  CHECK(ix.find("<w:commentRangeStart w:id=\"1\"/><w:r>" + kBold +
                "<w:t xml:space=\"preserve\">。。</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>") != std::string::npos);
  CHECK(must_ingest(inside->docx).text == st.text);
}

TEST_CASE("annotate: the fuzz_annotate crash inputs (fixtures/regressions/annotate-*) are handled") {
  auto rules = fz::engine::build_ruleset({}, fz::engine::Config{});
  REQUIRE(rules.ok());
  size_t replayed = 0;
  for (const auto& e : fs::directory_iterator(fs::path(FZ_SOURCE_DIR) / "fixtures" / "regressions")) {
    if (e.path().filename().string().rfind("annotate-", 0) != 0) continue;
    const std::string input = fz::testing::read_file(e.path());
    for (const auto& p : fz::fuzz::annotate_input(input, **rules))
      FAIL_CHECK(e.path().filename().string() << ": " << p);
    ++replayed;
  }
  MESSAGE("replayed " << replayed << " fuzz_annotate inputs");
  // The seed-shaped input of fuzz_annotate: wrapped XML (document, footnotes) with a defect in
  // a footnote, tracked and commented inside the note.
  const std::string doc = std::string("<w:document xmlns:w=\"") + kW +
                          "\"><w:body><w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id=\"2\"/>"
                          "</w:r></w:p></w:body></w:document>";
  const std::string notes = std::string("<w:footnotes xmlns:w=\"") + kW +
                            "\"><w:footnote w:id=\"2\"><w:p><w:r><w:t>注文。。截止目前</w:t></w:r></w:p>"
                            "</w:footnote></w:footnotes>";
  for (char mode : {'\x01', '\x03', '\x07'})
    CHECK(fz::fuzz::annotate_input(std::string(1, mode) + doc + std::string(1, '\0') + notes, **rules).empty());
}

TEST_CASE("annotate: refuses a SourceText that is not from these bytes, and a non-docx") {
  const std::string in = package("<w:p><w:r><w:t>甲乙</w:t></w:r></w:p>");
  auto other = must_ingest(package("<w:p><w:r><w:t>丙丁</w:t></w:r></w:p>"));
  auto r = fz::annotate::annotate_docx(in, other, {}, opts());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("不一致") != std::string::npos);
  auto bad = fz::annotate::annotate_docx("not a zip", other, {}, opts());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("ZIP") != std::string::npos);
}

TEST_CASE("annotate: a damaged entry it has to copy gives a Chinese reason and the remedy") {
  // A stored package whose last entry (an image annotate copies untouched) claims, in the
  // central directory, more bytes than the file holds: ingest reads only the XML parts, so the
  // damage shows when the copy is written.
  std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml", kTypes},
      {"word/document.xml", doc_xml("<w:p><w:r><w:t>截止目前开展活动。</w:t></w:r></w:p>")},
      {"word/_rels/document.xml.rels", kRels},
      {"word/styles.xml", kStyles},
      {"word/media/image1.png", std::string(kPng, sizeof kPng - 1)}};
  std::string zip = fz::fuzz::stored_zip(files);
  const size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  const size_t last = zip.rfind(std::string("PK\x01\x02", 4), eocd);
  REQUIRE(last != std::string::npos);
  for (size_t k : {20u, 24u}) {  // compressed and uncompressed size of the image's entry
    zip[last + k] = '\xff';
    zip[last + k + 1] = '\x7f';
  }
  auto st = fz::ingest::ingest(zip, Format::Docx);
  REQUIRE_MESSAGE(st.ok(), (st.ok() ? "" : st.error().message));
  auto r = fz::annotate::annotate_docx(zip, *st, {on(*st, "截止目前", "misused-term")}, opts());
  REQUIRE_FALSE(r.ok());
  const std::string m = r.error().message;
  CHECK(m.find("写出批注文档失败：原文件") != std::string::npos);
  CHECK(m.find("另存为新的 .docx") != std::string::npos);
  CHECK(m.find("（libzip：") != std::string::npos);
}

TEST_CASE("annotate: the structural validator catches broken packages") {
  const std::string in = package("<w:p><w:r><w:t>甲乙丙</w:t></w:r></w:p>");
  const auto st = must_ingest(in);
  const auto res = fz::annotate::annotate_docx(in, st, {on(st, "乙", "r")}, opts());
  REQUIRE(res.ok());
  auto z = read_zip(res->docx);
  auto rebuild = [&](const std::string& name, const std::string& content) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [n, e] : z) files.emplace_back(n, n == name ? content : e.content);
    return make_zip(files);
  };
  auto problems = [&](const std::string& bytes) { return check_package(in, bytes).problems; };
  CHECK(problems(res->docx).empty());
  std::string doc = z.at("word/document.xml").content;
  const std::string ref = "<w:r><w:commentReference w:id=\"0\"/></w:r>";
  REQUIRE(doc.find(ref) != std::string::npos);
  std::string no_ref = doc;
  no_ref.erase(no_ref.find(ref), ref.size());
  CHECK_FALSE(problems(rebuild("word/document.xml", no_ref)).empty());
  std::string twice = doc;
  twice.insert(twice.find(ref), ref);
  CHECK_FALSE(problems(rebuild("word/document.xml", twice)).empty());
  std::string stray = doc;  // a marker of an id neither fzlint's nor the original's
  stray.insert(stray.find(ref), "<w:commentRangeStart w:id=\"77\"/>");
  CHECK_FALSE(problems(rebuild("word/document.xml", stray)).empty());
  std::string rev = doc;  // a revision reusing the comment's id
  rev.insert(rev.find(ref), "<w:ins w:id=\"0\" w:author=\"x\"/>");
  CHECK_FALSE(problems(rebuild("word/document.xml", rev)).empty());
  CHECK_FALSE(problems(rebuild("word/header1.xml", kHeader + " ")).empty());
  std::string types = z.at("[Content_Types].xml").content;
  types.erase(types.find("<Override PartName=\"/word/comments.xml\""));
  CHECK_FALSE(problems(rebuild("[Content_Types].xml", types + "</Types>")).empty());
  CHECK_FALSE(problems(rebuild("word/comments.xml", "<w:comments/>")).empty());
}

// ---- the CLI on real reports -----------------------------------------------------------------

namespace {

/// A plain .docx whose paragraphs are the lines of `text` (the .txt twin of a Word draft).
std::string docx_from_text(const std::string& text) {
  std::string body;
  std::istringstream in(text);
  std::string line;
  auto esc = [](const std::string& s) {
    std::string o;
    for (char c : s) o += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    return o;
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    body += "<w:p><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">" +
            esc(line) + "</w:t></w:r></w:p>";
  }
  return package(body);
}

int run(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void cli_round_trip(const fs::path& txt, const std::string& name) {
  const char* fzlint = std::getenv("FZLINT");
  REQUIRE(fzlint);
  const fs::path dir = fs::path(FZ_BINARY_DIR) / "annotate-cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string text = fz::testing::read_file(txt);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const std::string docx = docx_from_text(text);
  {
    std::ofstream(dir / "报告.docx", std::ios::binary) << docx;
    std::ofstream(dir / "报告.txt", std::ios::binary) << text << "\n";
  }
  const std::string d = "'" + dir.string() + "'";
  // What check finds in the .docx is what annotate comments on.
  REQUIRE(run(std::string(fzlint) + " check --no-config --format json " + d + "/报告.docx > " + d +
              "/check.json; test $? -le 1") == 0);
  const std::string json = fz::testing::read_file(dir / "check.json");
  const size_t findings = count(json, "\"rule\":");
  REQUIRE(findings > 0);
  REQUIRE(run(std::string(fzlint) + " annotate --no-config --track-fixes " + d + "/报告.docx 2> " +
              d + "/annotate.err") == 0);
  const std::string out = fz::testing::read_file(dir / "报告.fzlint.docx");
  REQUIRE(!out.empty());
  CHECK(fz::testing::read_file(dir / "报告.docx") == docx);  // the input is never touched
  CHECK(validate(docx, out) == findings);
  // Accepting every revision gives the text `check --fix` writes into the .txt twin.
  REQUIRE(run(std::string(fzlint) + " check --no-config --fix " + d + "/报告.txt > /dev/null 2>&1;"
              " test $? -le 1") == 0);
  std::string fixed = fz::testing::read_file(dir / "报告.txt");
  while (!fixed.empty() && fixed.back() == '\n') fixed.pop_back();
  CHECK(must_ingest(out).text == fixed);
  // --min-severity: fewer comments, none below the level.
  REQUIRE(run(std::string(fzlint) + " annotate --no-config --min-severity warning " + d +
              "/报告.docx -o " + d + "/w.docx 2>/dev/null") == 0);
  const size_t warnings = validate(docx, fz::testing::read_file(dir / "w.docx"));
  CHECK(warnings == count(json, "\"severity\": \"warning\"") + count(json, "\"severity\": \"error\""));
  // A folder: one copy per .docx below OUTDIR.
  REQUIRE(run(std::string(fzlint) + " annotate --no-config " + d + " -o " + d + "/out 2>/dev/null") ==
          0);
  CHECK(fs::exists(dir / "out" / "报告.docx"));
  // A .txt: a clear refusal that points to check.
  CHECK(run(std::string(fzlint) + " annotate " + d + "/报告.txt 2> " + d + "/txt.err") == 2);
  CHECK(fz::testing::read_file(dir / "txt.err").find("fzlint check") != std::string::npos);
  // -o equal to the input without --in-place is refused.
  CHECK(run(std::string(fzlint) + " annotate " + d + "/报告.docx -o " + d + "/报告.docx 2>/dev/null") ==
        2);
}

}  // namespace

TEST_CASE("annotate CLI: examples/sample-report.txt as a Word draft") {
  cli_round_trip(fz::testing::source_dir() / "examples" / "sample-report.txt", "sample");
}

TEST_CASE("annotate CLI: the seed report as a Word draft (skipped without the seed)") {
  const char* shared = std::getenv("FZ_SHARED_DIR");
  fs::path seed = fs::path(shared ? shared : FZ_SOURCE_DIR "/../shared") / "seeds" /
                  "000_4cb5d7ebd9b6d720.txt";
  if (!shared && !fs::exists(seed))  // a worktree one level deeper than the checkout
    seed = fs::path(FZ_SOURCE_DIR "/../../shared/seeds/000_4cb5d7ebd9b6d720.txt");
  if (!fs::exists(seed)) {
    MESSAGE("SKIP: seed report absent: " << seed.string());
    return;
  }
  cli_round_trip(seed, "seed");
}

TEST_CASE("CLI: a .doc without LibreOffice on PATH: the exact conversion command, exit 2") {
  const char* fzlint = std::getenv("FZLINT");
  REQUIRE(fzlint);
  const fs::path dir = fs::path(FZ_BINARY_DIR) / "annotate-cli" / "doc";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "旧报告.doc", std::ios::binary) << std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  const std::string d = "'" + dir.string() + "'";
  CHECK(run("PATH=/nonexistent " + std::string(fzlint) + " check " + d + "/旧报告.doc > " + d +
            "/check.out 2>&1") == 2);
  const std::string out = fz::testing::read_file(dir / "check.out");
  CHECK(out.find("soffice --headless --convert-to docx") != std::string::npos);
  CHECK(out.find("另存为 .docx") != std::string::npos);
  CHECK(run("PATH=/nonexistent " + std::string(fzlint) + " annotate " + d + "/旧报告.doc 2> " + d +
            "/annotate.err") == 2);
  CHECK(fz::testing::read_file(dir / "annotate.err").find("soffice --headless") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "旧报告.fzlint.docx"));
}
