// Outline parser tests: marker recognition (table-driven), dates, enumeration items, grammar
// loading errors, the seed report's tree, goldens over fixtures/parse/*.{txt,md} → .tree, and
// .md/.txt tree identity.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <regex>
#include <string>

#include "golden.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "outline/grammar.h"
#include "outline/lexical.h"
#include "support/embedded.h"
#include "text/sentences.h"
#include "text/utf8.h"

using namespace fz;
using namespace fz::outline;

namespace {

// A SourceText built the way ingest segments plain text and simple Markdown: one block per
// non-blank line (trimmed); in Markdown, leading `#`s make a heading and `**…**` around a whole
// line is dropped. Kept local so these tests do not depend on the ingest library.
ingest::SourceText make_source(std::string text, ingest::Format fmt = ingest::Format::Text) {
  ingest::SourceText src;
  src.text = std::move(text);
  src.format = fmt;
  const std::string_view t = src.text;
  size_t p = 0;
  while (p <= t.size()) {
    size_t e = t.find_first_of("\r\n", p);
    if (e == std::string_view::npos) e = t.size();
    ByteSpan s = text::trim_span(t, {static_cast<uint32_t>(p), static_cast<uint32_t>(e)});
    if (!s.empty()) {
      ingest::Block b;
      if (fmt == ingest::Format::Markdown) {
        int level = 0;
        while (s.begin + level < s.end && t[s.begin + level] == '#') ++level;
        if (level > 0 && level <= 6 && s.begin + level < s.end && t[s.begin + level] == ' ') {
          b.kind = ingest::Block::Kind::Heading;
          b.heading_level = level;
          s = text::trim_span(t, {s.begin + static_cast<uint32_t>(level), s.end});
        }
        std::string_view v = t.substr(s.begin, s.size());
        if (v.size() > 4 && v.substr(0, 2) == "**" && v.substr(v.size() - 2) == "**")
          s = text::trim_span(t, {s.begin + 2, s.end - 2});
      }
      b.span = s;
      if (!s.empty()) src.blocks.push_back(b);
    }
    if (e >= t.size()) break;
    p = e + 1;
    if (t[e] == '\r' && p < t.size() && t[p] == '\n') ++p;
  }
  return src;
}

const Grammar& grammar() { return *default_grammar(); }

std::string marker_str(std::string_view line) {
  auto m = match_marker(grammar(), line, 0, static_cast<uint32_t>(line.size()));
  if (!m) return "none";
  std::string s = "L" + std::to_string(m->level) + " ord=" + std::to_string(m->ordinal) + " " +
                  m->form + (m->canonical ? "" : "!") + " len=" + std::to_string(m->span.size());
  return s;
}

std::string strip_spans(const std::string& dump) {
  static const std::regex span(R"(\[\d+,\d+\))");
  return std::regex_replace(dump, span, "[]");
}

}  // namespace

TEST_CASE("default grammar loads from the embedded file") {
  bool found = false;
  for (const auto& f : fz_embedded_grammars()) {
    if (f.path != "outline.toml") continue;
    found = true;
    auto r = load_grammar(f.data, "grammars/outline.toml");
    INFO((r.ok() ? std::string() : r.error().to_string()));
    REQUIRE(r.ok());
    CHECK(r.value()->levels.size() == 4);
    CHECK(!r.value()->lexicon.issuer_suffixes.empty());
  }
  CHECK(found);
  CHECK(grammar().levels.size() == 4);
}

