#include "text/line_index.h"

#include <algorithm>
#include <atomic>

#include "text/utf8.h"

namespace fz::text {

namespace {

/// Offset of the first CR or LF at or after `i` (s.size() when none): a report's lines are
/// hundreds of bytes long, so the bytes between are stepped over sixteen at a time.
size_t next_break(std::string_view s, size_t i) {
  static const ByteSet kBreaks("\n\r");
  return kBreaks.find(s, i, s.size());
}

std::atomic<uint64_t> next_index_id{1};

/// The last position() answer on this thread: counting resumes here when the next offset lies
/// further on the same line of the same index, in the same unit.
struct Cursor {
  uint64_t index = 0;  // LineIndex::id_ (0: none)
  size_t line = 0;
  size_t rel = 0;      // byte within the line (a character boundary)
  ColumnUnit unit = ColumnUnit::CodePoint;
  size_t units = 0;    // units before `rel`
};
thread_local Cursor tl_cursor;

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text), id_(next_index_id++) {
  starts_.push_back(0);
  const size_t n = text.size();
  // Only CR and LF matter.
  for (size_t i = 0; (i = next_break(text, i)) < n; ++i) {
    const char c = text[i];
    ends_.push_back(static_cast<uint32_t>(i));
    if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  ends_.push_back(static_cast<uint32_t>(n));

  for (size_t li = 0; li < starts_.size(); ++li) {
    const std::string_view line = text.substr(starts_[li], ends_[li] - starts_[li]);
    if (line.size() <= kCheckpointEvery) continue;
    LongLine ll;
    ll.line = static_cast<uint32_t>(li);
    ll.points.push_back({});
    Checkpoint cur;
    uint32_t next = kCheckpointEvery;
    for (size_t i = 0; i < line.size();) {
      if (i >= next) {
        cur.byte = static_cast<uint32_t>(i);
        ll.points.push_back(cur);
        next = static_cast<uint32_t>(i) + kCheckpointEvery;
      }
      // A three-byte character whose lead takes any continuation (all of Han and the full-width
      // forms) is one code point and one UTF-16 unit: counted without decoding.
      if (is_plain3(line, i)) {
        cur.cps += 1;
        cur.u16 += 1;
        i += 3;
        continue;
      }
      const Decoded d = decode_utf8(line, i);
      cur.cps += 1;
      cur.u16 += d.cp >= 0x10000 ? 2 : 1;
      i += d.len;
    }
    long_lines_.push_back(std::move(ll));
  }
}

const std::vector<LineIndex::Checkpoint>* LineIndex::checkpoints(size_t line_index) const {
  auto it = std::lower_bound(long_lines_.begin(), long_lines_.end(), line_index,
                             [](const LongLine& l, size_t v) { return l.line < v; });
  return (it != long_lines_.end() && it->line == line_index) ? &it->points : nullptr;
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
  // Start counting at the last checkpoint at or before `rel` (line start for short lines).
  Checkpoint from;
  if (const auto* pts = checkpoints(li)) {
    auto c = std::upper_bound(pts->begin(), pts->end(), rel,
                              [](size_t v, const Checkpoint& k) { return v < k.byte; });
    from = *(c - 1);
  }
  if (unit == ColumnUnit::Byte) {
    p.column = static_cast<uint32_t>(rel + 1);
    return p;
  }
  size_t at = from.byte, units = unit == ColumnUnit::Utf16 ? from.u16 : from.cps;
  Cursor& c = tl_cursor;
  if (c.index == id_ && id_ != 0 && c.line == li && c.unit == unit && c.rel >= at && c.rel <= rel) {
    at = c.rel;  // further on the line than the checkpoint: count on from the last answer
    units = c.units;
  }
  const std::string_view rest = line.substr(at, rel - at);
  units += unit == ColumnUnit::Utf16 ? count_utf16_units(rest) : count_code_points(rest);
  c = Cursor{id_, li, rel, unit, units};
  p.column = static_cast<uint32_t>(units + 1);
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
    if (const auto* pts = checkpoints(li)) {
      // Last checkpoint whose unit count does not pass the target.
      const bool u16 = unit == ColumnUnit::Utf16;
      auto c = std::upper_bound(pts->begin(), pts->end(), want, [u16](size_t v, const Checkpoint& k) {
        return v < (u16 ? k.u16 : k.cps);
      });
      const Checkpoint& k = *(c - 1);
      rel = k.byte;
      units = u16 ? k.u16 : k.cps;
    }
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
