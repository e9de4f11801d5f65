// Unit tests for src/text: LineIndex (three column units, all line endings, clamping),
// UTF-8 helpers, Chinese sentence splitting and width folding.
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "text/fold.h"
#include "text/line_index.h"
#include "text/sentences.h"
#include "text/utf8.h"

using fz::ByteSpan;
using fz::text::ColumnUnit;
using fz::text::LineIndex;
using fz::text::Position;

namespace {

uint32_t off_of(std::string_view text, std::string_view needle) {
  auto p = text.find(needle);
  REQUIRE(p != std::string_view::npos);
  return static_cast<uint32_t>(p);
}

std::vector<std::string> sentences(std::string_view text) {
  std::vector<std::string> out;
  for (ByteSpan s : fz::text::split_sentences(text, {0, static_cast<uint32_t>(text.size())}))
    out.emplace_back(text.substr(s.begin, s.size()));
  return out;
}

}  // namespace

TEST_CASE("LineIndex: Ext-B characters before a finding, in all three units") {
  // Line 2: 𠀀 (U+20000, 4 bytes, 2 UTF-16 units) 𪚥 (U+2A6A5) then 张 then "违规".
  const std::string text = "标题\n𠀀𪚥张违规。\n";
  LineIndex idx(text);
  const uint32_t at = off_of(text, "违规");
  auto cp = idx.position(at, ColumnUnit::CodePoint);
  CHECK(cp.line == 2);
  CHECK(cp.column == 4);  // 𠀀 𪚥 张 → column 4
  auto u16 = idx.position(at, ColumnUnit::Utf16);
  CHECK(u16.line == 2);
  CHECK(u16.column == 6);  // 2 + 2 + 1 units before
  auto by = idx.position(at, ColumnUnit::Byte);
  CHECK(by.line == 2);
  CHECK(by.column == 12);  // 4 + 4 + 3 bytes before
  // Reverse direction for every unit.
  CHECK(idx.offset(cp, ColumnUnit::CodePoint) == at);
  CHECK(idx.offset(u16, ColumnUnit::Utf16) == at);
  CHECK(idx.offset(by, ColumnUnit::Byte) == at);
  // A UTF-16 column in the middle of the surrogate pair of 𪚥 rounds down to 𪚥.
  CHECK(idx.offset({2, 4}, ColumnUnit::Utf16) == off_of(text, "𪚥"));
  CHECK(idx.offset({2, 3}, ColumnUnit::Utf16) == off_of(text, "𪚥"));
  CHECK(idx.line_count() == 3);
  CHECK(idx.line_text(2) == "𠀀𪚥张违规。");
}

TEST_CASE("LineIndex: CRLF, lone CR, and mixed endings count each break once") {
  const std::string crlf = "一\r\n二\r\n三";
  LineIndex a(crlf);
  CHECK(a.line_count() == 3);
  CHECK(a.position(off_of(crlf, "三")).line == 3);
  CHECK(a.line_text(2) == "二");
  // The LF of a CRLF belongs to line 1's terminator: column just after the content.
  auto p = a.position(off_of(crlf, "\n"));
  CHECK(p.line == 1);
  CHECK(p.column == 2);

  const std::string cr = "一\r二\r三";
  LineIndex b(cr);
  CHECK(b.line_count() == 3);
  CHECK(b.position(off_of(cr, "三")).line == 3);
  CHECK(b.line_text(1) == "一");

  const std::string mixed = "a\r\nb\rc\nd";
  LineIndex c(mixed);
  CHECK(c.line_count() == 4);
  CHECK(c.position(off_of(mixed, "d")).line == 4);
  CHECK(c.offset({3, 1}) == off_of(mixed, "c"));
  // "\n\r" is two breaks (LF then CR), not one.
  LineIndex d("x\n\ry");
  CHECK(d.line_count() == 3);
}

