// Kind `requires`: a scope node must contain something. Either
//  * `patterns` (+ `min`, default 1): at least `min` matches in the node, or
//  * `groups` (array of tables {name, patterns}) + `min_groups` (default: all groups): at least
//    `min_groups` of the groups have a match ("k of these n groups" coverage).
// Matches overlapping an `exclude` match do not count. `only_if`: check only nodes that match
// it; `skip_if_anchor`: skip nodes whose anchor (a section's heading) matches — e.g. a part
// headed "区政府主要负责同志履行……" is about the government principal only. The finding goes on the node's anchor (a section's heading, the title…).
// Placeholders: {count}, {min}, {found}, {missing} (group names, joined by 、), {total}.
#include "checks/util.h"

namespace fz::checks {
namespace {

struct Group {
  std::string name;
  RegexList patterns;
};

class RequiresCheck : public Check {
 public:
  RegexList patterns, exclude, only_if, skip_if_anchor;
  int64_t min = 1;
  std::vector<Group> groups;
  int64_t min_groups = 0;

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    std::vector<ByteSpan> ex;
    for (auto& node : nodes) {
      if (!only_if.empty() && !any_match(only_if, ctx.text, node.span)) continue;
      ByteSpan at = node.anchor.empty() ? node.span : node.anchor;
      if (!skip_if_anchor.empty() && any_match(skip_if_anchor, ctx.text, at)) continue;
      // The node's exclude matches, found once and only when a hit needs them. A finding needs
      // the exact count only below `min`, so counting stops there (and at the first counted
      // match of a group).
      bool ex_done = exclude.empty();
      ex.clear();
      auto excluded = [&]() -> const std::vector<ByteSpan>& {
        if (!ex_done) {
          all_matches(exclude, ctx.text, node.span, ex);
          ex_done = true;
        }
        return ex;
      };
      if (groups.empty()) {
        auto n = count_matches_excluding(patterns, ctx.text, node.span, min, excluded);
        if (n < min) out.emit(at, {{"count", std::to_string(n)}, {"min", std::to_string(min)}});
        continue;
      }
      std::string found, missing;
      int64_t n = 0;
      for (auto& g : groups) {
        bool hit = count_matches_excluding(g.patterns, ctx.text, node.span, 1, excluded) > 0;
        std::string& dst = hit ? found : missing;
        if (!dst.empty()) dst += "、";
        dst += g.name;
        n += hit;
      }
      if (n < min_groups)
        out.emit(at, {{"count", std::to_string(n)},
                      {"min", std::to_string(min_groups)},
                      {"total", std::to_string(groups.size())},
                      {"found", found.empty() ? "无" : found},
                      {"missing", missing}});
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<RequiresCheck>();
  auto p = regex_list(spec, "patterns");
  if (!p) return p.error();
  c->patterns = std::move(*p);
  auto e = regex_list(spec, "exclude");
  if (!e) return e.error();
  c->exclude = std::move(*e);
  auto o = regex_list(spec, "only_if");
  if (!o) return o.error();
  c->only_if = std::move(*o);
  auto sk = regex_list(spec, "skip_if_anchor");
  if (!sk) return sk.error();
  c->skip_if_anchor = std::move(*sk);
  c->min = param_int(spec, "min", 1);
  if (const rules::Value* gs = spec.params.find("groups")) {
    for (auto& g : gs->array) {
      Group grp;
      const rules::Value* name = g.find("name");
      const rules::Value* pats = g.find("patterns");
      for (auto& [k, v] : g.table)
        if (k != "name" && k != "patterns")
          return spec.error_at(&v, "groups." + k, "未知字段（可用：name, patterns）");
      if (!name || !name->is_string() || name->s.empty())
        return spec.error_at(&g, "groups.name", "每组需要非空字符串 name");
      if (!pats) return spec.error_at(&g, "groups.patterns", "每组需要 patterns");
      std::vector<std::string> list;
      if (pats->is_string()) list.push_back(pats->s);
      else if (pats->is_array())
        for (auto& x : pats->array) {
          if (!x.is_string()) return spec.error_at(&x, "groups.patterns", "应为字符串");
          list.push_back(x.s);
        }
      else return spec.error_at(pats, "groups.patterns", "应为字符串数组");
      auto res = regex_list_of(spec, pats, "groups.patterns", list);
      if (!res) return res.error();
      grp.name = name->s;
      grp.patterns = std::move(*res);
      c->groups.push_back(std::move(grp));
    }
    c->min_groups = param_int(spec, "min_groups", static_cast<int64_t>(c->groups.size()));
    if (c->min_groups < 1 || c->min_groups > static_cast<int64_t>(c->groups.size()))
      return spec.error_at(spec.params.find("min_groups"), "min_groups",
                           "应在 1 与组数 " + std::to_string(c->groups.size()) + " 之间");
  }
  if (c->groups.empty() == c->patterns.empty())
    return spec.error_at(nullptr, "patterns", "patterns 与 groups 必须且只能给出一个");
  if (c->min < 1) return spec.error_at(spec.params.find("min"), "min", "应不小于 1");
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_requires() {
  return {"requires",
          "范围内至少要有 N 处匹配，或 n 组中至少 k 组有匹配",
          {{"patterns", ParamType::RegexList, false, "要求出现的正则表达式"},
           {"min", ParamType::Int, false, "patterns 至少匹配的次数（默认 1）"},
           {"groups", ParamType::TableList, false, "分组 [{name, patterns}]，用于覆盖度检查"},
           {"min_groups", ParamType::Int, false, "至少覆盖的组数（默认全部）"},
           {"exclude", ParamType::RegexList, false, "与之重叠的匹配不计数"},
           {"only_if", ParamType::RegexList, false, "只检查与之匹配的节点"},
           {"skip_if_anchor", ParamType::RegexList, false, "节点的标题（锚点）与之匹配时跳过"}},
          false,
          &make};
}

}  // namespace fz::checks
