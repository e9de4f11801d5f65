// Kind `signature-date` (GB/T 9704《党政机关公文格式》: a 公文 closes with the issuer and the
// 成文日期, written in Arabic numerals, year in full, month and day not zero-padded). The outline
// parser finds the closing signature and date (Document::signature / date); this kind judges
// them. One rule per aspect, chosen by `check`:
//   "missing-signature" — no closing issuer line;
//   "missing-date"      — no 成文日期;
//   "date-window"       — the date falls outside the reporting window of year Y+1 (Y = report
//                         year): `window_from` … `window_to` ("MM-DD"), or the window of the
//                         first entry of `levels` whose `issuer` regex matches the signature
//                         (else the title) — e.g. townships report to the county by 03-01,
//                         county governments within the first quarter; all of it data, and
//                         overridable per deployment through [rules.<id>] in .fzlint.toml;
//   "zero-padded-date"  — "2025年01月05日" (fix: drop the zeros).
// Fragments are not judged for missing parts: only documents with at least `min_sections`
// top-level sections.
// Placeholders: {date}, {from}, {to}, {year} (report year), {level} ("" or "（乡镇）"), {fix}.
#include <algorithm>

#include "checks/util.h"
#include "checks/issuer_levels.h"
#include "ingest/source_text.h"

namespace fz::checks {
namespace {

enum class What { MissingSignature, MissingDate, Window, Padded };

struct Window {
  int from_m, from_d, to_m, to_d;
};

class SignatureDateCheck : public Check {
 public:
  What what = What::MissingSignature;
  int from_m = 1, from_d = 1, to_m = 3, to_d = 31;
  int min_sections = 1;
  std::vector<IssuerLevel<Window>> levels;

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
        int fm = from_m, fd = from_d, tm = to_m, td = to_d;
        std::string level;
        if (const auto* l = match_issuer_level(levels, ctx)) {
          fm = l->settings.from_m, fd = l->settings.from_d, tm = l->settings.to_m, td = l->settings.to_d;
          level = "（" + l->name + "）";
        }
        const auto key = [](int yy, int m, int d) { return yy * 10000 + m * 100 + d; };
        const int k = key(doc.date->year, doc.date->month, doc.date->day == 0 ? 1 : doc.date->day);
        if (k >= key(y, fm, fd) && k <= key(y, tm, td)) break;
        auto md = [&](int m, int d) { return std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日"; };
        out.emit(doc.date->span, {{"date", std::string(slice(t, doc.date->span))},
                                  {"from", md(fm, fd)},
                                  {"to", md(tm, td)},
                                  {"level", level},
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

// "3-31" → 3, 31: one or two ASCII digits, '-', one or two digits, a real month and day (read
// by hand: a pattern built here was compiled at every start).
bool parse_md(std::string_view s, int& m, int& d) {
  const size_t dash = s.find('-');
  if (dash == std::string_view::npos) return false;
  auto number = [](std::string_view t, int& out) {
    if (t.empty() || t.size() > 2) return false;
    out = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  return number(s.substr(0, dash), m) && number(s.substr(dash + 1), d) && m >= 1 && m <= 12 && d >= 1 && d <= 31;
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
  auto levels = parse_issuer_levels<Window>(
      spec, {"window_from", "window_to"}, Window{c->from_m, c->from_d, c->to_m, c->to_d},
      [&](const rules::Value& v, Window& w) -> std::optional<Error> {
        if (auto* f = v.find("window_from"); f && !(f->is_string() && parse_md(f->s, w.from_m, w.from_d)))
          return spec.error_at(f, "levels.window_from", "应写作“MM-DD”，如 \"01-01\"");
        if (auto* f = v.find("window_to"); f && !(f->is_string() && parse_md(f->s, w.to_m, w.to_d)))
          return spec.error_at(f, "levels.window_to", "应写作“MM-DD”，如 \"03-01\"");
        return std::nullopt;
      });
  if (!levels) return levels.error();
  c->levels = std::move(*levels);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_signature_date() {
  return {"signature-date",
          "落款与成文日期：缺失、超出报告期窗口、月日补零（GB/T 9704）",
          {{"check", ParamType::String, true, "missing-signature | missing-date | date-window | zero-padded-date"},
           {"window_from", ParamType::String, false, "报告期窗口起点（次年，MM-DD，默认 01-01）"},
           {"window_to", ParamType::String, false, "报告期窗口终点（次年，MM-DD，默认 03-31）"},
           {"min_sections", ParamType::Int, false, "至少有几个一级部分才判断缺失（默认 1）"},
           {"levels", ParamType::TableList, false,
            "按发文机关层级的窗口 [{name, issuer = 正则, window_from, window_to}]，按序取第一个匹配落款或标题者"}},
          false,
          &make};
}

}  // namespace fz::checks
