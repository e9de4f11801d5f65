// Kinds `passages-from-previous` (this year's report with last year's) and `shared-passages`
// (every report of a batch with the others): passages of at least `min_chars` characters
// (folded: punctuation, spaces and widths ignored) that two reports share outside the genre's
// fixed text — title, headings, signature, the `formulas` (习近平法治思想 and the like) and, with
// `quotes`, what both may quote from a common source (《document names》, “slogans”). Found by
// winnowing (fold.h), never by comparing every pair of texts.
// Placeholders: {chars}, {location} (path:line:col in the other report), {other} (its path),
// {excerpt} (the start of the passage).
#include <cstring>
#include <mutex>

#include "compare/extend.h"
#include "compare/parts.h"
#include "text/positions.h"

namespace fz::compare {
namespace {

struct PassageOptions {
  PassageParams params;
  checks::RegexList formulas;
  std::vector<std::optional<std::vector<std::string>>> literals;  ///< required literals per formula
  bool quotes = true;
};

Result<PassageOptions> options(const rules::RuleSpec& spec, bool batch) {
  PassageOptions o;
  o.params.min_chars = static_cast<size_t>(std::max<int64_t>(1, checks::param_int(spec, "min_chars", 50)));
  o.params.gram = static_cast<size_t>(std::max<int64_t>(1, checks::param_int(spec, "gram", 10)));
  if (batch) o.params.max_shared_by = static_cast<size_t>(std::max<int64_t>(0, checks::param_int(spec, "max_shared_by", 10)));
  if (o.params.gram > o.params.min_chars)
    return spec.error_at(spec.params.find("gram"), "gram", "不应大于 min_chars");
  o.quotes = checks::param_bool(spec, "quotes", true);
  auto f = checks::regex_list(spec, "formulas");
  if (!f) return f.error();
  o.formulas = std::move(*f);
  for (const auto& re : o.formulas) o.literals.push_back(checks::prefilter::required_literals(re->pattern()));
  return o;
}

std::vector<checks::ParamSpec> params(bool batch) {
  std::vector<checks::ParamSpec> p{
      {"min_chars", checks::ParamType::Int, false, "共同段落的最少字数（去标点后，默认 50）"},
      {"gram", checks::ParamType::Int, false, "指纹 k 元组的字数（不大于 min_chars，默认 10）"},
      {"formulas", checks::ParamType::RegexList, false, "体裁固定表述（正则），不计入共同段落"},
      {"quotes", checks::ParamType::Bool, false, "书名号《》和引号“”内的共同来源文字不计入（默认 true）"}};
  if (batch)
    p.push_back({"max_shared_by", checks::ParamType::Int, false,
                 "一段文字出现在超过此数量的报告中时视为共同范本，不逐对报告（0 = 不限，默认 10）"});
  return p;
}

Folded folded(const Side& s, const PassageOptions& o) {
  const std::string_view t = s.ctx->text;
  return fold(t, {0, static_cast<uint32_t>(t.size())}, fixed_text(*s.ctx, o.formulas, o.literals, o.quotes));
}

void report(const Side& here, ByteSpan mine, const Side& there, ByteSpan theirs, size_t chars,
            checks::Emitter& out) {
  Related rel = related_in(there, theirs, "相同段落");
  // where(there, theirs), from the position related_in found (each costs a scan of the line)
  std::string location = std::string(there.path) + ":" + std::to_string(rel.line) + ":" + std::to_string(rel.column);
  out.emit(mine,
           {{"chars", std::to_string(chars)},
            {"location", std::move(location)},
            {"other", std::string(there.path)},
            {"excerpt", excerpt(checks::slice(here.ctx->text, mine), 20)}},
           {}, {std::move(rel)});
}

class PassagesFromPrevious : public PairCheck {
 public:
  PassageOptions o;
  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    const Folded a = folded(cur, o), b = folded(prev, o);
    const Folded* docs[] = {&a, &b};
    for (const auto& p : shared_passages(docs, o.params)) report(cur, p.a_span, prev, p.b_span, p.chars(), out);
  }
};

/// A folded text as bytes (shed()): n, then per character a record of kRecord bytes — the code
/// point with `opens` in bit 31, the first source byte, the source length (0 for a break) — so
/// that any stretch of it can be read back alone.
constexpr size_t kRecord = 9;

std::string pack(const Folded& f) {
  const uint32_t n = static_cast<uint32_t>(f.size());
  std::string out(4 + size_t{n} * kRecord, '\0');
  std::memcpy(out.data(), &n, 4);
  char* at = out.data() + 4;
  // Through local pointers: a store through char* may alias the vectors, which the compiler
  // would otherwise read again for every record.
  const char32_t* cp = f.cp.data();
  const uint8_t* opens = f.opens.data();
  const uint32_t *begin = f.begin.data(), *end = f.end.data();
  for (uint32_t i = 0; i < n; ++i, at += kRecord) {
    const uint32_t c = static_cast<uint32_t>(cp[i]) | (opens[i] ? 0x80000000u : 0u);
    std::memcpy(at, &c, 4);
    std::memcpy(at + 4, &begin[i], 4);
    at[8] = static_cast<char>(end[i] - begin[i]);
  }
  return out;
}

/// Records of pack() (without its count) read in place, as extend_runs() asks for them: a piece
/// of a folded text, with kUnknown before it when `cut_front` and after it when `cut_back`
/// (what lies there was not read).
struct Packed {
  std::string raw;
  bool cut_front = false, cut_back = false;
  size_t n = 0;  ///< records

