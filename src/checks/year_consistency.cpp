// Kind `year-consistency`: years ("2024年", "2024年度") in the headings of the regions of
// `classes` must equal the report year + `offset` (0 for the year under report, 1 for the plan).
// With `first_sentence = true` the first sentence of the region's body is checked too (plans
// often open with "2025年，我镇将…"). Ranges (2021—2025年) and targets (到2027年) are skipped.
// Needs a report year; silent when it is unknown. Placeholders: {found}, {expected}, {label}.
#include "checks/util.h"

namespace fz::checks {

const rules::GenreClass* genre_class(const rules::RuleSpec&, const CompileContext&, std::string_view,
                                     const std::string&, std::optional<Error>&);

namespace {

class YearConsistency : public Check {
 public:
  std::vector<const rules::GenreClass*> classes;
  int64_t offset = 0;
  bool first_sentence = false;

  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    if (ctx.analysis.year <= 0) return;
    const int expected = ctx.analysis.year + static_cast<int>(offset);
    for (auto* cls : classes) {
      for (auto& r : ctx.analysis.of(cls->name)) {
        if (r.source != Region::Source::Section || !r.section) continue;
        std::vector<ByteSpan> where{r.section->heading_span};
        if (first_sentence && !r.section->body.empty() && !r.section->body[0].sentences.empty() &&
            !r.section->run_in)
          where.push_back(r.section->body[0].sentences[0].span);
        std::vector<Related> related;
        if (!ctx.analysis.year_span.empty())
          related.push_back({ctx.analysis.year_span,
                             "报告年度" + std::to_string(ctx.analysis.year) + "年取自此处"});
        for (auto w : where)
          for (auto& y : years_in(ctx.text, w))
            if (y.year != expected)
              out.emit(y.span,
                       {{"found", std::to_string(y.year)},
                        {"expected", std::to_string(expected)},
                        {"label", cls->label}},
                       {}, related);
      }
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& ctx) {
  auto c = std::make_unique<YearConsistency>();
  std::optional<Error> err;
  for (auto& n : param_strings(spec, "classes")) {
    auto* g = genre_class(spec, ctx, "classes", n, err);
    if (!g) return *err;
    c->classes.push_back(g);
  }
  c->offset = param_int(spec, "offset", 0);
  c->first_sentence = param_bool(spec, "first_sentence", false);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_year_consistency() {
  return {"year-consistency",
          "各部分标题中的年份应为报告年度（或其次年）",
          {{"classes", ParamType::StringList, true, "要检查的体裁类别"},
           {"offset", ParamType::Int, false, "期望年份 = 报告年度 + offset（默认 0）"},
           {"first_sentence", ParamType::Bool, false, "同时检查正文第一句（默认 false）"}},
          false,
          &make};
}

}  // namespace fz::checks
