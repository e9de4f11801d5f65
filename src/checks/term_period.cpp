// Kind `term-period`: time-bound terms (terms.toml, catalogue A5) checked against the report year.
//   check = "label"      — a sentence "YYYY年是…<term>…之年" for a year whose standard label is
//                          known (2025 → “十四五”规划收官之年) but uses another label;
//   check = "expired"    — a term used for a year after its period ended (“七五”普法 in a 2021
//                          report; “八五”普法 in the plan for 2026), unless the clause around
//                          the mention is historical (`historical`: 以来, 总结, 验收, 收官…);
//   check = "chronology" — an event (plenary session) cited in a report drafted before it was
//                          held (drafting assumed by `drafted_by` = "MM-DD" of year + 1).
// The year a sentence speaks about: "YYYY年是…" in the sentence, else the report year, plus one
// inside the next-year-plan class. Silent when the report year is unknown.
// Placeholders: {term}, {year}, {start}, {end}, {label}, {successor}, {found}, {date}.
#include <algorithm>

#include "checks/util.h"

namespace fz::checks {
namespace {

enum class Mode { Label, Expired, Chronology };

// A term's (an event's) patterns are the range [first, last) of one list holding the patterns
// of every term (every event), so that one RE2::Set pass tells which terms a sentence mentions.
struct CTerm {
  const rules::Term* term;
  size_t first = 0, last = 0;
};
struct CEvent {
  const rules::Event* event;
  size_t first = 0, last = 0;
};

// Matches of the members [first, last) of `res` inside `within` that the screen left in,
// exactly as all_matches over those patterns gives them (the others have no match to add).
void matches_in(const Screened& sc, const RegexList& res, size_t first, size_t last,
                std::string_view text, ByteSpan within, std::vector<ByteSpan>& out) {
  out.clear();
  sc.for_each_in(first, last, [&](size_t i) {
    for_each_span(*res[i], text, within, [&](ByteSpan m) { out.push_back(m); });
    return true;
  });
  std::sort(out.begin(), out.end(), [](ByteSpan a, ByteSpan b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
}

// "2025" → 2025 (the capture is four ASCII digits).
int four_digits(re2::StringPiece s) {
  int y = 0;
  for (char c : s) y = y * 10 + (c - '0');
  return y;
}

class TermPeriod : public Check {
 public:
  Mode mode = Mode::Label;
  std::vector<CTerm> terms;
  std::vector<CEvent> events;
  RegexList term_res, event_res;  ///< every term's (event's) patterns, see CTerm
  RegexList historical;
  std::string plan_class;
  int drafted_month = 3, drafted_day = 31;

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    const int Y = ctx.analysis.year;
    if (Y <= 0) return;
    Screened sc;
    std::vector<ByteSpan> ms;
    for (auto& n : nodes) {
      // Only a sentence naming a term (an event) can give a finding: screen for those first,
      // so the year look-up runs for the few sentences that mention one.
      sc.run(mode == Mode::Chronology ? event_res : term_res, ctx.text, n.span);
      if (!sc.any()) continue;
      switch (mode) {
        case Mode::Label: label(ctx, n, said_year(ctx, n, Y), sc, ms, out); break;
        case Mode::Expired: expired(ctx, n, said_year(ctx, n, Y), sc, ms, out); break;
        case Mode::Chronology: chronology(ctx, n, Y, sc, ms, out); break;
      }
    }
  }

 private:
  // The year the sentence labels ("2025年是…", "明年是…"), or 0.
  int said_year(const Context& ctx, const Node& n, int Y) const {
    std::string_view s = slice(ctx.text, n.span);
    // Both patterns end in 是 or 为: a sentence with neither cannot match.
    if (s.find("是") == std::string_view::npos && s.find("为") == std::string_view::npos) return 0;
    // Built on first use, once per process: most reports never get here, and three rules built
    // two programs each at start (0.7 M instructions of the seed's rule set).
    static const RE2 year_is(R"(((?:19|20|21)\d\d)年(?:度)?(?:既|也|更|还|将|仍)?(?:是|为))");
    static const RE2 this_year_is(R"((今年|本年|明年)(?:既|也|更|还|将|仍)?(?:是|为))");
    const re2::StringPiece sp(s.data(), s.size());
    re2::StringPiece w;
    if (RE2::PartialMatch(sp, year_is, &w)) return four_digits(w);
    if (RE2::PartialMatch(sp, this_year_is, &w)) return w == "明年" ? Y + 1 : ref_year(n, Y);
    return 0;
  }
  // The year a sentence speaks about when it names none: the report year, plus one in the plan.
  int ref_year(const Node& n, int Y) const {
    return Y + (!plan_class.empty() && n.cls == plan_class ? 1 : 0);
  }

  void label(const Context& ctx, const Node& n, int said, const Screened& sc,
             std::vector<ByteSpan>& ms, Emitter& out) const {
    if (!said) return;
    for (auto& t : terms) {
      auto it = t.term->labels.find(said);
      if (it == t.term->labels.end() || !sc.any_in(t.first, t.last)) continue;
      matches_in(sc, term_res, t.first, t.last, ctx.text, n.span, ms);
      for (auto m : ms) {
        // The label runs from the term to the next "之年" in the sentence.
        std::string_view rest = slice(ctx.text, {m.begin, n.span.end});
        size_t z = rest.find("之年");
        if (z == std::string_view::npos) continue;
        std::string_view clause = rest.substr(0, z + std::string_view("之年").size());
        if (clause.find("，") != std::string_view::npos || clause.find("。") != std::string_view::npos)
          continue;
        if (clause.find(it->second) != std::string_view::npos) continue;
        ByteSpan at{m.begin, m.begin + static_cast<uint32_t>(clause.size())};
        // Include the opening quote of a quoted label (“十四五”).
        const std::string_view open_quote = "“";
        if (at.begin >= n.span.begin + open_quote.size() &&
            ctx.text.substr(at.begin - open_quote.size(), open_quote.size()) == open_quote)
          at.begin -= static_cast<uint32_t>(open_quote.size());
        clause = slice(ctx.text, at);
        out.emit(at, {{"term", t.term->name},
                      {"year", std::to_string(said)},
                      {"label", it->second},
                      {"found", std::string(clause)}});
        break;
      }
    }
  }

  // The clause around `m` (between ，；：。 or the node's ends): historical words count only there
  // ("2023年以来，深入贯彻党的十九大精神" is not historical; "做好“八五”普法总结验收" is).
  static ByteSpan clause_of(std::string_view text, ByteSpan node, ByteSpan m) {
    ByteSpan c = node;
    for (std::string_view stop : {"，", "；", "：", "。"}) {
      std::string_view before = slice(text, {node.begin, m.begin});
      size_t b = before.rfind(stop);
      if (b != std::string_view::npos) c.begin = std::max<uint32_t>(c.begin, node.begin + static_cast<uint32_t>(b + stop.size()));
      std::string_view after = slice(text, {m.end, node.end});
      size_t e = after.find(stop);
      if (e != std::string_view::npos) c.end = std::min<uint32_t>(c.end, m.end + static_cast<uint32_t>(e));
    }
    return c;
  }

  void expired(const Context& ctx, const Node& n, int said, const Screened& sc,
               std::vector<ByteSpan>& all, Emitter& out) const {
    const int year = said ? said : ref_year(n, ctx.analysis.year);
    std::vector<ByteSpan> ms;
    for (auto& t : terms) {
      if (year <= t.term->end || !sc.any_in(t.first, t.last)) continue;
      matches_in(sc, term_res, t.first, t.last, ctx.text, n.span, all);
      ms.clear();
      for (auto m : all)
        if (!any_match(historical, ctx.text, clause_of(ctx.text, n.span, m))) ms.push_back(m);
      if (ms.empty()) continue;
      out.emit(ms.front(), {{"term", t.term->name},
                            {"year", std::to_string(year)},
                            {"start", std::to_string(t.term->start)},
                            {"end", std::to_string(t.term->end)},
                            {"successor", t.term->successor.empty() ? "后续规划" : t.term->successor},
                            {"found", std::string(slice(ctx.text, ms.front()))}});
    }
  }

  void chronology(const Context& ctx, const Node& n, int Y, const Screened& sc,
                  std::vector<ByteSpan>& ms, Emitter& out) const {
    for (auto& e : events) {
      const auto& ev = *e.event;
      const bool after = ev.year > Y + 1 ||
                         (ev.year == Y + 1 && (ev.month > drafted_month ||
                                               (ev.month == drafted_month && ev.day > drafted_day)));
      if (!after || !sc.any_in(e.first, e.last)) continue;
      matches_in(sc, event_res, e.first, e.last, ctx.text, n.span, ms);
      if (ms.empty()) continue;
      char date[32];
      std::snprintf(date, sizeof date, "%d年%d月%d日", ev.year, ev.month, ev.day);
      out.emit(ms.front(), {{"term", ev.name},
                            {"date", date},
                            {"year", std::to_string(Y)},
                            {"found", std::string(slice(ctx.text, ms.front()))}});
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& ctx) {
  auto c = std::make_unique<TermPeriod>();
  const std::string check = param_string(spec, "check");
  if (check == "label") c->mode = Mode::Label;
  else if (check == "expired") c->mode = Mode::Expired;
  else if (check == "chronology") c->mode = Mode::Chronology;
  else
    return spec.error_at(spec.params.find("check"), "check",
                         "应为 label、expired 或 chronology：" + check);
  auto only = param_strings(spec, "terms");
  auto wanted = [&](const std::string& id) {
    return only.empty() || std::find(only.begin(), only.end(), id) != only.end();
  };
  for (auto& t : ctx.terms.terms) {
    if (!wanted(t.id)) continue;
    rules::RuleSpec at = spec;
    at.origin = ctx.terms.origin;
    auto res = regex_list_of(at, nullptr, "term." + t.id + ".patterns", t.patterns);
    if (!res) {
      Error e = res.error();
      e.line = t.line;
      e.column = t.column;
      return e;
    }
    const size_t first = c->term_res.size();
    for (auto& re : *res) c->term_res.push_back(std::move(re));
    c->terms.push_back({&t, first, c->term_res.size()});
  }
  for (auto& ev : ctx.terms.events) {
    if (!wanted(ev.id)) continue;
    rules::RuleSpec at = spec;
    at.origin = ctx.terms.origin;
    auto res = regex_list_of(at, nullptr, "event." + ev.id + ".patterns", ev.patterns);
    if (!res) {
      Error e = res.error();
      e.line = ev.line;
      e.column = ev.column;
      return e;
    }
    const size_t first = c->event_res.size();
    for (auto& re : *res) c->event_res.push_back(std::move(re));
    c->events.push_back({&ev, first, c->event_res.size()});
  }
  register_group(c->term_res);
  register_group(c->event_res);
  for (auto& id : only) {
    bool known = std::any_of(ctx.terms.terms.begin(), ctx.terms.terms.end(), [&](auto& t) { return t.id == id; }) ||
                 std::any_of(ctx.terms.events.begin(), ctx.terms.events.end(), [&](auto& e) { return e.id == id; });
    if (!known) return spec.error_at(spec.params.find("terms"), "terms", "术语表中没有：" + id);
  }
  auto h = regex_list(spec, "historical");
  if (!h) return h.error();
  c->historical = std::move(*h);
  c->plan_class = ctx.genre.plan_class;
  const std::string by = param_string(spec, "drafted_by", "03-31");
  if (std::sscanf(by.c_str(), "%d-%d", &c->drafted_month, &c->drafted_day) != 2 ||
      c->drafted_month < 1 || c->drafted_month > 12 || c->drafted_day < 1 || c->drafted_day > 31)
    return spec.error_at(spec.params.find("drafted_by"), "drafted_by", "应为 \"MM-DD\"：" + by);
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_term_period() {
  return {"term-period",
          "时效性术语（五年规划、普法规划、纲要、全会）与年份是否相符",
          {{"check", ParamType::String, true, "label | expired | chronology"},
           {"terms", ParamType::StringList, false, "只检查这些术语/事件 id（默认全部）"},
           {"historical", ParamType::RegexList, false, "句中出现则视为回顾性表述，不查过期"},
           {"drafted_by", ParamType::String, false, "报告成稿日期（次年 MM-DD，默认 03-31）"}},
          false,
          &make};
}

}  // namespace fz::checks
