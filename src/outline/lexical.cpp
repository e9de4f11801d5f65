// Recognisers for dates, enumeration items and front/back matter lines (see lexical.h).
#include "outline/lexical.h"

#include <algorithm>

#include "text/utf8.h"

namespace fz::outline {
namespace {

using text::decode_utf8;

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }
bool starts_with(std::string_view s, std::string_view w) { return s.substr(0, w.size()) == w; }
bool ends_with(std::string_view s, std::string_view w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}

// Cursor over text[p, end) that skips white space on request.
struct Cursor {
  std::string_view text;
  uint32_t p, end;

  text::Decoded peek() const {
    if (p >= end) return {};
    return decode_utf8(text.substr(0, end), p);
  }
  void skip_space() {
    while (p < end) {
      auto d = peek();
      if (!d.len || !text::is_space(d.cp)) break;
      p += d.len;
    }
  }
  bool eat(std::string_view lit) {
    if (end - p >= lit.size() && text.compare(p, lit.size(), lit) == 0) {
      p += static_cast<uint32_t>(lit.size());
      return true;
    }
    return false;
  }
};

int ascii_or_full_digit(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

// Digit of a year written in Han characters (二〇二五): 〇 ○ 零 Ｏ O all occur for zero.
int han_year_digit(char32_t cp) {
  switch (cp) {
    case U'〇': case U'○': case U'零': case U'Ｏ': case U'O': case U'o': return 0;
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

// Arabic number of 1–maxdigits digits; sets `padded` when it has a leading zero.
std::optional<int> read_arabic(Cursor& c, int maxdigits, bool& padded) {
  int v = 0, n = 0;
  uint32_t start = c.p;
  while (n < maxdigits) {
    auto d = c.peek();
    int dv = d.len ? ascii_or_full_digit(d.cp) : -1;
    if (dv < 0) break;
    if (n == 0 && dv == 0) padded = true;
    v = v * 10 + dv;
    c.p += d.len;
    ++n;
  }
  if (!n) {
    c.p = start;
    return std::nullopt;
  }
  auto d = c.peek();
  if (d.len && ascii_or_full_digit(d.cp) >= 0) return std::nullopt;  // too many digits
  return v;
}

// Han number 1–39 as used for months and days: 一…十, 十一…十九, 二十, 二十一…, 三十, 三十一.
std::optional<int> read_han_small(Cursor& c) {
  int ds[3];
  uint32_t ends[3];
  int n = 0;
  uint32_t start = c.p;
  while (n < 3) {
    auto d = c.peek();
    if (!d.len) break;
    int v = d.cp == U'十' ? 10 : han_year_digit(d.cp);
    if (v <= 0) break;
    ds[n] = v;
    c.p += d.len;
    ends[n++] = c.p;
  }
  c.p = start;
  if (n >= 3 && ds[0] >= 2 && ds[0] <= 3 && ds[1] == 10 && ds[2] < 10) {
    c.p = ends[2];
    return ds[0] * 10 + ds[2];
  }
  if (n >= 2 && ds[0] == 10 && ds[1] < 10) {
    c.p = ends[1];
    return 10 + ds[1];
  }
  if (n >= 2 && ds[0] >= 2 && ds[0] <= 3 && ds[1] == 10) {
    c.p = ends[1];
    return ds[0] * 10;
  }
  if (n >= 1) {
    c.p = ends[0];
    return ds[0];
  }
  return std::nullopt;
}

// Parses a date starting exactly at c.p; on success c.p is after 日.
std::optional<DateInfo> read_date(Cursor& c) {
  DateInfo d;
  const uint32_t begin = c.p;
  bool padded = false;
  // Year: four Arabic digits or four Han digits.
  if (auto y = read_arabic(c, 4, padded); y && c.p - begin >= 4) {
    d.year = *y;
  } else {
    c.p = begin;
    int year = 0;
    for (int i = 0; i < 4; ++i) {
      auto ch = c.peek();
      int v = ch.len ? han_year_digit(ch.cp) : -1;
      if (v < 0) return std::nullopt;
      year = year * 10 + v;
      c.p += ch.len;
    }
    d.year = year;
  }
  if (d.year < 1949 || d.year > 2100) return std::nullopt;
  c.skip_space();
  if (!c.eat("年")) return std::nullopt;
  c.skip_space();
  auto read_part = [&](int maxv) -> std::optional<int> {
    bool pad = false;
    std::optional<int> v = read_arabic(c, 2, pad);
    if (!v) v = read_han_small(c);
    if (!v || *v < 1 || *v > maxv) return std::nullopt;
    if (pad) padded = true;
    return v;
  };
  auto m = read_part(12);
  if (!m) return std::nullopt;
  c.skip_space();
  if (!c.eat("月")) return std::nullopt;
  c.skip_space();
  auto day = read_part(31);
  if (!day) return std::nullopt;
  c.skip_space();
  if (!c.eat("日") && !c.eat("号")) return std::nullopt;
  d.month = *m;
  d.day = *day;
  d.zero_padded = padded;
  d.span = {begin, c.p};
  return d;
}

bool is_item_boundary(char32_t cp) {
  switch (cp) {
    case U'。': case U'；': case U'：': case U'，': case U'！': case U'？':
    case U';': case U':': case U',': case U'!': case U'?':
    case U'”': case U'’': case U'」': case U'』': case U'"':
      return true;
    default: return text::is_space(cp);
  }
}

// Han ordinal 1–99 at p (longest valid reading); returns (value, byte length).
std::optional<std::pair<int, uint32_t>> han_ordinal(std::string_view text, uint32_t p,
                                                    uint32_t end) {
  auto r = read_numerals(text, p, end, NumeralClass::Han);
  if (r.empty()) return std::nullopt;
  return r.front();
}

std::string_view trim_view(std::string_view s) {
  ByteSpan t = text::trim_span(s, {0, static_cast<uint32_t>(s.size())});
  return s.substr(t.begin, t.size());
}

}  // namespace

std::optional<DateInfo> parse_date(std::string_view text, ByteSpan span) {
  span.end = std::min<uint32_t>(span.end, static_cast<uint32_t>(text.size()));
  if (span.begin >= span.end) return std::nullopt;
  Cursor c{text, span.begin, span.end};
  c.skip_space();
  auto d = read_date(c);
  if (!d) return std::nullopt;
  c.skip_space();
  if (c.p != c.end) return std::nullopt;
  return d;
}

std::optional<DateInfo> find_trailing_date(std::string_view text, ByteSpan span) {
  span.end = std::min<uint32_t>(span.end, static_cast<uint32_t>(text.size()));
  if (span.begin >= span.end || span.size() > 160) return std::nullopt;
  for (uint32_t p = span.begin; p < span.end;) {
    auto d = decode_utf8(text.substr(0, span.end), p);
    if (!d.len) break;
    if (auto r = parse_date(text, {p, span.end})) return r;
    p += d.len;
  }
  return std::nullopt;
}

std::vector<EnumItem> find_items(std::string_view text, ByteSpan span) {
  std::vector<EnumItem> items;
  span.end = std::min<uint32_t>(span.end, static_cast<uint32_t>(text.size()));
  if (span.begin >= span.end) return items;
  const std::string_view bounded = text.substr(0, span.end);
  // True when an item marker may start at `p`: the paragraph start or after a boundary mark.
  auto boundary_before = [&](uint32_t p) {
    if (p <= span.begin) return true;
    const uint32_t prev = static_cast<uint32_t>(text::prev_boundary(bounded, p));
    if (prev < span.begin) return true;
    return is_item_boundary(decode_utf8(bounded, prev).cp);
  };
  // Scanning for the bytes of 是 and 第 (rare in prose) keeps this linear with a small constant;
  // the numeral is then read backwards (一是 … 九十九是) or forwards (第一，).
  static constexpr std::string_view kShi = "是", kDi = "第";
  uint32_t next_shi = static_cast<uint32_t>(bounded.find(kShi, span.begin));
  uint32_t next_di = static_cast<uint32_t>(bounded.find(kDi, span.begin));
  constexpr uint32_t kNone = static_cast<uint32_t>(std::string_view::npos);
  while (next_shi != kNone || next_di != kNone) {
    if (next_shi != kNone && (next_di == kNone || next_shi < next_di)) {
      const uint32_t q = next_shi;
      // Longest valid numeral ending at q (up to three characters) preceded by a boundary.
      uint32_t start = q, best = kNone;
      int value = 0;
      for (int n = 0; n < 3 && start > span.begin; ++n) {
        start = static_cast<uint32_t>(text::prev_boundary(bounded, start));
        if (start < span.begin) break;
        const auto c = decode_utf8(bounded, start);
        if (c.cp != U'十' && han_year_digit(c.cp) <= 0) break;
        auto r = read_numerals(text, start, q, NumeralClass::Han);
        if (!r.empty() && r.front().second == q - start && boundary_before(start)) {
          best = start;
          value = r.front().first;
        }
      }
      if (best != kNone && q + 3 <= span.end) {
        EnumItem it;
        it.marker_span = {best, q + 3};
        it.ordinal = value;
        it.style = "shi";
        items.push_back(std::move(it));
      }
      next_shi = static_cast<uint32_t>(bounded.find(kShi, q + 3));
    } else {
      const uint32_t p = next_di;
      if (boundary_before(p)) {
        if (auto o = han_ordinal(text, p + 3, span.end)) {
          const uint32_t q = p + 3 + o->second;
          uint32_t comma = 0;
          if (q + 3 <= span.end && bounded.compare(q, 3, "，") == 0) comma = 3;
          else if (q < span.end && bounded[q] == ',') comma = 1;
          if (comma) {
            EnumItem it;
            it.marker_span = {p, q + comma};
            it.ordinal = o->first;
            it.style = "di";
            items.push_back(std::move(it));
          }
        }
      }
      next_di = static_cast<uint32_t>(bounded.find(kDi, p + 3));
    }
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const uint32_t stop = i + 1 < items.size() ? items[i + 1].marker_span.begin : span.end;
    items[i].span = text::trim_span(text, {items[i].marker_span.begin, stop});
  }
  return items;
}

bool is_web_chrome(const Grammar& g, std::string_view block) {
  block = trim_view(block);
  // Byte bounds first (a code point is at most 4 bytes): body paragraphs are long.
  if (block.empty() || block.size() > 4 * 160 || text::count_code_points(block) > 160) return false;
  for (const auto& p : g.lexicon.chrome_prefixes)
    if (starts_with(block, p)) return true;
  for (const auto& w : g.lexicon.chrome_contains)
    if (contains(block, w)) return true;
  return false;
}

bool is_salutation(std::string_view block) {
  block = trim_view(block);
  if (!(ends_with(block, "：") || ends_with(block, ":"))) return false;
  if (block.size() > 4 * 40 || text::count_code_points(block) > 40) return false;
  for (std::string_view bad : {"。", "，", "；", ",", ";", "如下", "现将", "报告", "汇报"})
    if (contains(block, bad)) return false;
  return true;
}

bool is_subtitle(std::string_view block) {
  block = trim_view(block);
  if (block.size() > 4 * 80) return false;
  const size_t cps = text::count_code_points(block);
  if (cps < 4 || cps > 80) return false;
  // "——2025年3月17日在…会议上"; a dash-led highlight bullet ("--法治建设水平持续提升") is not.
  for (std::string_view dash : {"——", "—", "--", "－－", "──", "─"})
    if (starts_with(block, dash))
      return contains(block, "会议") || contains(block, "会上") || ends_with(block, "上") ||
             contains(block, "讲话");
  const bool wrapped = (starts_with(block, "（") && ends_with(block, "）")) ||
                       (starts_with(block, "(") && ends_with(block, ")"));
  if (wrapped && contains(block, "年") && contains(block, "月") &&
      (contains(block, "会") || contains(block, "在")))
    return true;
  if (starts_with(block, "在") && contains(block, "会议") &&
      (ends_with(block, "上") || ends_with(block, "上的报告") || ends_with(block, "上的讲话")))
    return true;
  return false;
}

bool is_issuer_line(const Grammar& g, std::string_view block) {
  block = trim_view(block);
  if (block.empty() || block.size() > 4 * 40 || text::count_code_points(block) > 40) return false;
  for (std::string_view bad : {"。", "，", "；", "：", "！", "？", ",", ";", ":", "!", "?", "“", "《"})
    if (contains(block, bad)) return false;
  for (const auto& s : g.lexicon.issuer_suffixes)
    if (ends_with(block, s)) return true;
  return false;
}

}  // namespace fz::outline