TEST_CASE("marker recognition: forms, levels, ordinals") {
  struct Case {
    const char* line;
    const char* expect;
  };
  const Case cases[] = {
      // Level 1
      {"一、总体情况", "L1 ord=1 dunhao len=6"},
      {"十、其他", "L1 ord=10 dunhao len=6"},
      {"十一、其他", "L1 ord=11 dunhao len=9"},
      {"二十、其他", "L1 ord=20 dunhao len=9"},
      {"九十九、其他", "L1 ord=99 dunhao len=12"},
      {"一.主要举措", "L1 ord=1 dot! len=4"},
      {"一．主要举措", "L1 ord=1 dot-full! len=6"},
      {"一，主要举措", "L1 ord=1 comma! len=6"},
      {"三,主要举措", "L1 ord=3 comma-half! len=4"},
      {"四　下一步安排", "L1 ord=4 space! len=6"},
      // Level 2
      {"（一）加强组织领导", "L2 ord=1 paren-full len=9"},
      {"（十二）其他", "L2 ord=12 paren-full len=12"},
      {"(一)加强组织领导", "L2 ord=1 paren-half! len=5"},
      {"(一）加强组织领导", "L2 ord=1 paren-mixed! len=7"},
      {"（一)加强组织领导", "L2 ord=1 paren-mixed! len=7"},
      {"一）纵深推进学悟笃行", "L2 ord=1 paren-missing-open! len=6"},
      {"二)纵深推进", "L2 ord=2 paren-missing-open! len=4"},
      {"（一加强组织领导", "L2 ord=1 paren-missing-close! len=6"},
      {"(二加强组织领导", "L2 ord=2 paren-missing-close! len=4"},
      {"（一）、加强组织领导", "L2 ord=1 paren-dunhao! len=12"},
      {"(三)、加强组织领导", "L2 ord=3 paren-dunhao! len=8"},
      // Level 3
      {"1.优化政府组织机构", "L3 ord=1 dot len=2"},
      {"12.优化政府组织机构", "L3 ord=12 dot len=3"},
      {"1、高擎思想旗帜", "L3 ord=1 arabic-dunhao! len=4"},
      {"2．健全法治队伍", "L3 ord=2 dot-full! len=4"},
      {"３.全角数字", "L3 ord=3 dot len=4"},
      {"1，完善监督机制", "L3 ord=1 comma! len=4"},
      // Level 4
      {"（1）加强学习", "L4 ord=1 paren-full len=7"},
      {"(2)加强学习", "L4 ord=2 paren-half! len=3"},
      {"（3)加强学习", "L4 ord=3 paren-mixed! len=5"},
      {"（1）、加强学习", "L4 ord=1 paren-dunhao! len=10"},
      {"1）加强学习", "L4 ord=1 paren-missing-open! len=4"},
      {"①加强学习", "L4 ord=1 circled! len=3"},
      {"（2加强学习", "L4 ord=2 paren-missing-close! len=4"},
      {"(3加强学习", "L4 ord=3 paren-missing-close! len=2"},
      {"（1万元）用于培训", "none"},
      {"（1年内）完成", "none"},
      {"(10%)以上", "none"},
      {"（2）", "L4 ord=2 paren-full len=7"},
      {"⑳加强学习", "L4 ord=20 circled! len=3"},
      // Not markers
      {"2024年以来，我镇坚持", "none"},
      {"1.5万元用于法治宣传", "none"},
      {"1、2月份开展专项整治", "none"},
      {"一、二季度开展排查", "none"},
      {"一、二、三产业协调发展", "none"},
      {"12345热线受理诉求", "none"},
      {"100.工作", "none"},
      {"0.工作", "none"},
      {"一是突出一把手亲自抓。", "none"},
      {"第一，加强领导", "none"},
      {"（一季度开展排查）", "none"},
      {"（一）", "L2 ord=1 paren-full len=9"},
      {"（2024年）工作", "none"},
      {"（一把手）亲自抓", "none"},
      {"（一把手亲自抓", "none"},
      {"两、工作", "none"},
      {"〇、工作", "none"},
      {"十十、工作", "none"},
      {"一二、工作", "none"},
      {"①②③", "none"},
      {"统一思想", "none"},
      {"一、一把手亲自抓", "L1 ord=1 dunhao len=6"},
      {"", "none"},
      {"、", "none"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    CHECK(marker_str(c.line) == c.expect);
  }
}

TEST_CASE("canonical marker text") {
  CHECK(canonical_marker_text(grammar(), 1, 12) == "十二、");
  CHECK(canonical_marker_text(grammar(), 2, 3) == "（三）");
  CHECK(canonical_marker_text(grammar(), 3, 7) == "7.");
  CHECK(canonical_marker_text(grammar(), 4, 2) == "（2）");
  CHECK(canonical_marker_text(grammar(), 5, 2).empty());
  CHECK(han_numeral(1) == "一");
  CHECK(han_numeral(10) == "十");
  CHECK(han_numeral(21) == "二十一");
  CHECK(han_numeral(0).empty());
  auto m = match_marker(grammar(), std::string_view("(二)标题"), 0, 8);
  REQUIRE(m);
  CHECK(m->canonical_text == "（二）");
}

TEST_CASE("dates") {
  auto d = [](std::string_view s) { return parse_date(s, {0, static_cast<uint32_t>(s.size())}); };
  auto a = d("2025年2月20日");
  REQUIRE(a);
  CHECK(a->year == 2025);
  CHECK(a->month == 2);
  CHECK(a->day == 20);
  CHECK(!a->zero_padded);
  auto b = d("2025年02月05日");
  REQUIRE(b);
  CHECK(b->zero_padded);
  CHECK(b->day == 5);
  auto c = d("二〇二五年二月二十日");
  REQUIRE(c);
  CHECK(c->year == 2025);
  CHECK(c->month == 2);
  CHECK(c->day == 20);
  auto e = d("二○二四年十二月三十一日");
  REQUIRE(e);
  CHECK(e->month == 12);
  CHECK(e->day == 31);
  auto f = d("  2025 年 3 月 1 日　");
  REQUIRE(f);
  CHECK(f->day == 1);
  CHECK(!d("2025年13月1日"));
  CHECK(!d("2025年2月32日"));
  CHECK(!d("2025年2月"));
  CHECK(!d("2025年2月20日召开会议"));
  CHECK(!d("25年2月20日"));
  CHECK(!d(""));
  const std::string sig = "哲古镇人民政府　2025年1月8日";
  auto t = find_trailing_date(sig, {0, static_cast<uint32_t>(sig.size())});
  REQUIRE(t);
  CHECK(t->day == 8);
  CHECK(sig.substr(t->span.begin, t->span.size()) == "2025年1月8日");
}

TEST_CASE("enumeration items") {
  auto items = [](std::string_view s) {
    std::string out;
    for (const auto& it : find_items(s, {0, static_cast<uint32_t>(s.size())})) {
      out += it.style + std::to_string(it.ordinal) + ":" +
             std::string(s.substr(it.span.begin, it.span.size())) + "|";
    }
    return out;
  };
  CHECK(items("一是加强领导。二是健全制度。") == "shi1:一是加强领导。|shi2:二是健全制度。|");
  CHECK(items("一是加强领导；二是健全制度；三是强化监督。") ==
        "shi1:一是加强领导；|shi2:二是健全制度；|shi3:三是强化监督。|");
  CHECK(items("主要表现在：一是形式单一，二是内容不丰富。") ==
        "shi1:一是形式单一，|shi2:二是内容不丰富。|");
  CHECK(items("坚持统一是关键，唯一是标准。") == "");
  CHECK(items("第一，加强领导。第二，健全制度。") == "di1:第一，加强领导。|di2:第二，健全制度。|");
  CHECK(items("排名第一，成效明显。") == "");
  CHECK(items("“一是”写法。十一是最后一条。") == "shi11:十一是最后一条。|");
  CHECK(items("一是 ") == "shi1:一是|");
  CHECK(items("九是甲。十是乙；二十一是丙") == "shi9:九是甲。|shi10:十是乙；|shi21:二十一是丙|");
  CHECK(items("是一是二是") == "");
  CHECK(items("“一是”加快建设") == "");
  CHECK(items("坚持第一，第二，") == "di2:第二，|");
  CHECK(items("加强领导,第二,健全制度") == "di2:第二,健全制度|");
  CHECK(items("") == "");
}

TEST_CASE("front and back matter recognisers") {
  CHECK(is_salutation("县委、县政府："));
  CHECK(is_salutation("主任、各位副主任、委员："));
  CHECK(is_salutation("中共禄丰市委、市人民政府："));
  CHECK(!is_salutation("现将有关情况报告如下："));
  CHECK(!is_salutation("主要表现在：一是形式单一。"));
  CHECK(is_subtitle("——2025年3月17日在县第十八届人民代表大会常务委员会第二十四次会议上"));
  CHECK(is_subtitle("（2025年3月17日在旗人大常委会会议上）"));
  CHECK(!is_subtitle("（一）加强组织领导"));
  CHECK(is_web_chrome(grammar(), "索引号：11540000-2025-00012"));
  CHECK(is_web_chrome(grammar(), "发布日期：2025-02-20 浏览次数：321"));
  CHECK(is_web_chrome(grammar(), "【打印】【关闭】"));
  CHECK(!is_web_chrome(grammar(), "2024年以来，我镇坚持依法行政。"));
  CHECK(is_issuer_line(grammar(), "大河乡人民政府"));
  CHECK(is_issuer_line(grammar(), "中共沅陵县委　沅陵县人民政府"));
  CHECK(is_issuer_line(grammar(), "建湖县教育局"));
  CHECK(!is_issuer_line(grammar(), "强化组织领导，落实到乡"));
  CHECK(!is_issuer_line(grammar(), "2025年度推进法治政府建设的主要安排"));
}

TEST_CASE("grammar errors carry origin:line:col") {
  auto err = [](std::string_view toml) {
    auto r = load_grammar(toml, "g.toml");
    return r.ok() ? std::string("ok") : r.error().to_string();
  };
  CHECK(err("[[level]\n") .rfind("g.toml:1:", 0) == 0);
  const std::string base = R"([[level]]
level = 1
numeral = "han"
form = [{ id = "dunhao", pattern = "{n}、", canonical = true }]
[[level]]
level = 2
numeral = "han"
form = [{ id = "paren-full", pattern = "（{n}）", canonical = true }]
[[level]]
level = 3
numeral = "arabic"
form = [{ id = "dot", pattern = "{n}.", canonical = true }]
)";
  CHECK(err(base + "[[level]]\nlevel = 4\nnumeral = \"arabic\"\nform = [{ id = \"p\", pattern = \"（{n}）\", canonical = true }]\n") == "ok");
  // Missing level 4.
  CHECK(err(base).find("四个层级") != std::string::npos);
  // Bad numeral class, with its position.
  std::string bad = base + "[[level]]\nlevel = 4\nnumeral = \"roman\"\nform = [{ id = \"p\", pattern = \"（{n}）\", canonical = true }]\n";
  CHECK(err(bad).rfind("g.toml:15:11: level[3].numeral", 0) == 0);
  // Pattern without {n}.
  bad = base + "[[level]]\nlevel = 4\nnumeral = \"arabic\"\nform = [{ id = \"p\", pattern = \"（）\", canonical = true }]\n";
  CHECK(err(bad).find("level[3].form[0].pattern: 必须且只能包含一个 {n}") != std::string::npos);
  // Two canonical forms.
  bad = base + "[[level]]\nlevel = 4\nnumeral = \"arabic\"\nform = [{ id = \"p\", pattern = \"（{n}）\", canonical = true }, { id = \"q\", pattern = \"({n})\", canonical = true }]\n";
  CHECK(err(bad).find("canonical") != std::string::npos);
  // Duplicate level.
  bad = base + "[[level]]\nlevel = 3\nnumeral = \"arabic\"\nform = [{ id = \"p\", pattern = \"（{n}）\", canonical = true }]\n";
  CHECK(err(bad).find("g.toml:14:9: level[3].level: 层级 3 重复定义") != std::string::npos);
  // Unknown key (typo).
  bad = base + "[[level]]\nlevel = 4\nnumerals = \"arabic\"\n";
  CHECK(err(bad).find("level[3].numerals: 未知的键") != std::string::npos);
  // Lexicon type error.
  bad = base + "[[level]]\nlevel = 4\nnumeral = \"arabic\"\nform = [{ id = \"p\", pattern = \"（{n}）\", canonical = true }]\n[lexicon]\ntitle_words = \"报告\"\n";
  CHECK(err(bad).find("g.toml:18:15: lexicon.title_words: 应为字符串数组") != std::string::npos);
  // Bad id.
  bad = base + "[[level]]\nlevel = 4\nnumeral = \"arabic\"\nform = [{ id = \"Paren Full\", pattern = \"（{n}）\", canonical = true }]\n";
  CHECK(err(bad).find("kebab-case") != std::string::npos);
}

