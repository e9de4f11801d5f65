// Small recognisers the outline parser is built from, exposed for table-driven tests and for
// rules that need the same judgement (a date line, an enumeration item). Pure functions over
// `text[span]`; positions are byte offsets into `text`.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "outline/document.h"
#include "outline/grammar.h"

namespace fz::outline {

/// A whole-span date: "2025年2月20日", "2025年02月20日" (zero_padded), "二〇二五年二月二十日",
/// PDF-spaced "2025 年 2 月 20 日". Surrounding white space is allowed; nothing else.
std::optional<DateInfo> parse_date(std::string_view text, ByteSpan span);

/// A date that ends `span` ("…人民政府　2025年2月20日"), searched from the left so the longest
/// date wins. Only spans of at most 80 bytes are searched.
std::optional<DateInfo> find_trailing_date(std::string_view text, ByteSpan span);

/// Inline enumeration items of a paragraph: 一是…二是… ("shi") and 第一，…第二，… ("di").
/// An item marker counts only at the paragraph start or after 。；：，！？ (full or half width),
/// a closing quote or white space, so 统一是 / 唯一是 / 排名第一， are not items. Each item
/// spans from its marker to just before the next item (trailing white space excluded).
std::vector<EnumItem> find_items(std::string_view text, ByteSpan span);

/// Classification of one trimmed block (one line of a .txt).
bool is_web_chrome(const Grammar& g, std::string_view block);
bool is_salutation(std::string_view block);
bool is_subtitle(std::string_view block);
/// A short line naming an issuing body ("大河乡人民政府", "中共X县委　X县人民政府").
bool is_issuer_line(const Grammar& g, std::string_view block);

}  // namespace fz::outline
