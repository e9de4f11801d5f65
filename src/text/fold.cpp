#include "text/fold.h"

#include <algorithm>

#include "text/utf8.h"

namespace fz::text {

char32_t fold_width_char(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  if (cp == 0x3000) return U' ';
  return cp;
}

uint32_t FoldedText::original(uint32_t off) const {
  if (to_original.empty()) return 0;
  return to_original[std::min<size_t>(off, to_original.size() - 1)];
}

ByteSpan FoldedText::original_span(ByteSpan span) const {
  const uint32_t b = original(span.begin);
  const uint32_t e = original(std::max(span.end, span.begin));
  return {b, std::max(b, e)};
}

FoldedText fold_width(std::string_view text, ByteSpan within) {
  const size_t b = std::min<size_t>(within.begin, text.size());
  const size_t e = std::min<size_t>(std::max(within.end, within.begin), text.size());
  FoldedText out;
  out.text.reserve(e - b);
  out.to_original.reserve(e - b + 1);
  for (size_t i = b; i < e;) {
    Decoded d = decode_utf8(text, i);
    const size_t len = std::min<size_t>(d.len, e - i);
    const char32_t f = d.valid ? fold_width_char(d.cp) : d.cp;
    if (d.valid && f != d.cp) {
      out.text.push_back(static_cast<char>(f));  // always ASCII
      out.to_original.push_back(static_cast<uint32_t>(i));
    } else {
      for (size_t k = 0; k < len; ++k) {
        out.text.push_back(text[i + k]);
        out.to_original.push_back(static_cast<uint32_t>(i + k));
      }
    }
    i += len;
  }
  out.to_original.push_back(static_cast<uint32_t>(e));
  return out;
}

FoldedText fold_width(std::string_view text) {
  return fold_width(text, {0, static_cast<uint32_t>(text.size())});
}

}  // namespace fz::text
