// Unit tests for src/ingest: encodings (BOMs, GB18030, UTF-16, detection), invalid bytes,
// refusals, input issues, encode() round trips, Markdown blocks and directives, .docx, and
// robustness on pseudo-random bytes for every format.
#include <doctest/doctest.h>

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "docx_zip.h"
#include "golden.h"
#include "ingest/decode.h"
#include "ingest/source_text.h"
#include "text/line_index.h"
#include "text/utf8.h"

using fz::ByteSpan;
using fz::ingest::Block;
using fz::ingest::Format;
using fz::ingest::SourceText;
using fz::text::ColumnUnit;
using fz::text::LineIndex;

namespace {

std::string fixture(const std::string& name) {
  return fz::testing::read_file(fz::testing::fixtures_dir() / "ingest" / name);
}

SourceText must_ingest(std::string_view bytes, Format f, fz::ingest::Options opts = {}) {
  auto r = fz::ingest::ingest(bytes, f, opts);
  if (!r) FAIL("ingest failed: " << r.error().message);
  return std::move(r).value();
}

std::vector<std::string> block_texts(const SourceText& st) {
  std::vector<std::string> out;
  for (const Block& b : st.blocks) out.emplace_back(st.text.substr(b.span.begin, b.span.size()));
  return out;
}

std::string dump_blocks(const SourceText& st) { return fz::ingest::dump(st); }

// Blocks joined by " | " — readable in failure messages.
std::string joined(const SourceText& st) {
  std::string out;
  for (const auto& b : block_texts(st)) out += (out.empty() ? "" : " | ") + b;
  return out;
}

const fz::ingest::InputIssue* find_issue(const SourceText& st, std::string_view rule) {
  for (const auto& is : st.issues)
    if (is.rule == rule) return &is;
  return nullptr;
}

}  // namespace

TEST_CASE("format_from_path and to_string") {
  using fz::ingest::format_from_path;
  CHECK(format_from_path("a/b/report.md") == Format::Markdown);
  CHECK(format_from_path("REPORT.MARKDOWN") == Format::Markdown);
  CHECK(format_from_path("x.DOCX") == Format::Docx);
  CHECK(format_from_path("x.txt") == Format::Text);
  CHECK(format_from_path("noext") == Format::Text);
  CHECK(format_from_path(".md") == Format::Text);  // hidden file, no extension
  CHECK(format_from_path("dir.md/file") == Format::Text);
  CHECK(format_from_path("C:\\docs\\报告.docx") == Format::Docx);
  CHECK(fz::ingest::to_string(Format::Text) == "text");
  CHECK(fz::ingest::to_string(Format::Markdown) == "markdown");
  CHECK(fz::ingest::to_string(Format::Docx) == "docx");
}

TEST_CASE("the same report in six encodings gives the same blocks and positions") {
  const SourceText ref = must_ingest(fixture("report.txt"), Format::Text);
  CHECK(ref.encoding == "UTF-8");
  CHECK_FALSE(ref.had_bom);
  CHECK(ref.issues.empty());
  const auto ref_blocks = block_texts(ref);
  REQUIRE(ref_blocks.size() == 14);
  CHECK(ref_blocks.front() == "𪚥溪县𠀀田镇2024年法治政府建设年度报告");
  CHECK(ref_blocks[6] == "一是法治宣传形式较为单一；二是执法人员专业能力有待提升。");  // U+3000 trimmed
  fz::testing::check_golden(fz::testing::fixtures_dir() / "ingest" / "report.blocks",
                            dump_blocks(ref));

  // Just after the person's name 𪚥明 (Ext-B) on line 5.
  const std::string needle = "同志切实";
  LineIndex ref_idx(ref.text);
  const auto ref_pos = ref_idx.position(static_cast<uint32_t>(ref.text.find(needle)));
  const auto ref_u16 = ref_idx.position(static_cast<uint32_t>(ref.text.find(needle)), ColumnUnit::Utf16);
  CHECK(ref_pos.line == 5);
  CHECK(ref_pos.column == 30);
  CHECK(ref_u16.column == 31);  // 𪚥 takes two UTF-16 units

  struct Variant {
    const char* file;
    const char* encoding;
    bool bom;
  };
  for (Variant v : {Variant{"report.utf8bom-crlf.txt", "UTF-8 (BOM)", true},
                    Variant{"report.cr.txt", "UTF-8", false},
                    Variant{"report.gb18030.txt", "GB18030", false},
                    Variant{"report.utf16le.txt", "UTF-16LE", true},
                    Variant{"report.utf16be.txt", "UTF-16BE", true}}) {
    INFO("variant " << v.file);
    const std::string bytes = fixture(v.file);
    REQUIRE_FALSE(bytes.empty());
    const SourceText st = must_ingest(bytes, Format::Text);
    CHECK(st.encoding == v.encoding);
    CHECK(st.had_bom == v.bom);
    CHECK(st.issues.empty());
    CHECK(block_texts(st) == ref_blocks);
    CHECK(fz::text::is_valid_utf8(st.text));
    CHECK(st.text.find("\xEF\xBB\xBF") == std::string::npos);  // BOM dropped
    LineIndex idx(st.text);
    CHECK(idx.line_count() == ref_idx.line_count());
    const auto at = static_cast<uint32_t>(st.text.find(needle));
    for (auto u : {ColumnUnit::CodePoint, ColumnUnit::Utf16}) {
      const auto p = idx.position(at, u);
      const auto q = ref_idx.position(static_cast<uint32_t>(ref.text.find(needle)), u);
      CHECK(p.line == q.line);
      CHECK(p.column == q.column);
    }
  }
}

TEST_CASE("line breaks are kept exactly, so line numbers match the original file") {
  const SourceText crlf = must_ingest(fixture("report.utf8bom-crlf.txt"), Format::Text);
  CHECK(crlf.text.find("\r\n") != std::string::npos);
  CHECK(crlf.text.size() + 3 == fixture("report.utf8bom-crlf.txt").size());
  const SourceText cr = must_ingest(fixture("report.cr.txt"), Format::Text);
  CHECK(cr.text == fixture("report.cr.txt"));
  CHECK(find_issue(cr, "mixed-line-endings") == nullptr);  // consistent CR is not "mixed"
}

