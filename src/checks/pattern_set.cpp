// Kind `pattern-set`: a table of regex cases screened together by one RE2::Set pass per scope
// node; only the cases the Set reports are then located. Written for the writing-standard rules
// (GB/T 15834 / 15835), which need two things `pattern` cannot give:
//  * a precise span although RE2 has no look-behind: a case may name a group `(?P<hit>…)`; the
//    finding covers only that group, and context matched around it is not reported (and, when
//    the hit ends before the match does, the trailing context may start the next match);
//  * minimal fixes, so fixes of different rules touching one place do not overlap (overlapping
//    fixes are dropped by fixes::apply): a case's `fix` templates (RE2 rewrite syntax, \0…\9)
//    replace the groups named `fix`, `fix2` … `fix9`, or, when the regex has none, the hit.
// Patterns see the node's own text: ^ and $ are the node's bounds ((?m) for lines).
//
//   [[cases]]
//   match = '(?P<hit>…)'       required
//   fix   = "…" | ["…", "…"]   optional, one template per fix group
//   note  = "…"                optional, fills {note} in the message
//
// Placeholders: {match} (the hit text), {fix} (the hit text after the fixes), {note}, {1}…{9}.
#include <re2/set.h>

#include <algorithm>

#include "checks/util.h"

namespace fz::checks {
namespace {

struct Case {
  RegexPtr re;
  std::vector<std::string> fix;   ///< templates, parallel to fix_groups (or one for the hit)
  std::vector<int> fix_groups;    ///< capture indexes of fix, fix2, … (empty: fix the hit)
  int hit_group = 0;              ///< 0 = whole match
  std::string note;
};

class PatternSetCheck : public Check {
 public:
  std::unique_ptr<RE2::Set> set;
  std::vector<Case> cases;
  RegexList exclude, unless;
  bool any_fix = false;

  bool has_fix() const override { return any_fix; }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    std::vector<int> hits;
    std::vector<re2::StringPiece> g;
    for (auto& node : nodes) {
      const std::string_view s = slice(ctx.text, node.span);
      if (s.empty()) continue;
      const re2::StringPiece sp(s.data(), s.size());
      hits.clear();
      if (!set->Match(sp, &hits)) continue;
      if (any_match(unless, ctx.text, node.span)) continue;
      std::sort(hits.begin(), hits.end());
      const auto ex = all_matches(exclude, ctx.text, node.span);
      const uint32_t base = node.span.begin;
      auto off = [&](const re2::StringPiece& p) { return static_cast<uint32_t>(base + (p.data() - s.data())); };
      for (int ci : hits) {
        const Case& c = cases[static_cast<size_t>(ci)];
        const int n = 1 + c.re->NumberOfCapturingGroups();
        g.assign(static_cast<size_t>(n), re2::StringPiece());
        size_t pos = 0;
        while (pos <= s.size()) {
          if (!c.re->Match(sp, pos, s.size(), RE2::UNANCHORED, g.data(), n)) break;
          const re2::StringPiece whole = g[0];
          const re2::StringPiece hitp = g[static_cast<size_t>(c.hit_group)].data() ? g[static_cast<size_t>(c.hit_group)] : whole;
          const ByteSpan hit{off(hitp), static_cast<uint32_t>(off(hitp) + hitp.size())};
          // Continue after the hit when context follows it (it may open the next match).
          size_t next = static_cast<size_t>(hit.end - base);
          if (next <= pos) next = static_cast<size_t>(whole.data() - s.data()) + whole.size();
          if (next <= pos) {
            size_t len = 1;
            decode_utf8(s, pos, &len);
            next = pos + len;
          }
          pos = next;
          if (hit.empty()) continue;
          bool excluded = false;
          for (auto x : ex)
            if (x.begin < hit.end && hit.begin < x.end) excluded = true;
          if (excluded) continue;
          emit_one(c, g, n, hit, off, ctx.text, out);
        }
      }
    }
  }

