// Kind `document-name`: citations of national documents must use the canonical written form
// (规范表述) — 书名号, full-width brackets, 一字线 and 年 in the period, and a valid period:
//   《法治政府建设实施纲要（2021—2025年）》
// `documents` lists each title's stem and its valid periods (data, so successor documents are
// one line). Only titles that BEGIN with a national stem are judged: 《静海区法治政府建设实施
// 纲要（2021—2025年）》 names a local document and is left alone; so is a bare stem preceded by
// other Chinese text unless that text ends with a citing verb (`cite_before`), since
// "静海区法治政府建设实施纲要" is a local name too.
//
// One finding per citation, {problem} says what is wrong, {canonical} is the right form. Fixes
// are minimal edits (a bracket, the dash, an inserted 年 or 书名号), identical to the fixes of the
// half-width and year-span rules at the same place, so fixes::apply merges them. Wrong years
// are fixed only when the document has a single valid period.
#include <algorithm>

#include "checks/util.h"
#include "text/utf8.h"

namespace fz::checks {
namespace {

struct Doc {
  std::string stem;
  std::vector<std::pair<int, int>> periods;
};

struct Period {
  bool found = false;
  int y1 = 0, y2 = 0;
  uint32_t begin = 0, end = 0;          ///< from the opening to after the closing bracket
  uint32_t open = 0, open_len = 0;      ///< opening bracket
  uint32_t y1_end = 0, y2_begin = 0;    ///< dash (and spaces) between the years
  uint32_t y2_end = 0, close = 0, close_len = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parse "（2021—2025年）" / "(2021-2025)" / " （2021 - 2025 年）" at `p`.
Period parse_period(std::string_view t, uint32_t p, uint32_t end) {
  Period r;
  auto skip_spaces = [&](uint32_t& q) {
    while (q < end) {
      if (t[q] == ' ' || t[q] == '\t') ++q;
      else if (t.substr(q, 3) == "\u3000") q += 3;
      else break;
    }
  };
  auto lit = [&](uint32_t q, std::string_view s) { return q + s.size() <= end && t.substr(q, s.size()) == s; };
  auto year = [&](uint32_t& q, int& y) {
    if (q + 4 > end) return false;
    for (int i = 0; i < 4; ++i)
      if (!is_digit(t[q + i])) return false;
    y = std::stoi(std::string(t.substr(q, 4)));
    q += 4;
    return true;
  };
  uint32_t q = p;
  skip_spaces(q);
  r.open = q;
  if (lit(q, "（")) r.open_len = 3;
  else if (lit(q, "(")) r.open_len = 1;
  else return r;
  q += r.open_len;
  skip_spaces(q);
  if (!year(q, r.y1)) return r;
  r.y1_end = q;
  skip_spaces(q);
  bool dash = false;
  for (std::string_view d : {"—", "–", "－", "-", "～", "~", "〜", "至", "―", "一"})
    if (lit(q, d)) {
      q += static_cast<uint32_t>(d.size());
      dash = true;
      break;
    }
  if (lit(q, "—")) q += 3;  // a doubled dash "——"
  if (!dash) return r;
  skip_spaces(q);
  r.y2_begin = q;
  if (!year(q, r.y2)) return r;
  r.y2_end = q;
  skip_spaces(q);
  if (lit(q, "年")) q += 3;
  skip_spaces(q);
  r.close = q;
  if (lit(q, "）")) r.close_len = 3;
  else if (lit(q, ")")) r.close_len = 1;
  else return r;
  r.end = q + r.close_len;
  r.begin = p;
  r.found = true;
  return r;
}

class DocumentNameCheck : public Check {
 public:
  std::vector<Doc> docs;
  RegexPtr stems;       ///< (stem1|stem2|…)
  RegexPtr cite_before; ///< a citing verb at the end of the text before a bare stem
  bool width_quiet = false;  ///< quiet_width_when_folded: half-width brackets alone are no finding

  bool has_fix() const override { return true; }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    const std::string_view t = ctx.text;
    for (auto& node : nodes) {
      for_each_match(*stems, t, node.span, [&](ByteSpan m, const std::vector<std::string_view>& g) {
        auto it = std::find_if(docs.begin(), docs.end(), [&](const Doc& d) { return d.stem == g[1]; });
        if (it == docs.end()) return;
        // A citation never spans lines: judge it within its own line (of the node).
        ByteSpan line = node.span;
        const size_t nl = t.find_last_of("\r\n", m.begin == 0 ? std::string_view::npos : m.begin - 1);
        if (nl != std::string_view::npos && m.begin > 0 && nl + 1 > line.begin) line.begin = static_cast<uint32_t>(nl + 1);
        const size_t eol = t.find_first_of("\r\n", m.end);
        if (eol != std::string_view::npos && eol < line.end) line.end = static_cast<uint32_t>(eol);
        check_one(ctx, line, m, *it, out);
      });
    }
  }

