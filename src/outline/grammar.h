// fz::outline::Grammar — the marker hierarchy (一、 → （一） → 1. → （1）) and its tolerated
// variants, loaded from grammars/outline.toml, plus the small lexicons the parser uses to place
// the title, front matter and signature. Immutable once loaded; share it by shared_ptr.
//
// Matching is a literal prefix / numeral / literal suffix test per form, longest match first,
// so it costs a few byte comparisons per paragraph and needs no regular expressions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "outline/document.h"

namespace fz::outline {

/// How the number inside a marker is written.
enum class NumeralClass : uint8_t {
  Han,      ///< 一 … 九十九 (〇 and 两 are not ordinals)
  Arabic,   ///< 1 … 99, ASCII or full-width digits, no leading zero
  Circled,  ///< ① … ㊿
  Tiangan,  ///< 甲 乙 丙 … 癸 (1–10): heavenly stems, seen in old drafts, not a 公文 sequence
  Capital,  ///< 壹 … 玖拾玖 (financial capitals, 贰/貳, 叁/參, 陆/陸): not a 公文 sequence either
};

/// One accepted way of writing a level's marker, e.g. "（{n}）" or "({n})".
struct MarkerForm {
  std::string id;        ///< reported as Marker::form
  std::string prefix;    ///< literal text before the numeral
  std::string suffix;    ///< literal text after the numeral
  NumeralClass numeral = NumeralClass::Han;
  bool canonical = false;
  std::string note;      ///< what is wrong with the form (empty for the canonical one)
};

struct MarkerLevel {
  int level = 0;  ///< 1–4
  std::vector<MarkerForm> forms;
  size_t canonical = 0;  ///< index of the canonical form in `forms`
};

struct Lexicon {
  std::vector<std::string> title_words;
  std::vector<std::string> title_endings;
  std::vector<std::string> chrome_prefixes;
  std::vector<std::string> chrome_contains;
  std::vector<std::string> issuer_suffixes;
  std::vector<std::string> statutory_words;
  std::vector<std::string> statutory_strong_words;
};

struct Grammar {
  std::vector<MarkerLevel> levels;  ///< levels[i].level == i + 1
  Lexicon lexicon;
  /// (level index, form index) pairs in matching order: longest literal text first.
  std::vector<std::pair<uint16_t, uint16_t>> match_order;

  const MarkerForm& form(size_t level_index, size_t form_index) const {
    return levels[level_index].forms[form_index];
  }
};

/// The marker at byte `at` of `text` (no leading white space skipped), if any, bounded by `end`.
/// Applies the guards that keep body text from looking like a heading: "1.5万元", "一、二季度",
/// "1、2月", "（一季度…）" are not markers.
std::optional<Marker> match_marker(const Grammar& g, std::string_view text, uint32_t at,
                                   uint32_t end);

/// Readings of a numeral: (value, byte length) pairs, longest first. At most three (十一 can be
/// read as 11; 二十一 as 21). Fixed capacity so matching allocates nothing.
struct NumeralReadings {
  std::pair<int, uint32_t> r[3];
  int n = 0;
  bool empty() const { return n == 0; }
  const std::pair<int, uint32_t>& front() const { return r[0]; }
  const std::pair<int, uint32_t>* begin() const { return r; }
  const std::pair<int, uint32_t>* end() const { return r + n; }
  void emplace_back(int v, uint32_t len) {
    if (n < 3) r[n++] = {v, len};
  }
};

/// Every valid reading of the numeral of class `cls` at byte `at` (bounded by `end`), longest
/// first; the caller tries them against the form's suffix. Empty when none.
NumeralReadings read_numerals(std::string_view text, uint32_t at, uint32_t end, NumeralClass cls);

/// The marker text of `ordinal` written in `level`'s canonical form ("（三）" for 2, 3).
std::string canonical_marker_text(const Grammar& g, int level, int ordinal);

/// Chinese numeral for 1–99 ("十二"); empty outside that range.
std::string han_numeral(int value);

}  // namespace fz::outline
