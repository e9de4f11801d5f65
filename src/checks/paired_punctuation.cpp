// Kind `paired-punctuation` (GB/T 15834 paired marks): within each block (paragraph or heading
// line), brackets, book-title marks and quotes must be closed by their own partner.
//   mode = "unbalanced"  — an opening mark never closed, or a closing mark never opened, or a
//                          pair closed by a mark of another family (（…》);
//   mode = "mixed-width" — a pair closed in the other width: "(社区）", "（社区)". The fix turns
//                          the half-width mark into its full-width form (Chinese running text).
// ASCII " and ' are ignored (they do not say which side they are).
// Placeholders: {found}, {expected} (the missing partner), {pair} (the text of a mixed pair).
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

const PairDef* as_open(char32_t c) {
  for (auto& p : kPairs)
    if (p.open == c) return &p;
  return nullptr;
}
const PairDef* as_close(char32_t c) {
  for (auto& p : kPairs)
    if (p.close == c) return &p;
  return nullptr;
}
// Bytes at which a paired mark can start: ASCII ( ) [ ] and the UTF-8 lead bytes of the others
// (E2: quotes, E3: CJK brackets, EF: full-width forms). A continuation byte is never one of
// these, so the scan may step byte by byte and decode only here.
struct MarkStarts {
  bool at[256] = {};
  constexpr MarkStarts() {
    for (auto& p : kPairs)
      for (char32_t c : {p.open, p.close})
        at[c < 0x80 ? c : c < 0x800 ? 0xC0 | (c >> 6) : c < 0x10000 ? 0xE0 | (c >> 12) : 0xF0 | (c >> 18)] = true;
  }
};
constexpr MarkStarts kMarkStarts;

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
    for (auto& node : nodes) {
      std::vector<Open> stack;
      const uint32_t end = std::min<uint32_t>(node.span.end, static_cast<uint32_t>(ctx.text.size()));
      for (uint32_t pos = node.span.begin; pos < end;) {
        if (!kMarkStarts.at[static_cast<unsigned char>(ctx.text[pos])]) {
          ++pos;
          continue;
        }
        size_t len = 1;
        char32_t c = decode_utf8(ctx.text, pos, &len);
        const uint32_t here = pos;
        pos += static_cast<uint32_t>(len);
        if (const PairDef* o = as_open(c)) {
          stack.push_back({o, here, static_cast<uint32_t>(len)});
          continue;
        }
        const PairDef* cl = as_close(c);
        if (!cl) continue;
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