TEST_CASE("LineIndex: empty text, past the end, mid-character offsets") {
  LineIndex e("");
  CHECK(e.line_count() == 1);
  CHECK(e.position(0).line == 1);
  CHECK(e.position(0).column == 1);
  CHECK(e.position(100).column == 1);
  CHECK(e.offset({5, 9}) == 0);
  CHECK(e.line_text(1).empty());
  CHECK(e.line_text(2).empty());

  const std::string t = "法治\n𠀀x";
  LineIndex idx(t);
  // Past the end clamps to the end of the last line.
  auto end = idx.position(9999);
  CHECK(end.line == 2);
  CHECK(end.column == 3);
  CHECK(idx.position(9999, ColumnUnit::Utf16).column == 4);
  // Mid-character offsets round down to the character start.
  CHECK(idx.position(1).column == 1);
  CHECK(idx.position(2).column == 1);
  CHECK(idx.position(4).column == 2);
  const uint32_t x = off_of(t, "x");
  CHECK(idx.position(x - 1).column == 1);  // inside 𠀀
  CHECK(idx.position(x).column == 2);
  // Columns and lines beyond the content clamp (end of line allowed).
  CHECK(idx.offset({1, 99}) == 6);
  CHECK(idx.offset({99, 1}) == off_of(t, "𠀀"));
  CHECK(idx.offset({2, 0}) == off_of(t, "𠀀"));
  CHECK(idx.offset({2, 2}, ColumnUnit::Byte) == off_of(t, "𠀀"));  // mid-char byte column
  // Trailing newline: an empty last line exists.
  LineIndex tl("a\n");
  CHECK(tl.line_count() == 2);
  CHECK(tl.position(2).line == 2);
  // Default-constructed index never crashes.
  LineIndex none;
  CHECK(none.position(5).line == 1);
  CHECK(none.offset({3, 3}) == 0);
}

TEST_CASE("LineIndex: round trip over every character boundary") {
  const std::string t = "一、𠀀总体\r\n（一）𪚥abc\rend\n\n最后";
  LineIndex idx(t);
  for (uint32_t off = 0; off <= t.size(); off = static_cast<uint32_t>(fz::text::next_boundary(t, off))) {
    if (off < t.size() && (t[off] == '\n' || t[off] == '\r')) {
      if (off == t.size()) break;
      continue;
    }
    for (auto u : {ColumnUnit::CodePoint, ColumnUnit::Utf16, ColumnUnit::Byte}) {
      INFO("offset " << off << " unit " << static_cast<int>(u));
      CHECK(idx.offset(idx.position(off, u), u) == off);
    }
    if (off == t.size()) break;
  }
}

TEST_CASE("utf8: decode, boundaries and invalid bytes") {
  using namespace fz::text;
  const std::string s = "a张𠀀";
  CHECK(decode_utf8(s, 0).cp == U'a');
  CHECK(decode_utf8(s, 1).cp == U'张');
  CHECK(decode_utf8(s, 1).len == 3);
  CHECK(decode_utf8(s, 4).cp == 0x20000);
  CHECK(decode_utf8(s, 4).len == 4);
  CHECK(decode_utf8(s, 8).len == 0);
  CHECK(next_boundary(s, 1) == 4);
  CHECK(prev_boundary(s, 8) == 4);
  CHECK(prev_boundary(s, 4) == 1);
  CHECK(prev_boundary(s, 0) == 0);
  CHECK(floor_boundary(s, 6) == 4);
  CHECK(floor_boundary(s, 99) == s.size());

  // Invalid: lone continuation, truncated sequence, overlong, surrogate, > U+10FFFF.
  const std::string bad = "\x80" "\xE5\xBC" "x" "\xC0\xAF" "\xED\xA0\x80" "\xF4\x90\x80\x80";
  Decoded d = decode_utf8(bad, 0);
  CHECK_FALSE(d.valid);
  CHECK(d.cp == kReplacementChar);
  CHECK(d.len == 1);
  d = decode_utf8(bad, 1);  // E5 BC then 'x': maximal subpart is 2 bytes, x survives
  CHECK_FALSE(d.valid);
  CHECK(d.len == 2);
  CHECK(decode_utf8(bad, 3).cp == U'x');
  CHECK(decode_utf8(bad, 4).len == 1);  // C0 never valid
  CHECK(decode_utf8(bad, 6).len == 1);  // ED A0: A0 out of range for ED
  CHECK(decode_utf8(bad, 9).len == 1);  // F4 90: > U+10FFFF
  CHECK_FALSE(is_valid_utf8(bad));
  CHECK(is_valid_utf8(s));
  CHECK(valid_utf8_prefix("abcdefghij\xFFz") == 10);
  CHECK(prev_boundary("\xE4\xB8\xB8\x80", 4) == 3);
  CHECK(count_code_points(s) == 3);
  CHECK(count_code_points(bad) == 12);
  CHECK(count_utf16_units(s) == 4);
  CHECK(count_code_points(s, ByteSpan{1, 8}) == 2);
  CHECK(count_code_points(s, ByteSpan{4, 100}) == 1);
  CHECK(count_code_points(s, ByteSpan{5, 100}) == 3);  // mid-character: 3 stray bytes

  std::string out;
  append_utf8(out, 0x2A6A5);
  append_utf8(out, 0xD800);
  append_utf8(out, U'A');
  CHECK(out == "𪚥\xEF\xBF\xBD" "A");
}

