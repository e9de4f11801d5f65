// Kind `paired-punctuation` (GB/T 15834 paired marks): within each block (paragraph or heading
// line), brackets, book-title marks and quotes must be closed by their own partner.
//   mode = "unbalanced"  — an opening mark never closed, or a closing mark never opened, or a
//                          pair closed by a mark of another family (（…》);
//   mode = "mixed-width" — a pair closed in the other width: "(社区）", "（社区)". The fix turns
//                          the half-width mark into its full-width form (Chinese running text).
// ASCII " and ' are ignored (they do not say which side they are).
// Placeholders: {found}, {expected} (the missing partner), {pair} (the text of a mixed pair).
#include <iterator>

#include "checks/util.h"

namespace fz::checks {
namespace {

struct PairDef {
  char32_t open, close;
  int family;
  bool half;
};
constexpr PairDef kPairs[] = {
    {U'（', U'）', 0, false}, {U'(', U')', 0, true},   {U'〔', U'〕', 1, false},
    {U'【', U'】', 2, false}, {U'[', U']', 2, true},   {U'《', U'》', 3, false},
    {U'〈', U'〉', 4, false}, {U'“', U'”', 5, false}, {U'‘', U'’', 6, false},
    {U'「', U'」', 7, false}, {U'『', U'』', 8, false}, {U'［', U'］', 2, false},
};

// The paired mark at a byte, found without decoding: ASCII ( ) [ ], and the others' three-byte
// forms, which share their first two bytes by block — E2 80 xx (U+2000–203F: quotes), E3 80 xx
// (U+3000–303F: CJK brackets), EF BC xx (U+FF00–FF3F: full-width forms) — and differ in the
// last. Entries: 0 none, k + 1 the opening mark of kPairs[k], -(k + 1) its closing mark.
// (Most bytes of Chinese text are Han lead and continuation bytes, and most of the rest are
// ，。、 — none of them a mark; this table is what the scan asks for each.)
struct MarkTable {
  bool start[256] = {};  ///< bytes at which a mark can start (never a continuation byte)
  int8_t ascii[128] = {};
  int8_t e2_80[64] = {}, e3_80[64] = {}, ef_bc[64] = {};
  constexpr MarkTable() {
    start[0xE2] = start[0xE3] = start[0xEF] = true;
    for (int k = 0; k < static_cast<int>(std::size(kPairs)); ++k)
      for (int side = 0; side < 2; ++side) {
        const char32_t c = side == 0 ? kPairs[k].open : kPairs[k].close;
        const auto v = static_cast<int8_t>(side == 0 ? k + 1 : -(k + 1));
        if (c < 0x80) ascii[c] = v, start[c] = true;
        else if (c >= 0x2000 && c < 0x2040) e2_80[c - 0x2000] = v;
        else if (c >= 0x3000 && c < 0x3040) e3_80[c - 0x3000] = v;
        else if (c >= 0xFF00 && c < 0xFF40) ef_bc[c - 0xFF00] = v;
        else throw "paired mark outside the table";  // compile-time error
      }
  }
  /// The entry for the character starting at byte `pos` of `t`, and its length in `*len`.
  int at(std::string_view t, size_t pos, uint32_t* len) const {
    const auto b = static_cast<unsigned char>(t[pos]);
    if (!start[b]) return 0;
    if (b < 0x80) {
      *len = 1;
      return ascii[b];
    }
    if (pos + 2 >= t.size()) return 0;
    const auto b1 = static_cast<unsigned char>(t[pos + 1]), b2 = static_cast<unsigned char>(t[pos + 2]);
    if ((b2 & 0xC0) != 0x80) return 0;
    *len = 3;
    if (b == 0xE2 && b1 == 0x80) return e2_80[b2 & 0x3F];
    if (b == 0xE3 && b1 == 0x80) return e3_80[b2 & 0x3F];
    if (b == 0xEF && b1 == 0xBC) return ef_bc[b2 & 0x3F];
    return 0;
  }
};
constexpr MarkTable kMarks;

const PairDef* full_of(int family) {
  for (auto& p : kPairs)
    if (p.family == family && !p.half) return &p;
  return nullptr;
}

class Paired : public Check {
 public:
  bool mixed = false;
  bool has_fix() const override { return mixed; }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    struct Open {
      const PairDef* def;
      uint32_t at, len;
    };
    std::vector<Open> stack;
    const auto* bytes = reinterpret_cast<const unsigned char*>(ctx.text.data());
    for (auto& node : nodes) {
      stack.clear();
      const uint32_t end = std::min<uint32_t>(node.span.end, static_cast<uint32_t>(ctx.text.size()));
      for (uint32_t pos = node.span.begin; pos < end;) {
        // Bytes that cannot start a mark (a continuation byte never can) are stepped over; so
        // is a character that is not one.
        while (pos < end && !kMarks.start[bytes[pos]]) ++pos;
        if (pos >= end) break;
        uint32_t len = 1;
        const int m = kMarks.at(ctx.text, pos, &len);
        if (m == 0) {
          ++pos;
          continue;
        }
        const uint32_t here = pos;
        pos += len;
        if (m > 0) {
          stack.push_back({&kPairs[m - 1], here, len});
          continue;
        }
        const PairDef* cl = &kPairs[-m - 1];
        const char32_t c = cl->close;
        // Find the nearest open mark of the same family.
        int k = static_cast<int>(stack.size()) - 1;
        while (k >= 0 && stack[k].def->family != cl->family) --k;
        if (k < 0) {
          if (!mixed)
            out.emit({here, here + static_cast<uint32_t>(len)},
                     {{"found", encode_utf8(c)}, {"expected", encode_utf8(cl->open)}});
          continue;
        }
        // Marks opened after it are never closed.
        for (int j = static_cast<int>(stack.size()) - 1; j > k; --j)
          if (!mixed)
            out.emit({stack[j].at, stack[j].at + stack[j].len},
                     {{"found", encode_utf8(stack[j].def->open)},
                      {"expected", encode_utf8(stack[j].def->close)}});
        const Open o = stack[k];
        stack.resize(k);
        if (mixed && o.def->half != cl->half) {
          ByteSpan pair{o.at, here + static_cast<uint32_t>(len)};
          const PairDef* full = full_of(cl->family);
          std::vector<Fix> fixes;
          if (full) {
            if (o.def->half) fixes.push_back(Fix{{o.at, o.at + o.len}, encode_utf8(full->open)});
            else fixes.push_back(Fix{{here, here + static_cast<uint32_t>(len)}, encode_utf8(full->close)});
          }
          out.emit(pair,
                   {{"pair", std::string(slice(ctx.text, pair))},
                    {"found", encode_utf8(o.def->half ? o.def->open : c)},
                    {"expected", full ? encode_utf8(o.def->half ? full->open : full->close) : ""}},
                   std::move(fixes));
        }
      }
      if (!mixed)
        for (auto& o : stack)
          out.emit({o.at, o.at + o.len},
                   {{"found", encode_utf8(o.def->open)}, {"expected", encode_utf8(o.def->close)}});
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<Paired>();
  const std::string mode = param_string(spec, "mode", "unbalanced");
  if (mode != "unbalanced" && mode != "mixed-width")
    return spec.error_at(spec.params.find("mode"), "mode", "应为 unbalanced 或 mixed-width：" + mode);
  c->mixed = mode == "mixed-width";
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_paired_punctuation() {
  return {"paired-punctuation",
          "成对标点（括号、书名号、引号）须配对且宽度一致",
          {{"mode", ParamType::String, false, "unbalanced（默认）或 mixed-width"}},
          false,
          &make};
}

}  // namespace fz::checks
