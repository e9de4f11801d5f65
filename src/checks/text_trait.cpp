// Kind `text-trait`: one finding about the text as a whole, from a fact the engine established
// before the rules ran (checks::Analysis). `trait = "width-folded"`: most Chinese punctuation is
// half-width, as in a web copy that went through NFKC normalisation; reported once, at the first
// such mark, with the counts ({half}, {full}), instead of a warning per mark (the punctuation-
// width rules say skip_when = ["width-folded"]).
#include "checks/util.h"

namespace fz::checks {
namespace {

class TextTrait : public Check {
 public:
  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    const WidthFold& w = ctx.analysis.width;
    if (!w.folded) return;
    out.emit(w.first, {{"half", std::to_string(w.half)}, {"full", std::to_string(w.full)}});
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  const std::string trait = param_string(spec, "trait");
  if (trait != "width-folded")
    return spec.error_at(spec.params.find("trait"), "trait", "应为 width-folded：" + trait);
  return std::unique_ptr<Check>(std::make_unique<TextTrait>());
}

}  // namespace

KindInfo kind_text_trait() {
  return {"text-trait",
          "关于全文的一个特征报告一次（如中文标点整体变成半角：经 NFKC 规范化的网页复制文本）",
          {{"trait", ParamType::String, true, "width-folded"}},
          false,
          &make};
}

}  // namespace fz::checks
