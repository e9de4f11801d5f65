// fz::text::LineIndex — maps byte offsets in UTF-8 text to 1-based line and column, and back.
//
// Line breaks are LF, CRLF and lone CR (each counts once), so line numbers match the original
// file whatever its line endings. Columns are 1-based and counted in one of three units:
// Unicode code points (humans, JSON, SARIF), UTF-16 code units (LSP default) or bytes.
// Characters outside the BMP (𠀀 U+20000) are 1 code point, 2 UTF-16 units, 4 bytes.
// Offsets inside a multi-byte character or past the end are clamped, never UB.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::text {

enum class ColumnUnit { CodePoint, Utf16, Byte };

struct Position {
  uint32_t line = 1;    ///< 1-based
  uint32_t column = 1;  ///< 1-based, in the unit asked for
};

class LineIndex {
 public:
  LineIndex() = default;
  /// Indexes `text`; the view must outlive the index.
  explicit LineIndex(std::string_view text);

  /// Position of byte `offset` (clamped to the text; mid-character offsets round down).
  /// Findings come sorted, so each thread remembers its last answer (index, line, byte, unit,
  /// column) and counts on from there for a later offset on the same line; any other query
  /// counts from the line start or checkpoint as before. Same results either way.
  Position position(uint32_t offset, ColumnUnit unit = ColumnUnit::CodePoint) const;
  /// Byte offset of a 1-based line/column (clamped to the line's content, end of line allowed).
  uint32_t offset(Position pos, ColumnUnit unit = ColumnUnit::CodePoint) const;

  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  /// Content of 1-based `line`, without its terminator.
  ByteSpan line_span(uint32_t line) const;
  std::string_view line_text(uint32_t line) const;

 private:
  // Lines longer than kCheckpointEvery bytes get checkpoints (every kCheckpointEvery bytes,
  // on a character boundary) so that position()/offset() scan at most that much, even on a
  // multi-megabyte single-line file with thousands of findings.
  static constexpr uint32_t kCheckpointEvery = 4096;
  struct Checkpoint {
    uint32_t byte = 0;   // relative to the line start
    uint32_t cps = 0;    // code points before `byte`
    uint32_t u16 = 0;    // UTF-16 units before `byte`
  };
  struct LongLine {
    uint32_t line = 0;  // 0-based line index
    std::vector<Checkpoint> points;  // points[0] = {0,0,0}
  };
  const std::vector<Checkpoint>* checkpoints(size_t line_index) const;

  std::string_view text_;
  /// Never reused (copies share it: same text): keys the per-thread cursor of position().
  uint64_t id_ = 0;
  std::vector<uint32_t> starts_;  // byte offset where each line begins
  std::vector<uint32_t> ends_;    // byte offset where each line's content ends
  std::vector<LongLine> long_lines_;  // sorted by line
};

}  // namespace fz::text
