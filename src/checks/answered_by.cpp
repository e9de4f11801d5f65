// Kind `answered-by`: each point of one part must be taken up by another part — e.g. every
// shortcoming needs a matching measure in the next-year plan. A point is an enumeration item
// (一是/二是) of a region of `from` (each sentence of its body when it has no items). Its topics
// are the `groups` (array of tables {name, patterns}) it mentions; a point with topics none of
// which appears anywhere in the regions of `to` is reported on its lead. Points without any
// known topic, and documents without a `to` part, are left alone (other rules report those).
// Sentences matching `ignore_sentences` (e.g. the cause analysis: 原因, 由于) do not give a point
// its topics.
// Placeholders: {item} (the point's lead, shortened), {topics} (its topic names, joined by 、).
#include "checks/util.h"
#include "text/utf8.h"

namespace fz::checks {

const rules::GenreClass* genre_class(const rules::RuleSpec&, const CompileContext&, std::string_view,
                                     const std::string&, std::optional<Error>&);

namespace {

struct Topic {
  std::string name;
  RegexList patterns;
};

class AnsweredBy : public Check {
 public:
  std::string from, to;
  std::vector<Topic> topics;
  RegexList ignore;

  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    const auto& targets = ctx.analysis.of(to);
    if (targets.empty()) return;
    std::vector<bool> answered(topics.size(), false);
    for (size_t t = 0; t < topics.size(); ++t)
      for (auto& r : targets) answered[t] = answered[t] || any_match(topics[t].patterns, ctx.text, r.span);

    for (auto& r : ctx.analysis.of(from)) {
      ByteSpan body = r.span;
      if (r.source == Region::Source::Section) body.begin = std::max(r.span.begin, r.heading.end);
      // A point and the sentences that give it its topics.
      std::vector<std::pair<ByteSpan, std::vector<ByteSpan>>> points;
      auto collect = [&](const std::vector<outline::Paragraph>& paras) {
        for (auto& p : paras)
          for (auto& it : p.items) {
            if (!body.contains(it.span)) continue;
            std::vector<ByteSpan> parts;
            for (auto& s : p.sentences) {
              ByteSpan part{std::max(s.span.begin, it.span.begin), std::min(s.span.end, it.span.end)};
              if (part.empty() || any_match(ignore, ctx.text, part)) continue;
              parts.push_back(part);
            }
            points.push_back({it.span, std::move(parts)});
          }
        if (points.empty())
          for (auto& p : paras)
            for (auto& s : p.sentences)
              if (body.contains(s.span) && !any_match(ignore, ctx.text, s.span))
                points.push_back({s.span, {s.span}});
      };
      if (r.section) collect(r.section->body);
      else collect(ctx.doc.intro);
      for (auto& [pt, parts] : points) {
        std::string names;
        bool any = false, ok = false;
        for (size_t t = 0; t < topics.size(); ++t) {
          bool hit = false;
          for (auto part : parts) hit = hit || any_match(topics[t].patterns, ctx.text, part);
          if (!hit) continue;
          any = true;
          ok = ok || answered[t];
          if (!names.empty()) names += "、";
          names += topics[t].name;
        }
        if (!any || ok) continue;
        // Report on the point's lead (up to its first full stop or semicolon).
        std::string_view s = slice(ctx.text, pt);
        size_t cut = std::min(s.find("。"), s.find("；"));
        ByteSpan lead{pt.begin, cut == std::string_view::npos ? pt.end : pt.begin + static_cast<uint32_t>(cut)};
        out.emit(lead, {{"item", text::clip(slice(ctx.text, lead), 20, "……")}, {"topics", names}});
      }
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& ctx) {
  auto c = std::make_unique<AnsweredBy>();
  std::optional<Error> err;
  auto* f = genre_class(spec, ctx, "from", param_string(spec, "from"), err);
  if (!f) return *err;
  auto* t = genre_class(spec, ctx, "to", param_string(spec, "to"), err);
  if (!t) return *err;
  c->from = f->name;
  c->to = t->name;
  const rules::Value* gs = spec.params.find("groups");
  for (auto& g : gs->array) {
    const rules::Value* name = g.find("name");
    const rules::Value* pats = g.find("patterns");
    for (auto& [k, v] : g.table)
      if (k != "name" && k != "patterns")
        return spec.error_at(&v, "groups." + k, "未知字段（可用：name, patterns）");
    if (!name || !name->is_string() || name->s.empty())
      return spec.error_at(&g, "groups.name", "每组需要非空字符串 name");
    std::vector<std::string> list;
    if (pats && pats->is_string()) list.push_back(pats->s);
    else if (pats && pats->is_array())
      for (auto& x : pats->array) {
        if (!x.is_string()) return spec.error_at(&x, "groups.patterns", "应为字符串");
        list.push_back(x.s);
      }
    else return spec.error_at(pats ? pats : &g, "groups.patterns", "每组需要字符串数组 patterns");
    auto res = regex_list_of(spec, pats, "groups.patterns", list);
    if (!res) return res.error();
    c->topics.push_back({name->s, std::move(*res)});
  }
  if (c->topics.empty()) return spec.error_at(gs, "groups", "不能为空");
  auto ig = regex_list(spec, "ignore_sentences");
  if (!ig) return ig.error();
  c->ignore = std::move(*ig);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_answered_by() {
  return {"answered-by",
          "一个部分的每个要点须在另一部分中有对应内容（如不足须有整改安排）",
          {{"from", ParamType::String, true, "要点所在的体裁类别"},
           {"to", ParamType::String, true, "应有对应内容的体裁类别"},
           {"groups", ParamType::TableList, true, "话题分组 [{name, patterns}]"},
           {"ignore_sentences", ParamType::RegexList, false, "与之匹配的句子不计入要点的话题（如原因分析）"}},
          false,
          &make,
          false,
          true};
}

}  // namespace fz::checks
