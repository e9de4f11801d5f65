// Kind `text-length`: the body's length in Chinese characters (title, front matter, signature and
// date not counted; punctuation, digits and Latin letters not counted) must lie in [min, max].
// The thresholds are rule parameters, so a province or an issuer level sets its own through
// [rules.<id>] in .fzlint.toml (0 = no bound). Fragments (fewer than `min_sections` top-level
// sections) are not judged for being short.
// `levels` sets other bounds per issuer level (first entry whose `issuer` regex matches the
// signature, else the title): provincial and municipal reports are legitimately longer.
// Placeholders: {count}, {min}, {max}, {range} ("1200～5000 字"), {problem} ("超过…字" / "不足…字"),
// {level} ("" or "（省级）").
#include "checks/issuer_levels.h"
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

struct Bounds {
  int64_t min = 0, max = 0;
};

class TextLengthCheck : public Check {
 public:
  int64_t min = 1200, max = 5000;
  int min_sections = 1;
  std::vector<IssuerLevel<Bounds>> levels;

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
    int64_t lo = min, hi = max;
    std::string level;
    if (const auto* l = match_issuer_level(levels, ctx))
      lo = l->settings.min, hi = l->settings.max, level = "（" + l->name + "）";
    const std::map<std::string, std::string> base{{"count", std::to_string(n)},
                                                  {"min", std::to_string(lo)},
                                                  {"max", std::to_string(hi)},
                                                  {"level", level},
                                                  {"range", hi > 0 ? (lo > 0 ? std::to_string(lo) + "～" + std::to_string(hi) + " 字"
                                                                             : "不超过 " + std::to_string(hi) + " 字")
                                                                   : "不少于 " + std::to_string(lo) + " 字"}};
    if (hi > 0 && static_cast<int64_t>(n) > hi) {
      auto v = base;
      v["problem"] = "超过 " + std::to_string(hi) + " 字";
      out.emit(anchor, v);
    } else if (lo > 0 && static_cast<int64_t>(n) < lo && static_cast<int>(doc.sections.size()) >= min_sections) {
      auto v = base;
      v["problem"] = "不足 " + std::to_string(lo) + " 字";
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
  auto levels = parse_issuer_levels<Bounds>(
      spec, {"min", "max"}, Bounds{c->min, c->max},
      [&](const rules::Value& v, Bounds& b) -> std::optional<Error> {
        for (auto [k, dst] : {std::pair{"min", &b.min}, std::pair{"max", &b.max}})
          if (const rules::Value* x = v.find(k)) {
            if (x->type != rules::Value::Type::Int || x->i < 0)
              return spec.error_at(x, std::string("levels.") + k, "应为非负整数（0 表示不限）");
            *dst = x->i;
          }
        return std::nullopt;
      });
  if (!levels) return levels.error();
  c->levels = std::move(*levels);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_text_length() {
  return {"text-length",
          "正文汉字数应在 [min, max] 之内（标题、版头、落款、日期不计）",
          {{"min", ParamType::Int, false, "下限（汉字数，默认 1200，0 = 不限）"},
           {"max", ParamType::Int, false, "上限（汉字数，默认 5000，0 = 不限）"},
           {"min_sections", ParamType::Int, false, "至少有几个一级部分才判断过短（默认 1）"},
           {"levels", ParamType::TableList, false,
            "按发文机关层级的字数范围 [{name, issuer = 正则, min, max}]，按序取第一个匹配落款或标题者"}},
          false,
          &make,
          false,
          true};
}

}  // namespace fz::checks
