// Kind `signature-date` (GB/T 9704《党政机关公文格式》: a 公文 closes with the issuer and the
// 成文日期, written in Arabic numerals, year in full, month and day not zero-padded). The outline
// parser finds the closing signature and date (Document::signature / date); this kind judges
// them. One rule per aspect, chosen by `check`:
//   "missing-signature" — no closing issuer line;
//   "missing-date"      — no 成文日期;
//   "date-window"       — the date falls outside the reporting window of year Y+1 (Y = report
//                         year): `window_from` … `window_to` ("MM-DD"; per issuer level through
//                         [rules.<id>] overrides in .fzlint.toml);
//   "zero-padded-date"  — "2025年01月05日" (fix: drop the zeros).
// Fragments are not judged for missing parts: only documents with at least `min_sections`
// top-level sections.
// Placeholders: {date}, {from}, {to}, {year} (report year), {fix}.
#include <algorithm>

#include "checks/util.h"
#include "ingest/source_text.h"

namespace fz::checks {
namespace {

enum class What { MissingSignature, MissingDate, Window, Padded };

class SignatureDateCheck : public Check {
 public:
  What what = What::MissingSignature;
  int from_m = 1, from_d = 1, to_m = 3, to_d = 31;
  int min_sections = 1;

  bool has_fix() const override { return what == What::Padded; }

  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    const auto& doc = ctx.doc;
    const std::string_view t = ctx.text;
    // Where a finding about a missing closing part goes: the last line of the document.
    ByteSpan last{0, 0};
    if (!ctx.src.blocks.empty()) last = ctx.src.blocks.back().span;
    else if (!t.empty()) last = {0, static_cast<uint32_t>(std::min<size_t>(t.size(), t.find('\n')))};
    const bool whole = static_cast<int>(doc.sections.size()) >= min_sections;
    switch (what) {
      case What::MissingSignature:
        if (whole && !doc.signature && !last.empty()) out.emit(last);
        break;
      case What::MissingDate:
        if (whole && !doc.date && !last.empty()) out.emit(last);
        break;
      case What::Window: {
        if (!doc.date || ctx.analysis.year == 0 || doc.date->year == 0) break;
        const int y = ctx.analysis.year + 1;
        const auto key = [](int yy, int m, int d) { return yy * 10000 + m * 100 + d; };
        const int k = key(doc.date->year, doc.date->month, doc.date->day == 0 ? 1 : doc.date->day);
        if (k >= key(y, from_m, from_d) && k <= key(y, to_m, to_d)) break;
        auto md = [&](int m, int d) { return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日"; };
        out.emit(doc.date->span, {{"date", std::string(slice(t, doc.date->span))},
                                  {"from", md(from_m, from_d)},
                                  {"to", md(to_m, to_d)},
                                  {"year", std::to_string(ctx.analysis.year)}});
        break;
      }
      case What::Padded: {
        if (!doc.date) break;
        const ByteSpan s = doc.date->span;
        std::vector<Fix> fixes;
        for (std::string_view unit : {"年", "月"}) {
          const std::string_view d = slice(t, s);
          size_t p = d.find(unit);
          if (p == std::string_view::npos) continue;
          p += unit.size();
          while (p < d.size() && d[p] == ' ') ++p;
          if (p + 1 < d.size() && d[p] == '0' && d[p + 1] >= '1' && d[p + 1] <= '9') {
            const uint32_t at = s.begin + static_cast<uint32_t>(p);
            fixes.push_back(Fix{{at, at + 1}, ""});
          }
        }
        if (fixes.empty()) break;
        std::string fixed;
        uint32_t at = s.begin;
        for (auto& f : fixes) {
          fixed += slice(t, {at, f.span.begin});
          at = f.span.end;
        }
        fixed += slice(t, {at, s.end});
        out.emit(s, {{"date", std::string(slice(t, s))}, {"fix", fixed}}, std::move(fixes));
        break;
      }
    }
  }
};

bool parse_md(const std::string& s, int& m, int& d) {
  return RE2::FullMatch(s, R"((\d{1,2})-(\d{1,2}))", &m, &d) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<SignatureDateCheck>();
  const std::string check = param_string(spec, "check");
  if (check == "missing-signature") c->what = What::MissingSignature;
  else if (check == "missing-date") c->what = What::MissingDate;
  else if (check == "date-window") c->what = What::Window;
  else if (check == "zero-padded-date") c->what = What::Padded;
  else
    return spec.error_at(spec.params.find("check"), "check",
                         "应为 missing-signature、missing-date、date-window 或 zero-padded-date");
  if (auto* v = spec.params.find("window_from"); v && !parse_md(v->s, c->from_m, c->from_d))
    return spec.error_at(v, "window_from", "应写作“MM-DD”，如 \"01-01\"");
  if (auto* v = spec.params.find("window_to"); v && !parse_md(v->s, c->to_m, c->to_d))
    return spec.error_at(v, "window_to", "应写作“MM-DD”，如 \"03-31\"");
  c->min_sections = static_cast<int>(param_int(spec, "min_sections", 1));
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_signature_date() {
  return {"signature-date",
          "落款与成文日期：缺失、超出报告期窗口、月日补零（GB/T 9704）",
          {{"check", ParamType::String, true, "missing-signature | missing-date | date-window | zero-padded-date"},
           {"window_from", ParamType::String, false, "报告期窗口起点（次年，MM-DD，默认 01-01）"},
           {"window_to", ParamType::String, false, "报告期窗口终点（次年，MM-DD，默认 03-31）"},
           {"min_sections", ParamType::Int, false, "至少有几个一级部分才判断缺失（默认 1）"}},
          false,
          &make};
}

}  // namespace fz::checks