  size_t size() const { return n + cut_front + cut_back; }
  /// The record of character i, or nullptr at a cut end.
  const char* record(size_t i) const {
    if (cut_front) {
      if (i == 0) return nullptr;
      --i;
    }
    return i < n ? raw.data() + i * kRecord : nullptr;
  }
  uint32_t word(size_t i) const {
    const char* r = record(i);
    if (!r) return kUnknown;
    uint32_t c;
    std::memcpy(&c, r, 4);
    return c;
  }
  char32_t cp(size_t i) const { return static_cast<char32_t>(word(i) & 0x7FFFFFFFu); }
  bool opens(size_t i) const { return record(i) && (word(i) >> 31) != 0; }
  ByteSpan bytes_of(size_t i) const {
    const char* r = record(i);
    if (!r) return {};
    uint32_t b;
    std::memcpy(&b, r + 4, 4);
    return {b, b + static_cast<uint8_t>(r[8])};
  }
  ByteSpan bytes(size_t from, size_t to) const { return {bytes_of(from).begin, bytes_of(to - 1).end}; }
};

class SharedPassages : public BatchCheck {
 public:
  PassageOptions o;
  /// Kept for every report: its fingerprints; the folded text until shed().
  struct Prep : Prepared {
    Folded f;
    Fingerprints prints;
    std::string shed() override {
      std::string bytes = pack(f);
      f = Folded{};
      return bytes;
    }
  };
  /// One report's passages: where, how long, and the place in the other report (its line and
  /// column found while that report was at hand).
  struct Share : Found {
    struct Item {
      ByteSpan mine, theirs;
      uint32_t other = 0, chars = 0;
      uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
    };
    std::vector<Item> items;
  };

  std::unique_ptr<Prepared> prepare(const Side& r) const override {
    auto p = std::make_unique<Prep>();
    p->f = folded(r, o);
    p->prints = fingerprints(p->f, o.params);
    return p;
  }

