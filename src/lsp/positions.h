// fz::lsp positions — LSP line/character positions (0-based, counted in the negotiated
// encoding) ↔ UTF-8 byte offsets, and applying incremental edits to a buffer.
//
// Contract (LSP 3.17 "Position"): a character past the end of its line means the end of the
// line; a line past the end of the document means the end of the document; a character in the
// middle of a UTF-16 surrogate pair (or of a UTF-8 sequence) rounds down to the character's
// start. Line breaks are LF, CRLF and lone CR, as text::LineIndex counts them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "support/finding.h"
#include "text/line_index.h"

namespace fz::lsp {

enum class Encoding { Utf8, Utf16, Utf32 };

std::string_view to_string(Encoding e);
std::optional<Encoding> parse_encoding(std::string_view s);

struct LspPosition {
  uint32_t line = 0;
  uint32_t character = 0;
};

/// Byte offset of `pos` in the text `index` was built over (`size` = that text's length).
uint32_t to_offset(const text::LineIndex& index, uint32_t size, LspPosition pos, Encoding enc);
/// LSP position of byte `offset`.
LspPosition to_position(const text::LineIndex& index, uint32_t offset, Encoding enc);

nlohmann::json to_json(LspPosition p);
nlohmann::json range_json(const text::LineIndex& index, ByteSpan span, Encoding enc);
/// Reads {"line","character"}; nullopt when missing, negative or not integers.
std::optional<LspPosition> position_from_json(const nlohmann::json& j);
/// Reads a Range into a byte span (start ≤ end; swapped when the client sent them reversed).
std::optional<ByteSpan> span_from_json(const text::LineIndex& index, uint32_t size,
                                       const nlohmann::json& range, Encoding enc);

}  // namespace fz::lsp
