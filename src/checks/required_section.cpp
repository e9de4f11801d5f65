// Kind `required-section`: a genre class (genre.toml) must have at least one region anywhere in
// the tree (a section at any level, an enumeration item or a paragraph, as the genre allows).
// Reported once per document on the document anchor (the title, else the first line).
// `mode = "standalone"` instead reports a class that exists only as enumeration items or
// paragraphs (no heading of its own), on the first such region.
// Placeholders: {label} (the class's Chinese name), {found} (the region's lead text).
#include <algorithm>

#include "checks/util.h"
#include "text/utf8.h"

namespace fz::checks {
namespace {

class RequiredSection : public Check {
 public:
  std::string cls, label;
  bool standalone = false;
  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    const auto& regions = ctx.analysis.of(cls);
    if (standalone) {
      if (regions.empty()) return;
      for (auto& r : regions)
        if (r.source == Region::Source::Section) return;
      const Region& r = regions.front();
      ByteSpan at = r.heading.empty() ? r.span : r.heading;
      // Quote at most 24 characters of the lead.
      std::string_view lead = slice(ctx.text, at);
      const std::string found = text::clip(lead, 24, "……");
      out.emit(at, {{"label", label}, {"found", found}});
      return;
    }
    if (!regions.empty()) return;
    for (auto& n : nodes) {
      out.emit(n.anchor.empty() ? n.span : n.anchor, {{"label", label}});
      break;
    }
  }
};

}  // namespace

/// The class named by parameter `key`, validated against the genre; nullptr with `err` set.
const rules::GenreClass* genre_class(const rules::RuleSpec& spec, const CompileContext& ctx,
                                     std::string_view key, const std::string& name,
                                     std::optional<Error>& err) {
  for (auto& c : ctx.genre.classes)
    if (c.name == name) return &c;
  std::string names;
  for (auto& c : ctx.genre.classes) names += (names.empty() ? "" : ", ") + c.name;
  err = spec.error_at(spec.params.find(key), key, "体裁中没有此类别：" + name + "（可选：" + names + "）");
  return nullptr;
}

namespace {
Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& ctx) {
  auto c = std::make_unique<RequiredSection>();
  std::optional<Error> err;
  const auto* gc = genre_class(spec, ctx, "class", param_string(spec, "class"), err);
  if (!gc) return *err;
  c->cls = gc->name;
  c->label = gc->label;
  const std::string mode = param_string(spec, "mode", "exists");
  if (mode != "exists" && mode != "standalone")
    return spec.error_at(spec.params.find("mode"), "mode", "应为 exists 或 standalone：" + mode);
  c->standalone = mode == "standalone";
  return std::unique_ptr<Check>(std::move(c));
}
}  // namespace

KindInfo kind_required_section() {
  return {"required-section",
          "体裁规定的某类部分必须在文中某处存在（任意层级）",
          {{"class", ParamType::String, true, "体裁类别名（genre.toml）"},
           {"mode", ParamType::String, false, "exists（默认：须存在）或 standalone（须有自己的标题）"}},
          false,
          &make};
}

}  // namespace fz::checks
