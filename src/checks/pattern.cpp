// Kind `pattern`: every match of `patterns` inside a scope node is a finding (optionally with a
// fix built from the rule's `fix` template, RE2 rewrite syntax \1…). `exclude` drops matches that
// overlap an excluded match; `unless` silences a whole node when it matches anywhere in it.
// Overlapping matches of several patterns are reported once (earliest, then longest).
// Message placeholders: {match}, {1}…{9} (capture groups), {fix} (the replacement).
#include <algorithm>

#include "checks/util.h"

namespace fz::checks {
namespace {

class PatternCheck : public Check {
 public:
  RegexList patterns, exclude, unless;
  std::optional<std::string> fix;

  bool has_fix() const override { return fix.has_value(); }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    struct Hit {
      ByteSpan span;
      const Regex* re;
      std::vector<std::string_view> groups;
    };
    LazyMatches ex;  // the node's exclude matches, searched only as far as the hits go
    std::vector<Hit> hits;
    Screened screened;
    for (auto& node : nodes) {
      // Which patterns can match at all (one Set pass); a node where none can is done before
      // `unless` and `exclude` are looked at.
      screened.run(patterns, ctx.text, node.span);
      if (!screened.any()) continue;
      if (any_match(unless, ctx.text, node.span)) continue;
      ex.reset(&exclude, ctx.text, node.span);
      hits.clear();
      auto collect = [&](const Regex& re) {
        for_each_match(re, ctx.text, node.span,
                       [&](ByteSpan m, const std::vector<std::string_view>& g) {
                         if (ex.overlaps(m)) return;
                         hits.push_back({m, &re, g});
                       });
      };
      screened.for_each_in(0, patterns.size(), [&](size_t i) {
        collect(*patterns[i]);
        return true;
      });
      std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
        return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end > b.span.end;
      });
      uint32_t covered = 0;
      for (auto& h : hits) {
        if (h.span.begin < covered) continue;
        covered = h.span.end;
        emit(h.span, *h.re, h.groups, out);
      }
    }
  }

 private:
  void emit(ByteSpan m, const Regex& re, const std::vector<std::string_view>& g, Emitter& out) const {
    std::map<std::string, std::string> vars{{"match", std::string(g[0])}};
    for (size_t i = 1; i < g.size() && i < 10; ++i) vars[std::to_string(i)] = std::string(g[i]);
    std::vector<Fix> fixes;
    if (fix) {
      std::string repl;
      std::vector<re2::StringPiece> sp(g.size());
      for (size_t i = 0; i < g.size(); ++i) sp[i] = re2::StringPiece(g[i].data(), g[i].size());
      if (re.Rewrite(&repl, *fix, sp.data(), static_cast<int>(sp.size()))) {
        vars["fix"] = repl;
        fixes.push_back(Fix{m, repl});
      }
    }
    out.emit(m, vars, std::move(fixes));
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<PatternCheck>();
  auto p = regex_list(spec, "patterns");
  if (!p) return p.error();
  c->patterns = std::move(*p);
  auto e = regex_list(spec, "exclude");
  if (!e) return e.error();
  c->exclude = std::move(*e);
  auto u = regex_list(spec, "unless");
  if (!u) return u.error();
  c->unless = std::move(*u);
  if (spec.fix) {
    for (auto& re : c->patterns) {
      std::string why;
      if (!re->CheckRewriteString(*spec.fix, &why))
        return spec.error_at(nullptr, "fix", "替换模板无效：" + why);
    }
    c->fix = spec.fix;
  }
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_pattern() {
  return {"pattern",
          "范围内每处匹配即为一条发现（可带修复）",
          {{"patterns", ParamType::RegexList, true, "要查找的正则表达式"},
           {"exclude", ParamType::RegexList, false, "与之重叠的匹配不报告"},
           {"unless", ParamType::RegexList, false, "节点内任一匹配则整个节点不报告"}},
          true,
          &make};
}

}  // namespace fz::checks