 private:
  template <class Off>
  void emit_one(const Case& c, const std::vector<re2::StringPiece>& g, int n, ByteSpan hit, Off off,
                std::string_view text, Emitter& out) const {
    std::map<std::string, std::string> vars{{"match", std::string(slice(text, hit))}};
    if (!c.note.empty()) vars["note"] = c.note;
    for (int i = 1; i < n && i < 10; ++i)
      vars[std::to_string(i)] = std::string(g[static_cast<size_t>(i)].data(), g[static_cast<size_t>(i)].size());
    std::vector<Fix> fixes;
    auto rewrite = [&](const std::string& tmpl, ByteSpan at) {
      std::string repl;
      if (c.re->Rewrite(&repl, tmpl, g.data(), n)) fixes.push_back(Fix{at, std::move(repl)});
    };
    if (!c.fix.empty()) {
      if (c.fix_groups.empty()) {
        rewrite(c.fix[0], hit);
      } else {
        for (size_t i = 0; i < c.fix_groups.size() && i < c.fix.size(); ++i) {
          const auto& p = g[static_cast<size_t>(c.fix_groups[i])];
          if (!p.data()) continue;  // group did not take part in this match
          rewrite(c.fix[i], ByteSpan{off(p), static_cast<uint32_t>(off(p) + p.size())});
        }
      }
    }
    // {fix}: the hit as it reads after the fixes that fall inside it.
    std::string fixed;
    uint32_t at = hit.begin;
    for (auto& f : fixes) {
      if (f.span.begin < at || f.span.end > hit.end) continue;
      fixed += slice(text, {at, f.span.begin});
      fixed += f.replacement;
      at = f.span.end;
    }
    fixed += slice(text, {at, hit.end});
    vars["fix"] = fixed;
    out.emit(hit, vars, std::move(fixes));
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<PatternSetCheck>();
  RE2::Options opts;
  opts.set_log_errors(false);
  c->set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  const rules::Value* list = spec.params.find("cases");
  for (auto& t : list->array) {
    Case k;
    const rules::Value* m = t.find("match");
    if (!m || !m->is_string()) return spec.error_at(&t, "cases", "每项需要字符串 match（正则表达式）");
    for (auto& [key, v] : t.table)
      if (key != "match" && key != "fix" && key != "note")
        return spec.error_at(&v, "cases." + key, "未知的键（可用：match, fix, note）");
    auto re = compile_regex(spec, m, "cases.match", m->s);
    if (!re) return re.error();
    k.re = std::move(*re);
    std::string why;
    if (c->set->Add(m->s, &why) < 0) return spec.error_at(m, "cases.match", "正则表达式无效：" + why);
    const auto& names = k.re->NamedCapturingGroups();
    if (auto it = names.find("hit"); it != names.end()) k.hit_group = it->second;
    for (int i = 1; i <= 9; ++i) {
      auto it = names.find(i == 1 ? std::string("fix") : "fix" + std::to_string(i));
      if (it == names.end()) break;
      k.fix_groups.push_back(it->second);
    }
    if (const rules::Value* f = t.find("fix")) {
      if (f->is_string()) k.fix.push_back(f->s);
      else if (f->is_array() && std::all_of(f->array.begin(), f->array.end(), [](auto& e) { return e.is_string(); }))
        for (auto& e : f->array) k.fix.push_back(e.s);
      else return spec.error_at(f, "cases.fix", "应为字符串或字符串数组");
      const size_t want = k.fix_groups.empty() ? 1 : k.fix_groups.size();
      if (k.fix.size() != want)
        return spec.error_at(f, "cases.fix",
                             "修复模板应有 " + std::to_string(want) + " 个（与 fix、fix2… 分组对应）");
      for (auto& tmpl : k.fix) {
        if (!k.re->CheckRewriteString(tmpl, &why)) return spec.error_at(f, "cases.fix", "替换模板无效：" + why);
      }
      c->any_fix = true;
    }
    if (const rules::Value* n = t.find("note")) {
      if (!n->is_string()) return spec.error_at(n, "cases.note", "应为字符串");
      k.note = n->s;
    }
    c->cases.push_back(std::move(k));
  }
  if (c->cases.empty()) return spec.error_at(list, "cases", "不能为空");
  if (!c->set->Compile()) return spec.error_at(list, "cases", "RE2::Set 编译失败（内存不足）");
  auto e = regex_list(spec, "exclude");
  if (!e) return e.error();
  c->exclude = std::move(*e);
  auto u = regex_list(spec, "unless");
  if (!u) return u.error();
  c->unless = std::move(*u);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_pattern_set() {
  return {"pattern-set",
          "一组正则（RE2::Set 一次筛选），可用 (?P<hit>…) 限定报告位置、用 fix/fix2… 分组给出最小修复",
          {{"cases", ParamType::TableList, true, "[{match = 正则, fix = 模板或模板数组, note = 说明}]"},
           {"exclude", ParamType::RegexList, false, "与之重叠的发现不报告"},
           {"unless", ParamType::RegexList, false, "节点内任一匹配则整个节点不报告"}},
          false,
          &make};
}

}  // namespace fz::checks
