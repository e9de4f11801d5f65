// Helpers shared by rule kinds: typed parameter access (after compile() validated the schema),
// regex compilation with located errors, and match iteration over byte spans.
#pragma once

#include <re2/re2.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"

namespace fz::checks {

using RegexPtr = std::unique_ptr<RE2>;
using RegexList = std::vector<RegexPtr>;

/// Compile `pattern`; errors name the parameter and carry RE2's error text.
Result<RegexPtr> compile_regex(const rules::RuleSpec& spec, const rules::Value* at,
                               std::string_view key, const std::string& pattern);
/// Compile a string or string-array parameter (missing → empty list).
Result<RegexList> regex_list(const rules::RuleSpec& spec, std::string_view key);
/// Compile a list of patterns given as strings (errors located at `at`).
Result<RegexList> regex_list_of(const rules::RuleSpec& spec, const rules::Value* at,
                                std::string_view key, const std::vector<std::string>& pats);

std::string param_string(const rules::RuleSpec& spec, std::string_view key, std::string def = {});
int64_t param_int(const rules::RuleSpec& spec, std::string_view key, int64_t def);
bool param_bool(const rules::RuleSpec& spec, std::string_view key, bool def);
std::vector<std::string> param_strings(const rules::RuleSpec& spec, std::string_view key);

inline std::string_view slice(std::string_view text, ByteSpan s) {
  if (s.begin > text.size()) return {};
  return text.substr(s.begin, std::min<size_t>(s.end, text.size()) - s.begin);
}

/// Call f(match span, submatches) for every non-overlapping match of `re` inside `within`.
/// Submatches are views into the text (index 0 = whole match).
void for_each_match(const RE2& re, std::string_view text, ByteSpan within,
                    const std::function<void(ByteSpan, const std::vector<std::string_view>&)>& f);
/// True when one of `res` matches inside `within`.
bool any_match(const RegexList& res, std::string_view text, ByteSpan within);
/// Spans of every match of any of `res` inside `within` (sorted by start).
std::vector<ByteSpan> all_matches(const RegexList& res, std::string_view text, ByteSpan within);
/// Matches of `res` that overlap none of `exclude`'s matches.
std::vector<ByteSpan> matches_excluding(const RegexList& res, const RegexList& exclude,
                                        std::string_view text, ByteSpan within);

/// Decode the code point at `pos` (returns its length in `len`; invalid bytes are 1 byte).
char32_t decode_utf8(std::string_view s, size_t pos, size_t* len);
/// UTF-8 encoding of one code point.
std::string encode_utf8(char32_t c);

/// Years written as 4 Arabic digits followed by 年 (optionally 度), not part of a range
/// ("2021—2025年") and not preceded by 到/至 ("到2027年" is a target, not the period).
struct YearMention {
  int year = 0;
  ByteSpan span;
};
std::vector<YearMention> years_in(std::string_view text, ByteSpan within);

/// Heading path text of a section's heading (marker + title, terminal mark dropped).
std::string heading_text(std::string_view text, const outline::Section& s);

}  // namespace fz::checks