TEST_CASE("custom grammar changes recognition without C++") {
  // A province that writes level 3 as "1）" canonically.
  const std::string toml = R"([[level]]
level = 1
numeral = "han"
form = [{ id = "dunhao", pattern = "{n}、", canonical = true }]
[[level]]
level = 2
numeral = "han"
form = [{ id = "paren-full", pattern = "（{n}）", canonical = true }]
[[level]]
level = 3
numeral = "arabic"
form = [{ id = "paren-close", pattern = "{n}）", canonical = true }]
[[level]]
level = 4
numeral = "circled"
form = [{ id = "circled", pattern = "{n}", canonical = true }]
)";
  auto g = load_grammar(toml, "p.toml");
  REQUIRE(g.ok());
  std::string_view l = "2）健全制度";
  auto m = match_marker(**g, l, 0, static_cast<uint32_t>(l.size()));
  REQUIRE(m);
  CHECK(m->level == 3);
  CHECK(m->canonical);
  CHECK(m->canonical_text == "2）");
  std::string_view l2 = "1.健全制度";
  CHECK(!match_marker(**g, l2, 0, static_cast<uint32_t>(l2.size())));
}

TEST_CASE("seed report tree") {
  const auto path = fz::testing::source_dir() / ".." / "shared" / "seeds" / "000_4cb5d7ebd9b6d720.txt";
  if (!std::filesystem::exists(path)) {
    MESSAGE("seed report not present; skipped");
    return;
  }
  const auto src = make_source(fz::testing::read_file(path));
  const Document doc = parse(src);
  const std::string_view t = doc.text;
  REQUIRE(doc.title);
  CHECK(doc.title->text == "措美县哲古镇2024年法治政府建设年度报告");
  CHECK(doc.front.empty());
  REQUIRE(doc.intro.size() == 1);
  CHECK(slice(t, doc.intro[0].span).substr(0, 13) == "2024年以来");
  CHECK(!doc.signature);
  CHECK(!doc.date);
  REQUIRE(doc.sections.size() == 4);
  const int expected_children[] = {4, 0, 2, 3};
  const char* h1_titles[] = {"2024年度推进法治政府建设的主要举措和成效",
                             "2024年度推进法治政府建设存在的不足和原因", nullptr,
                             "2025年度推进法治政府建设的主要安排"};
  for (int i = 0; i < 4; ++i) {
    const Section& s = doc.sections[i];
    CAPTURE(i);
    CHECK(s.level == 1);
    CHECK(s.marker.level == 1);
    CHECK(s.marker.ordinal == i + 1);
    CHECK(s.marker.canonical);
    CHECK(!s.run_in);
    if (h1_titles[i]) CHECK(slice(t, s.title_span) == h1_titles[i]);
    REQUIRE(static_cast<int>(s.children.size()) == expected_children[i]);
    for (size_t k = 0; k < s.children.size(); ++k) {
      const Section& c = s.children[k];
      CHECK(c.level == 2);
      CHECK(c.marker.level == 2);
      CHECK(c.marker.ordinal == static_cast<int>(k) + 1);
      CHECK(c.run_in);
      CHECK(slice(t, c.heading_span).substr(0, 3) == "（");
      CHECK(slice(t, c.heading_span).substr(slice(t, c.heading_span).size() - 3) == "。");
      CHECK(slice(t, c.title_span).find("。") == std::string_view::npos);
      REQUIRE(c.body.size() == 1);
      CHECK(c.body[0].span.begin == c.heading_span.end);
      CHECK(s.span.contains(c.span));
    }
  }
  const Section& s11 = doc.sections[0].children[0];
  CHECK(slice(t, s11.title_span) == "提高政治站位，加强党对法治工作的领导");
  REQUIRE(s11.body[0].items.size() == 3);
  for (int k = 0; k < 3; ++k) {
    const EnumItem& it = s11.body[0].items[k];
    CHECK(it.style == "shi");
    CHECK(it.ordinal == k + 1);
    CHECK(s11.body[0].span.contains(it.span));
  }
  CHECK(slice(t, s11.body[0].items[0].span).substr(0, 30) == "一是突出一把手亲自抓");
  CHECK(s11.body[0].items[0].span.end == s11.body[0].items[1].span.begin);
  CHECK(s11.body[0].items[2].span.end == s11.body[0].span.end);
  // 二、 has the three problems as items of its only paragraph (after "主要表现在：").
  REQUIRE(doc.sections[1].body.size() == 1);
  CHECK(doc.sections[1].body[0].items.size() == 3);
  // 三、 （一） has no items; 四、（一） two; 四、（三） two.
  CHECK(doc.sections[2].children[0].body[0].items.empty());
  CHECK(doc.sections[3].children[0].body[0].items.size() == 2);
  CHECK(doc.sections[3].children[2].body[0].items.size() == 2);
  // 四、 has its opening paragraph before （一）.
  CHECK(doc.sections[3].body.size() == 1);
  CHECK(!s11.body[0].sentences.empty());
  CHECK(doc.sections.back().span.end == doc.sections.back().children.back().span.end);
}

