#include "text/positions.h"

#include <algorithm>
#include <cstring>

#include "text/utf8.h"

namespace fz::text {

std::vector<Position> positions(std::string_view text, std::span<const uint32_t> offsets) {
  std::vector<Position> out(offsets.size());
  const size_t n = text.size();
  const bool has_cr = n > 0 && std::memchr(text.data(), '\r', n) != nullptr;
  // Lines as LineIndex has them: content [start, end), the next begins after LF, CRLF or CR.
  size_t start = 0, end = 0, next = 0;  // next == SIZE_MAX: the last line
  uint32_t line = 1;
  auto find_end = [&] {
    if (!has_cr) {
      const void* lf = start < n ? std::memchr(text.data() + start, '\n', n - start) : nullptr;
      end = lf ? static_cast<size_t>(static_cast<const char*>(lf) - text.data()) : n;
    } else {
      for (end = start; end < n && text[end] != '\n' && text[end] != '\r';) ++end;
    }
    next = end == n ? SIZE_MAX : end + (text[end] == '\r' && end + 1 < n && text[end + 1] == '\n' ? 2 : 1);
  };
  // Within the line: `at` (relative, a character boundary as decode_utf8 walks from the line's
  // start) with `cps` characters before it; `last` is the previous offset's rounded place.
  size_t at = 0, cps = 0, last = 0;
  auto restart = [&] {
    start = 0, line = 1, at = 0, cps = 0, last = 0;
    find_end();
  };
  restart();
  uint32_t prev = 0;
  for (size_t q = 0; q < offsets.size(); ++q) {
    if (offsets[q] < prev) restart();
    prev = offsets[q];
    size_t off = std::min<size_t>(offsets[q], n);
    while (next <= off) {
      start = next, ++line, at = 0, cps = 0, last = 0;
      find_end();
    }
    off = std::min(off, end);
    const std::string_view content = text.substr(start, end - start);
    const size_t rel = floor_boundary(content, off - start);
    if (rel < last) at = 0, cps = 0;  // (never on a boundary-aligned ascending sequence)
    last = rel;
    // count_code_points(content.substr(0, rel)): the characters decode_utf8 steps over from the
    // line's start that begin before rel (one cut by rel counts once, as in the cut string).
    while (at < rel) {
      if (static_cast<unsigned char>(content[at]) < 0x80) {
        at += 1;
      } else if (is_plain3(content, at)) {
        at += 3;  // all of Han and the full-width forms: no need to decode
      } else {
        at += decode_utf8(content, at).len;
      }
      ++cps;
    }
    out[q] = {line, static_cast<uint32_t>(cps + 1)};
  }
  return out;
}

}  // namespace fz::text
