// Kind `carried-over-figures`: the same quantity with the same number in the same context in
// both years' class `class` (成效), e.g. 全年开展普法活动36场 in both reports. A figure is a
// number (Arabic or Chinese numerals, optional 余/多) followed by one of `units`; its context
// is the last `context_chars` characters before the number within the same clause (at least
// two). The rule's severity applies when `several` or more figures repeat; a lone repeat is
// reported with `single_severity`.
// Placeholders: {figure} (this year's text), {location} (path:line:col in last year's), {count}.
#include "compare/parts.h"

#include <map>

#include "text/utf8.h"

namespace fz::compare {
namespace {

struct Figure {
  ByteSpan span;  ///< context + number + unit
  std::string key;
};

class CarriedOverFigures : public PairCheck {
 public:
  std::string cls = "achievements";
  checks::RegexPtr number;
  int64_t context_chars = 8;
  int64_t several = 2;
  Severity single = Severity::Info;

  std::vector<Figure> figures(const Side& s) const {
    std::vector<Figure> out;
    const std::string_view t = s.ctx->text;
    for (ByteSpan body : bodies_of(*s.ctx, cls)) {
      checks::for_each_span(*number, t, body, [&](ByteSpan m) {
        // Context: walk back over the clause, keeping significant characters.
        std::u32string ctx;
        uint32_t at = m.begin;
        while (at > body.begin && static_cast<int64_t>(ctx.size()) < context_chars) {
          const size_t p = text::prev_boundary(t, at);
          const char32_t c = text::decode_utf8(t, p).cp;
          if (c == U'，' || c == U'。' || c == U'；' || c == U'：' || c == U'、' || c == U'！' || c == U'？' ||
              c == '\n' || c == '\r' || c == ',' || c == ';' || c == ':' || c == U'（' || c == U'）')
            break;
          at = static_cast<uint32_t>(p);
          if (text::is_han(c)) ctx.insert(ctx.begin(), c);
          else if (c >= '0' && c <= '9') break;  // another figure: the clause is a list
        }
        if (ctx.size() < 2) return;
        std::string key;
        for (char32_t c : ctx) text::append_utf8(key, c);
        const Folded f = fold(t, m);
        key += '|';
        for (char32_t c : f.cp) text::append_utf8(key, c);
        out.push_back({{at, m.end}, std::move(key)});
      });
    }
    return out;
  }

  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    const auto mine = figures(cur);
    if (mine.empty()) return;
    std::map<std::string, ByteSpan> theirs;
    for (auto& f : figures(prev)) theirs.emplace(f.key, f.span);
    std::vector<std::pair<const Figure*, ByteSpan>> same;
    for (const auto& f : mine)
      if (auto it = theirs.find(f.key); it != theirs.end()) same.push_back({&f, it->second});
    for (auto& [f, there] : same) {
      Finding& x = out.emit(f->span,
                            {{"figure", std::string(checks::slice(cur.ctx->text, f->span))},
                             {"location", where(prev, there)},
                             {"count", std::to_string(same.size())}},
                            {}, {related_in(prev, there, "上一年度的相同数字")});
      if (static_cast<int64_t>(same.size()) < several) x.severity = single;
    }
  }
};

Result<std::unique_ptr<checks::Check>> make(const rules::RuleSpec& spec, const checks::CompileContext& ctx) {
  auto c = std::make_unique<CarriedOverFigures>();
  c->cls = checks::param_string(spec, "class", c->cls);
  c->context_chars = checks::param_int(spec, "context_chars", c->context_chars);
  c->several = checks::param_int(spec, "several", c->several);
  const std::string single = checks::param_string(spec, "single_severity", "info");
  auto sev = parse_severity(single);
  if (!sev) return spec.error_at(spec.params.find("single_severity"), "single_severity", "应为 error、warning 或 info");
  c->single = *sev;
  std::vector<std::string> units = checks::param_strings(spec, "units");
  if (units.empty()) return spec.error_at(nullptr, "units", "至少需要一个计量单位");
  std::sort(units.begin(), units.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
  std::string alt;
  for (const auto& u : units) alt += (alt.empty() ? "" : "|") + RE2::QuoteMeta(u);
  const std::string pat = "(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇一二两三四五六七八九十百千万亿]+)\\s*(?:余|多)?\\s*(?:" + alt + ")";
  auto re = checks::compile_regex(spec, spec.params.find("units"), "units", pat);
  if (!re) return re.error();
  c->number = std::move(*re);
  if (auto e = unknown_class(spec, ctx.genre, "class", c->cls)) return *e;
  return std::unique_ptr<checks::Check>(std::move(c));
}

}  // namespace

checks::KindInfo kind_carried_over_figures() {
  return {"carried-over-figures",
          "与上一年度报告对比：两年成效部分中语境相同、数字相同的数量（如“全年开展普法活动36场”）",
          {{"class", checks::ParamType::String, false, "体裁类别（默认 achievements）"},
           {"units", checks::ParamType::StringList, true, "计量单位（场、次、件、人次、%……）"},
           {"context_chars", checks::ParamType::Int, false, "数字前取作语境的汉字数（同一分句内，默认 8）"},
           {"several", checks::ParamType::Int, false, "相同数字达到此数时按规则级别报告（默认 2）"},
           {"single_severity", checks::ParamType::String, false, "相同数字少于 several 个时的级别（默认 info）"}},
          false,
          make};
}

}  // namespace fz::compare