TEST_CASE("invalid UTF-8 bytes: exact span, merged run, rest decoded") {
  // Line 2 has two bad bytes (one run) after 3 characters; line 3 has a truncated sequence.
  const std::string bytes = std::string("标题\n第一行") + "\xFF\xFE" + "后文𠀀。\n末\xE5\xBC" + "尾\n";
  const SourceText st = must_ingest(bytes, Format::Text);
  CHECK(st.encoding == "UTF-8");
  CHECK(fz::text::is_valid_utf8(st.text));
  REQUIRE(st.issues.size() == 2);
  LineIndex idx(st.text);
  const auto& a = st.issues[0];
  CHECK(a.rule == "invalid-encoding");
  CHECK(a.severity == fz::Severity::Warning);
  CHECK(a.message.find("0xFF 0xFE") != std::string::npos);
  CHECK(st.text.substr(a.span.begin, a.span.size()) == "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(idx.position(a.span.begin).line == 2);
  CHECK(idx.position(a.span.begin).column == 4);
  const auto& b = st.issues[1];
  CHECK(b.message.find("0xE5 0xBC") != std::string::npos);
  CHECK(idx.position(b.span.begin).line == 3);
  CHECK(idx.position(b.span.begin).column == 2);
  CHECK(st.text.find("后文𠀀。") != std::string::npos);
  CHECK(st.text.find("尾") != std::string::npos);
  CHECK(block_texts(st).size() == 3);
}

TEST_CASE("invalid bytes in a GB18030 file are reported in GB18030 terms") {
  std::string gb = fixture("report.gb18030.txt");
  REQUIRE(gb.size() > 200);
  // Corrupt the file: append a line with a lone 0xFF (never valid in GB18030).
  gb += "损坏";  // not valid GB18030 bytes either way: UTF-8 bytes of 损坏 inside a GB file
  gb = fixture("report.gb18030.txt") + "\xC4\xA9\xFF\xCE\xB2\n";  // 末 0xFF 尾 in GB18030
  const SourceText st = must_ingest(gb, Format::Text);
  CHECK(st.encoding == "GB18030");
  REQUIRE(st.issues.size() == 1);
  CHECK(st.issues[0].message.find("0xFF") != std::string::npos);
  CHECK(st.issues[0].message.find("GB18030") != std::string::npos);
  LineIndex idx(st.text);
  CHECK(idx.position(st.issues[0].span.begin).line == 17);
  CHECK(idx.position(st.issues[0].span.begin).column == 2);
  CHECK(idx.line_text(17) == "末\xEF\xBF\xBD尾");
}

TEST_CASE("a UTF-8 file with one damaged character stays UTF-8") {
  std::string bytes = fixture("report.txt");
  bytes.insert(bytes.find("群众满意度"), "\xE6\xB3");  // truncated 法
  const SourceText st = must_ingest(bytes, Format::Text);
  CHECK(st.encoding == "UTF-8");
  REQUIRE(st.issues.size() == 1);
  CHECK(LineIndex(st.text).position(st.issues[0].span.begin).line == 6);
}

TEST_CASE("binary and oversize inputs are refused with clear messages") {
  auto bin = fz::ingest::ingest(std::string("abc\0\x01\x02\xFFxyz", 10), Format::Text);
  REQUIRE_FALSE(bin.ok());
  CHECK(bin.error().message.find("二进制文件，不是文本") != std::string::npos);
  // NUL in otherwise valid UTF-8 is still binary.
  auto nul = fz::ingest::ingest(std::string("法治\0政府", 13), Format::Text);
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.error().message.find("二进制") != std::string::npos);

  // Known containers are named.
  auto pdf = fz::ingest::ingest("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", Format::Text);
  REQUIRE_FALSE(pdf.ok());
  CHECK(pdf.error().message.find("PDF") != std::string::npos);
  auto docx_as_txt = fz::ingest::ingest(std::string("PK\x03\x04\x14\x00", 6), Format::Markdown);
  REQUIRE_FALSE(docx_as_txt.ok());
  CHECK(docx_as_txt.error().message.find(".docx") != std::string::npos);
  // RTF (Word/WPS "save as .rtf"): refused, never linted as text full of control words.
  for (Format f : {Format::Text, Format::Markdown}) {
    auto rtf = fz::ingest::ingest("{\\rtf1\\ansi\\ansicpg936 {\\f0 \\'b1\\'a8\\'b8\\'e6}\\par}", f);
    REQUIRE_FALSE(rtf.ok());
    CHECK(rtf.error().message.find("RTF") != std::string::npos);
    CHECK(rtf.error().message.find(".docx") != std::string::npos);
  }
  auto doc = fz::ingest::ingest(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), Format::Text);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.error().message.find(".doc") != std::string::npos);

  fz::ingest::Options small;
  small.max_bytes = 100;
  auto big = fz::ingest::ingest(std::string(101, 'a'), Format::Text, small);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().message.find("文件过大") != std::string::npos);
  CHECK(big.error().message.find("101") != std::string::npos);
  CHECK(fz::ingest::ingest(std::string(100, 'a'), Format::Text, small).ok());
  for (Format f : {Format::Markdown, Format::Docx})
    CHECK_FALSE(fz::ingest::ingest(std::string(101, 'a'), f, small).ok());
}

