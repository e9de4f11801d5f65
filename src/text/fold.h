// fz::text width folding — makes full-width ASCII match half-width patterns.
//
// RE2 patterns are written against half-width ASCII (design.md §4), but Chinese drafts mix
// ＡＢＣ１２３（） with ABC123(). fold_width maps full-width forms U+FF01–FF5E to ASCII
// U+0021–007E and the ideographic space U+3000 to ' '; everything else is copied unchanged
// (invalid bytes included, byte for byte). The result keeps a map from every folded byte
// offset back to the original, so a match in folded text reports a span in the original.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::text {

struct FoldedText {
  std::string text;  ///< folded UTF-8
  /// to_original[i] = original byte offset of folded byte i; size() == text.size() + 1, the last
  /// entry being the end of the folded range in the original.
  std::vector<uint32_t> to_original;

  /// Original byte offset of folded offset `off` (clamped).
  uint32_t original(uint32_t off) const;
  /// Original span covering folded `span`: a folded character maps to its whole original one.
  ByteSpan original_span(ByteSpan span) const;
};

/// Width-folded copy of `text[within]` (within clamped to the text; default: everything).
FoldedText fold_width(std::string_view text, ByteSpan within);
FoldedText fold_width(std::string_view text);

/// The half-width equivalent of `cp` if it is full-width ASCII or U+3000, else `cp`.
char32_t fold_width_char(char32_t cp);

}  // namespace fz::text
