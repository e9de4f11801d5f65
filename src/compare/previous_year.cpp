// Kind `previous-year`: the report given as last year's must be of the year before this one.
// Reported at this year's title (or the start) when both years are known and differ by other
// than one. Placeholders: {year}, {previous_year}, {expected}, {location}.
#include "compare/parts.h"

namespace fz::compare {
namespace {

class PreviousYear : public PairCheck {
 public:
  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    const int y = cur.ctx->analysis.year, p = prev.ctx->analysis.year;
    if (y == 0 || p == 0 || p == y - 1) return;
    ByteSpan at = cur.ctx->analysis.year_span;
    if (at.empty() && cur.ctx->doc.title) at = cur.ctx->doc.title->span;
    const ByteSpan there = prev.ctx->analysis.year_span.empty() && prev.ctx->doc.title
                               ? prev.ctx->doc.title->span
                               : prev.ctx->analysis.year_span;
    out.emit(at,
             {{"year", std::to_string(y)},
              {"previous_year", std::to_string(p)},
              {"expected", std::to_string(y - 1)},
              {"location", where(prev, there)}},
             {}, {related_in(prev, there, "上一年度报告的年份")});
  }
};

Result<std::unique_ptr<checks::Check>> make(const rules::RuleSpec&, const checks::CompileContext&) {
  return std::unique_ptr<checks::Check>(std::make_unique<PreviousYear>());
}

}  // namespace

checks::KindInfo kind_previous_year() {
  return {"previous-year", "与上一年度报告对比：作为上年报告给出的文件，其年份应为本报告年份减一", {}, false, make};
}

}  // namespace fz::compare