TEST_CASE("UTF-16 without BOM is recognised by its zero bytes; bad surrogates reported") {
  const std::string le = fixture("report.utf16le.txt").substr(2);
  const SourceText st = must_ingest(le, Format::Text);
  CHECK(st.encoding == "UTF-16LE");
  CHECK_FALSE(st.had_bom);
  CHECK(block_texts(st) == block_texts(must_ingest(fixture("report.txt"), Format::Text)));

  // BOM + "法" + lone high surrogate + "治" + odd trailing byte.
  const std::string bad("\xFF\xFE\xD5\x6C\x3D\xD8\xBB\x6C\x41", 9);
  const SourceText b = must_ingest(bad, Format::Text);
  CHECK(b.encoding == "UTF-16LE");
  REQUIRE(b.issues.size() == 2);
  CHECK(b.text == "法\xEF\xBF\xBD治\xEF\xBF\xBD");
  CHECK(b.issues[0].message.find("0x3D 0xD8") != std::string::npos);
  CHECK(b.issues[1].message.find("0x41") != std::string::npos);
}

TEST_CASE("UTF-32 BOMs are honoured") {
  auto r = fz::ingest::encode("法治\n𠀀", "UTF-32LE", true);
  REQUIRE(r.ok());
  CHECK(r->substr(0, 4) == std::string("\xFF\xFE\x00\x00", 4));
  const SourceText st = must_ingest(*r, Format::Text);
  CHECK(st.encoding == "UTF-32LE");
  CHECK(st.text == "法治\n𠀀");
  auto be = fz::ingest::encode("法治", "UTF-32BE", true);
  REQUIRE(be.ok());
  CHECK(must_ingest(*be, Format::Text).text == "法治");
}

TEST_CASE("input issues: mixed line endings and invisible characters") {
  const std::string t = "第一行\r\n第二行\r\n第三行\n第\xE2\x80\x8B\xE2\x80\x8B四行\xEF\xBB\xBF。\r\n";
  const SourceText st = must_ingest(t, Format::Text);
  const auto* mixed = find_issue(st, "mixed-line-endings");
  REQUIRE(mixed != nullptr);
  CHECK(mixed->severity == fz::Severity::Info);
  CHECK(mixed->message.find("CRLF 3 处") != std::string::npos);
  CHECK(mixed->message.find("LF 1 处") != std::string::npos);
  CHECK(LineIndex(st.text).position(mixed->span.begin).line == 3);
  int invisible = 0;
  for (const auto& is : st.issues) {
    if (is.rule != "invisible-characters") continue;
    ++invisible;
    CHECK(is.severity == fz::Severity::Info);
  }
  CHECK(invisible == 2);  // the ZWSP pair is one run; the inner U+FEFF another
  const auto* inv = find_issue(st, "invisible-characters");
  CHECK(inv->message.find("2 个") != std::string::npos);
  CHECK(inv->message.find("U+200B") != std::string::npos);
  CHECK(st.text.substr(inv->span.begin, inv->span.size()) == "\xE2\x80\x8B\xE2\x80\x8B");
  // Zero-width characters stay in text; blocks trim them at the edges only.
  CHECK(st.text.find("\xE2\x80\x8B") != std::string::npos);
  const std::string edges = "\xE2\x80\x8B\xC2\xA0\t\xE3\x80\x80正文\xE3\x80\x80\xC2\xA0\n";
  const SourceText e = must_ingest(edges, Format::Text);
  CHECK(block_texts(e) == std::vector<std::string>{"正文"});
}

// The runs of invisible characters as the decoding walk found them before add_text_issues
// matched their bytes instead (the model the byte walk is held to).
static std::vector<ByteSpan> invisible_runs_by_decoding(std::string_view t) {
  std::vector<ByteSpan> runs;
  for (size_t i = 0; i < t.size();) {
    const auto lead = static_cast<unsigned char>(t[i]);
    if (lead >= 0xE3 && lead <= 0xEE && i + 3 <= t.size() &&
        (static_cast<unsigned char>(t[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(t[i + 2]) & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (lead != 0xC2 && lead != 0xE1 && lead != 0xE2 && lead != 0xEF) {
      ++i;
      continue;
    }
    fz::text::Decoded d = fz::text::decode_utf8(t, i);
    if (!d.valid || !fz::text::is_invisible(d.cp)) {
      i += d.len ? d.len : 1;
      continue;
    }
    const size_t b = i;
    while (i < t.size()) {
      fz::text::Decoded e = fz::text::decode_utf8(t, i);
      if (!e.valid || !fz::text::is_invisible(e.cp)) break;
      i += e.len;
    }
    runs.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(i)});
  }
  return runs;
}

TEST_CASE("input issues: the byte scan for invisible characters finds what decoding finds") {
  // Random strings of pieces chosen to sit next to each other: every invisible character and
  // near misses of each encoding, Han, full-width punctuation, ASCII, lone lead and
  // continuation bytes, truncated sequences (also at the end).
  std::vector<std::string> pieces = {"\xC2\xAD", "\xE1\xA0\x8E", "\xEF\xBB\xBF", "\xC2\xA0", "\xC2",
                                     "\xE1\xA0", "\xE1\xA0\x8F", "\xEF\xBB", "\xEF\xBC\x8C", "\xE2\x80\x9C",
                                     "\xE2\x80", "\xE2", "\xE2\x81", "\x80", "\xBF", "\xFF", "\xF0\x9F\x98\x80",
                                     "\xE3\x80\x82", "\xE5\xB9\xB4", "\xE5\xB9", "\xE5", "a", "1", "\n", "\r\n"};
  for (unsigned c = 0x80; c <= 0xBF; ++c) {
    pieces.push_back(std::string("\xE2\x80") + static_cast<char>(c));
    pieces.push_back(std::string("\xE2\x81") + static_cast<char>(c));
  }
  std::mt19937 rng(16);
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    const int k = static_cast<int>(rng() % 24);
    for (int j = 0; j < k; ++j) t += pieces[rng() % pieces.size()];
    std::vector<fz::ingest::InputIssue> issues;
    fz::ingest::add_text_issues(t, issues);
    std::vector<ByteSpan> got;
    for (const auto& is : issues)
      if (is.rule == "invisible-characters") got.push_back(is.span);
    const auto want = invisible_runs_by_decoding(t);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].begin == want[i].begin);
      CHECK(got[i].end == want[i].end);
    }
  }
}

