// fz::report display helpers — how wide text is on a terminal, and how a source line is shown
// with an underline beneath a span (used by the text printer; exposed for tests).
//
// Contract:
//  * Widths follow Unicode East Asian Width (UAX #11, via ICU): Wide and Fullwidth characters
//    (Han including Ext-B such as 𠀀, kana, full-width punctuation ，。（）) take 2 columns;
//    Ambiguous ones (“” …) take 1, as in wcwidth() and the terminals our users run; combining
//    marks take 0; everything else 1.
//  * Shown text never contains raw control or format characters (a draft with U+202E must not
//    be able to reorder the terminal): tab becomes four spaces, other controls and format
//    characters (U+200B, U+FEFF, bidi controls) become a visible "<U+XXXX>".
//  * Accepts arbitrary bytes; invalid UTF-8 shows as U+FFFD. Never reads out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fz::report {

/// Display columns of one code point (0, 1 or 2) as it is shown (before any substitution).
int display_width(char32_t cp);
/// Display columns of a UTF-8 string as render_line() would show it.
size_t display_width(std::string_view utf8);

/// `utf8` made safe and readable for a terminal or HTML (see the contract above).
std::string render_line(std::string_view utf8);

/// A line prepared for display with a marker row beneath it.
struct Excerpt {
  std::string line;   ///< the (possibly windowed) rendered line; "…" marks cut-off ends
  std::string marks;  ///< spaces then `mark` characters, no trailing spaces
  size_t mark_col = 0;    ///< 0-based display column where the marks start (within `line`)
  size_t mark_width = 0;  ///< number of mark characters (≥ 1)
};

/// Shows `line` (one line, no terminator) with `mark` under its bytes [begin, end), measured in
/// display columns. An empty range gets one mark at `begin` (after the last character when
/// `begin` is the line's end). Lines wider than `max_width` are cut to a window around the range
/// with "…" at the cut ends; a range wider than the window is underlined up to the window's end.
Excerpt underline(std::string_view line, size_t begin, size_t end, size_t max_width = 80,
                  char mark = '^');

}  // namespace fz::report