TEST_CASE("utf8: counts with fast paths agree with decoding one character at a time") {
  using namespace fz::text;
  // count_code_points and count_utf16_units step over ASCII and common three-byte characters
  // without decoding; on any bytes they must give what a decode_utf8 walk gives.
  auto walk = [](std::string_view s, bool u16) {
    size_t n = 0;
    for (size_t i = 0; i < s.size();) {
      const Decoded d = decode_utf8(s, i);
      n += (u16 && d.cp >= 0x10000) ? 2 : 1;
      i += d.len;
    }
    return n;
  };
  // Pieces a report is made of, and broken ones: truncated and overlong sequences, surrogates,
  // stray continuation bytes, Ext-B, E0/ED/F0/F4 leads with out-of-range second bytes.
  const std::vector<std::string> pieces = {"a", "abcdefgh", "12345678901", "法", "，", "。", "（", "𠀀", "𪚥",
                                           "ä¸", "", "¿¿", "À¯", "í ", "à",
                                           "ô", "ð", "ï¿½", "á", "é", "ÿ"};
  std::mt19937_64 next(12345);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(next() % 24);
    for (int k = 0; k < n; ++k) s += pieces[(next() >> 8) % pieces.size()];
    CAPTURE(s);
    CHECK(count_code_points(s) == walk(s, false));
    CHECK(count_utf16_units(s) == walk(s, true));
    CHECK(is_valid_utf8(s) == (valid_utf8_prefix(s) == s.size()));
  }
}

TEST_CASE("line index: line breaks at every offset agree with a byte-by-byte split") {
  using namespace fz::text;
  // The index finds CR and LF eight bytes at a time; put them at every alignment, in runs,
  // beside multi-byte characters and bytes one off from them (\x0B \x0C \x0E \x8A \x8D).
  const std::vector<std::string> pieces = {"a", "abcdefghij", "法", "\n", "\r", "\r\n", "\n\r", "\x0B",
                                           "\x0C", "\x0E", "\xE4\xB8\x8A", "\xE5\x8D\x8D", "𠀀"};
  std::mt19937_64 next(777);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(next() % 40);
    for (int k = 0; k < n; ++k) s += pieces[(next() >> 8) % pieces.size()];
    CAPTURE(s);
    std::vector<ByteSpan> want;  // content of each line, CRLF one break
    uint32_t start = 0;
    for (uint32_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\n' && s[i] != '\r') continue;
      want.push_back({start, i});
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
    want.push_back({start, static_cast<uint32_t>(s.size())});
    const LineIndex idx(s);
    REQUIRE(idx.line_count() == want.size());
    for (uint32_t l = 1; l <= want.size(); ++l) CHECK(idx.line_span(l) == want[l - 1]);
  }
}