TEST_CASE("input issues: line endings counted by memchr as by the byte loop") {
  const char* pieces[] = {"\r", "\n", "\r\n", "\n\r", "a", "\xE5\xB9\xB4", "\r\r"};
  std::mt19937 rng(1616);
  for (int round = 0; round < 3000; ++round) {
    std::string t;
    const int k = static_cast<int>(rng() % 12);
    for (int j = 0; j < k; ++j) t += pieces[rng() % std::size(pieces)];
    // The byte loop add_text_issues used before.
    size_t count[3] = {0, 0, 0}, first[3] = {0, 0, 0};
    for (size_t i = 0; i < t.size(); ++i) {
      int kind = -1;
      if (t[i] == '\n') kind = 0;
      else if (t[i] == '\r') kind = (i + 1 < t.size() && t[i + 1] == '\n') ? 1 : 2;
      if (kind < 0) continue;
      if (count[kind]++ == 0) first[kind] = i;
      if (kind == 1) ++i;
    }
    const int kinds = (count[0] > 0) + (count[1] > 0) + (count[2] > 0);
    std::vector<fz::ingest::InputIssue> issues;
    fz::ingest::add_text_issues(t, issues);
    const fz::ingest::InputIssue* mixed = nullptr;
    for (const auto& is : issues)
      if (is.rule == "mixed-line-endings") mixed = &is;
    REQUIRE((mixed != nullptr) == (kinds > 1));
    if (!mixed) continue;
    const char* names[3] = {"LF", "CRLF", "CR"};
    const int major = static_cast<int>(std::max_element(count, count + 3) - count);
    int minor = -1;
    for (int i = 0; i < 3; ++i)
      if (i != major && count[i] && (minor < 0 || first[i] < first[minor])) minor = i;
    CHECK(mixed->span.begin == first[minor]);
    CHECK(mixed->span.size() == (minor == 1 ? 2u : 1u));
    std::string summary;
    for (int i = 0; i < 3; ++i)
      if (count[i]) summary += (summary.empty() ? "" : "、") + std::string(names[i]) + " " + std::to_string(count[i]) + " 处";
    CHECK(mixed->message.find("（" + summary + "）") != std::string::npos);
    CHECK(mixed->message.find(std::string("建议统一为 ") + names[major]) != std::string::npos);
  }
}

TEST_CASE("encode() round trips for every write-back encoding") {
  const std::string text = fixture("report.txt");
  struct Enc {
    const char* name;
    bool bom;
  };
  for (Enc e : {Enc{"UTF-8", false}, Enc{"UTF-8", true}, Enc{"UTF-8 (BOM)", true},
                Enc{"GB18030", false}, Enc{"UTF-16LE", true}, Enc{"UTF-16BE", true},
                Enc{"UTF-16LE", false}}) {
    INFO("encoding " << e.name << " bom " << e.bom);
    auto bytes = fz::ingest::encode(text, e.name, e.bom);
    REQUIRE(bytes.ok());
    const SourceText st = must_ingest(*bytes, Format::Text);
    CHECK(st.text == text);
    CHECK(st.issues.empty());
    CHECK(st.had_bom == e.bom);
    // The encoder agrees with iconv's output committed as fixtures.
    if (std::string_view(e.name) == "GB18030") CHECK(*bytes == fixture("report.gb18030.txt"));
    if (std::string_view(e.name) == "UTF-16BE") CHECK(*bytes == fixture("report.utf16be.txt"));
    if (std::string_view(e.name) == "UTF-8" && e.bom)
      CHECK(bytes->substr(0, 3) == "\xEF\xBB\xBF");
  }
  auto big5 = fz::ingest::encode("法治𠀀", "Big5", false);
  REQUIRE_FALSE(big5.ok());  // 𠀀 is not in Big5
  CHECK(big5.error().message.find("U+20000") != std::string::npos);
  CHECK_FALSE(fz::ingest::encode("x", "no-such-charset", false).ok());
}

TEST_CASE("Markdown: the same report with # headings gives the same block texts") {
  const SourceText txt = must_ingest(fixture("report.txt"), Format::Text);
  const SourceText md = must_ingest(fixture("report.md"), Format::Markdown);
  CHECK(md.format == Format::Markdown);
  CHECK(block_texts(md) == block_texts(txt));
  fz::testing::check_golden(fz::testing::fixtures_dir() / "ingest" / "report.md.blocks",
                            dump_blocks(md));
  REQUIRE(md.blocks.size() == txt.blocks.size());
  CHECK(md.blocks[0].kind == Block::Kind::Heading);
  CHECK(md.blocks[0].heading_level == 1);
  CHECK(md.blocks[2].heading_level == 2);  // "## … ##": closing #s dropped
  CHECK(md.blocks[5].heading_level == 1);  // setext, ** stripped
  CHECK(md.blocks[1].kind == Block::Kind::Paragraph);
  // Positions of the Ext-B name agree with the file's own lines.
  LineIndex idx(md.text);
  const auto at = static_cast<uint32_t>(md.text.find("同志切实"));
  CHECK(idx.position(at).line == 12);
  CHECK(idx.position(at).column == 30);
  CHECK(md.issues.empty());
}

TEST_CASE("dump: one line per block, directive and issue") {
  const SourceText st = must_ingest("# 标题\n\n正文第一行，\n续行。\r\n<!-- fzlint-disable a b -->\n\xFF\n",
                                    Format::Markdown);
  CHECK(fz::ingest::dump(st) ==
        "format=markdown encoding=UTF-8 bom=no\n"
        "H1 [2,8) 标题\n"
        "P [10,38) 正文第一行，⏎续行。\n"
        "P [68,71) \xEF\xBF\xBD\n"
        "disable [40,67) a,b\n"
        "info mixed-line-endings [38,40) 换行符不统一（LF 5 处、CRLF 1 处），此处起出现 CRLF；"
        "多见于拼接自不同来源的稿件，建议统一为 LF\n"
        "warning invalid-encoding [68,71) 按 UTF-8 解码时遇到无效字节 0xFF，已替换为 U+FFFD（\xEF\xBF\xBD）；"
        "请确认文件编码或修复损坏的字符\n");
}

