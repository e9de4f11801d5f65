// fz::text UTF-8 helpers — small, allocation-free primitives every library uses to walk
// decoded text: decode one code point, step to the next/previous character boundary,
// classify CJK characters, punctuation and white space, count code points.
//
// Contract: every function accepts arbitrary bytes (not only valid UTF-8) and never reads out of
// bounds. Invalid sequences decode as U+FFFD covering the "maximal subpart" (Unicode §3.9 /
// W3C practice, as ICU does), so a bad byte never swallows the following valid character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/finding.h"

namespace fz::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

/// One decoded code point.
struct Decoded {
  char32_t cp = 0;   ///< the code point, or U+FFFD when !valid
  uint32_t len = 0;  ///< bytes consumed (≥1 unless at/after the end, then 0)
  bool valid = false;
};

/// Decodes the code point starting at byte `off`. At or past the end: {0, 0, false}.
/// (Inline: it is the innermost loop of every scanner.)
inline Decoded decode_utf8(std::string_view s, size_t off) {
  if (off >= s.size()) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + off;
  const size_t avail = s.size() - off;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) return {b0, 1, true};

  // Expected length and the allowed range of the second byte (Unicode Table 3-7); later bytes
  // are always 80..BF. Anything outside → U+FFFD over the bytes consumed so far.
  uint32_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // ≤ U+10FFFF
  } else {
    return {kReplacementChar, 1, false};
  }
  for (uint32_t i = 1; i < need; ++i) {
    if (i >= avail) return {kReplacementChar, i, false};
    const unsigned char b = p[i];
    const unsigned char l = (i == 1) ? lo : 0x80;
    const unsigned char h = (i == 1) ? hi : 0xBF;
    if (b < l || b > h) return {kReplacementChar, i, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need, true};
}


/// A three-byte character whose lead takes any continuation (U+1000–CFFF, U+E000–FFFF: all of
/// Han and the CJK and full-width punctuation) starts at byte `i`: it is valid, and decode_utf8
/// would take all three bytes. The scanners' fast path over Chinese text, without decoding.
inline bool is_plain3(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  return i + 3 <= s.size() && ((p[0] >= 0xE1 && p[0] <= 0xEC) || p[0] == 0xEE || p[0] == 0xEF) &&
         (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80;
}

/// Whether `needle` occurs in `text`, byte for byte. memmem, not string_view::find: find stops at
/// every byte equal to the needle's first, and in Chinese text that lead byte is everywhere.
bool contains_bytes(std::string_view text, std::string_view needle);

/// A set of at most 16 byte values, searched for sixteen bytes at a time where SSE2 is there:
/// scanners use it to step over the characters they do nothing with. Build it once (static).
class ByteSet {
 public:
  explicit ByteSet(std::string_view bytes);
  /// The first offset in [from, end) whose byte is in the set, or `end` (clamped to s.size()).
  size_t find(std::string_view s, size_t from, size_t end) const;

 private:
  bool in_[256] = {};
  alignas(16) unsigned char needles_[16][16] = {};
  size_t n_ = 0;
};

/// Byte offset of the character after the one at `off` (s.size() at most).
size_t next_boundary(std::string_view s, size_t off);
/// Byte offset of the start of the character before `off` (0 at least). Steps back over at most
/// three continuation bytes, so it is consistent with decode_utf8 on valid text.
size_t prev_boundary(std::string_view s, size_t off);
/// Rounds `off` down to the start of the character containing it (clamped to s.size()).
size_t floor_boundary(std::string_view s, size_t off);

/// Cutting text (the one place it is done: messages, excerpts, titles, baseline keys). None of
/// these ever splits a character, so what they return is valid UTF-8 whenever `s` is.
/// The longest prefix of `s` of at most `max_bytes` bytes that ends on a character boundary.
std::string_view head_bytes(std::string_view s, size_t max_bytes);
/// The longest suffix of `s` of at most `max_bytes` bytes that starts on a character boundary.
std::string_view tail_bytes(std::string_view s, size_t max_bytes);
/// The first `max_chars` code points of `s` followed by `ellipsis` when something was cut; with
/// `from_end`, the last `max_chars` code points preceded by `ellipsis`. Walks only `max_chars`
/// characters, so clipping a huge line costs no more than clipping a short one.
std::string clip(std::string_view s, size_t max_chars, std::string_view ellipsis = "\u2026",
                 bool from_end = false);

/// True when `s` is entirely well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(std::string_view s);
/// Byte length of the longest valid UTF-8 prefix of `s`.
size_t valid_utf8_prefix(std::string_view s);

/// Appends `cp` as UTF-8 (invalid code points and surrogates become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

/// Number of code points in `s` (each invalid subpart counts as one, like U+FFFD).
size_t count_code_points(std::string_view s);
/// Number of code points in `text[span]` (span clamped to the text).
size_t count_code_points(std::string_view text, ByteSpan span);
/// Number of UTF-16 code units `s` would take.
size_t count_utf16_units(std::string_view s);

/// Han ideograph: URO, Ext-A…H, compatibility ideographs and their supplement, 〇.
bool is_han(char32_t cp);
/// CJK symbols and punctuation (U+3000–303F), full-width forms (FF00–FFEF),
/// vertical/small/compatibility forms, and CJK curly quotes “”‘’ and … —.
bool is_cjk_punct(char32_t cp);
/// Han, CJK punctuation, kana, bopomofo, Hangul, enclosed CJK (①…) — "Chinese-looking text".
bool is_cjk(char32_t cp);
/// Full-width punctuation as used in Chinese text: ，。、；：？！“”‘’（）《》〈〉【】「」『』…—·
/// and the FF01–FF5E punctuation (not full-width letters and digits).
bool is_fullwidth_punct(char32_t cp);
/// Zero-width and invisible formatting characters: ZWSP U+200B, ZWNJ, ZWJ, LRM/RLM,
/// WORD JOINER U+2060, BOM/ZWNBSP U+FEFF, soft hyphen U+00AD, bidi embeddings U+202A–202E.
bool is_invisible(char32_t cp);
/// White space for trimming: ASCII space/tab/CR/LF/FF/VT, NBSP, U+1680, U+2000–200A,
/// U+2028/2029, U+202F, U+205F, ideographic space U+3000, and the invisible characters above.
bool is_space(char32_t cp);

/// `span` with leading and trailing is_space characters removed (stays within `span`).
ByteSpan trim_span(std::string_view text, ByteSpan span);

}  // namespace fz::text
