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
  Position position(uint32_t offset, ColumnUnit unit = ColumnUnit::CodePoint) const;
  /// Byte offset of a 1-based line/column (clamped to the line's content, end of line allowed).
  uint32_t offset(Position pos, ColumnUnit unit = ColumnUnit::CodePoint) const;

  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  /// Content of 1-based `line`, without its terminator.
  ByteSpan line_span(uint32_t line) const;
  std::string_view line_text(uint32_t line) const;

 private:
  std::string_view text_;
  std::vector<uint32_t> starts_;  // byte offset where each line begins
  std::vector<uint32_t> ends_;    // byte offset where each line's content ends
};

}  // namespace fz::text
