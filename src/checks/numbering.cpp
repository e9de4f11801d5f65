// Kind `numbering`: sequence markers of headings (一、 →（一）→ 1. →（1）, GB/T 9704) or of inline
// enumerations (一是/二是, 第一/第二). One rule per problem, chosen by `check`:
//   gap        — a sibling sequence skips a number (一、 then 三、) or does not start at 1;
//   duplicate  — a number repeats or goes backwards (（一）…（一）);
//   form       — a marker is not the level's canonical form (（一）、 / (一) / 1、); fix offered;
//   level-skip — a marker is deeper than its place (1. directly under 一、);
//   reuse      — a marker is shallower than its place (一、 used where （一） belongs);
//   terminal-mark — standalone sibling headings disagree on a closing 。 (house style: all or
//                none); the minority is reported, with a fix when it is the 。 that is extra.
// `target = "items"` checks enumerations (gap/duplicate only; a restart at 1 begins a new list).
// Arabic third-level numbers: real reports either restart at 1. under each （一）, or count
// straight through (1. 2. under （一）, 3. under （二）). `level3` chooses: "per-document"
// (default) decides from the document itself — continuous when some later group starts where
// the previous one stopped (+1) — and then checks that convention (a group that restarts or
// reuses a number in a continuous document is still reported); "restart" always wants 1;
// `continuous_level3 = true` (older spelling) accepts either. Placeholders: {found},
// {expected}, {prev}.
#include "checks/issuer_levels.h"
#include "checks/util.h"

