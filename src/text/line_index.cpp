#include "text/line_index.h"

#include <algorithm>

#include "text/utf8.h"

namespace fz::text {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  const size_t n = text.size();
  // memchr-style scan: only CR and LF matter.
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c != '\n' && c != '\r') continue;
    ends_.push_back(static_cast<uint32_t>(i));
    if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  ends_.push_back(static_cast<uint32_t>(n));
}

Position LineIndex::position(uint32_t offset, ColumnUnit unit) const {
  if (starts_.empty()) return {};  // default-constructed index: everything is 1:1
  size_t off = std::min<size_t>(offset, text_.size());
  // Line = last start ≤ off.
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<uint32_t>(off));
  const size_t li = static_cast<size_t>(it - starts_.begin()) - 1;
  const size_t start = starts_[li];
  // An offset inside the terminator (the LF of CRLF) sits at the end of the content.
  off = std::min<size_t>(off, ends_[li]);
  const std::string_view line = text_.substr(start, ends_[li] - start);
  size_t rel = floor_boundary(line, off - start);
  Position p;
  p.line = static_cast<uint32_t>(li + 1);
  switch (unit) {
    case ColumnUnit::Byte:
      p.column = static_cast<uint32_t>(rel + 1);
      break;
    case ColumnUnit::CodePoint:
      p.column = static_cast<uint32_t>(count_code_points(line.substr(0, rel)) + 1);
      break;
    case ColumnUnit::Utf16:
      p.column = static_cast<uint32_t>(count_utf16_units(line.substr(0, rel)) + 1);
      break;
  }
  return p;
}

uint32_t LineIndex::offset(Position pos, ColumnUnit unit) const {
  if (starts_.empty()) return 0;
  const size_t li = std::clamp<size_t>(pos.line, 1, starts_.size()) - 1;
  const size_t start = starts_[li];
  const std::string_view line = text_.substr(start, ends_[li] - start);
  const size_t want = pos.column == 0 ? 0 : pos.column - 1;  // units before the target
  size_t rel = 0;
  if (unit == ColumnUnit::Byte) {
    rel = floor_boundary(line, std::min(want, line.size()));
  } else {
    size_t units = 0;
    while (rel < line.size()) {
      Decoded d = decode_utf8(line, rel);
      const size_t w = (unit == ColumnUnit::Utf16 && d.cp >= 0x10000) ? 2 : 1;
      // A column in the middle of a surrogate pair rounds down to the character's start.
      if (units + w > want) break;
      units += w;
      rel += d.len;
    }
  }
  return static_cast<uint32_t>(start + rel);
}

ByteSpan LineIndex::line_span(uint32_t line) const {
  if (starts_.empty() || line == 0 || line > starts_.size()) return {};
  return {starts_[line - 1], ends_[line - 1]};
}

std::string_view LineIndex::line_text(uint32_t line) const {
  ByteSpan s = line_span(line);
  return text_.substr(s.begin, s.size());
}

}  // namespace fz::text
