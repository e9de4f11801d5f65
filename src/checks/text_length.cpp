// Kind `text-length`: the body's length in Chinese characters (title, front matter, signature and
// date not counted; punctuation, digits and Latin letters not counted) must lie in [min, max].
// The thresholds are rule parameters, so a province or an issuer level sets its own through
// [rules.<id>] in .fzlint.toml (0 = no bound). Fragments (fewer than `min_sections` top-level
// sections) are not judged for being short.
// Placeholders: {count}, {min}, {max}, {problem} ("超过…字" / "不足…字").
#include "checks/util.h"

namespace fz::checks {
namespace {

// Counts Han characters (CJK Unified Ideographs with Ext-A, Ext-B…, compatibility ideographs)
// straight from the UTF-8 lead bytes: this runs on every keystroke in the editor.
size_t count_han(std::string_view t, ByteSpan s) {
  size_t n = 0;
  const size_t end = std::min<size_t>(s.end, t.size());
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  for (size_t i = s.begin; i < end;) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
    } else if (b < 0xE0) {
      i += 2;
    } else if (b < 0xF0) {
      if (i + 1 < end) {
        const unsigned char c = p[i + 1];
        // U+3400–U+4DBF (Ext-A), U+4E00–U+9FFF, U+F900–U+FAFF.
        if ((b == 0xE3 && c >= 0x90) || (b == 0xE4 && c != 0xB7) || (b >= 0xE5 && b <= 0xE9) ||
            (b == 0xEF && c >= 0xA4 && c <= 0xAB))
          ++n;
      }
      i += 3;
    } else {
      // U+20000–U+3FFFF (Ext-B onwards) = F0 A0…F0 BF.
      if (i + 1 < end && b == 0xF0 && p[i + 1] >= 0xA0) ++n;
      i += 4;
    }
  }
  return n;
}

class TextLengthCheck : public Check {
 public:
  int64_t min = 1200, max = 5000;
  int min_sections = 1;

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    const auto& doc = ctx.doc;
    const std::string_view t = ctx.text;
    size_t n = count_han(t, {0, static_cast<uint32_t>(t.size())});
    auto drop = [&](ByteSpan s) {
      const size_t k = count_han(t, s);
      n = k > n ? 0 : n - k;
    };
    if (doc.title) drop(doc.title->span);
    for (auto& f : doc.front) drop(f.span);
    if (doc.signature) drop(*doc.signature);
    if (doc.date) drop(doc.date->span);
    ByteSpan anchor = nodes.empty() ? ByteSpan{} : nodes.front().anchor;
    if (anchor.empty() && doc.title) anchor = doc.title->span;
    if (anchor.empty()) return;
    const std::map<std::string, std::string> base{
        {"count", std::to_string(n)}, {"min", std::to_string(min)}, {"max", std::to_string(max)}};
    if (max > 0 && static_cast<int64_t>(n) > max) {
      auto v = base;
      v["problem"] = "超过 " + std::to_string(max) + " 字";
      out.emit(anchor, v);
    } else if (min > 0 && static_cast<int64_t>(n) < min && static_cast<int>(doc.sections.size()) >= min_sections) {
      auto v = base;
      v["problem"] = "不足 " + std::to_string(min) + " 字";
      out.emit(anchor, v);
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<TextLengthCheck>();
  c->min = param_int(spec, "min", 1200);
  c->max = param_int(spec, "max", 5000);
  c->min_sections = static_cast<int>(param_int(spec, "min_sections", 1));
  if (c->min < 0 || c->max < 0 || (c->max > 0 && c->min > c->max))
    return spec.error_at(spec.params.find("min"), "min", "应满足 0 ≤ min ≤ max（0 表示不限）");
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_text_length() {
  return {"text-length",
          "正文汉字数应在 [min, max] 之内（标题、版头、落款、日期不计）",
          {{"min", ParamType::Int, false, "下限（汉字数，默认 1200，0 = 不限）"},
           {"max", ParamType::Int, false, "上限（汉字数，默认 5000，0 = 不限）"},
           {"min_sections", ParamType::Int, false, "至少有几个一级部分才判断过短（默认 1）"}},
          false,
          &make};
}

}  // namespace fz::checks