TEST_CASE("Markdown: directives") {
  const SourceText md = must_ingest(fixture("report.md"), Format::Markdown);
  REQUIRE(md.directives.size() == 3);
  using K = fz::ingest::Directive::Kind;
  CHECK(md.directives[0].kind == K::DisableNextLine);
  CHECK(md.directives[0].rules == std::vector<std::string>{"quantified-results"});
  CHECK(md.directives[1].kind == K::Disable);
  CHECK(md.directives[1].rules == std::vector<std::string>{"signature-format", "date-format"});
  CHECK(md.directives[2].kind == K::Enable);
  CHECK(md.directives[2].rules.empty());
  for (const auto& d : md.directives) {
    const std::string c = md.text.substr(d.span.begin, d.span.size());
    CHECK(c.substr(0, 4) == "<!--");
    CHECK(c.substr(c.size() - 3) == "-->");
  }
  // The line after disable-next-line is the next line of the file.
  LineIndex idx(md.text);
  CHECK(idx.position(md.directives[0].span.begin).line == 11);

  const SourceText bad = must_ingest(
      "正文。\n\n<!-- fzlint-disabled foo -->\n\n<!-- 普通注释 -->\n\n<!-- fzlint-disable\n",
      Format::Markdown);
  CHECK(bad.directives.empty());
  int invalid = 0;
  for (const auto& is : bad.issues) invalid += is.rule == "invalid-directive";
  CHECK(invalid == 2);
  const SourceText all = must_ingest("<!-- fzlint-disable -->\n段落。\n<!--fzlint-disable:a，b-->\n",
                                     Format::Markdown);
  REQUIRE(all.directives.size() == 2);
  CHECK(all.directives[0].rules.empty());
  CHECK(all.directives[1].rules == std::vector<std::string>{"a", "b"});
  CHECK(block_texts(all) == std::vector<std::string>{"段落。"});
}

TEST_CASE("Markdown: lists, quotes, code, tables, paragraphs without blank lines") {
  const std::string md =
      "# 标题\n"
      "1. 加强学习\n"
      "2. 完善制度\n"          // short, unpunctuated: a heading of its own
      "   继续写。\n\n"
      "* 要点一\n"
      "+ 要点二\n\n"
      "> 引用第一行\n> 引用第二行\n\n"
      "| 项目 | 数量 |\n|---|---|\n| 案件 | 3 |\n\n"
      "    缩进的段落。\n\n"
      "一、总体情况\n"
      "（一）加强领导。一是学习。\n"
      "1.完善制度。\n"
      "2.加强监督，\n"
      "持续推进。\n"
      "第一句硬换行。\\\n"   // backslash hard break: not part of the text
      "第二句。\n"
      "***\n"
      "__全部加粗__\n";
  const SourceText st = must_ingest(md, Format::Markdown);
  CHECK(joined(st) ==
        "标题 | 1. 加强学习 | 2. 完善制度 | 继续写。 | 要点一 | 要点二 | 引用第一行 | "
        "引用第二行 | 缩进的段落。 | 一、总体情况 | （一）加强领导。一是学习。 | 1.完善制度。 | "
        "2.加强监督，\n持续推进。 | 第一句硬换行。 | 第二句。 | 全部加粗");
}

namespace {

// Pseudo-random inputs biased toward the syntax each reader cares about.
std::string random_input(std::mt19937& rng, const std::vector<std::string>& pieces) {
  std::uniform_int_distribution<int> len(0, 64), pick(0, 99), byte(0, 255);
  std::uniform_int_distribution<size_t> which(0, pieces.size() - 1);
  std::string s;
  const int n = len(rng);
  for (int i = 0; i < n; ++i) {
    if (pick(rng) < 60) {
      s += pieces[which(rng)];
    } else {
      s += static_cast<char>(byte(rng));
    }
  }
  return s;
}

std::string escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void check_invariants(const SourceText& st) {
  REQUIRE(fz::text::is_valid_utf8(st.text));
  uint32_t last = 0;
  for (const Block& b : st.blocks) {
    REQUIRE(b.span.begin >= last);
    REQUIRE(b.span.end <= st.text.size());
    REQUIRE(!b.span.empty());
    last = b.span.end;
  }
  for (const auto& is : st.issues) REQUIRE(is.span.end <= st.text.size());
  for (const auto& d : st.directives) REQUIRE(d.span.end <= st.text.size());
}

}  // namespace

TEST_CASE("nothing crashes on pseudo-random bytes (txt, md)") {
  std::mt19937 rng(20240601);
  const std::vector<std::string> txt = {"一、", "（一）", "。", "\n", "\r\n", "\r", "\xE3\x80\x80",
                                        "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\xE5\xBC",
                                        "\xC4\xE3", std::string(1, '\0'), "𠀀", "\xE2\x80\x8B"};
  const std::vector<std::string> md = {"# ", "## ", "\n", "> ", ">>", "- ", "1. ", "```\n",
                                       "---\n", "|", "|---|", "**", "__", "<!--", "-->",
                                       "fzlint-disable ", "    ", "===\n", "\r\n", "一、",
                                       "\t", "[x]", "<div>", "\\", "`"};
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string a = random_input(rng, txt);
    INFO("txt input: " << escaped(a));
    auto r = fz::ingest::ingest(a, Format::Text);
    if (r) check_invariants(*r); else ++refused;
    const std::string b = random_input(rng, md);
    INFO("md input: " << escaped(b));
    auto m = fz::ingest::ingest(b, Format::Markdown);
    if (m) check_invariants(*m); else ++refused;
  }
  CHECK(refused < 6000);  // most inputs decode; refusals are values, not crashes
}