TEST_CASE("line index: positions through the per-thread cursor equal counting from the line start") {
  using namespace fz::text;
  // Lines short and long (past the 4,096-byte checkpoints), Ext-B characters (two UTF-16
  // units), CRLF; offsets asked sorted (the cursor's case), backwards, and at random, in all
  // three units, and two indexes asked in turn (each must not use the other's cursor).
  std::string t;
  const std::vector<std::string> pieces = {"法", "治", "a", "𠀀", "，", "1", "\n", "\r\n", "𪚥"};
  std::mt19937_64 next(4242);
  for (int k = 0; k < 6000; ++k) t += pieces[(next() >> 8) % (k % 1000 < 700 ? 6 : pieces.size())];
  const std::string u = "𠀀" + t.substr(0, 3000);
  auto naive = [](std::string_view s, uint32_t off, ColumnUnit unit) {
    off = std::min<uint32_t>(off, static_cast<uint32_t>(s.size()));
    uint32_t start = 0, line = 1;
    for (uint32_t i = 0; i < off; ++i)
      if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n'))) start = i + 1, ++line;
    uint32_t end = off;
    while (end > start && (s[end - 1] == '\r')) --end;  // inside a CRLF: end of the content
    uint32_t col = 1;
    for (uint32_t i = start; i < end;) {
      const Decoded d = decode_utf8(s, i);
      if (i + d.len > end) break;  // mid-character: rounds down
      col += unit == ColumnUnit::Byte ? d.len : (unit == ColumnUnit::Utf16 && d.cp >= 0x10000 ? 2 : 1);
      i += d.len;
    }
    return Position{line, col};
  };
  const LineIndex a(t), b(u);
  std::vector<uint32_t> offs;
  for (int k = 0; k < 600; ++k) offs.push_back(static_cast<uint32_t>(next() % (t.size() + 2)));
  std::vector<uint32_t> sorted = offs;
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> backwards(sorted.rbegin(), sorted.rend());
  for (auto unit : {ColumnUnit::CodePoint, ColumnUnit::Utf16, ColumnUnit::Byte})
    for (const auto* order : {&sorted, &backwards, &offs})
      for (uint32_t off : *order) {
        CAPTURE(off);
        const Position want = naive(t, off, unit), got = a.position(off, unit);
        CHECK(got.line == want.line);
        CHECK(got.column == want.column);
        const uint32_t ob = off % static_cast<uint32_t>(u.size() + 1);
        const Position wb = naive(u, ob, unit), gb = b.position(ob, unit);
        CHECK(gb.line == wb.line);
        CHECK(gb.column == wb.column);
      }
}

TEST_CASE("utf8: classification") {
  using namespace fz::text;
  CHECK(is_han(U'法'));
  CHECK(is_han(0x20000));
  CHECK(is_han(0x2A6A5));   // 𪚥
  CHECK(is_han(0x3400));    // Ext-A
  CHECK(is_han(0x30000));   // Ext-G
  CHECK(is_han(U'〇'));
  CHECK_FALSE(is_han(U'a'));
  CHECK_FALSE(is_han(U'。'));
  CHECK(is_cjk(U'。'));
  CHECK(is_cjk(U'①'));
  CHECK(is_cjk(U'，'));
  CHECK_FALSE(is_cjk(U'a'));
  CHECK_FALSE(is_cjk(U','));
  CHECK(is_fullwidth_punct(U'，'));
  CHECK(is_fullwidth_punct(U'“'));
  CHECK(is_fullwidth_punct(U'《'));
  CHECK(is_fullwidth_punct(U'（'));
  CHECK_FALSE(is_fullwidth_punct(U'Ａ'));
  CHECK_FALSE(is_fullwidth_punct(U'１'));
  CHECK_FALSE(is_fullwidth_punct(U','));
  CHECK(is_space(0x3000));
  CHECK(is_space(0xA0));
  CHECK(is_space(0x200B));
  CHECK(is_space(U'\t'));
  CHECK_FALSE(is_space(U'法'));
  CHECK(is_invisible(0xFEFF));
  CHECK_FALSE(is_invisible(U' '));

  const std::string t = "\xE3\x80\x80 \xE2\x80\x8B法治\xC2\xA0\t";
  ByteSpan s = trim_span(t, {0, static_cast<uint32_t>(t.size())});
  CHECK(t.substr(s.begin, s.size()) == "法治");
  CHECK(trim_span("   ", {0, 3}).empty());
}

TEST_CASE("sentences: Chinese terminators, closers, 《》 and white space") {
  using V = std::vector<std::string>;
  CHECK(sentences("一是加强学习。二是完善制度；三是强化监督！") ==
        V{"一是加强学习。", "二是完善制度；", "三是强化监督！"});
  CHECK(sentences("他说：“要依法行政。”随后散会。") == V{"他说：“要依法行政。”", "随后散会。"});
  CHECK(sentences("深入学习《中华人民共和国行政处罚法。修正案》等法律。会议指出") ==
        V{"深入学习《中华人民共和国行政处罚法。修正案》等法律。", "会议指出"});
  // Unbalanced 《 does not swallow the rest.
  CHECK(sentences("学习《条例。二是好。") == V{"学习《条例。", "二是好。"});
  CHECK(sentences("全年开展活动100余场次……覆盖群众。") ==
        V{"全年开展活动100余场次……", "覆盖群众。"});
  CHECK(sentences("怎么办？！我们干。") == V{"怎么办？！", "我们干。"});
  CHECK(sentences("（见附件。）下一句。") == V{"（见附件。）", "下一句。"});
  // Trailing/leading white space incl. U+3000 excluded; blank pieces dropped.
  CHECK(sentences("\xE3\x80\x80\xE3\x80\x80第一句。 \xE3\x80\x80第二句。\xE3\x80\x80 ") ==
        V{"第一句。", "第二句。"});
  CHECK(sentences("   ").empty());
  CHECK(sentences("").empty());
  CHECK(sentences("没有句号的标题") == V{"没有句号的标题"});
}