TEST_CASE("golden trees: fixtures/parse") {
  const auto dir = fz::testing::fixtures_dir() / "parse";
  const auto files = fz::testing::list_files(dir, {".txt", ".md"});
  CHECK(files.size() >= 20);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    const auto fmt = f.extension() == ".md" ? ingest::Format::Markdown : ingest::Format::Text;
    const auto src = make_source(fz::testing::read_file(f), fmt);
    const Document doc = parse(src);
    auto golden = f;
    golden.replace_extension(f.extension() == ".md" ? ".md.tree" : ".tree");
    fz::testing::check_golden(golden, doc.dump());
  }
}

TEST_CASE("a .md and a .txt of the same report give the same tree") {
  const auto dir = fz::testing::fixtures_dir() / "parse";
  int pairs = 0;
  for (const auto& md : fz::testing::list_files(dir, {".md"})) {
    auto txt = md;
    txt.replace_extension(".txt");
    if (!std::filesystem::exists(txt)) continue;
    ++pairs;
    CAPTURE(md.filename().string());
    const auto a = make_source(fz::testing::read_file(md), ingest::Format::Markdown);
    const auto b = make_source(fz::testing::read_file(txt), ingest::Format::Text);
    CHECK(strip_spans(parse(a).dump()) == strip_spans(parse(b).dump()));
  }
  CHECK(pairs >= 2);
}

