// Internal to fz_compare: extend() over any two texts that answer size(), cp(i), opens(i) and
// bytes(from, to) — a Folded (FoldedText), or the packed records the batch comparison reads back
// (copied_passages.cpp), which it then need not unpack: a pair that shares a k-gram and no
// passage looks at a few dozen of the hundreds of characters read around its seeds.
#pragma once

#include <algorithm>
#include <span>
#include <vector>

#include "compare/fold.h"

namespace fz::compare {

/// A Folded as extend_runs() reads it.
struct FoldedText {
  const Folded& f;
  size_t size() const { return f.size(); }
  char32_t cp(size_t i) const { return f.cp[i]; }
  bool opens(size_t i) const { return f.opens[i] != 0; }
  ByteSpan bytes(size_t from, size_t to) const { return f.bytes(from, to); }
};

/// extend() (fold.h) over texts A and B.
template <class TextA, class TextB>
std::vector<Passage> extend_runs(const TextA& A, const TextB& B, std::span<const Seed> pair, const PassageParams& p,
                                 bool* unknown) {
  std::vector<Passage> out;
  // Extend each seed into the maximal run of equal characters on its diagonal; seeds inside a
  // run already found are skipped, so each run is compared once.
  size_t covered_to = 0;
  constexpr size_t kTrim = 6;
  const size_t na = A.size(), nb = B.size();
  for (size_t i = 0; i < pair.size(); ++i) {
    const Seed& s = pair[i];
    const bool same_diag = i > 0 && pair[i - 1].diag() == s.diag();
    if (same_diag && s.pa < covered_to) continue;
    if (s.pa >= na || s.pb >= nb) continue;  // not these texts' seeds
    size_t a0 = s.pa, b0 = s.pb;
    while (a0 > 0 && b0 > 0) {
      const char32_t c = A.cp(a0 - 1);
      if (c == 0 || c != B.cp(b0 - 1)) break;
      --a0, --b0;
    }
    size_t a1 = s.pa, b1 = s.pb;
    while (a1 < na && b1 < nb) {
      const char32_t c = A.cp(a1);
      if (c == 0 || c != B.cp(b1)) break;
      ++a1, ++b1;
    }
    if (unknown && ((b0 > 0 && B.cp(b0 - 1) == kUnknown) || (b1 < nb && B.cp(b1) == kUnknown))) *unknown = true;
    covered_to = std::max<size_t>(a1, size_t{s.pa} + 1);
    // A run that starts with the tail of a sentence (the unit after a differing number, "份。")
    // is shown from the next sentence when one starts within a few characters.
    for (size_t d = 1; d <= kTrim && a0 + d < a1; ++d)
      if (A.opens(a0 + d) && !A.opens(a0)) {
        a0 += d, b0 += d;
        break;
      }
    if (a1 - a0 < p.min_chars) continue;
    Passage x;
    x.a = s.a, x.b = s.b;
    x.a_from = a0, x.a_to = a1, x.b_from = b0, x.b_to = b1;
    x.a_span = A.bytes(a0, a1);
    x.b_span = B.bytes(b0, b1);
    out.push_back(x);
  }
  return settle(std::move(out));
}

}  // namespace fz::compare
