// Kind `substitution`: a table of wrong → right forms (`pairs = [["截止目前", "截至目前"], …]`,
// literal text unless `regex = true`). The literal prefilter (and, for entries it cannot screen,
// the list's RE2::Set) finds which entries can occur in a node; only those are then located.
// Each occurrence is a finding with a fix to the right form.
// Placeholders: {wrong} (the text found), {right}.
#include "checks/util.h"

namespace fz::checks {
namespace {

class SubstitutionCheck : public Check {
 public:
  RegexList wrong;
  std::vector<std::string> right;
  RegexList exclude;

  bool has_fix() const override { return true; }
  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    std::vector<int> hit;
    LazyMatches ex;  // the node's exclude matches, searched only as far as the hits go
    for (auto& node : nodes) {
      // Which entries can occur: the literal pass, then (for entries it cannot screen) the
      // list's Set; without either, every entry is looked for.
      if (!wrong.screen_in(ctx.text, node.span, hit)) {
        hit.resize(wrong.size());
        for (size_t i = 0; i < hit.size(); ++i) hit[i] = static_cast<int>(i);
      }
      if (hit.empty()) continue;
      ex.reset(&exclude, ctx.text, node.span);
      for (int i : hit) {
        for_each_span(*wrong[i], ctx.text, node.span, [&](ByteSpan m) {
          if (ex.overlaps(m)) return;
          out.emit(m, {{"wrong", std::string(slice(ctx.text, m))}, {"right", right[i]}},
                   {Fix{m, right[i]}});
        });
      }
    }
  }
};

std::string quote_meta(const std::string& s) { return RE2::QuoteMeta(s); }

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<SubstitutionCheck>();
  const bool is_regex = param_bool(spec, "regex", false);
  const rules::Value* pairs = spec.params.find("pairs");
  if (pairs->array.size() > kMaxPatternsPerList)
    return spec.error_at(pairs, "pairs", too_many_patterns(pairs->array.size()));
  for (auto& p : pairs->array) {
    if (!p.is_array() || p.array.size() != 2 || !p.array[0].is_string() || !p.array[1].is_string())
      return spec.error_at(&p, "pairs", "每项应为 [\"错误写法\", \"规范写法\"]");
    std::string pat = is_regex ? p.array[0].s : quote_meta(p.array[0].s);
    auto re = compile_regex(spec, &p, "pairs", pat);
    if (!re) return re.error();
    c->wrong.push_back(std::move(*re));
    c->right.push_back(p.array[1].s);
  }
  if (c->wrong.empty()) return spec.error_at(pairs, "pairs", "不能为空");
  register_group(c->wrong);
  auto e = regex_list(spec, "exclude");
  if (!e) return e.error();
  c->exclude = std::move(*e);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_substitution() {
  return {"substitution",
          "错误写法 → 规范写法对照表，每处错误写法给出修复",
          {{"pairs", ParamType::Any, true, "[[\"错误写法\", \"规范写法\"], …]"},
           {"regex", ParamType::Bool, false, "错误写法按正则表达式解释（默认按字面）"},
           {"exclude", ParamType::RegexList, false, "与之重叠的匹配不报告"}},
          true,
          &make,
          true};
}

}  // namespace fz::checks
