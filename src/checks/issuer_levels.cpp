#include "checks/issuer_levels.h"

#include <algorithm>

namespace fz::checks {

Result<RegexPtr> parse_issuer_level(const rules::RuleSpec& spec, const rules::Value& entry,
                                    std::initializer_list<std::string_view> own_keys,
                                    std::string& name) {
  for (auto& [key, x] : entry.table) {
    if (key == "name" || key == "issuer" ||
        std::find(own_keys.begin(), own_keys.end(), key) != own_keys.end())
      continue;
    std::string known = "name, issuer";
    for (auto k : own_keys) known += ", " + std::string(k);
    return spec.error_at(&x, "levels." + key, "未知的键（可用：" + known + "）");
  }
  const rules::Value* n = entry.find("name");
  const rules::Value* issuer = entry.find("issuer");
  if (!n || !n->is_string() || !issuer || !issuer->is_string())
    return spec.error_at(&entry, "levels", "每项需要字符串 name 与 issuer（匹配落款或标题的正则）");
  name = n->s;
  return compile_regex(spec, issuer, "levels.issuer", issuer->s);
}

bool issuer_matches(const Context& ctx, const RE2& issuer) {
  auto matches = [&](ByteSpan s) {
    const std::string_view v = slice(ctx.text, s);
    return RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), issuer);
  };
  return (ctx.doc.signature && matches(*ctx.doc.signature)) ||
         (ctx.doc.title && matches(ctx.doc.title->span));
}

}  // namespace fz::checks