TEST_CASE("sentences: ASCII marks only before CJK or the end") {
  using V = std::vector<std::string>;
  CHECK(sentences("完成任务;二是加强.下一步") == V{"完成任务;", "二是加强.", "下一步"});
  CHECK(sentences("1.加强学习。") == V{"1.加强学习。"});
  CHECK(sentences("增长95.5%。") == V{"增长95.5%。"});
  CHECK(sentences("see e.g. this。") == V{"see e.g. this。"});
  CHECK(sentences("结束!") == V{"结束!"});
  // ASCII quote after 。 opens the next sentence, closes the current one when odd.
  CHECK(sentences("开展普法。\"八五\"普法完成。") == V{"开展普法。", "\"八五\"普法完成。"});
  CHECK(sentences("他说\"好。\"然后") == V{"他说\"好。\"", "然后"});
}

TEST_CASE("sentences: line breaks and the `within` span") {
  using V = std::vector<std::string>;
  // A single line break is a soft wrap; a blank line is a hard break.
  CHECK(sentences("第一行没有\n结束。") == V{"第一行没有\n结束。"});
  CHECK(sentences("标题\n\n正文。") == V{"标题", "正文。"});
  CHECK(sentences("标题\r\n\r\n正文。") == V{"标题", "正文。"});
  const std::string t = "前文。目标句一；目标句二。后文。";
  const uint32_t b = off_of(t, "目标");
  const uint32_t e = off_of(t, "后文");
  auto spans = fz::text::split_sentences(t, {b, e});
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].begin == b);
  CHECK(spans[1].end == e);
  CHECK(fz::text::split_sentences(t, {5000, 6000}).empty());
  CHECK(fz::text::split_sentences(t, {10, 3}).empty());
}

TEST_CASE("fold: full-width ASCII and U+3000 fold, offsets map back") {
  using fz::text::fold_width;
  const std::string t = "第１２３号（ＡＢＣ）\xE3\x80\x80共3000人";
  auto f = fold_width(t);
  CHECK(f.text == "第123号(ABC) 共3000人");
  CHECK(f.to_original.size() == f.text.size() + 1);
  // "(ABC)" in the folded text maps back to "（ＡＢＣ）" in the original.
  const auto fb = static_cast<uint32_t>(f.text.find("(ABC)"));
  ByteSpan orig = f.original_span({fb, fb + 5});
  CHECK(t.substr(orig.begin, orig.size()) == "（ＡＢＣ）");
  const auto f3 = static_cast<uint32_t>(f.text.find("3000"));
  orig = f.original_span({f3, f3 + 4});
  CHECK(t.substr(orig.begin, orig.size()) == "3000");
  CHECK(f.original(9999) == t.size());
  // A sub-range keeps absolute original offsets; invalid bytes are copied through.
  const std::string bad = "ａ\xFF" "ｂ";
  auto g = fold_width(bad, {3, static_cast<uint32_t>(bad.size())});
  CHECK(g.text == "\xFF" "b");
  CHECK(g.original(0) == 3);
  CHECK(g.original(1) == 4);
  CHECK(g.original(2) == bad.size());
  CHECK(fz::text::fold_width_char(U'～') == U'~');
  CHECK(fz::text::fold_width_char(U'，') == U',');
  CHECK(fz::text::fold_width_char(U'。') == U'。');  // not in FF01–FF5E
  CHECK(fold_width("").text.empty());
  CHECK(fold_width("").to_original.size() == 1);
}