namespace {

using fz::testing::make_zip;

const char* kW = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::string document_xml(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document ") +
         kW + "><w:body>" + body + "<w:sectPr/></w:body></w:document>";
}

std::string para(const std::string& runs, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + runs + "</w:p>";
}
std::string run(const std::string& t) { return "<w:r><w:t xml:space=\"preserve\">" + t + "</w:t></w:r>"; }
std::string numbered(int num, int ilvl, const std::string& style = "") {
  return (style.empty() ? "" : "<w:pStyle w:val=\"" + style + "\"/>") +
         "<w:numPr><w:ilvl w:val=\"" + std::to_string(ilvl) + "\"/><w:numId w:val=\"" +
         std::to_string(num) + "\"/></w:numPr>";
}

// Chinese Word names heading styles "1", "2" with w:name "heading 1".
const std::string kStyles = std::string("<w:styles ") + kW +
    "><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"标题 3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Outline\"><w:name w:val=\"大纲\"/>"
    "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Derived\"><w:name w:val=\"派生\"/>"
    "<w:basedOn w:val=\"Outline\"/></w:style></w:styles>";

// numId 1 → 公文 list: 一、 / （一） / 1. ; numId 2 → same abstract, restart at level 0.
const std::string kNumbering = std::string("<w:numbering ") + kW +
    "><w:abstractNum w:abstractNumId=\"0\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
    "<w:lvlText w:val=\"%1、\"/><w:suff w:val=\"nothing\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCountingThousand\"/>"
    "<w:lvlText w:val=\"（%2）\"/><w:suff w:val=\"nothing\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%3.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"3\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimalEnclosedCircle\"/>"
    "<w:lvlText w:val=\"%4\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"\xEF\x82\xB7\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"2\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"9\"/>"
    "<w:numFmt w:val=\"ideographDigital\"/><w:lvlText w:val=\"%1.\"/><w:suff w:val=\"space\"/>"
    "</w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"0\"/>"
    "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num></w:numbering>";

std::string make_docx(const std::string& body, bool styles = true, bool numbering = true) {
  std::vector<std::pair<std::string, std::string>> files = {
      {"[Content_Types].xml", "<Types/>"}, {"word/document.xml", document_xml(body)}};
  if (styles) files.emplace_back("word/styles.xml", kStyles);
  if (numbering) files.emplace_back("word/numbering.xml", kNumbering);
  return make_zip(files);
}

// The report of report.txt as a Word draft: automatic numbering for 一、/（一）, heading styles,
// a table cell, tracked changes, split runs, a hyperlink.
std::string report_docx() {
  std::string b;
  b += para(run("𪚥溪县𠀀田镇2024年法治政府建设年度报告"), "<w:jc w:val=\"center\"/>");
  b += para("");
  b += para(run("2024年以来，𠀀田镇坚持以习近平法治思想为指导，") +
            "<w:del><w:r><w:delText>认真</w:delText></w:r></w:del>" +
            "<w:ins><w:r><w:t>全面落实</w:t></w:r></w:ins>" +
            run("《法治政府建设实施纲要（2021—2025年）》，现将有关情况报告如下："));
  b += para(run("2024年度推进法治政府建设的主要举措和成效"), numbered(1, 0, "1"));
  b += para(run("加强组织领导，压实第一责任人职责。一是镇党委书记") +
                "<w:hyperlink><w:r><w:t>𪚥明</w:t></w:r></w:hyperlink>" +
                run("同志切实履行推进法治建设第一责任人职责；二是召开专题会议4次，研究解决重点问题12个。"),
            numbered(1, 1));
  b += para(run("推进严格规范公正文明执法。全年办理行政执法案件36件，行政复议纠错率为０%，群众满意度达98.5%。"),
            numbered(1, 1));
  b += para(run("2024年度推进法治政府建设存在的不足和原因"), numbered(1, 0, "1"));
  b += "<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/>" +
       para(run("\xE3\x80\x80\xE3\x80\x80一是法治宣传形式较为单一；二是执法人员专业能力有待提升。")) +
       "</w:tc></w:tr></w:tbl>";
  b += para(run("党政主要负责人履行推进法治建设第一责任人职责情况"), numbered(1, 0, "1"));
  b += para(run("镇党政主要负责人认真履行第一责任人职责，带头学法、带头守法。"));
  b += para(run("2025年度推进法治政府建设的主要安排"), numbered(1, 0, "1"));
  b += para(run("持续深化“八五”普法，开展“一月一主题”活动。"), numbered(1, 1));
  b += para(run("加强执法队伍建设，全年培训不少于2次。"), numbered(1, 1));
  b += para("");
  b += para(run("𠀀田镇人民政府"));
  b += para(run("2025年1月20日"));
  return make_docx(b);
}

}  // namespace

TEST_CASE("docx: the same report as a Word draft gives the same block texts") {
  const SourceText txt = must_ingest(fixture("report.txt"), Format::Text);
  const SourceText doc = must_ingest(report_docx(), Format::Docx);
  CHECK(doc.format == Format::Docx);
  CHECK(joined(doc) == joined(txt));
  CHECK(doc.issues.empty());
  REQUIRE(doc.blocks.size() == txt.blocks.size());
  CHECK(doc.blocks[2].kind == Block::Kind::Heading);
  CHECK(doc.blocks[2].heading_level == 1);
  CHECK(doc.blocks[3].kind == Block::Kind::Paragraph);
  // Line N is paragraph N, so positions agree with the .txt version line for line.
  LineIndex a(txt.text), b(doc.text);
  const auto pa = a.position(static_cast<uint32_t>(txt.text.find("同志切实")), ColumnUnit::Utf16);
  const auto pb = b.position(static_cast<uint32_t>(doc.text.find("同志切实")), ColumnUnit::Utf16);
  CHECK(pa.line == pb.line);
  CHECK(pa.column == pb.column);
  CHECK(b.line_count() == 16);
}