 private:
  void check_one(const Context& ctx, ByteSpan within, ByteSpan m, const Doc& d, Emitter& out) const {
    const std::string_view t = ctx.text;
    const std::string_view before = t.substr(within.begin, m.begin - within.begin);
    // Inside a title? Find the last opening and closing 书名号 before the stem.
    size_t open = std::string_view::npos, close = std::string_view::npos;
    for (std::string_view o : {"《", "〈"}) {
      size_t p = before.rfind(o);
      if (p != std::string_view::npos && (open == std::string_view::npos || p > open)) open = p;
    }
    for (std::string_view c : {"》", "〉"}) {
      size_t p = before.rfind(c);
      if (p != std::string_view::npos && (close == std::string_view::npos || p > close)) close = p;
    }
    const bool inside = open != std::string_view::npos && (close == std::string_view::npos || close < open);
    if (inside && open + 3 != before.size()) return;  // a local document: 《静海区法治政府…》
    const bool titled = inside;
    if (!titled && !before.empty()) {
      size_t len = 1;
      size_t b = before.size() - 1;
      while (b > 0 && (static_cast<unsigned char>(before[b]) & 0xC0) == 0x80) --b;
      const char32_t prev = decode_utf8(before, b, &len);
      const bool han = (prev >= 0x4E00 && prev <= 0x9FFF) || (prev >= 0x3400 && prev <= 0x4DBF) ||
                       (prev >= 0x20000 && prev <= 0x3FFFF);
      if (han) {
        const std::string_view tail = text::tail_bytes(before, 24);
        if (!RE2::PartialMatch(re2::StringPiece(tail.data(), tail.size()), *cite_before)) return;
      }
    }
    const Period p = parse_period(t, m.end, within.end);
    std::vector<Fix> fixes;
    std::vector<std::string> problems;
    bool stray_spaces = false;  // blanks inside the period (a defect of the name, width aside)
    int y1 = p.y1, y2 = p.y2;
    if (p.found) {
      const bool valid = std::find(d.periods.begin(), d.periods.end(), std::make_pair(p.y1, p.y2)) != d.periods.end();
      if (!valid && !d.periods.empty()) {
        problems.push_back("年份“" + std::to_string(p.y1) + "—" + std::to_string(p.y2) + "”有误");
        if (d.periods.size() == 1) {
          y1 = d.periods[0].first;
          y2 = d.periods[0].second;
          fixes.push_back(Fix{{p.y1_end - 4, p.y1_end}, std::to_string(y1)});
          fixes.push_back(Fix{{p.y2_begin, p.y2_end}, std::to_string(y2)});
        }
      }
      bool form = false;
      if (p.open != m.end) {  // spaces before the bracket
        fixes.push_back(Fix{{m.end, p.open}, ""});
        form = true;
      }
      if (p.open_len == 1) {
        fixes.push_back(Fix{{p.open, p.open + 1}, "（"});
        problems.push_back("使用了半角括号");
      }
      if (p.open + p.open_len != p.y1_end - 4) {  // spaces after the bracket
        fixes.push_back(Fix{{p.open + p.open_len, p.y1_end - 4}, ""});
        form = true;
      }
      if (t.substr(p.y1_end, p.y2_begin - p.y1_end) != "—") {
        fixes.push_back(Fix{{p.y1_end, p.y2_begin}, "—"});
        problems.push_back("年份间应使用一字线“—”");
      }
      const std::string_view tail = t.substr(p.y2_end, p.close - p.y2_end);
      if (tail != "年") {
        if (tail.find("年") == std::string_view::npos) problems.push_back("缺少“年”字");
        else form = true;
        fixes.push_back(Fix{{p.y2_end, p.close}, "年"});
      }
      if (p.close_len == 1) {
        fixes.push_back(Fix{{p.close, p.close + 1}, "）"});
        if (p.open_len != 1) problems.push_back("使用了半角括号");
      }
      if (form && problems.empty()) problems.push_back("括号内有多余空格");
      stray_spaces = form;
    }
    const std::string period =
        p.found ? "（" + std::to_string(y1) + "—" + std::to_string(y2) + "年）"
                : (d.periods.size() == 1 ? "（" + std::to_string(d.periods[0].first) + "—" +
                                               std::to_string(d.periods[0].second) + "年）"
                                         : std::string());
    const uint32_t name_end = p.found ? p.end : m.end;
    if (!titled) {
      problems.insert(problems.begin(), "缺少书名号");
      // Wrap only when what is cited is unambiguous: the period is written, or there is none.
      if (p.found || d.periods.empty()) {
        fixes.push_back(Fix{{m.begin, m.begin}, "《"});
        fixes.push_back(Fix{{name_end, name_end}, "》"});
      }
    }
    if (problems.empty()) return;
    // In a text folded to half-width as a whole, brackets alone are the copy's doing (reported
    // once by text-width-folded); any other problem of the name is still reported, once.
    if (width_quiet && ctx.analysis.width.folded && !stray_spaces && problems.size() == 1 &&
        problems[0] == "使用了半角括号")
      return;
    std::string canonical = "《" + d.stem + period + "》";
    if (d.periods.size() > 1 && !p.found) canonical = "《" + d.stem + "（起止年份）》";
    std::string joined;
    for (auto& s : problems) joined += (joined.empty() ? "" : "，") + s;
    const ByteSpan span{titled ? static_cast<uint32_t>(m.begin - 3) : m.begin,
                        name_end + (titled && t.substr(name_end, 3) == "》" ? 3u : 0u)};
    std::sort(fixes.begin(), fixes.end(), [](const Fix& a, const Fix& b) { return a.span.begin < b.span.begin; });
    out.emit(span, {{"match", std::string(slice(t, span))}, {"problem", joined}, {"canonical", canonical}},
             std::move(fixes));
  }
};

// "2021—2025" → 2021, 2025: four ASCII digits, an em dash, four digits (read by hand: a
// pattern built here was compiled at every start).
bool parse_period(std::string_view s, int& a, int& b) {
  static constexpr std::string_view kDash = "—";
  if (s.size() != 8 + kDash.size() || s.substr(4, kDash.size()) != kDash) return false;
  auto four = [](std::string_view d, int& out) {
    out = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  return four(s.substr(0, 4), a) && four(s.substr(4 + kDash.size()), b);
}

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<DocumentNameCheck>();
  const rules::Value* list = spec.params.find("documents");
  std::string alt;
  for (auto& v : list->array) {
    Doc d;
    const rules::Value* stem = v.find("stem");
    if (!stem || !stem->is_string() || stem->s.empty())
      return spec.error_at(&v, "documents", "每项需要非空字符串 stem（文件名称，不含书名号和年份）");
    d.stem = stem->s;
    for (auto& [key, x] : v.table)
      if (key != "stem" && key != "periods")
        return spec.error_at(&x, "documents." + key, "未知的键（可用：stem, periods）");
    if (const rules::Value* ps = v.find("periods")) {
      if (!ps->is_array()) return spec.error_at(ps, "documents.periods", "应为字符串数组，如 [\"2021—2025\"]");
      for (auto& e : ps->array) {
        int a = 0, b = 0;
        if (!e.is_string() || !parse_period(e.s, a, b) || b < a)
          return spec.error_at(&e, "documents.periods", "应写作“起始年—终止年”，如 \"2021—2025\"");
        d.periods.emplace_back(a, b);
      }
    }
    alt += (alt.empty() ? "" : "|") + RE2::QuoteMeta(d.stem);
    c->docs.push_back(std::move(d));
  }
  if (c->docs.empty()) return spec.error_at(list, "documents", "不能为空");
  auto re = compile_regex(spec, list, "documents", "(" + alt + ")");
  if (!re) return re.error();
  c->stems = std::move(*re);
  auto cite = compile_regex(spec, spec.params.find("cite_before"), "cite_before",
                            param_string(spec, "cite_before", "(?:贯彻|落实|学习|对照|对标|按照|依照|遵照|根据|依据|执行|实施|践行|宣传|宣贯|解读|印发|围绕)$"));
  if (!cite) return cite.error();
  c->cite_before = std::move(*cite);
  c->width_quiet = param_bool(spec, "quiet_width_when_folded", false);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_document_name() {
  return {"document-name",
          "国家文件名称的规范写法（书名号、全角括号、一字线、年份），地方文件不判断",
          {{"documents", ParamType::TableList, true, "[{stem = 文件名称, periods = [\"2021—2025\"]}]"},
           {"cite_before", ParamType::Regex, false, "无书名号时，前文以此结尾才视为引用国家文件（以 $ 结尾）"},
           {"quiet_width_when_folded", ParamType::Bool, false,
            "全文标点被折成半角（text-width-folded）时，只有半角括号一个问题的名称不报告"}},
          false,
          &make};
}

}  // namespace fz::checks
