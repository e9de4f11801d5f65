#include "compare/fold.h"

#include <algorithm>

#include "compare/extend.h"
#include "text/utf8.h"

namespace fz::compare {

namespace {

/// The folded form of a significant code point, or 0 for one that is dropped.
char32_t significant(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + '0';   // full-width digits
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 'a';   // full-width capitals
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 'a';
  if (text::is_han(c) || c == 0x3007) return c;             // 〇 counts as a numeral
  return 0;
}

uint64_t mix(uint64_t x) {  // splitmix64 finaliser: k-gram hashes spread evenly for winnowing
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

constexpr uint64_t kBase = 0x100000001b3ull;

}  // namespace

namespace {

/// significant() and the sentence ends of fold(), for the characters that make up almost all
/// of a report (ASCII, URO Han, CJK and full-width punctuation) without a call per character:
/// the folded form, 0 for a dropped character; *ends when it ends a sentence.
inline char32_t classify(char32_t c, bool* ends) {
  if (c < 0x80) {
    if (c - 'a' < 26u || c - '0' < 10u) return c;
    if (c - 'A' < 26u) return c - 'A' + 'a';
    *ends = c == '\n';
    return 0;
  }
  if (c - 0x4E00 < 0x5200u) return c;  // URO Han (is_han's first range)
  if (c < 0x3000) return 0;             // Latin-1 to general punctuation: no letter is kept
  if (c < 0x3040) {                     // CJK punctuation: 〇 is a numeral, 。 ends a sentence
    *ends = c == U'\u3002';
    return c == 0x3007 ? c : 0;
  }
  if (c - 0xFF00 < 0x100u) {  // full-width forms: digits and letters kept, ！？； end a sentence
    if (c - 0xFF10 < 10u) return c - 0xFF10 + '0';
    if (c - 0xFF21 < 26u) return c - 0xFF21 + 'a';
    if (c - 0xFF41 < 26u) return c - 0xFF41 + 'a';
    *ends = c == U'\uff01' || c == U'\uff1f' || c == U'\uff1b';
    return 0;
  }
  return significant(c);
}

}  // namespace

Folded fold(std::string_view text, ByteSpan range, std::vector<ByteSpan> masks) {
  Folded f;
  range.end = std::min<uint32_t>(range.end, static_cast<uint32_t>(text.size()));
  if (!std::is_sorted(masks.begin(), masks.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; }))
    std::sort(masks.begin(), masks.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
  // The four arrays are written through an index, grown (doubled) by hand: push_back on each
  // of four vectors per character was half of the folding. Reports are mostly 3-byte
  // characters, so a third of the range's bytes is usually room enough.
  size_t count = 0, room = 0;
  // (Local pointers: a store to opens, a uint8_t, may alias anything, and would make the
  // compiler read the vectors' pointers again for every character.)
  char32_t* cp_at = nullptr;
  uint32_t *begin_at = nullptr, *end_at = nullptr;
  uint8_t* opens_at = nullptr;
  auto grow = [&](size_t want) {
    room = want;
    f.cp.resize(room);
    f.begin.resize(room);
    f.end.resize(room);
    f.opens.resize(room);
    cp_at = f.cp.data(), begin_at = f.begin.data(), end_at = f.end.data(), opens_at = f.opens.data();
  };
  if (range.end > range.begin) grow((range.end - range.begin) / 3 + 16);
  size_t m = 0;
  bool after_end = true;
  auto push = [&](char32_t c, uint32_t b, uint32_t e) {
    if (count == room) grow(2 * room + 16);
    cp_at[count] = c;
    begin_at[count] = b;
    end_at[count] = e;
    opens_at[count] = after_end;
    ++count;
    after_end = false;
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  // The next byte at which a mask may begin (masks ending at or before i are behind m).
  uint32_t next_mask = masks.empty() ? UINT32_MAX : masks[0].begin;
  for (uint32_t i = range.begin; i < range.end;) {
    if (i >= next_mask) {
      while (m < masks.size() && masks[m].end <= i) ++m;
      if (m < masks.size() && masks[m].begin <= i && !masks[m].empty()) {
        if (count == 0 || cp_at[count - 1] != 0) push(0, i, i);
        i = std::min(range.end, masks[m].end);
        continue;
      }
      // No mask holds i, nor any byte before masks[m].begin (the masks are sorted by begin).
      next_mask = m < masks.size() ? masks[m].begin : UINT32_MAX;
    }
    // decode_utf8(text, i), with the common 1- and 3-byte cases first.
    char32_t cp;
    uint32_t len;
    bool valid = true;
    const unsigned char b0 = p[i];
    if (b0 < 0x80) {
      cp = b0, len = 1;
    } else if (text::is_plain3(text, i)) {
      cp = (char32_t{b0 & 0x0Fu} << 12) | (char32_t{p[i + 1] & 0x3Fu} << 6) | (p[i + 2] & 0x3Fu), len = 3;
    } else {
      const text::Decoded d = text::decode_utf8(text, i);
      cp = d.cp, len = d.len, valid = d.valid;
    }
    bool ends = false;
    if (const char32_t c = valid ? classify(cp, &ends) : 0) push(c, i, i + len);
    else if (ends) after_end = true;
    i += len;
  }
  f.cp.resize(count);
  f.begin.resize(count);
  f.end.resize(count);
  f.opens.resize(count);
  return f;
}

std::vector<uint64_t> ngrams(const Folded& f, int n) {
  std::vector<uint64_t> out;
  const size_t k = static_cast<size_t>(std::max(1, n));
  for (size_t i = 0; i + k <= f.size(); ++i) {
    uint64_t h = 0;
    bool ok = true;
    for (size_t j = i; j < i + k; ++j) {
      if (f.cp[j] == 0) {
        ok = false;
        break;
      }
      h = h * kBase + f.cp[j];
    }
    if (ok) out.push_back(mix(h));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {
size_t common(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++n, ++i, ++j;
  }
  return n;
}
}  // namespace

double dice(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  return 2.0 * static_cast<double>(common(a, b)) / static_cast<double>(a.size() + b.size());
}

double covered(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  return a.empty() ? 0 : static_cast<double>(common(a, b)) / static_cast<double>(a.size());
}

namespace {

size_t gram_of(const PassageParams& p) { return std::clamp<size_t>(p.gram, 1, std::max<size_t>(1, p.min_chars)); }
size_t window_of(const PassageParams& p) { return std::max<size_t>(1, p.min_chars + 1 - gram_of(p)); }

/// Winnowing fingerprints of one folded text: in every window of `w` consecutive k-grams of a
/// break-free segment, the k-gram with the smallest hash (the rightmost on ties), each once.
void fingerprint(const Folded& f, size_t k, size_t w, Fingerprints& out) {
  uint64_t pow = 1;  // kBase^(k-1)
  for (size_t i = 1; i < k; ++i) pow *= kBase;
  size_t s = 0;
  std::vector<uint64_t> h;
  // The window's candidates, indices into h with hashes increasing: q[head, tail). Each index
  // enters once, so h.size() slots suffice and the queue never wraps.
  std::vector<uint32_t> q;
  while (s < f.size()) {
    while (s < f.size() && f.cp[s] == 0) ++s;
    size_t e = s;
    while (e < f.size() && f.cp[e] != 0) ++e;
    if (e - s >= k + w - 1) {  // shorter segments cannot hold a passage of k + w - 1 characters
      h.clear();
      uint64_t roll = 0;
      for (size_t i = s; i < e; ++i) {
        if (i >= s + k) roll -= pow * f.cp[i - k];
        roll = roll * kBase + f.cp[i];
        if (i + 1 >= s + k) h.push_back(mix(roll));
      }
      q.resize(h.size());
      size_t head = 0, tail = 0;
      size_t last = SIZE_MAX;
      for (size_t j = 0; j < h.size(); ++j) {
        while (tail > head && h[q[tail - 1]] >= h[j]) --tail;
        q[tail++] = static_cast<uint32_t>(j);
        if (q[head] + w <= j) ++head;
        if (j + 1 >= w && q[head] != last) {
          last = q[head];
          out.hash.push_back(h[last]);
          out.pos.push_back(static_cast<uint32_t>(s + last));
        }
      }
    }
    s = e;
  }
}

}  // namespace

Fingerprints fingerprints(const Folded& f, const PassageParams& p) {
  Fingerprints raw;
  fingerprint(f, gram_of(p), window_of(p), raw);
  // Sorted by (hash, pos), so that seeds() merges the reports' lists instead of copying and
  // sorting them all at once.
  std::vector<std::pair<uint64_t, uint32_t>> v(raw.hash.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = {raw.hash[i], raw.pos[i]};
  std::sort(v.begin(), v.end());
  Fingerprints out;
  out.hash.reserve(v.size());
  out.pos.reserve(v.size());
  for (const auto& [h, at] : v) {
    out.hash.push_back(h);
    out.pos.push_back(at);
  }
  return out;
}

std::vector<Seed> seeds(std::span<Fingerprints> docs, const PassageParams& p) {
  // The reports' lists merged in (hash, doc, pos) order through a heap of one cursor per report
  // (each list is sorted by (hash, pos)); a list is freed once it is used up.
  struct Cursor {
    uint64_t hash;
    uint32_t doc;
    uint32_t at;
  };
  auto later = [](const Cursor& x, const Cursor& y) { return x.hash != y.hash ? x.hash > y.hash : x.doc > y.doc; };
  std::vector<Cursor> heap;
  for (size_t d = 0; d < docs.size(); ++d)
    if (!docs[d].hash.empty()) heap.push_back({docs[d].hash[0], static_cast<uint32_t>(d), 0});
  std::make_heap(heap.begin(), heap.end(), later);
  // Seeds: pairs of reports sharing a fingerprint.
  constexpr size_t kMaxGroup = 256;  // occurrences of one fingerprint considered (repeats in one report)
  std::vector<Seed> seeds;
  std::vector<std::pair<uint32_t, uint32_t>> group;  // (doc, pos) of one hash, in order
  while (!heap.empty()) {
    const uint64_t h = heap.front().hash;
    group.clear();
    size_t ndocs = 0;
    while (!heap.empty() && heap.front().hash == h) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Cursor& c = heap.back();
      Fingerprints& f = docs[c.doc];
      ++ndocs;
      for (; c.at < f.hash.size() && f.hash[c.at] == h; ++c.at) group.push_back({c.doc, f.pos[c.at]});
      if (c.at < f.hash.size()) {
        c.hash = f.hash[c.at];
        std::push_heap(heap.begin(), heap.end(), later);
      } else {
        f = Fingerprints{};
        heap.pop_back();
      }
    }
    if (ndocs >= 2 && (p.max_shared_by == 0 || ndocs <= p.max_shared_by)) {
      const size_t end = std::min(group.size(), kMaxGroup);
      for (size_t i = 0; i < end; ++i)
        for (size_t j = i + 1; j < end; ++j)
          if (group[i].first != group[j].first)
            seeds.push_back({group[i].first, group[j].first, group[i].second, group[j].second});
    }
  }
  std::sort(seeds.begin(), seeds.end(), [](const Seed& x, const Seed& y) {
    if (x.a != y.a) return x.a < y.a;
    if (x.b != y.b) return x.b < y.b;
    if (x.diag() != y.diag()) return x.diag() < y.diag();
    return x.pa < y.pa;
  });
  return seeds;
}

std::vector<Passage> extend(const Folded& A, const Folded& B, std::span<const Seed> pair, const PassageParams& p,
                            bool* unknown) {
  return extend_runs(FoldedText{A}, FoldedText{B}, pair, p, unknown);
}

std::vector<Passage> settle(std::vector<Passage> out) {
  std::sort(out.begin(), out.end(), [](const Passage& x, const Passage& y) {
    if (x.a_from != y.a_from) return x.a_from < y.a_from;
    if (x.chars() != y.chars()) return x.chars() > y.chars();
    return x.b_from < y.b_from;
  });
  // A run whose two sides both lie inside an earlier, longer run is the same text met again
  // through a repeat: drop it.
  std::vector<Passage> kept;
  for (const auto& x : out) {
    bool inside = false;
    for (size_t j = kept.size(), n = 0; j-- > 0 && n++ < 64;) {
      const Passage& y = kept[j];
      if (x.a_from >= y.a_from && x.a_to <= y.a_to && x.b_from >= y.b_from && x.b_to <= y.b_to) {
        inside = true;
        break;
      }
    }
    if (!inside) kept.push_back(x);
  }
  return kept;
}

std::vector<Passage> shared_passages(std::span<const Folded* const> docs, const PassageParams& p) {
  std::vector<Fingerprints> prints;
  prints.reserve(docs.size());
  for (const Folded* d : docs) prints.push_back(fingerprints(*d, p));
  const std::vector<Seed> all = seeds(prints, p);
  std::vector<Passage> out;
  for (size_t g = 0; g < all.size();) {
    size_t e = g;
    while (e < all.size() && all[e].a == all[g].a && all[e].b == all[g].b) ++e;
    auto found = extend(*docs[all[g].a], *docs[all[g].b], std::span<const Seed>(all).subspan(g, e - g), p);
    out.insert(out.end(), found.begin(), found.end());
    g = e;
  }
  return out;
}

}  // namespace fz::compare