  std::vector<std::unique_ptr<Found>> compare(std::span<Prepared* const> prepared, const Reload& reload,
                                              const ForEach& each, std::vector<std::string>& problems) const override {
    const size_t n = prepared.size();
    std::vector<Fingerprints> prints(n);
    for (size_t i = 0; i < n; ++i) prints[i] = std::move(static_cast<Prep*>(prepared[i])->prints);
    const std::vector<Seed> all = seeds(prints, o.params);
    prints = {};
    // Pairs (runs of seeds with the same a, b), grouped by a: one task per a reads report a's
    // folded text once, and of each partner b only the stretch around the seeds (most pairs
    // share a k-gram, few a passage), all of it when a run reaches the stretch's end.
    std::vector<std::pair<size_t, size_t>> by_a;  // [first, last) seed of each a
    for (size_t g = 0; g < all.size(); ++g)
      if (by_a.empty() || all[by_a.back().first].a != all[g].a) by_a.push_back({g, g + 1});
      else by_a.back().second = g + 1;
    struct Found2 {  // one pair's passages, for a and for b
      uint32_t a, b;
      std::vector<Share::Item> for_a, for_b;
    };
    std::vector<std::vector<Found2>> found_by(by_a.size());
    std::vector<std::string> failed(n);  // why report i could not be fetched again
    std::mutex failed_m;
    auto fail = [&](size_t i, const Error& e) {
      std::lock_guard lock(failed_m);
      if (failed[i].empty()) failed[i] = e.to_string();
    };
    // Folded characters [lo, hi) of report i (fewer where it ends), with kUnknown at a cut end.
    auto piece = [&](size_t i, size_t lo, size_t hi) -> std::optional<Packed> {
      auto bytes = reload.shed(i, 4 + lo * kRecord, (hi - lo) * kRecord);
      if (!bytes) {
        fail(i, bytes.error());
        return std::nullopt;
      }
      Packed f;
      f.cut_front = lo > 0;
      f.cut_back = bytes->size() == (hi - lo) * kRecord;
      f.n = bytes->size() / kRecord;
      f.raw = std::move(*bytes);
      return f;
    };
    constexpr size_t kAround = 96;  // folded characters read on each side of a seed
    each(by_a.size(), [&](size_t t) {
      const auto [first, last] = by_a[t];
      const uint32_t a = all[first].a;
      auto fa = piece(a, 0, SIZE_MAX / kRecord - 8);
      if (!fa) return;
      std::vector<Seed> moved;
      std::vector<uint32_t> by_pb;
      for (size_t from = first, to; from < last; from = to) {
        const uint32_t b = all[from].b;
        for (to = from; to < last && all[to].b == b;) ++to;
        const std::span<const Seed> mine = std::span<const Seed>(all).subspan(from, to - from);
        // The seeds in clusters of nearby pb, each extended over a stretch of b around it.
        by_pb.resize(mine.size());
        for (size_t k = 0; k < mine.size(); ++k) by_pb[k] = static_cast<uint32_t>(k);
        std::sort(by_pb.begin(), by_pb.end(), [&](uint32_t x, uint32_t y) { return mine[x].pb < mine[y].pb; });
        std::vector<Passage> found;
        bool unknown = false;
        for (size_t c = 0, d; c < by_pb.size() && !unknown; c = d) {
          for (d = c + 1; d < by_pb.size() && mine[by_pb[d]].pb < mine[by_pb[d - 1]].pb + 2 * kAround;) ++d;
          const size_t lo = mine[by_pb[c]].pb > kAround ? mine[by_pb[c]].pb - kAround : 0;
          const size_t hi = mine[by_pb[d - 1]].pb;
          std::sort(by_pb.begin() + c, by_pb.begin() + d);  // back in seeds() order
          auto fb = piece(b, lo, hi + o.params.gram + kAround);
          if (!fb) {
            unknown = true;
            break;
          }
          const size_t shift = lo > 0 ? lo - 1 : 0;  // fb[k] is b's character k + shift
          moved.clear();
          for (size_t k = c; k < d; ++k) {
            moved.push_back(mine[by_pb[k]]);
            moved.back().pb -= static_cast<uint32_t>(shift);
          }
          for (Passage& x : extend_runs(*fa, *fb, moved, o.params, &unknown)) {
            x.b_from += shift, x.b_to += shift;
            found.push_back(x);
          }
        }
        if (unknown) {  // a run reached a stretch's end: all of b
          found.clear();
          unknown = false;
          if (auto fb = piece(b, 0, SIZE_MAX / kRecord - 8)) found = extend_runs(*fa, *fb, mine, o.params, &unknown);
          else unknown = true;
        } else {
          found = settle(std::move(found));
        }
        if (unknown || found.empty()) continue;
        Found2& pr = found_by[t].emplace_back(Found2{a, b, {}, {}});
        for (const Passage& x : found) {
          const uint32_t chars = static_cast<uint32_t>(x.chars());
          pr.for_a.push_back({x.a_span, x.b_span, b, chars});
          pr.for_b.push_back({x.b_span, x.a_span, a, chars});
        }
      }
    });
    // The line and column of each passage in the other report: each report that other reports'
    // findings point into is fetched once.
    std::vector<std::vector<Share::Item*>> into(n);
    for (auto& task : found_by)
      for (Found2& pr : task) {
        for (auto& it : pr.for_a) into[it.other].push_back(&it);
        for (auto& it : pr.for_b) into[it.other].push_back(&it);
      }
    each(n, [&](size_t j) {
      if (into[j].empty()) return;
      auto got = reload.text(j);
      if (!got) {
        fail(j, got.error());
        for (Share::Item* it : into[j]) it->chars = 0;  // not reported
        return;
      }
      // Both ends of every passage, in order, placed in one pass over the text.
      std::vector<std::pair<uint32_t, uint32_t>> at;  // (offset, 2 * item + 1 for its end)
      at.reserve(2 * into[j].size());
      for (size_t k = 0; k < into[j].size(); ++k) {
        at.push_back({into[j][k]->theirs.begin, static_cast<uint32_t>(2 * k)});
        at.push_back({into[j][k]->theirs.end, static_cast<uint32_t>(2 * k + 1)});
      }
      std::sort(at.begin(), at.end());
      std::vector<uint32_t> offsets(at.size());
      for (size_t k = 0; k < at.size(); ++k) offsets[k] = at[k].first;
      const std::vector<text::Position> pos = text::positions((*got)->text, offsets);
      for (size_t k = 0; k < at.size(); ++k) {
        Share::Item& it = *into[j][at[k].second / 2];
        if (at[k].second % 2 == 0) it.line = pos[k].line, it.column = pos[k].column;
        else it.end_line = pos[k].line, it.end_column = pos[k].column;
      }
    });
    for (const auto& why : failed)
      if (!why.empty()) problems.push_back(why);
    // Each report's share in the order of the pairs, then of the passages within a pair (as one
    // loop over shared_passages() would emit them).
    std::vector<std::unique_ptr<Found>> out(n);
    auto share = [&](uint32_t i) -> Share& {
      if (!out[i]) out[i] = std::make_unique<Share>();
      return static_cast<Share&>(*out[i]);
    };
    for (auto& task : found_by)
      for (Found2& pr : task) {
        auto& a = share(pr.a).items;
        auto& b = share(pr.b).items;
        for (size_t k = 0; k < pr.for_a.size(); ++k)
          if (pr.for_a[k].chars && pr.for_b[k].chars) {  // both places found
            a.push_back(pr.for_a[k]);
            b.push_back(pr.for_b[k]);
          }
        pr = {};
      }
    return out;
  }

