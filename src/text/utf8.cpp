#include "text/utf8.h"

#include <string.h>

#include <algorithm>
#include <iterator>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fz::text {

ByteSet::ByteSet(std::string_view bytes) {
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (in_[b]) continue;
    in_[b] = true;
    if (n_ < 16) std::fill(std::begin(needles_[n_]), std::end(needles_[n_]), b);
    ++n_;
  }
}

size_t ByteSet::find(std::string_view s, size_t from, size_t end) const {
  end = std::min(end, s.size());
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = from;
#if defined(__SSE2__)
  if (n_ > 0 && n_ <= 16) {
    for (; i + 16 <= end; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(u + i));
      __m128i hit = _mm_cmpeq_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(needles_[0])));
      for (size_t j = 1; j < n_; ++j)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(needles_[j]))));
      if (const int bits = _mm_movemask_epi8(hit))
        return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(bits)));
    }
  }
#endif
  for (; i < end; ++i)
    if (in_[u[i]]) return i;
  return end;
}

namespace {

constexpr bool is_cont(unsigned char b) { return (b & 0xC0) == 0x80; }

// The common characters of a report, stepped over without decoding (each is exactly what
// decode_utf8 would consume). Eight ASCII bytes: `*i` steps over them, true.
inline bool skip_ascii8(std::string_view s, size_t* i) {
  if (*i + 8 > s.size()) return false;
  uint64_t w;
  std::copy_n(s.data() + *i, 8, reinterpret_cast<char*>(&w));
  if (w & 0x8080808080808080ull) return false;
  *i += 8;
  return true;
}
// Bytes the character at `i` takes (its code point in `*cp`), for the counts below: one
// ASCII byte or a plain three-byte character without decoding, else decode_utf8's length.
inline uint32_t char_len(std::string_view s, size_t i, char32_t* cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *cp = b;
    return 1;
  }
  if (is_plain3(s, i)) {
    *cp = 0xFFFF;  // some BMP character (the counts need no more)
    return 3;
  }
  const Decoded d = decode_utf8(s, i);
  *cp = d.cp;
  return d.len;
}

}  // namespace

size_t next_boundary(std::string_view s, size_t off) {
  if (off >= s.size()) return s.size();
  return off + decode_utf8(s, off).len;
}

size_t prev_boundary(std::string_view s, size_t off) {
  if (off == 0 || s.empty()) return 0;
  if (off > s.size()) off = s.size();
  size_t p = off - 1;
  int steps = 0;
  while (p > 0 && steps < 3 && is_cont(static_cast<unsigned char>(s[p]))) {
    --p;
    ++steps;
  }
  // Only accept the candidate if it really decodes up to `off`; otherwise the byte before `off`
  // is a stray (invalid) unit of its own.
  return (p + decode_utf8(s, p).len == off) ? p : off - 1;
}

size_t floor_boundary(std::string_view s, size_t off) {
  if (off >= s.size()) return s.size();
  if (!is_cont(static_cast<unsigned char>(s[off]))) return off;
  size_t p = off;
  int steps = 0;
  while (p > 0 && steps < 3 && is_cont(static_cast<unsigned char>(s[p]))) {
    --p;
    ++steps;
  }
  return (p + decode_utf8(s, p).len > off) ? p : off;
}

std::string_view head_bytes(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  return s.substr(0, floor_boundary(s, max_bytes));
}

std::string_view tail_bytes(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  const size_t want = s.size() - max_bytes;
  const size_t f = floor_boundary(s, want);
  return s.substr(f == want ? want : next_boundary(s, f));
}

std::string clip(std::string_view s, size_t max_chars, std::string_view ellipsis, bool from_end) {
  if (from_end) {
    size_t off = s.size();
    for (size_t i = 0; i < max_chars && off > 0; ++i) off = prev_boundary(s, off);
    if (off == 0) return std::string(s);
    std::string out(ellipsis);
    out.append(s.substr(off));
    return out;
  }
  size_t off = 0;
  for (size_t i = 0; i < max_chars && off < s.size(); ++i) off = next_boundary(s, off);
  if (off >= s.size()) return std::string(s);
  std::string out(s.substr(0, off));
  out.append(ellipsis);
  return out;
}

