// Internal to fz_compare: the parts of a report the comparison kinds look at — the units of a
// genre class (enumeration items, else sentences), the text to mask as fixed formulas, and the
// parameter helpers the kinds share.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/util.h"
#include "compare/compare.h"
#include "compare/fold.h"

namespace fz::compare {

/// The units of class `cls` in `ctx`: each enumeration item (一是…) of its paragraphs, or each
/// sentence of a paragraph without items, in document order. Headings are not units.
std::vector<ByteSpan> units_of(const checks::Context& ctx, std::string_view cls);
/// The regions of class `cls` (bytes), headings excluded where the region is a section.
std::vector<ByteSpan> bodies_of(const checks::Context& ctx, std::string_view cls);

/// Spans that are the genre's fixed text, not a drafter's: the title, headings, front matter,
/// signature and date, matches of `formulas`, and — when `quotes` — text both reports may quote
/// from a common source (document names in 《》, anything in “” or 「」). Formula i is not
/// scanned when `literals[i]` (prefilter::required_literals of its pattern) is set and none of
/// them occurs in the text: it cannot match there; a formula that is a plain string (no RE2
/// syntax) is found with memmem, never compiled.
std::vector<ByteSpan> fixed_text(const checks::Context& ctx, const checks::RegexList& formulas,
                                 const std::vector<std::optional<std::vector<std::string>>>& literals, bool quotes);

/// True when `re` matches exactly the bytes of its pattern: no RE2 syntax in it (or literal
/// mode), case-sensitive UTF-8 (most formulas: 习近平法治思想, 两个维护, 特此报告).
bool plain_literal(const checks::Regex& re);
/// for_each_span's matches of such a pattern (leftmost, non-overlapping), appended to `out`:
/// memmem from the end of each occurrence, without a DFA pass or a compiled program
/// (tests/test_compare_fast.cpp checks the two agree).
void literal_spans(std::string_view literal, std::string_view text, std::vector<ByteSpan>& out);

/// The quoted text fixed_text masks: the matches of kQuotedPattern in `text` (valid UTF-8), in
/// order, as checks::for_each_span finds them, appended to `out` — found by a scanner, not RE2
/// (tests/test_hot_patterns.cpp checks the two agree on every fixture and on random text).
inline constexpr std::string_view kQuotedPattern = R"(《[^》\n]{1,80}》|“[^”\n]{1,120}”|「[^」\n]{1,120}」)";
void quoted_spans(std::string_view text, std::vector<ByteSpan>& out);

/// Error at `key` of `spec` unless the genre has a class named `cls`.
std::optional<Error> unknown_class(const rules::RuleSpec& spec, const rules::Genre& genre, std::string_view key,
                                   const std::string& cls);
/// The Chinese label of genre class `cls` (its name when the genre has none).
std::string label_of(const rules::Genre& genre, const std::string& cls);

/// "“…”" of at most `max_cp` code points of `s` (line breaks shown as spaces).
std::string excerpt(std::string_view s, size_t max_cp = 30);

}  // namespace fz::compare