TEST_CASE("docx: runs, breaks, tabs, hyphens, deletions, field codes") {
  const std::string body =
      para("<w:r><w:t>第一</w:t><w:br/><w:t>行</w:t><w:tab/><w:t>制表</w:t><w:noBreakHyphen/>"
           "<w:t xml:space=\"preserve\"> 保留 </w:t><w:t>  去空格  </w:t></w:r>") +
      para("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
           "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
           "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
           "<w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
           "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
           "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
           "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>",
           "<w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs>") +
      para(run("文本框外") + "<w:r><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:drawing><w:txbxContent>" +
           para(run("框内")) + "</w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r>");
  const SourceText st = must_ingest(make_docx(body), Format::Docx);
  CHECK(joined(st) == "第一 行\t制表- 保留 去空格 | 3插入显示 | 文本框外");
  CHECK(LineIndex(st.text).line_count() == 3);
}

TEST_CASE("docx: heading levels from styles and numbering formats") {
  std::string b;
  b += para(run("甲"), "<w:pStyle w:val=\"2\"/>");         // heading 2 by name
  b += para(run("乙"), "<w:pStyle w:val=\"a5\"/>");        // 标题 3
  b += para(run("丙"), "<w:pStyle w:val=\"Derived\"/>");   // basedOn → outlineLvl 1 → level 2
  b += para(run("丁"), "<w:pStyle w:val=\"Heading4\"/>");  // unknown id that names a level
  b += para(run("戊"), "<w:outlineLvl w:val=\"0\"/>");
  b += para(run("总体"), numbered(1, 0));                  // 一、
  b += para(run("分项"), numbered(1, 1));                  // （一）
  b += para(run("细项"), numbered(1, 2));                  // 1.
  b += para(run("细项"), numbered(1, 2));                  // 2.
  b += para(run("圈号"), numbered(1, 3));                  // ①
  b += para(run("分项"), numbered(1, 1));                  // （二）, level 2 restarts
  b += para(run("细项"), numbered(1, 2));                  // 1.
  b += para(run("要点"), numbered(3, 0));                  // bullet: no marker text
  b += para(run("续"), numbered(1, 0));                    // 二、 (same list continues)
  b += para(run("重新"), numbered(2, 0));                  // numId 2: startOverride → 一、
  b += para(run("九"), numbered(4, 0));                    // ideographDigital from 9, space suffix
  b += para(run("一〇"), numbered(4, 0));
  const SourceText st = must_ingest(make_docx(b), Format::Docx);
  CHECK(joined(st) ==
        "甲 | 乙 | 丙 | 丁 | 戊 | 一、总体 | （一）分项 | 1.细项 | 2.细项 | ①圈号 | （二）分项 | "
        "1.细项 | 要点 | 二、续 | 一、重新 | 九. 九 | 一〇. 一〇");
  REQUIRE(st.blocks.size() == 17);
  CHECK(st.blocks[0].heading_level == 2);
  CHECK(st.blocks[1].heading_level == 3);
  CHECK(st.blocks[2].heading_level == 2);
  CHECK(st.blocks[3].heading_level == 4);
  CHECK(st.blocks[4].heading_level == 1);
  CHECK(st.blocks[5].kind == Block::Kind::Paragraph);

  // Without numbering.xml or styles.xml the text survives, unnumbered and without headings.
  const SourceText bare = must_ingest(make_docx(b, false, false), Format::Docx);
  CHECK(block_texts(bare)[5] == "总体");
  CHECK(bare.blocks[0].kind == Block::Kind::Paragraph);
}

TEST_CASE("docx: Chinese counting beyond ten") {
  std::string b;
  for (int i = 0; i < 23; ++i) b += para(run("项"), numbered(1, 0));
  const SourceText st = must_ingest(make_docx(b), Format::Docx);
  const auto t = block_texts(st);
  REQUIRE(t.size() == 23);
  CHECK(t[9] == "十、项");
  CHECK(t[10] == "十一、项");
  CHECK(t[19] == "二十、项");
  CHECK(t[22] == "二十三、项");
}

TEST_CASE("docx: unreadable files are refused with Chinese messages") {
  auto not_zip = fz::ingest::ingest("这不是压缩包", Format::Docx);
  REQUIRE_FALSE(not_zip.ok());
  CHECK(not_zip.error().message.find("不是有效的 .docx 文件") != std::string::npos);

  auto no_doc = fz::ingest::ingest(make_zip({{"word/other.xml", "<x/>"}}), Format::Docx);
  REQUIRE_FALSE(no_doc.ok());
  CHECK(no_doc.error().message.find("word/document.xml") != std::string::npos);

  auto bad_xml = fz::ingest::ingest(make_zip({{"word/document.xml", "<w:document><w:body>"}}),
                                    Format::Docx);
  REQUIRE_FALSE(bad_xml.ok());
  CHECK(bad_xml.error().message.find("不是有效的 XML") != std::string::npos);

  // Zip bomb: 200 KB of compressible XML against a 10 KB limit (× 8 = 80 KB of inflation).
  fz::ingest::Options small;
  small.max_bytes = 10000;
  const std::string bomb = make_docx(para(run(std::string(200000, 'a'))));
  REQUIRE(bomb.size() < small.max_bytes);
  auto r = fz::ingest::ingest(bomb, Format::Docx, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("压缩炸弹") != std::string::npos);

  // Empty document: no blocks, no error.
  const SourceText empty = must_ingest(make_docx(""), Format::Docx);
  CHECK(empty.blocks.empty());
}

TEST_CASE("nothing crashes on pseudo-random .docx inputs") {
  std::mt19937 rng(7);
  const std::vector<std::string> xml = {"<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>",
                                        "法治", "<w:tbl>", "<w:tc>", "<w:br/>", "<w:tab/>",
                                        "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"1\"/></w:numPr>",
                                        "<w:pPr>", "</w:pPr>", "<w:del>", "</w:del>", "&amp;", "<"};
  const std::string valid = report_docx();
  int ok = 0;
  for (int i = 0; i < 1500; ++i) {
    // 1) random XML bodies inside a valid zip; 2) random byte flips of a valid .docx.
    const std::string body = random_input(rng, xml);
    INFO("body: " << escaped(body));
    auto a = fz::ingest::ingest(make_docx(body), Format::Docx);
    if (a) {
      check_invariants(*a);
      ++ok;
    }
    std::string flipped = valid;
    std::uniform_int_distribution<size_t> pos(0, flipped.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int k = 0; k < 1 + i % 8; ++k) flipped[pos(rng)] = static_cast<char>(byte(rng));
    auto b = fz::ingest::ingest(flipped, Format::Docx);
    if (b) check_invariants(*b);
    auto c = fz::ingest::ingest(random_input(rng, xml), Format::Docx);
    CHECK_FALSE(c.ok());  // never a zip
  }
  CHECK(ok > 0);
}

