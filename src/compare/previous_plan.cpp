// Kind `previous-plan-unreported`: each measure (item, else sentence) of last year's class
// `from` (下一年度安排) that no part of this year's class `to` (成效) addresses. A measure's key
// terms are its character n-grams after the genre's boilerplate words (`boilerplate`) are
// removed; it counts as addressed when at least `min_shared` percent of them occur in this
// year's `to` text. One finding, at the start of this year's `to` part, lists the measures.
// Placeholders: {count}, {measures} (quoted, "；"-separated), {label_from}, {label_to}.
#include "compare/parts.h"

namespace fz::compare {
namespace {

class PreviousPlan : public PairCheck {
 public:
  std::string from = "next-year-plan", to = "achievements";
  std::vector<std::u32string> boilerplate;
  int n = 2;
  int64_t min_shared = 30;
  int64_t min_terms = 3;

  /// `f` with every boilerplate word, and every digit (years, counts), turned into a break.
  void strip(Folded& f) const {
    for (auto& c : f.cp)
      if (c >= '0' && c <= '9') c = 0;
    for (const auto& w : boilerplate) {
      if (w.empty()) continue;
      for (size_t i = 0; i + w.size() <= f.size(); ++i)
        if (std::equal(w.begin(), w.end(), f.cp.begin() + static_cast<std::ptrdiff_t>(i))) {
          for (size_t j = 0; j < w.size(); ++j) f.cp[i + j] = 0;
          i += w.size() - 1;
        }
    }
  }

  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    const auto targets = bodies_of(*cur.ctx, to);
    const auto& to_regions = cur.ctx->analysis.of(to);
    if (to_regions.empty()) return;  // no 成效 part: missing-achievements-section says so
    std::vector<uint64_t> have;
    for (ByteSpan b : targets) {
      auto g = ngrams(fold(cur.ctx->text, b), n);
      have.insert(have.end(), g.begin(), g.end());
    }
    std::sort(have.begin(), have.end());
    have.erase(std::unique(have.begin(), have.end()), have.end());
    std::vector<ByteSpan> missed;
    for (ByteSpan m : units_of(*prev.ctx, from)) {
      Folded f = fold(prev.ctx->text, m);
      strip(f);
      const auto keys = ngrams(f, n);
      if (static_cast<int64_t>(keys.size()) < min_terms) continue;  // nothing but boilerplate
      if (covered(keys, have) * 100 + 1e-9 < static_cast<double>(min_shared)) missed.push_back(m);
    }
    if (missed.empty()) return;
    std::string list;
    std::vector<Related> rel;
    for (ByteSpan m : missed) {
      const std::string q = excerpt(checks::slice(prev.ctx->text, m), 24);
      list += (list.empty() ? "" : "；") + q;
      rel.push_back(related_in(prev, m, "上一年度安排：" + q));
    }
    auto label = [&](const std::string& c) { return label_of(cur.ctx->genre, c); };
    const checks::Region& first = to_regions.front();
    const ByteSpan at = first.heading.empty() ? first.span : first.heading;
    out.emit(at,
             {{"count", std::to_string(missed.size())},
              {"measures", list},
              {"label_from", label(from)},
              {"label_to", label(to)}},
             {}, std::move(rel));
  }
};

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  const Folded f = fold(s, {0, static_cast<uint32_t>(s.size())});
  for (char32_t c : f.cp) out += c;
  return out;
}

Result<std::unique_ptr<checks::Check>> make(const rules::RuleSpec& spec, const checks::CompileContext& ctx) {
  auto c = std::make_unique<PreviousPlan>();
  c->from = checks::param_string(spec, "from", c->from);
  c->to = checks::param_string(spec, "to", c->to);
  c->n = static_cast<int>(checks::param_int(spec, "n", c->n));
  c->min_shared = checks::param_int(spec, "min_shared", c->min_shared);
  c->min_terms = checks::param_int(spec, "min_terms", c->min_terms);
  for (const auto& w : checks::param_strings(spec, "boilerplate")) c->boilerplate.push_back(to_u32(w));
  // Longest first, so 法治政府建设 is removed before 法治 leaves 政府建设 behind.
  std::sort(c->boilerplate.begin(), c->boilerplate.end(),
            [](const std::u32string& a, const std::u32string& b) { return a.size() > b.size(); });
  if (c->n < 1 || c->n > 8) return spec.error_at(spec.params.find("n"), "n", "应在 1～8 之间");
  if (c->min_shared < 1 || c->min_shared > 100)
    return spec.error_at(spec.params.find("min_shared"), "min_shared", "应在 1～100 之间（百分比）");
  if (auto e = unknown_class(spec, ctx.genre, "from", c->from)) return *e;
  if (auto e = unknown_class(spec, ctx.genre, "to", c->to)) return *e;
  return std::unique_ptr<checks::Check>(std::move(c));
}

}  // namespace

checks::KindInfo kind_previous_plan_unreported() {
  return {"previous-plan-unreported",
          "与上一年度报告对比：上年下一年度安排中的措施，本年度成效部分没有任何回应（去掉套话后的关键词）",
          {{"from", checks::ParamType::String, false, "上年报告中措施所在的体裁类别（默认 next-year-plan）"},
           {"to", checks::ParamType::String, false, "本年报告中应回应措施的体裁类别（默认 achievements）"},
           {"boilerplate", checks::ParamType::StringList, false, "比较前从措施中删去的套话词语"},
           {"n", checks::ParamType::Int, false, "关键词按 n 字元组比较（默认 2）"},
           {"min_shared", checks::ParamType::Int, false,
            "严格程度：措施的关键 n 元组至少有此百分比出现在本年成效中，才算回应（默认 30）"},
           {"min_terms", checks::ParamType::Int, false, "去掉套话后关键 n 元组少于此数的措施不检查（默认 3）"}},
          false,
          make};
}

}  // namespace fz::compare
