// Kind `text-trait`: one finding about the text as a whole, from a fact the engine established
// before the rules ran (checks::Analysis). `trait = "width-folded"`: most Chinese punctuation is
// half-width, as in a web copy that went through NFKC normalisation; reported once, at the first
// such mark, with the counts ({half}, {full}), instead of a warning per mark (the punctuation-
// width rules say skip_when = ["width-folded"]). `trait = "missing-title"`: the outline found
// no title (a web copy whose title lives in the page header starts with the salutation or the
// opening paragraph, which are not titles): said once, at the first line.
#include <algorithm>

#include "checks/util.h"
#include "ingest/source_text.h"
#include "text/utf8.h"

namespace fz::checks {
namespace {

class TextTrait : public Check {
 public:
  bool missing_title = false;
  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    if (missing_title) {
      if (ctx.doc.title || ctx.src.blocks.empty()) return;
      const ByteSpan first = ctx.src.blocks.front().span;
      // Anchor on the first line's first characters (a whole paragraph would be noise).
      uint32_t end = first.begin;
      for (int n = 0; n < 12 && end < first.end; ++n) end += std::max<uint32_t>(1, text::decode_utf8(ctx.text, end).len);
      out.emit({first.begin, std::min(end, first.end)});
      return;
    }
    const WidthFold& w = ctx.analysis.width;
    if (!w.folded) return;
    out.emit(w.first, {{"half", std::to_string(w.half)}, {"full", std::to_string(w.full)}});
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  const std::string trait = param_string(spec, "trait");
  if (trait != "width-folded" && trait != "missing-title")
    return spec.error_at(spec.params.find("trait"), "trait", "应为 width-folded 或 missing-title：" + trait);
  auto c = std::make_unique<TextTrait>();
  c->missing_title = trait == "missing-title";
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_text_trait() {
  return {"text-trait",
          "关于全文的一个特征报告一次（如中文标点整体变成半角：经 NFKC 规范化的网页复制文本）",
          {{"trait", ParamType::String, true, "width-folded | missing-title"}},
          false,
          &make};
}

}  // namespace fz::checks
