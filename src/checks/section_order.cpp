// Kind `section-order`: the first region of `class` must not come before the first region of
// any class in `after` (e.g. the next-year plan before the results or the shortcomings).
// Classes not present are ignored (their absence is required-section's business).
// Placeholders: {label}, {other} (the class it precedes).
#include "checks/util.h"

namespace fz::checks {

const rules::GenreClass* genre_class(const rules::RuleSpec&, const CompileContext&, std::string_view,
                                     const std::string&, std::optional<Error>&);

namespace {

class SectionOrder : public Check {
 public:
  const rules::GenreClass* cls = nullptr;
  std::vector<const rules::GenreClass*> after;
  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    const auto& mine = ctx.analysis.of(cls->name);
    if (mine.empty()) return;
    const Region& first = mine.front();
    for (auto* other : after) {
      const auto& theirs = ctx.analysis.of(other->name);
      if (theirs.empty() || theirs.front().span.begin <= first.span.begin) continue;
      out.emit(first.heading.empty() ? first.span : first.heading,
               {{"label", cls->label}, {"other", other->label}});
      return;
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& ctx) {
  auto c = std::make_unique<SectionOrder>();
  std::optional<Error> err;
  c->cls = genre_class(spec, ctx, "class", param_string(spec, "class"), err);
  if (!c->cls) return *err;
  for (auto& n : param_strings(spec, "after")) {
    auto* g = genre_class(spec, ctx, "after", n, err);
    if (!g) return *err;
    c->after.push_back(g);
  }
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_section_order() {
  return {"section-order",
          "某类部分不得位于另一些类部分之前",
          {{"class", ParamType::String, true, "被检查位置的体裁类别"},
           {"after", ParamType::StringList, true, "它应当位于其后的类别"}},
          false,
          &make,
          false,
          true};
}

}  // namespace fz::checks
