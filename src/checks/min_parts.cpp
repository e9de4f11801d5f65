// Kind `min-parts`: a section must hold at least `min` distinct measures: sub-sections plus
// 一是/二是 items of its body; when it has neither, body paragraphs after the lead paragraph.
// Placeholders: {count}, {min}.
#include "checks/util.h"

namespace fz::checks {
namespace {

class MinParts : public Check {
 public:
  int64_t min = 2;
  void run(const Context&, std::span<const Node> nodes, Emitter& out) const override {
    for (auto& n : nodes) {
      int64_t count = 0;
      if (n.section) {
        count = static_cast<int64_t>(n.section->children.size());
        for (auto& p : n.section->body) count += static_cast<int64_t>(p.items.size());
        if (count == 0 && n.section->body.size() > 1)
          count = static_cast<int64_t>(n.section->body.size()) - 1;
      } else if (n.item) {
        count = 1;
      }
      if (count < min)
        out.emit(n.anchor.empty() ? n.span : n.anchor,
                 {{"count", std::to_string(count)}, {"min", std::to_string(min)}});
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<MinParts>();
  c->min = param_int(spec, "min", 2);
  if (c->min < 1) return spec.error_at(spec.params.find("min"), "min", "应不小于 1");
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_min_parts() {
  return {"min-parts",
          "部分至少包含 N 项措施（下级标题、“一是”条目或段落）",
          {{"min", ParamType::Int, false, "至少的项数（默认 2）"}},
          false,
          &make};
}

}  // namespace fz::checks
