// Kind `carried-over-items`: a unit (enumeration item, else sentence) of class `class` in this
// year's report that is the same or nearly the same as one of last year's — character n-gram
// Dice similarity on folded text (punctuation, spaces and widths ignored) at or above
// `threshold` percent. Used for 存在的不足 copied from last year.
// Placeholders: {similarity} (percent), {previous} (last year's unit, quoted), {location}
// (path:line:col in last year's report), {label} (the class's Chinese name).
#include "compare/parts.h"

namespace fz::compare {
namespace {

class CarriedOverItems : public PairCheck {
 public:
  std::string cls = "shortcomings";
  int n = 2;
  int64_t threshold = 70;
  int64_t min_chars = 8;

  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    struct Unit {
      ByteSpan span;
      std::vector<uint64_t> grams;
    };
    auto collect = [&](const Side& s) {
      std::vector<Unit> units;
      for (ByteSpan u : units_of(*s.ctx, cls)) {
        const Folded f = fold(s.ctx->text, u);
        if (static_cast<int64_t>(f.size()) < min_chars) continue;
        units.push_back({u, ngrams(f, n)});
      }
      return units;
    };
    const auto mine = collect(cur);
    if (mine.empty()) return;
    const auto theirs = collect(prev);
    const std::string label = label_of(cur.ctx->genre, cls);
    for (const auto& u : mine) {
      double best = 0;
      const Unit* match = nullptr;
      for (const auto& t : theirs) {
        const double d = dice(u.grams, t.grams);
        if (d > best) best = d, match = &t;
      }
      if (!match || best * 100 + 1e-9 < static_cast<double>(threshold)) continue;
      const std::string loc = where(prev, match->span);
      const std::string quoted = excerpt(checks::slice(prev.ctx->text, match->span));
      out.emit(u.span,
               {{"similarity", std::to_string(static_cast<int>(best * 100 + 0.5))},
                {"previous", quoted},
                {"location", loc},
                {"label", label}},
               {}, {related_in(prev, match->span, "上一年度的对应内容：" + quoted)});
    }
  }
};

Result<std::unique_ptr<checks::Check>> make(const rules::RuleSpec& spec, const checks::CompileContext& ctx) {
  auto c = std::make_unique<CarriedOverItems>();
  c->cls = checks::param_string(spec, "class", c->cls);
  c->n = static_cast<int>(checks::param_int(spec, "n", c->n));
  c->threshold = checks::param_int(spec, "threshold", c->threshold);
  c->min_chars = checks::param_int(spec, "min_chars", c->min_chars);
  if (c->n < 1 || c->n > 8) return spec.error_at(spec.params.find("n"), "n", "应在 1～8 之间");
  if (c->threshold < 1 || c->threshold > 100)
    return spec.error_at(spec.params.find("threshold"), "threshold", "应在 1～100 之间（百分比）");
  if (auto e = unknown_class(spec, ctx.genre, "class", c->cls)) return *e;
  return std::unique_ptr<checks::Check>(std::move(c));
}

}  // namespace

checks::KindInfo kind_carried_over_items() {
  return {"carried-over-items",
          "与上一年度报告对比：本年度某类部分（如存在的不足）的条目与上年某一条目的字符 n 元组相似度达到阈值",
          {{"class", checks::ParamType::String, false, "体裁类别（默认 shortcomings）"},
           {"n", checks::ParamType::Int, false, "n 元组长度（字符，默认 2）"},
           {"threshold", checks::ParamType::Int, false, "相似度阈值，百分比（Dice 系数，默认 70）"},
           {"min_chars", checks::ParamType::Int, false, "短于此字数（去标点后）的条目不比较（默认 8）"}},
          false,
          make};
}

}  // namespace fz::compare
