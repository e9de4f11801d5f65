#include "lsp/positions.h"

#include <algorithm>
#include <utility>

namespace fz::lsp {

namespace {

text::ColumnUnit unit_of(Encoding e) {
  switch (e) {
    case Encoding::Utf8: return text::ColumnUnit::Byte;
    case Encoding::Utf32: return text::ColumnUnit::CodePoint;
    case Encoding::Utf16: break;
  }
  return text::ColumnUnit::Utf16;
}

}  // namespace

std::string_view to_string(Encoding e) {
  switch (e) {
    case Encoding::Utf8: return "utf-8";
    case Encoding::Utf32: return "utf-32";
    case Encoding::Utf16: break;
  }
  return "utf-16";
}

std::optional<Encoding> parse_encoding(std::string_view s) {
  if (s == "utf-8") return Encoding::Utf8;
  if (s == "utf-16") return Encoding::Utf16;
  if (s == "utf-32") return Encoding::Utf32;
  return std::nullopt;
}

uint32_t to_offset(const text::LineIndex& index, uint32_t size, LspPosition pos, Encoding enc) {
  if (pos.line >= index.line_count()) return size;
  // Columns near UINT32_MAX must not wrap when made 1-based: clamp (any huge value = end of line).
  const uint32_t col = std::min<uint32_t>(pos.character, UINT32_MAX - 1) + 1;
  return index.offset({pos.line + 1, col}, unit_of(enc));
}

LspPosition to_position(const text::LineIndex& index, uint32_t offset, Encoding enc) {
  const text::Position p = index.position(offset, unit_of(enc));
  return {p.line - 1, p.column - 1};
}

nlohmann::json to_json(LspPosition p) { return {{"line", p.line}, {"character", p.character}}; }

nlohmann::json range_json(const text::LineIndex& index, ByteSpan span, Encoding enc) {
  return {{"start", to_json(to_position(index, span.begin, enc))},
          {"end", to_json(to_position(index, std::max(span.begin, span.end), enc))}};
}

std::optional<LspPosition> position_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  auto it_l = j.find("line");
  auto it_c = j.find("character");
  if (it_l == j.end() || it_c == j.end()) return std::nullopt;
  if (!it_l->is_number_integer() || !it_c->is_number_integer()) return std::nullopt;
  const auto l = it_l->get<int64_t>();
  const auto c = it_c->get<int64_t>();
  if (l < 0 || c < 0) return std::nullopt;
  return LspPosition{static_cast<uint32_t>(std::min<int64_t>(l, UINT32_MAX)),
                     static_cast<uint32_t>(std::min<int64_t>(c, UINT32_MAX))};
}

std::optional<ByteSpan> span_from_json(const text::LineIndex& index, uint32_t size,
                                       const nlohmann::json& range, Encoding enc) {
  if (!range.is_object()) return std::nullopt;
  auto s = range.find("start");
  auto e = range.find("end");
  if (s == range.end() || e == range.end()) return std::nullopt;
  auto ps = position_from_json(*s);
  auto pe = position_from_json(*e);
  if (!ps || !pe) return std::nullopt;
  uint32_t b = to_offset(index, size, *ps, enc);
  uint32_t en = to_offset(index, size, *pe, enc);
  if (en < b) std::swap(b, en);
  return ByteSpan{b, en};
}

}  // namespace fz::lsp
