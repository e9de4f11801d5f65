// fz::compare text helpers: reports folded to the characters that carry meaning (Han, letters,
// digits; widths folded, Latin lower-cased; punctuation and spaces dropped), with masked spans
// (fixed formulas, headings, quoted names) turned into breaks no passage may cross; character
// n-gram similarity; and shared passages found by winnowing (Schleimer, Wilkerson & Aiken 2003):
// fingerprints of k-grams, one hash index over all reports, seeds extended into maximal runs.
//
// Cost: folding and fingerprinting are linear in the text; the index is one sort of the
// fingerprints (≈ 2/(w+1) per character); a fingerprint shared by more than `max_shared_by`
// reports is treated as common text and seeds no pair, so the pairs examined are bounded by the
// fingerprints, never by the square of the number of reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::compare {

/// A span of text folded for comparison. `cp[i]` came from bytes [begin[i], end[i]); a 0 in `cp`
/// is a break (masked text) with empty source bytes.
struct Folded {
  std::vector<char32_t> cp;
  std::vector<uint32_t> begin, end;
  std::vector<uint8_t> opens;  ///< 1: cp[i] is the first character after a sentence end (。！？；, a line break)
  size_t size() const { return cp.size(); }
  /// Bytes of the source covered by folded characters [from, to).
  ByteSpan bytes(size_t from, size_t to) const { return {begin[from], end[to - 1]}; }
};

/// Fold `range` of `text`; spans in `masks` (any order, may overlap) become one break each.
Folded fold(std::string_view text, ByteSpan range, std::vector<ByteSpan> masks = {});

/// Sorted, de-duplicated hashes of the character n-grams of `f` (n-grams do not cross breaks).
std::vector<uint64_t> ngrams(const Folded& f, int n);
/// Dice coefficient 2|A∩B| / (|A|+|B|) of two sorted sets (0 when both are empty).
double dice(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);
/// |A∩B| / |A| (0 when A is empty).
double covered(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

struct PassageParams {
  size_t min_chars = 50;      ///< shortest passage reported (folded characters)
  size_t gram = 10;           ///< k: characters per fingerprinted k-gram (≤ min_chars)
  size_t max_shared_by = 0;   ///< fingerprints in more reports are common text (0 = no limit)
};

/// One passage shared by reports `a` and `b` (a < b): folded ranges and source bytes.
struct Passage {
  size_t a = 0, b = 0;
  size_t a_from = 0, a_to = 0, b_from = 0, b_to = 0;  ///< folded ranges
  ByteSpan a_span, b_span;                           ///< source bytes
  size_t chars() const { return a_to - a_from; }
};

/// Every maximal passage of at least params.min_chars folded characters that two of `docs`
/// share, sorted by (a, b, a_from). Overlapping runs within a pair are merged into the longest.
/// = fingerprints() of each, seeds() over them, extend() of each pair's seeds.
std::vector<Passage> shared_passages(std::span<const Folded* const> docs, const PassageParams& params);

/// The winnowing fingerprints of one folded text (what the cross-report index keeps of a report:
/// 12 bytes each, about one per 20 characters with the default parameters).
struct Fingerprints {
  std::vector<uint64_t> hash;
  std::vector<uint32_t> pos;  ///< folded position of the k-gram, parallel to `hash`
};  // sorted by (hash, pos)
Fingerprints fingerprints(const Folded& f, const PassageParams& params);

/// Reports `a` < `b` share the k-gram at folded positions `pa` (in a) and `pb` (in b).
struct Seed {
  uint32_t a, b, pa, pb;
  int64_t diag() const { return static_cast<int64_t>(pb) - static_cast<int64_t>(pa); }
};
/// The seeds of every pair of reports sharing a fingerprint (those in more than max_shared_by
/// reports excepted), sorted by (a, b, diagonal, pa). Merges the reports' lists (no copy of
/// them all) and frees each once it is used up.
std::vector<Seed> seeds(std::span<Fingerprints> prints, const PassageParams& params);
/// The passages of reports `a` and `b` from their seeds (one pair's consecutive run of seeds()),
/// sorted by (a_from, longest first). `b` may be a piece of b's folded text (the seeds' pb then
/// relative to it) whose cut ends hold kUnknown: `*unknown` is set when a run reached one, and
/// the pair must then be extended again over more of b.
std::vector<Passage> extend(const Folded& a, const Folded& b, std::span<const Seed> pair_seeds,
                            const PassageParams& params, bool* unknown = nullptr);
/// Passages of one pair found piecemeal (extend() over parts of its seeds), in extend()'s order,
/// a passage met twice or inside a longer one dropped: what extend() over all the seeds gives.
std::vector<Passage> settle(std::vector<Passage> found);
/// A character no text has: the cut ends of a piece of a folded text.
inline constexpr char32_t kUnknown = 0x7FFFFFFF;

}  // namespace fz::compare
