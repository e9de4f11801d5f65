// Kind `requires`: a scope node must contain something. Either
//  * `patterns` (+ `min`, default 1): at least `min` matches in the node, or
//  * `groups` (array of tables {name, patterns}) + `min_groups` (default: all groups): at least
//    `min_groups` of the groups have a match ("k of these n groups" coverage).
// Matches overlapping an `exclude` match do not count. `only_if`: check only nodes with a match
// of it that no `exclude` match overlaps (so "副镇长" or "各乡镇党委书记" can be kept out of
// the condition as well as out of the count); `skip_if_anchor`: skip nodes whose anchor (a
// section's heading) matches — e.g. a part headed "区政府主要负责同志履行……" is about the
// government principal only; `also_in_anchor`: matches of these in the anchor count as well
// (a body scope leaves the heading out, but "区政府主要负责同志履行……情况" names someone
// while the standard heading "党政主要负责人履行……情况" is only the part's name).
// The finding goes on the node's anchor (a section's heading, the title…).
// Placeholders: {count}, {min}, {found}, {missing} (group names, joined by 、), {total}.
#include <algorithm>

#include "checks/util.h"

namespace fz::checks {
namespace {

// A group's patterns are the range [first, last) of one list holding every group's patterns,
// so that one RE2::Set pass over a node tells which groups can have a match there.
struct Group {
  std::string name;
  size_t first = 0, last = 0;
};

class RequiresCheck : public Check {
 public:
  RegexList patterns, exclude, only_if, skip_if_anchor, also_in_anchor;
  int64_t min = 1;
  std::vector<Group> groups;
  RegexList group_res;  ///< every group's patterns, see Group
  int64_t min_groups = 0;

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    LazyMatches ex;  // the node's exclude matches, searched only around hits
    Screened screened;
    for (auto& node : nodes) {
      ByteSpan at = node.anchor.empty() ? node.span : node.anchor;
      if (!skip_if_anchor.empty() && any_match(skip_if_anchor, ctx.text, at)) continue;
      // A finding needs the exact count only below `min`, so counting stops there (and at the
      // first counted match of a group).
      ex.reset(&exclude, ctx.text, node.span);
      auto counts = [&](ByteSpan m) { return !ex.overlaps(m); };
      // One counted match of a list: with no exclude match in the node every match counts, and
      // RE2 says whether there is one without finding its bounds (has_nonempty_match).
      auto has_counted = [&](const RegexList& list) {
        return ex.none() ? has_nonempty_match(list, ctx.text, node.span)
                         : count_matches_if(list, ctx.text, node.span, 1, counts) >= 1;
      };
      if (!only_if.empty() && !has_counted(only_if)) continue;
      if (groups.empty()) {
        int64_t n = 0;
        // The anchor lies outside a body node: its own exclude matches decide there.
        if (!also_in_anchor.empty() && !at.empty() && !node.span.contains(at)) {
          LazyMatches ax;
          ax.reset(&exclude, ctx.text, at);
          n = count_matches_if(also_in_anchor, ctx.text, at, min,
                               [&](ByteSpan m) { return !ax.overlaps(m); });
        }
        if (n == min - 1) n += has_counted(patterns);
        else if (n < min) n += count_matches_if(patterns, ctx.text, node.span, min - n, counts);
        if (n < min) out.emit(at, {{"count", std::to_string(n)}, {"min", std::to_string(min)}});
        continue;
      }
      screened.run(group_res, ctx.text, node.span);
      // A group has a hit when one of its patterns the screen left in has a match that no
      // exclude match overlaps (the first such match settles it).
      auto group_hit = [&](const Group& g) {
        bool hit = false;
        auto first_counted = [&](ByteSpan m) { return !(hit = counts(m)); };
        const bool every_match_counts = ex.none();
        screened.for_each_in(g.first, g.last, [&](size_t i) {
          if (every_match_counts) hit = has_nonempty_match(*group_res[i], ctx.text, node.span);
          else for_each_span(*group_res[i], ctx.text, node.span, first_counted);
          return !hit;
        });
        return hit;
      };
      std::string found, missing;
      int64_t n = 0;
      for (auto& g : groups) {
        bool hit = group_hit(g);
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
  auto aa = regex_list(spec, "also_in_anchor");
  if (!aa) return aa.error();
  c->also_in_anchor = std::move(*aa);
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
      grp.first = c->group_res.size();
      for (auto& re : *res) c->group_res.push_back(std::move(re));
      grp.last = c->group_res.size();
      c->groups.push_back(std::move(grp));
    }
    register_group(c->group_res);
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
           {"only_if", ParamType::RegexList, false, "只检查与之匹配（且不与 exclude 重叠）的节点"},
           {"also_in_anchor", ParamType::RegexList, false, "在节点标题（锚点）中的匹配也计数（仅 patterns）"},
           {"skip_if_anchor", ParamType::RegexList, false, "节点的标题（锚点）与之匹配时跳过"}},
          false,
          &make};
}

}  // namespace fz::checks