TEST_CASE("sentences: hostile runs stay linear and well-formed") {
  std::string t = "开始。";
  for (int i = 0; i < 200000; ++i) t += "\"";
  t += "结束。";
  for (int i = 0; i < 50000; ++i) t += "《";
  t += "。";
  for (int i = 0; i < 50000; ++i) t += "》。";
  auto spans = fz::text::split_sentences(t, {0, static_cast<uint32_t>(t.size())});
  REQUIRE_FALSE(spans.empty());
  uint32_t last = 0;
  for (auto s : spans) {
    CHECK(s.begin >= last);
    CHECK(s.end > s.begin);
    last = s.end;
  }
  CHECK(spans.front().end == t.find("\""));  // the quote after 。 opens the next sentence
}

TEST_CASE("LineIndex: very long lines (checkpointed) agree with a plain count") {
  // 3 lines; the middle one is ~24 KB mixing 1-, 3- and 4-byte characters.
  std::string t = "短行\n";
  const uint32_t line2 = static_cast<uint32_t>(t.size());
  for (int i = 0; i < 6000; ++i) t += (i % 7 == 0) ? "𠀀" : (i % 3 == 0) ? "a" : "法治";
  const uint32_t line2_end = static_cast<uint32_t>(t.size());
  t += "\r\n末行";
  LineIndex idx(t);
  CHECK(idx.line_count() == 3);
  size_t cps = 0, u16 = 0;
  uint32_t checked = 0;
  for (uint32_t off = line2; off <= line2_end; off = static_cast<uint32_t>(fz::text::next_boundary(t, off))) {
    if ((off - line2) % 97 < 4 || off == line2_end) {  // a spread of offsets, incl. the end
      const auto p = idx.position(off);
      const auto q = idx.position(off, ColumnUnit::Utf16);
      REQUIRE(p.line == 2);
      CHECK(p.column == cps + 1);
      CHECK(q.column == u16 + 1);
      CHECK(idx.offset(p) == off);
      CHECK(idx.offset(q, ColumnUnit::Utf16) == off);
      CHECK(idx.position(off, ColumnUnit::Byte).column == off - line2 + 1);
      ++checked;
    }
    if (off == line2_end) break;
    const auto d = fz::text::decode_utf8(t, off);
    cps += 1;
    u16 += d.cp >= 0x10000 ? 2 : 1;
  }
  CHECK(checked > 100);
  // Mid-surrogate UTF-16 column rounds down on a long line too.
  const uint32_t ext = static_cast<uint32_t>(t.find("𠀀", line2 + 15000));
  const auto pe = idx.position(ext, ColumnUnit::Utf16);
  CHECK(idx.offset({2, pe.column + 1}, ColumnUnit::Utf16) == ext);
  CHECK(idx.position(static_cast<uint32_t>(t.size())).line == 3);
}

// LineIndex finds breaks eight bytes at a time and counts three-byte characters of long lines
// without decoding: random texts (breaks at every alignment, invalid bytes, lines past the
// checkpoint interval) must agree with a byte-by-byte model.
TEST_CASE("LineIndex: random texts agree with a byte-by-byte model") {
  std::mt19937_64 next(0x2545F4914F6CDD1Dull);
  const char* pieces[] = {"\n", "\r", "\r\n", "a", "法", "，", "𠀀", "\xE6\xB3", "\xFF", "\xEF\xBF\xBD", "é", " "};
  for (int round = 0; round < 300; ++round) {
    std::string t;
    const size_t n = round % 10 == 0 ? 3000 : next() % 80;  // some lines well past 4,096 bytes
    for (size_t i = 0; i < n; ++i) {
      const size_t k = next() % std::size(pieces);
      t += (round % 10 == 0 && k < 3 && next() % 50) ? "法" : pieces[k];
    }
    // The model: lines end at LF, CR or CRLF; columns count decode_utf8's characters.
    std::vector<uint32_t> starts{0};
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] != '\n' && t[i] != '\r') continue;
      if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      starts.push_back(static_cast<uint32_t>(i + 1));
    }
    LineIndex idx(t);
    REQUIRE(idx.line_count() == starts.size());
    for (uint32_t li = 0; li < starts.size(); ++li) {
      const ByteSpan sp = idx.line_span(li + 1);
      REQUIRE(sp.begin == starts[li]);
      uint32_t cps = 0, u16 = 0;
      for (uint32_t off = sp.begin; off < sp.end;) {
        const auto d = fz::text::decode_utf8(t, off);
        const Position p = idx.position(off), q = idx.position(off, ColumnUnit::Utf16);
        REQUIRE(p.line == li + 1);
        REQUIRE(p.column == cps + 1);
        REQUIRE(q.column == u16 + 1);
        cps += 1;
        u16 += d.cp >= 0x10000 ? 2 : 1;
        off += d.len;
      }
      REQUIRE(idx.position(sp.end).column == cps + 1);
    }
  }
}