  void emit(const Found& found, std::string_view text, std::span<const std::string> paths,
            checks::Emitter& out) const override {
    for (const auto& it : static_cast<const Share&>(found).items) {
      Related rel;
      rel.span = it.theirs;
      rel.message = "相同段落";
      rel.path = paths[it.other].empty() ? std::string("<上一年度报告>") : paths[it.other];
      rel.line = it.line, rel.column = it.column, rel.end_line = it.end_line, rel.end_column = it.end_column;
      std::string location = paths[it.other] + ":" + std::to_string(rel.line) + ":" + std::to_string(rel.column);
      out.emit(it.mine,
               {{"chars", std::to_string(it.chars)},
                {"location", std::move(location)},
                {"other", paths[it.other]},
                {"excerpt", excerpt(checks::slice(text, it.mine), 20)}},
               {}, {std::move(rel)});
    }
  }
};

Result<std::unique_ptr<checks::Check>> make_previous(const rules::RuleSpec& spec, const checks::CompileContext&) {
  auto o = options(spec, false);
  if (!o) return o.error();
  auto c = std::make_unique<PassagesFromPrevious>();
  c->o = std::move(*o);
  return std::unique_ptr<checks::Check>(std::move(c));
}

Result<std::unique_ptr<checks::Check>> make_batch(const rules::RuleSpec& spec, const checks::CompileContext&) {
  auto o = options(spec, true);
  if (!o) return o.error();
  auto c = std::make_unique<SharedPassages>();
  c->o = std::move(*o);
  return std::unique_ptr<checks::Check>(std::move(c));
}

}  // namespace

checks::KindInfo kind_passages_from_previous() {
  return {"passages-from-previous",
          "与上一年度报告对比：两年报告共有的长段落（体裁固定表述、标题、共同引用的文件名和口号除外）",
          params(false), false, make_previous};
}

checks::KindInfo kind_shared_passages() {
  return {"shared-passages",
          "同一批报告互相对比：两份报告共有的长段落（体裁固定表述、标题、共同引用的文件名和口号除外），两份报告上各报告一次",
          params(true), false, make_batch};
}

}  // namespace fz::compare