TEST_CASE("charset detection: Big5 and Shift_JIS drafts decode as themselves, not as GBK") {
  // Big5 pairs decode "cleanly" as GBK too; the detector must win here.
  const std::string t =
      "臺北市政府一一三年度法治政府建設報告\n一、推動依法行政，落實法治政府建設各項工作。\n"
      "二、加強執法監督，提升行政效能與服務品質。\n三、強化法治宣導，營造尊法學法守法用法的良好氛圍。\n";
  for (const char* enc : {"Big5", "Shift_JIS", "GB18030"}) {
    INFO("encoding " << enc);
    auto bytes = fz::ingest::encode(t, enc, false);
    REQUIRE(bytes.ok());
    const SourceText st = must_ingest(*bytes, Format::Text);
    CHECK(st.encoding == enc);
    CHECK(st.text == t);
    CHECK(st.issues.empty());
    // Write-back keeps the file's encoding byte for byte.
    auto back = fz::ingest::encode(st.text, st.encoding, st.had_bom);
    REQUIRE(back.ok());
    CHECK(*back == *bytes);
  }
}

TEST_CASE("Markdown: hostile nesting is read as plain text instead of crashing the grammar") {
  // Past ~250 open containers tree-sitter-markdown's scanner overflows its state buffer.
  std::string quotes;
  for (int i = 0; i < 3000; ++i) quotes += "> ";
  quotes += "一、主要举措\n正文。\n";
  std::string lists;
  for (int i = 0; i < 2000; ++i) lists += std::string(static_cast<size_t>(2 * i), ' ') + "- 项\n";
  std::string same_line = "标题\n\n";
  for (int i = 0; i < 300; ++i) same_line += "1. - ";
  same_line += "深\n";
  for (const std::string& md : {quotes, lists, same_line}) {
    const SourceText st = must_ingest(md, Format::Markdown);
    const auto* is = find_issue(st, "markdown-too-deep");
    REQUIRE(is != nullptr);
    CHECK(is->severity == fz::Severity::Warning);
    CHECK(is->message.find("已按纯文本逐行读取") != std::string::npos);
    CHECK_FALSE(st.blocks.empty());
    check_invariants(st);
  }
  CHECK(LineIndex(same_line).position(find_issue(must_ingest(same_line, Format::Markdown),
                                                 "markdown-too-deep")->span.begin).line == 3);
  // Ordinary nesting is still Markdown.
  std::string ok;
  for (int i = 0; i < 20; ++i) ok += "> ";
  ok += "引用。\n";
  const SourceText st = must_ingest(ok, Format::Markdown);
  CHECK(find_issue(st, "markdown-too-deep") == nullptr);
  CHECK(block_texts(st) == std::vector<std::string>{"引用。"});
}

TEST_CASE("odt: paragraphs, headings, lists with Chinese numbering, notes, tracked changes") {
  const std::string ns =
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
      "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"";
  const std::string content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content " + ns +
      "><office:automatic-styles><text:list-style style:name=\"L1\">"
      "<text:list-level-style-number text:level=\"1\" style:num-suffix=\"、\" "
      "style:num-format=\"一, 二, 三, ...\"/><text:list-level-style-number text:level=\"2\" "
      "style:num-prefix=\"（\" style:num-suffix=\"）\" style:num-format=\"一, 二, 三, ...\"/>"
      "</text:list-style></office:automatic-styles><office:body><office:text>"
      "<text:tracked-changes><text:changed-region text:id=\"d1\"><text:deletion/>"
      "</text:changed-region><text:changed-region text:id=\"i1\"><text:insertion/>"
      "</text:changed-region></text:tracked-changes>"
      "<text:h text:outline-level=\"1\">𠀀县报告</text:h>"
      "<text:p>甲<text:s text:c=\"2\"/>乙<text:tab/>丙<text:note><text:note-body><text:p>脚注"
      "</text:p></text:note-body></text:note><text:change-start text:change-id=\"d1\"/>删掉"
      "<text:change-end text:change-id=\"d1\"/><text:change-start text:change-id=\"i1\"/>插入"
      "<text:change-end text:change-id=\"i1\"/></text:p>"
      "<text:list text:style-name=\"L1\"><text:list-item><text:p>举措</text:p><text:list>"
      "<text:list-item><text:p>组织</text:p></text:list-item></text:list></text:list-item>"
      "</text:list><text:p/>"
      "<table:table><table:table-row><table:table-cell><text:p>单元格</text:p></table:table-cell>"
      "</table:table-row></table:table>"
      "<text:list text:style-name=\"L1\" text:continue-numbering=\"true\"><text:list-item>"
      "<text:p>不足</text:p></text:list-item></text:list>"
      "</office:text></office:body></office:document-content>";
  const std::string odt = make_zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                                    {"content.xml", content}});
  CHECK(fz::ingest::format_from_path("报告.ODT") == Format::Odt);
  const SourceText st = must_ingest(odt, Format::Odt);
  CHECK(st.text == "𠀀县报告\n甲  乙\t丙插入\n一、举措\n（一）组织\n\n单元格\n二、不足");
  REQUIRE(!st.blocks.empty());
  CHECK(st.blocks[0].kind == Block::Kind::Heading);
  CHECK(st.numbering_chars == std::vector<uint32_t>{0, 0, 2, 3, 0, 0, 2});
  auto bad = fz::ingest::ingest(make_zip({{"mimetype", "x"}}), Format::Odt);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("content.xml") != std::string::npos);
}