namespace fz::checks {
namespace {

const char* const kZh[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

std::string zh_number(int n) {
  if (n <= 0) return std::to_string(n);
  if (n <= 10) return kZh[n];
  if (n < 20) return std::string("十") + kZh[n - 10];
  if (n < 100) return std::string(kZh[n / 10]) + "十" + (n % 10 ? kZh[n % 10] : "");
  return std::to_string(n);
}

std::string marker_text(int level, int ordinal) {
  switch (level) {
    case 1: return zh_number(ordinal) + "、";
    case 2: return "（" + zh_number(ordinal) + "）";
    case 3: return std::to_string(ordinal) + ".";
    case 4: return "（" + std::to_string(ordinal) + "）";
  }
  return std::to_string(ordinal);
}

std::string item_text(const std::string& style, int ordinal) {
  return style == "di" ? "第" + zh_number(ordinal) : zh_number(ordinal) + "是";
}

// True when `found` differs from `canonical` only by the width of its brackets ("(一)" for
// "（一）"): in a text whose punctuation was folded to half-width as a whole, that is the copy's
// doing, reported once by text-width-folded.
bool width_only(std::string_view found, std::string_view canonical) {
  std::string f;
  for (char c : found) f += c == '(' ? std::string("（") : c == ')' ? std::string("）") : std::string(1, c);
  return f == canonical;
}

enum class What { Gap, Duplicate, Form, LevelSkip, Reuse, TerminalMark };

class Numbering : public Check {
 public:
  What what = What::Gap;
  bool items = false;
  bool continuous3 = false;
  bool per_document3 = true;  ///< level3 = "per-document"
  bool width_quiet = false;
  /// level-skip: severity per issuer level (`levels = [{name, issuer, severity}]`).
  std::vector<IssuerLevel<std::optional<Severity>>> levels;  ///< `quiet_width_when_folded`: (一) in a width-folded text is no finding

  bool has_fix() const override { return what == What::Form || what == What::TerminalMark; }
  void run(const Context& ctx, std::span<const Node>, Emitter& out) const override {
    if (items) {
      check_items(ctx, ctx.doc.intro, out);
      outline::for_each_section(ctx.doc.sections,
                                [&](const outline::Section& s) { check_items(ctx, s.body, out); });
      return;
    }
    if (what == What::LevelSkip)
      if (const auto* l = match_issuer_level(levels, ctx)) out.set_severity(l->settings);
    Level3 l3;
    if (per_document3 && !continuous3) {
      int last = 0;
      l3.continuous = counts_through(ctx.doc.sections, last);
    }
    walk(ctx, ctx.doc.sections, 0, l3, out);
  }

 private:
  void terminal_marks(const Context& ctx, const std::vector<outline::Section>& sibs, Emitter& out) const {
    static constexpr std::string_view kStop = "。";
    std::vector<const outline::Section*> with, without;
    for (auto& s : sibs) {
      if (s.run_in || s.marker.level == 0 || s.marker.form == "markdown") continue;
      std::string_view h = slice(ctx.text, s.heading_span);
      (h.size() >= kStop.size() && h.substr(h.size() - kStop.size()) == kStop ? with : without).push_back(&s);
    }
    if (with.empty() || without.empty()) return;
    const bool extra_stop = with.size() <= without.size();  // ties: headings normally end bare
    for (auto* s : extra_stop ? with : without) {
      std::string found(slice(ctx.text, s->marker.span));
      if (extra_stop) {
        ByteSpan stop{s->heading_span.end - static_cast<uint32_t>(kStop.size()), s->heading_span.end};
        out.emit(stop, {{"found", found}, {"expected", "不加句号"}}, {Fix{stop, ""}});
      } else {
        out.emit(s->heading_span, {{"found", found}, {"expected", "以句号结尾"}});
      }
    }
  }

  /// Third-level numbering state across groups: the last number seen, whether the document
  /// counts straight through, and whether a new 一、 part began since the last group.
  struct Level3 {
    int carry = 0;
    bool continuous = false;
    bool new_part = true;
  };

  /// True when some group of third-level (1.) headings starts right after the previous group's
  /// last number (and above 1): the document numbers them straight through. `last` carries
  /// the last number across the walk.
  static bool counts_through(const std::vector<outline::Section>& sibs, int& last) {
    bool through = false;
    int first_here = 0, last_here = 0;
    for (auto& s : sibs) {
      if (s.marker.level == 3 && s.marker.ordinal > 0) {
        if (!first_here) first_here = s.marker.ordinal;
        last_here = s.marker.ordinal;
      }
      through |= counts_through(s.children, last);
    }
    if (first_here) {
      if (last > 0 && first_here > 1 && first_here == last + 1) through = true;
      last = last_here;
    }
    return through;
  }

  void walk(const Context& ctx, const std::vector<outline::Section>& sibs, int parent_level,
            Level3& l3, Emitter& out) const {
    if (what == What::TerminalMark) {
      terminal_marks(ctx, sibs, out);
      for (auto& s : sibs) walk(ctx, s.children, s.marker.level > 0 ? s.marker.level : parent_level + 1, l3, out);
      return;
    }
    int prev = 0;
    bool first = true;
    const int expected_level = parent_level + 1;
    for (auto& s : sibs) {
      const auto& m = s.marker;
      if (m.level > 0 && m.form != "markdown") {
        std::string found(slice(ctx.text, m.span));
        if (what == What::Form && !m.canonical && !m.canonical_text.empty() &&
            !(width_quiet && ctx.analysis.width.folded && width_only(found, m.canonical_text)))
          out.emit(m.span, {{"found", found}, {"expected", m.canonical_text}},
                   {Fix{m.span, m.canonical_text}});
        if (what == What::LevelSkip && m.level > expected_level)
          out.emit(m.span, {{"found", found}, {"expected", marker_text(expected_level, m.ordinal)}});
        if (what == What::Reuse && m.level < expected_level)
          out.emit(m.span, {{"found", found}, {"expected", marker_text(expected_level, m.ordinal)}});
        if (m.level == 1) l3.new_part = true;
        if (m.ordinal > 0) {
          int start = 1;
          // Where a group of 1. headings continues the previous group's count.
          const bool counted = first && m.level == 3 && l3.carry > 0;
          if (counted && continuous3 && m.ordinal == l3.carry + 1) start = m.ordinal;
          // A continuous document: each group goes on from the last; a new 一、 part may
          // begin again at 1.
          const bool go_on = counted && l3.continuous && !(l3.new_part && m.ordinal == 1);
          if (go_on) start = l3.carry + 1;
          const int want = first ? start : prev + 1;
          if (what == What::Gap && m.ordinal > want)
            out.emit(m.span, {{"found", found},
                              {"expected", marker_text(m.level, want)},
                              {"prev", first ? (go_on ? marker_text(3, l3.carry) : "") : marker_text(m.level, prev)}});
          if (what == What::Duplicate && ((!first && m.ordinal <= prev) || (go_on && m.ordinal < want)))
            out.emit(m.span, {{"found", found},
                              {"expected", marker_text(m.level, first ? want : prev + 1)},
                              {"prev", marker_text(m.level, first ? l3.carry : prev)}});
          prev = m.ordinal;
          first = false;
          if (m.level == 3) {
            l3.carry = m.ordinal;
            l3.new_part = false;
          }
        }
      }
      walk(ctx, s.children, m.level > 0 ? m.level : expected_level, l3, out);
    }
  }

  void check_items(const Context& ctx, const std::vector<outline::Paragraph>& body,
                   Emitter& out) const {
    std::map<std::string, int> prev;  // per style
    for (auto& p : body)
      for (auto& it : p.items) {
        if (it.ordinal <= 0) continue;
        int& pv = prev[it.style];
        std::string found(slice(ctx.text, it.marker_span));
        if (it.ordinal == 1) {
          pv = 1;
          continue;
        }
        if (what == What::Gap && it.ordinal > pv + 1)
          out.emit(it.marker_span, {{"found", found},
                                    {"expected", item_text(it.style, pv + 1)},
                                    {"prev", pv ? item_text(it.style, pv) : ""}});
        if (what == What::Duplicate && pv > 0 && it.ordinal <= pv)
          out.emit(it.marker_span, {{"found", found},
                                    {"expected", item_text(it.style, pv + 1)},
                                    {"prev", item_text(it.style, pv)}});
        pv = it.ordinal;
      }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<Numbering>();
  const std::string check = param_string(spec, "check");
  if (check == "gap") c->what = What::Gap;
  else if (check == "duplicate") c->what = What::Duplicate;
  else if (check == "form") c->what = What::Form;
  else if (check == "level-skip") c->what = What::LevelSkip;
  else if (check == "reuse") c->what = What::Reuse;
  else if (check == "terminal-mark") c->what = What::TerminalMark;
  else
    return spec.error_at(spec.params.find("check"), "check",
                         "应为 gap、duplicate、form、level-skip、reuse 或 terminal-mark：" + check);
  const std::string target = param_string(spec, "target", "headings");
  if (target != "headings" && target != "items")
    return spec.error_at(spec.params.find("target"), "target", "应为 headings 或 items：" + target);
  c->items = target == "items";
  if (c->items && c->what != What::Gap && c->what != What::Duplicate)
    return spec.error_at(spec.params.find("check"), "check", "target = \"items\" 只支持 gap 与 duplicate");
  c->continuous3 = param_bool(spec, "continuous_level3", false);
  const std::string level3 = param_string(spec, "level3", "per-document");
  if (level3 != "per-document" && level3 != "restart")
    return spec.error_at(spec.params.find("level3"), "level3", "应为 per-document 或 restart：" + level3);
  c->per_document3 = level3 == "per-document";
  c->width_quiet = param_bool(spec, "quiet_width_when_folded", false);
  auto levels = parse_issuer_levels<std::optional<Severity>>(
      spec, {"severity"}, std::nullopt,
      [&](const rules::Value& v, std::optional<Severity>& sev) -> std::optional<Error> {
        const rules::Value* x = v.find("severity");
        sev = x && x->is_string() ? parse_severity(x->s) : std::nullopt;
        if (!sev) return spec.error_at(x ? x : &v, "levels.severity", "每项需要 severity = \"error\"、\"warning\" 或 \"info\"");
        return std::nullopt;
      });
  if (!levels) return levels.error();
  if (!levels->empty() && c->what != What::LevelSkip)
    return spec.error_at(spec.params.find("levels"), "levels", "只有 check = \"level-skip\" 支持按发文机关层级设定级别");
  c->levels = std::move(*levels);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_numbering() {
  return {"numbering",
          "标题序号与“一是/二是”条目的连续、重复、形式、跳级与混用",
          {{"check", ParamType::String, true, "gap | duplicate | form | level-skip | reuse | terminal-mark"},
           {"target", ParamType::String, false, "headings（默认）或 items"},
           {"continuous_level3", ParamType::Bool, false, "允许三级阿拉伯序号跨组连续编号（两种写法都接受）"},
           {"level3", ParamType::String, false,
            "三级阿拉伯序号的编号方式：per-document（默认，按全文所用的写法检查：各组从1起，或跨组连续）| restart"},
           {"levels", ParamType::TableList, false,
            "level-skip：按发文机关层级设定级别 [{name, issuer = 正则, severity}]，按序取第一个匹配落款或标题者"},
           {"quiet_width_when_folded", ParamType::Bool, false,
            "form：全文标点被折成半角（text-width-folded）时，只差括号宽度的序号（(一)）不报告"}},
          false,
          &make};
}

}  // namespace fz::checks