// issue #13: a baseline key cut at 200 bytes split a character and the JSON writer aborted.
// Every cut of text in the program goes through these helpers; none may split a character.
TEST_CASE("utf8: head_bytes, tail_bytes and clip never split a character") {
  using fz::text::clip;
  using fz::text::head_bytes;
  using fz::text::is_valid_utf8;
  using fz::text::tail_bytes;
  const std::string s = "ab依法行政𠀀𪚥治理";  // 1-, 3- and 4-byte characters
  for (size_t n = 0; n <= s.size() + 1; ++n) {
    CAPTURE(n);
    const auto h = head_bytes(s, n);
    CHECK(h.size() <= n);
    CHECK(is_valid_utf8(h));
    CHECK(s.compare(0, h.size(), h) == 0);
    CHECK(h.size() + 4 > std::min(n, s.size()));  // gives up less than one character
    const auto t = tail_bytes(s, n);
    CHECK(t.size() <= n);
    CHECK(is_valid_utf8(t));
    CHECK(s.compare(s.size() - t.size(), t.size(), t) == 0);
  }
  CHECK(head_bytes(s, 9) == "ab依法");     // 8 bytes: the 9th is inside 行
  CHECK(tail_bytes(s, 9) == "治理");       // 6 bytes: 𪚥 does not fit
  CHECK(clip(s, 3) == "ab依…");
  CHECK(clip(s, 7, "……") == "ab依法行政𠀀……");
  CHECK(clip(s, 3, "…", true) == "…𪚥治理");
  CHECK(clip(s, 100) == s);
  CHECK(clip(s, 0) == "…");
  CHECK(clip("", 0) == "");
  for (size_t n = 0; n < 12; ++n) CHECK(is_valid_utf8(clip(s, n)));
}

// The sentence splitter as it was before it jumped between the bytes that may break a sentence
// (a character-by-character walk): the model the current one is held to on random text.
namespace old_model {
using namespace fz::text;
bool is_ascii_terminator(char32_t c) { return c == '!' || c == '?' || c == ';' || c == '.'; }

struct OldSplitter {
  std::string_view text;
  size_t begin, end;
  std::vector<ByteSpan> out;