TEST_CASE("json golden: fixtures/parse/canonical_four_levels.json") {
  const auto f = fz::testing::fixtures_dir() / "parse" / "canonical_four_levels.txt";
  const auto src = make_source(fz::testing::read_file(f));
  fz::testing::check_golden(fz::testing::fixtures_dir() / "parse" / "canonical_four_levels.json",
                            parse(src).to_json());
}

TEST_CASE("json rendering") {
  const auto src = make_source("某镇2024年法治政府建设年度报告\n一、主要举措\n（一）加强领导。一是压实责任。\n某镇人民政府\n2025年2月20日\n");
  const Document doc = parse(src);
  const std::string j = doc.to_json();
  CHECK(j.find("\"title\"") != std::string::npos);
  CHECK(j.find("\"run_in\": true") != std::string::npos);
  CHECK(j.find("\"style\": \"shi\"") != std::string::npos);
  CHECK(j.find("\"year\": 2025") != std::string::npos);
  CHECK(j.find("\"signature\": {") != std::string::npos);
}

TEST_CASE("never fails: random and hostile input") {
  std::mt19937 rng(12345);
  const std::vector<std::string> pieces = {"一、", "（一）", "(", "）", "1.", "（1）", "一是", "第一，",
                                           "。", "；", "：", "\n", "\r\n", "报告", "人民政府",
                                           "2025年2月20日", "《", "》", "①", "\xff", "\xe4\xb8",
                                           " ", "　", "#", "## ", "**", "一", "十", "是", "年"};
  for (int iter = 0; iter < 2000; ++iter) {
    std::string s;
    const int n = static_cast<int>(rng() % 40);
    for (int k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    for (auto fmt : {ingest::Format::Text, ingest::Format::Markdown}) {
      const auto src = make_source(s, fmt);
      const Document doc = parse(src);
      (void)doc.dump();
      (void)doc.to_json();
      for_each_section(doc.sections, [&](const Section& sec) {
        CHECK(sec.span.end <= s.size());
        CHECK(sec.heading_span.begin <= sec.heading_span.end);
        CHECK(sec.span.contains(sec.heading_span));
      });
    }
  }
  // Blocks out of range or overlapping are ignored, not trusted.
  ingest::SourceText bad;
  bad.text = "一、标题";
  bad.blocks.push_back({ingest::Block::Kind::Paragraph, 0, {0, 1000}});
  bad.blocks.push_back({ingest::Block::Kind::Paragraph, 0, {5, 2}});
  bad.blocks.push_back({ingest::Block::Kind::Paragraph, 0, {0, 3}});
  const Document doc = parse(bad);
  CHECK(doc.sections.size() == 1);
}

// Developer aid: FZ_OUTLINE_DUMP=path prints that file's tree (no assertions).
TEST_CASE("dump a file named by FZ_OUTLINE_DUMP") {
  const char* path = std::getenv("FZ_OUTLINE_DUMP");
  if (!path || !*path) return;
  const std::filesystem::path p(path);
  const auto fmt = p.extension() == ".md" ? ingest::Format::Markdown : ingest::Format::Text;
  const auto src = make_source(fz::testing::read_file(p), fmt);
  MESSAGE("\n" << parse(src).dump());
}

// The real ingest pipeline must segment the fixtures as the hand-built helper does (one block
// per line for .txt; headings and paragraphs for .md), so goldens hold for `fzlint parse`.
TEST_CASE("fixtures through ingest::ingest give the golden trees") {
  const auto dir = fz::testing::fixtures_dir() / "parse";
  for (const auto& f : fz::testing::list_files(dir, {".txt", ".md"})) {
    CAPTURE(f.filename().string());
    const auto fmt = f.extension() == ".md" ? ingest::Format::Markdown : ingest::Format::Text;
    auto src = ingest::ingest(fz::testing::read_file(f), fmt);
    REQUIRE(src.ok());
    const auto hand = make_source(fz::testing::read_file(f), fmt);
    CHECK(parse(*src).dump() == parse(hand).dump());
  }
}

TEST_CASE("a long text's paragraphs get their sentences and items on two threads, all of them") {
  // From 1 MiB the parser fills paragraphs after building the tree (fill_paragraphs): each
  // must have what a short text's paragraph gets, wherever it sits in the tree.
  const std::string one = fz::testing::read_file(std::string(FZ_SOURCE_DIR) + "/examples/sample-report.txt");
  REQUIRE(one.size() > 1000);
  std::string text;
  while (text.size() < (1u << 20) + 4096) text += one + "\n";
  for (const std::string* t : std::vector<const std::string*>{&one, &text}) {
    const ingest::SourceText src = make_source(*t);
    const Document doc = parse(src);
    size_t paragraphs = 0, sentences = 0, items = 0;
    auto same = [&](const Paragraph& p) {
      ++paragraphs;
      const auto want = text::split_sentences(doc.text, p.span);
      REQUIRE(p.sentences.size() == want.size());
      for (size_t i = 0; i < want.size(); ++i)
        CHECK((p.sentences[i].span.begin == want[i].begin && p.sentences[i].span.end == want[i].end));
      const auto its = find_items(doc.text, p.span);
      REQUIRE(p.items.size() == its.size());
      for (size_t i = 0; i < its.size(); ++i)
        CHECK((p.items[i].span.begin == its[i].span.begin && p.items[i].ordinal == its[i].ordinal &&
               p.items[i].style == its[i].style));
      sentences += want.size();
      items += its.size();
    };
    for (auto& p : doc.intro) same(p);
    std::vector<const Section*> todo;
    for (auto& s : doc.sections) todo.push_back(&s);
    while (!todo.empty()) {
      const Section* s = todo.back();
      todo.pop_back();
      for (auto& p : s->body) same(p);
      for (auto& c : s->children) todo.push_back(&c);
    }
    CHECK(paragraphs >= (t == &one ? 5u : 5u * (text.size() / one.size())));
    CHECK(sentences > paragraphs);
    CHECK(items > 0);
  }
}
