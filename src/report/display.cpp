#include "report/display.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "text/utf8.h"

namespace fz::report {

namespace {

/// How one code point is shown: its replacement text (empty = itself) and its width.
struct Shown {
  std::string subst;  // empty: emit the original bytes
  size_t width = 0;
};

Shown shown(char32_t cp, bool valid) {
  if (!valid) return {"\xEF\xBF\xBD", 1};
  if (cp == '\t') return {"    ", 4};
  const int type = u_charType(static_cast<UChar32>(cp));
  if (type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_LINE_SEPARATOR ||
      type == U_PARAGRAPH_SEPARATOR) {
    std::string s = fmt::format("<U+{:04X}>", static_cast<uint32_t>(cp));
    const size_t w = s.size();
    return {std::move(s), w};
  }
  return {{}, static_cast<size_t>(display_width(cp))};
}

struct Cell {
  size_t byte = 0;  // offset in the source line
  size_t len = 0;   // bytes in the source line
  size_t col = 0;   // display column where it starts
  size_t width = 0;
  std::string subst;
};

std::vector<Cell> cells_of(std::string_view s) {
  std::vector<Cell> cells;
  size_t col = 0;
  for (size_t off = 0; off < s.size();) {
    const text::Decoded d = text::decode_utf8(s, off);
    const size_t len = d.len ? d.len : 1;
    Shown sh = shown(d.cp, d.valid);
    cells.push_back({off, len, col, sh.width, std::move(sh.subst)});
    col += sh.width;
    off += len;
  }
  return cells;
}

void emit(std::string& out, std::string_view s, const Cell& c) {
  if (c.subst.empty()) out.append(s.substr(c.byte, c.len));
  else out += c.subst;
}

}  // namespace

int display_width(char32_t cp) {
  if (cp == 0) return 0;
  const UChar32 c = static_cast<UChar32>(cp);
  const int type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) return 0;
  // Hangul medial vowels and final consonants combine with the preceding jamo.
  if (cp >= 0x1160 && cp <= 0x11FF) return 0;
  const int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) return 2;
  return 1;
}

size_t display_width(std::string_view utf8) {
  size_t w = 0;
  for (size_t off = 0; off < utf8.size();) {
    const text::Decoded d = text::decode_utf8(utf8, off);
    w += shown(d.cp, d.valid).width;
    off += d.len ? d.len : 1;
  }
  return w;
}

std::string render_line(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (const Cell& c : cells_of(utf8)) emit(out, utf8, c);
  return out;
}

namespace {

/// underline() on a line that may already have been cut at either end (`pre_left`/`pre_right`:
/// show "…" there whatever the window).
Excerpt underline_cut(std::string_view line, size_t begin, size_t end, size_t max_width, char mark, bool pre_left,
                      bool pre_right) {
  const std::vector<Cell> cells = cells_of(line);
  const size_t total = cells.empty() ? 0 : cells.back().col + cells.back().width;
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());

  // Display columns of the range: from the cell containing `begin` to the first cell at or
  // after `end` (a range ending mid-character still covers that character).
  auto col_at = [&](size_t byte, bool round_up) -> size_t {
    for (const Cell& c : cells) {
      if (byte < c.byte + c.len) return (round_up && byte > c.byte) ? c.col + c.width : c.col;
    }
    return total;
  };
  const size_t sc = col_at(begin, false);
  size_t ec = col_at(end, true);
  if (ec <= sc) {
    // Empty range (or zero-width characters): one mark under the character at `sc`, or after
    // the end of the line.
    size_t w = 1;
    for (const Cell& c : cells)
      if (c.col == sc && c.width) {
        w = c.width;
        break;
      }
    ec = sc + (begin == end ? 1 : w);
  }

  // Window [ws, we) in display columns, on cell boundaries.
  size_t ws = 0, we = total;
  if (total > max_width && max_width >= 8) {
    const size_t context = std::min<size_t>(16, max_width / 4);
    const size_t budget = max_width - 2;  // room for two ellipses of width 1
    size_t want = sc > context ? sc - context : 0;
    // Do not waste the window past the line's end.
    if (want + budget > total) want = total > budget ? total - budget : 0;
    // Round the start up to a cell boundary (never past the range's start, itself a boundary).
    ws = total;
    for (const Cell& c : cells)
      if (c.col >= want) {
        ws = c.col;
        break;
      }
    const size_t limit = ws + max_width - (ws > 0 || pre_left ? 1 : 0) - 1;
    we = ws;
    for (const Cell& c : cells) {
      if (c.col < ws) continue;
      if (c.col + c.width > limit) break;
      we = c.col + c.width;
    }
    if (we >= total) we = total;
  }

  Excerpt ex;
  const bool cut_left = ws > 0 || pre_left, cut_right = we < total || pre_right;
  if (cut_left) ex.line += "\xE2\x80\xA6";  // …
  for (const Cell& c : cells)
    if (c.col >= ws && c.col + c.width <= we) emit(ex.line, line, c);
  if (cut_right) ex.line += "\xE2\x80\xA6";

  const size_t shift = cut_left ? 1 : 0;
  const size_t ms = sc - ws + shift;
  // Marks may extend one column past the line (caret after the last character), but not past
  // a cut right end.
  size_t me = ec - ws + shift;
  if (cut_right) me = std::min(me, we - ws + shift + 1);
  ex.mark_col = ms;
  ex.mark_width = me > ms ? me - ms : 1;
  ex.marks.assign(ms, ' ');
  ex.marks.append(ex.mark_width, mark);
  return ex;
}

}  // namespace

Excerpt underline(std::string_view line, size_t begin, size_t end, size_t max_width, char mark) {
  // A window is at most max_width columns, so only bytes near the range matter. Cutting a huge
  // line (a draft pasted without line breaks) first keeps each finding's cost bounded instead of
  // proportional to the line.
  const size_t slack = std::max<size_t>(1024, max_width * 8);
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());
  if (line.size() <= 4 * slack) return underline_cut(line, begin, end, max_width, mark, false, false);
  const size_t lo = begin > slack ? text::floor_boundary(line, begin - slack) : 0;
  const size_t hi = std::min(line.size(), std::min(end, begin + slack) + slack);
  const size_t hi_b = hi == line.size() ? hi : text::floor_boundary(line, hi);
  const std::string_view sub = line.substr(lo, hi_b - lo);
  return underline_cut(sub, begin - lo, std::min(end, hi_b) - lo, max_width, mark, lo > 0, hi_b < line.size());
}

}  // namespace fz::report