  void emit(size_t b, size_t e) {
    ByteSpan s = trim_span(text, {static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    if (!s.empty()) out.push_back(s);
  }

  // After a terminator at [.., i) of the sentence starting at `start`: absorb more terminators
  // and closers; return the end. ASCII quotes are ambiguous (`。"八五"普法` opens one), so a
  // '"' or '\'' is taken only when the sentence so far has an odd number of them.
  size_t absorb(size_t start, size_t i) const {
    // Quote counts are taken once and updated as quotes are absorbed: linear even for a run of
    // a million quotes.
    auto count = [&](char q) {
      return std::count(text.begin() + static_cast<std::ptrdiff_t>(start),
                        text.begin() + static_cast<std::ptrdiff_t>(i), q);
    };
    std::ptrdiff_t dq = -1, sq = -1;
    while (i < end) {
      Decoded d = decode_utf8(text, i);
      if (i + d.len > end) break;
      if (d.cp == '"' || d.cp == '\'') {
        std::ptrdiff_t& n = d.cp == '"' ? dq : sq;
        if (n < 0) n = count(static_cast<char>(d.cp));
        if (n % 2 == 0) break;
        ++n;
      } else if (!(is_sentence_terminator(d.cp) || is_sentence_closer(d.cp) ||
                   (d.cp < 0x80 && is_ascii_terminator(d.cp)))) {
        break;
      }
      i += d.len;
    }
    return i;
  }

  // Next non-space character at or after i is CJK, or there is none.
  bool followed_by_cjk_or_end(size_t i) const {
    while (i < end) {
      Decoded d = decode_utf8(text, i);
      if (i + d.len > end) return true;
      if (!is_space(d.cp)) return is_cjk(d.cp);
      i += d.len;
    }
    return true;
  }

  void run() {
    size_t start = begin;
    size_t i = begin;
    size_t book_close = 0;  // end of the balanced 《…》 we are inside (0 = none)
    size_t no_close_from = std::string_view::npos;  // a 《 at/after this has no 》 left
    char32_t prev = 0;
    while (i < end) {
      // Most characters of a report are URO ideographs (U+4E00–9FFF: lead E4 B8–BF or E5–E9):
      // none breaks or opens anything, so they are stepped over without the checks below.
      const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + i;
      if (i + 3 <= end && ((p[0] == 0xE4 && p[1] >= 0xB8) || (p[0] >= 0xE5 && p[0] <= 0xE9)) &&
          (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        prev = (char32_t{p[0] & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
        i += 3;
        continue;
      }
      Decoded d = decode_utf8(text, i);
      if (d.len == 0 || i + d.len > end) break;
      const size_t next = i + d.len;
      if (i < book_close) {  // inside 《…》: nothing breaks
        prev = d.cp;
        i = next;
        continue;
      }
      if (d.cp == 0x300A) {  // 《 — skip to its 》 when there is one in the span
        if (no_close_from == std::string_view::npos || i < no_close_from) {
          size_t close = text.substr(0, end).find("\xE3\x80\x8B", next);  // 》
          if (close != std::string_view::npos) {
            book_close = close;
          } else {
            no_close_from = i;
          }
        }
        prev = d.cp;
        i = next;
        continue;
      }
      if (is_sentence_terminator(d.cp) ||
          (d.cp < 0x80 && is_ascii_terminator(d.cp) &&
           !(d.cp == '.' && prev >= '0' && prev <= '9') && followed_by_cjk_or_end(next))) {
        size_t e = absorb(start, next);
        emit(start, e);
        start = i = e;
        prev = 0;
        continue;
      }
      if (d.cp == '\n' || d.cp == '\r') {
        // Count line breaks in this run of white space; two or more = blank line = hard break.
        size_t j = i, breaks = 0;
        while (j < end) {
          char c = text[j];
          if (c == '\r') {
            ++breaks;
            j += (j + 1 < end && text[j + 1] == '\n') ? 2 : 1;
          } else if (c == '\n') {
            ++breaks;
            ++j;
          } else if (c == ' ' || c == '\t') {
            ++j;
          } else {
            break;
          }
        }
        if (breaks >= 2) {
          emit(start, i);
          start = j;
        }
        prev = '\n';
        i = j;
        continue;
      }
      prev = d.cp;
      i = next;
    }
    emit(start, end);
  }
};


std::vector<ByteSpan> split(std::string_view text, ByteSpan within) {
  OldSplitter s{text, std::min<size_t>(within.begin, text.size()),
                std::min<size_t>(std::max(within.end, within.begin), text.size()), {}};
  s.run();
  return std::move(s.out);
}
}  // namespace old_model

TEST_CASE("sentences: the byte-jumping splitter splits as the character walk did") {
  const char* pieces[] = {"。", "！", "？", "；", "…", "!", "?", ";", ".", "《", "》", "“", "”", "\"", "'",
                          "）", ")", "]", "」", "』", "】", "〉", "3", "12", "a", " ", "\t", "\n", "\r",
                          "\r\n", "\n\n", "年", "法治", "、", "，", "\xE3\x80\x80", "\xFF", "\xE5\xB9",
                          "\xE3\x80", "\xF0\x9F\x98\x80", "\xE2\x80\x8B", "㐀", "ｶ"};
  std::mt19937 rng(1618);
  for (int round = 0; round < 20000; ++round) {
    std::string t;
    const int k = static_cast<int>(rng() % 40);
    for (int j = 0; j < k; ++j) t += pieces[rng() % std::size(pieces)];
    const auto n = static_cast<uint32_t>(t.size());
    ByteSpan within{0, n};
    if (round % 2) {  // any span, also one that cuts characters or lies outside the text
      within.begin = static_cast<uint32_t>(rng() % (n + 2));
      within.end = static_cast<uint32_t>(rng() % (n + 2));
    }
    const auto want = old_model::split(t, within);
    const auto got = fz::text::split_sentences(t, within);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].begin == want[i].begin);
      CHECK(got[i].end == want[i].end);
    }
  }
}