size_t valid_utf8_prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII eight bytes at a time, and Han and the full-width forms, checked without decoding.
    while (skip_ascii8(s, &i)) {
    }
    if (i >= s.size()) break;
    if (is_plain3(s, i)) {
      i += 3;
      continue;
    }
    Decoded d = decode_utf8(s, i);
    if (!d.valid) return i;
    i += d.len;
  }
  return s.size();
}

bool is_valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t count_code_points(std::string_view s) {
  size_t n = 0;
  char32_t cp;
  for (size_t i = 0; i < s.size(); ++n) i += char_len(s, i, &cp);
  return n;
}

size_t count_code_points(std::string_view text, ByteSpan span) {
  const size_t b = std::min<size_t>(span.begin, text.size());
  const size_t e = std::min<size_t>(std::max(span.end, span.begin), text.size());
  return count_code_points(text.substr(b, e - b));
}

size_t count_utf16_units(std::string_view s) {
  size_t n = 0;
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    i += char_len(s, i, &cp);
    n += cp >= 0x10000 ? 2 : 1;
  }
  return n;
}

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) ||    // URO
         (c >= 0x3400 && c <= 0x4DBF) ||    // Ext-A
         (c >= 0xF900 && c <= 0xFAFF) ||    // compatibility ideographs
         (c >= 0x20000 && c <= 0x2A6DF) ||  // Ext-B
         (c >= 0x2A700 && c <= 0x2EE5F) ||  // Ext-C, D, E, F, I
         (c >= 0x2F800 && c <= 0x2FA1F) ||  // compatibility supplement
         (c >= 0x30000 && c <= 0x323AF) ||  // Ext-G, H
         c == 0x3007;                       // 〇
}

bool is_cjk_punct(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || (c >= 0xFFE0 && c <= 0xFFEE) ||
         (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F) || c == 0x2018 ||
         c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2026 || c == 0x2014 ||
         c == 0x2015 || c == 0x00B7 || c == 0x30FB;
}

bool is_cjk(char32_t c) {
  return is_han(c) || is_cjk_punct(c) || (c >= 0x2E80 && c <= 0x2FFF) ||  // radicals, IDC
         (c >= 0x3040 && c <= 0x33FF) ||  // kana, bopomofo, strokes, enclosed, compatibility
         (c >= 0xFF00 && c <= 0xFFEF) ||  // full-width forms
         (c >= 0x2460 && c <= 0x24FF) ||  // ① enclosed alphanumerics
         (c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7AF);  // Hangul
}

bool is_fullwidth_punct(char32_t c) {
  return c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011) ||
         (c >= 0x3014 && c <= 0x301F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0x201C || c == 0x201D || c == 0x2018 ||
         c == 0x2019 || c == 0x2026 || c == 0x2014 || c == 0x2015 || c == 0x00B7 ||
         c == 0x30FB || (c >= 0xFE30 && c <= 0xFE4F);
}

bool is_invisible(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
         c == 0x00AD || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x180E;
}

bool is_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || is_invisible(c);
}

ByteSpan trim_span(std::string_view text, ByteSpan span) {
  size_t b = std::min<size_t>(span.begin, text.size());
  size_t e = std::min<size_t>(std::max(span.end, span.begin), text.size());
  while (b < e) {
    Decoded d = decode_utf8(text, b);
    if (!d.valid || !is_space(d.cp) || b + d.len > e) break;
    b += d.len;
  }
  while (e > b) {
    size_t p = prev_boundary(text, e);
    if (p < b) break;
    Decoded d = decode_utf8(text, p);
    if (!d.valid || !is_space(d.cp)) break;
    e = p;
  }
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

bool contains_bytes(std::string_view text, std::string_view needle) {
  return needle.empty() || ::memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

}  // namespace fz::text
