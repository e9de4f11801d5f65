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
//
// Shared screening (one RE2 pass per document for the whole pack): every pattern-set rule with
// scope "document" of one RuleSet joins a ScreenGroup. The group is keyed by the RuleSet's genre
// object — the one per-RuleSet object a factory sees at compile time (CompileContext::genre) and
// a check sees at run time (Context::genre). On first use the group compiles one RE2::Set of all
// members' cases; per document it runs that Set once (memoised per thread under the document's
// id from the literal pass, or the text's size and 64-bit hash outside a lint, so an edited
// buffer at the same address is never confused with the old one),
// and each member reads the hits of its own cases. A rule compiled after the group was sealed, or
// run on a node that is not the whole text, screens with its own Set.
// Cases the literal prefilter can screen (checks/prefilter.h: the case needs literals, and
// none occurs in the node) stay out of both Sets: they are scanned only where their literals
// occur, and the Sets shrink to the cases that need them (cheaper to compile and to run).
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <thread>
#include <map>
#include <mutex>

#include "checks/util.h"
#include "text/utf8.h"

namespace fz::checks {
namespace {

struct Case {
  RegexPtr re;
  std::vector<std::string> fix;   ///< templates, parallel to fix_groups (or one for the hit)
  std::vector<int> fix_groups;    ///< capture indexes of fix, fix2, … (empty: fix the hit)
  int hit_group = 0;              ///< 0 = whole match
  std::string note;
  /// For a case the literal pass cannot screen: literals of any length, one of which every
  /// match contains (prefilter::any_required_literals), empty when unknown. A lone such case is
  /// neither compiled nor run over a node holding none of them (a text without an ASCII ").
  std::vector<std::string> needs;
};

class ScreenGroup {
 public:
  /// Add a member's patterns; returns the index of its first case, or -1 once sealed.
  int join(const std::vector<std::string>& pats) {
    std::lock_guard<std::mutex> lock(mu_);
    if (sealed_) return -1;
    const int base = static_cast<int>(patterns_.size());
    patterns_.insert(patterns_.end(), pats.begin(), pats.end());
    return base;
  }

  /// Sorted indexes of the cases (of every member) that match somewhere in `text`; nullptr when
  /// members must screen alone: on the first document the group sees, and when the group could
  /// not be compiled. A group's Set of every case pays off over many documents (batch, LSP), but
  /// compiling it and building its DFA cost more than a whole one-file run (seed: 8 of 34 ms),
  /// so the first document is screened by the members (literal pass, small Sets) instead —
  /// unless it is long enough for the Set to pay off on its own (10 MB: 0.60 s with, 0.78 without).
  static constexpr size_t kAloneBelow = 256 * 1024;
  const std::vector<int>* screen(std::string_view text) {
    struct Memo {
      uint64_t group = 0, doc = 0;
      size_t size = 0, hash = 0;
      std::shared_ptr<const Screened> result;
    };
    thread_local Memo memo;
    // The document being linted has an id (prefilter::document_id); other text is hashed.
    const uint64_t doc = prefilter::document_id(text);
    const size_t h = doc ? 0 : std::hash<std::string_view>{}(text);
    if (memo.group != id_ || memo.doc != doc || memo.size != text.size() || memo.hash != h || !memo.result) {
      memo.group = id_;
      memo.doc = doc;
      memo.size = text.size();
      memo.hash = h;
      // One document's rules may run on two threads (they share its id): the first to ask
      // screens it, the other waits for that answer instead of running the Set a second time.
      memo.result = doc ? shared_result(doc, text) : compute(doc, text);
    }
    return memo.result->alone ? nullptr : &memo.result->hits;
  }

 private:
  struct Screened {
    bool alone = false;
    std::vector<int> hits;
  };

  std::shared_ptr<const Screened> compute(uint64_t doc, std::string_view text) {
    auto r = std::make_shared<Screened>();
    // The first document is decided once for all threads.
    uint64_t none = 0;
    if (doc) first_document_.compare_exchange_strong(none, doc);
    r->alone = doc && first_document_.load() == doc && text.size() < kAloneBelow;
    if (!r->alone) {
      std::call_once(once_, [this] { seal(); });
      if (set_) set_->Match(re2::StringPiece(text.data(), text.size()), &r->hits);
      else r->alone = true;
      std::sort(r->hits.begin(), r->hits.end());
    }
    return r;
  }

  /// compute(doc, text) once per document id across threads. The few latest documents are kept
  /// (a batch lints one per thread at a time; ids are never reused).
  std::shared_ptr<const Screened> shared_result(uint64_t doc, std::string_view text) {
    std::unique_lock<std::mutex> lock(docs_mu_);
    for (const auto& d : docs_)
      if (d->doc == doc) {
        const std::shared_ptr<DocResult> mine = d;  // survives its removal from docs_
        docs_cv_.wait(lock, [&] { return mine->result != nullptr; });
        return mine->result;
      }
    const size_t keep = 2 * std::max(1u, std::thread::hardware_concurrency()) + 2;
    if (docs_.size() >= keep) {  // forget the oldest finished one
      auto old = std::find_if(docs_.begin(), docs_.end(), [](auto& d) { return d->result != nullptr; });
      if (old != docs_.end()) docs_.erase(old);
    }
    auto slot = std::make_shared<DocResult>(DocResult{doc, nullptr});
    docs_.push_back(slot);
    lock.unlock();
    auto r = compute(doc, text);
    lock.lock();
    slot->result = r;
    docs_cv_.notify_all();
    return r;
  }

  struct DocResult {
    uint64_t doc;
    std::shared_ptr<const Screened> result;  ///< null while being computed
  };
  std::mutex docs_mu_;
  std::condition_variable docs_cv_;
  std::deque<std::shared_ptr<DocResult>> docs_;

  void seal() {
    std::lock_guard<std::mutex> lock(mu_);
    sealed_ = true;
    RE2::Options opts;
    opts.set_log_errors(false);
    auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    for (auto& p : patterns_)
      if (set->Add(p, nullptr) < 0) return;  // cannot happen: each pattern compiled alone
    if (set->Compile()) set_ = std::move(set);
  }

  static inline std::atomic<uint64_t> next_id_{1};
  const uint64_t id_ = next_id_++;  ///< never reused, unlike the group's address
  std::atomic<uint64_t> first_document_{0};  ///< id of the first document screened
  std::mutex mu_;
  std::once_flag once_;
  bool sealed_ = false;
  std::vector<std::string> patterns_;
  std::unique_ptr<RE2::Set> set_;
};

/// The group of one RuleSet (weak: the group lives as long as its member checks).
std::shared_ptr<ScreenGroup> group_for(const void* ruleset_key) {
  static std::mutex mu;
  static std::map<const void*, std::weak_ptr<ScreenGroup>> groups;
  std::lock_guard<std::mutex> lock(mu);
  for (auto it = groups.begin(); it != groups.end();)
    it = it->second.expired() ? groups.erase(it) : std::next(it);
  auto& slot = groups[ruleset_key];
  auto g = slot.lock();
  if (!g) {
    g = std::make_shared<ScreenGroup>();
    slot = g;
  }
  return g;
}

class PatternSetCheck : public Check {
 public:
  std::shared_ptr<ScreenGroup> group;  ///< shared screening (scope "document"), or null
  int group_base = -1;                 ///< index of this rule's first case in the group
  const void* group_key = nullptr;
  std::vector<int> screened;         ///< cases the literal pass cannot rule out (Set order)
  std::vector<int> by_literals;      ///< cases the literal pass screens (required literals)
  std::vector<Case> cases;
  RegexList exclude, unless;
  bool any_fix = false;
  const prefilter::Prefilter* filter_owner = nullptr;  ///< literal prefilter group of all cases
  int filter_group = -1;

  bool has_fix() const override { return any_fix; }

  /// The group's screening of a whole document (what run() asks for a "document" node).
  void prepare(std::string_view text, const rules::Genre& genre) const override {
    if (!group || group_base < 0 || group_key != &genre || text.empty()) return;
    const ByteSpan whole{0, static_cast<uint32_t>(text.size())};
    if (prefilter::may_match_group(filter_owner, filter_group, text, whole)) group->screen(text);
  }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    std::vector<int> hits;
    std::vector<re2::StringPiece> g;
    LazyMatches ex;
    for (auto& node : nodes) {
      const std::string_view s = slice(ctx.text, node.span);
      if (s.empty()) continue;
      if (!prefilter::may_match_group(filter_owner, filter_group, ctx.text, node.span)) continue;
      const re2::StringPiece sp(s.data(), s.size());
      hits.clear();
      const std::vector<int>* shared = nullptr;
      if (group && group_base >= 0 && group_key == &ctx.genre && node.span.begin == 0 &&
          node.span.end == ctx.text.size())
        shared = group->screen(ctx.text);
      if (shared) {  // the group's Set of every case: exactly the cases that match
        const int lo = group_base, hi = group_base + static_cast<int>(cases.size());
        for (auto it = std::lower_bound(shared->begin(), shared->end(), lo); it != shared->end() && *it < hi; ++it)
          hits.push_back(*it - lo);
      } else {
        // Alone: cases with required literals where one occurs in the node; the rest through
        // a Set of just those (or scanned directly when there is one).
        for (int ci : by_literals)
          if (prefilter::may_match(*cases[static_cast<size_t>(ci)].re, ctx.text, node.span)) hits.push_back(ci);
        if (screened.size() == 1) {
          const auto& needs = cases[static_cast<size_t>(screened[0])].needs;
          if (needs.empty() || std::any_of(needs.begin(), needs.end(), [&](const std::string& l) {
                return text::contains_bytes(s, l);
              }))
            hits.push_back(screened[0]);
        } else if (!screened.empty()) {
          thread_local std::vector<int> set_hits;
          set_hits.clear();
          if (const RE2::Set* us = unfiltered_set()) {
            if (us->Match(sp, &set_hits))
              for (int i : set_hits) hits.push_back(screened[static_cast<size_t>(i)]);
          } else {
            hits.insert(hits.end(), screened.begin(), screened.end());
          }
        }
        std::sort(hits.begin(), hits.end());
      }
      if (hits.empty()) continue;
      if (any_match(unless, ctx.text, node.span)) continue;
      ex.reset(&exclude, ctx.text, node.span);  // searched only as far as the hits go
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
          if (ex.overlaps(hit)) continue;
          emit_one(c, g, n, hit, off, ctx.text, out);
        }
      }
    }
  }

 private:
  mutable std::once_flag unfiltered_once_;
  mutable std::unique_ptr<RE2::Set> unfiltered_set_;

  /// A Set of the `screened` cases, built on first use (null if RE2 refuses it).
  const RE2::Set* unfiltered_set() const {
    std::call_once(unfiltered_once_, [this] {
      RE2::Options opts;
      opts.set_log_errors(false);
      auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
      for (int ci : screened)
        if (set->Add(cases[static_cast<size_t>(ci)].re->pattern(), nullptr) < 0) return;
      if (set->Compile()) unfiltered_set_ = std::move(set);
    });
    return unfiltered_set_.get();
  }

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

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext& cctx) {
  auto c = std::make_unique<PatternSetCheck>();
  std::vector<std::string> pats;  // every case's pattern (the group's Set)
  prefilter::Collector* const collector = prefilter::active_collector();
  const rules::Value* list = spec.params.find("cases");
  if (list->array.size() > kMaxPatternsPerList)
    return spec.error_at(list, "cases", too_many_patterns(list->array.size()));
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
    const int index = static_cast<int>(c->cases.size());
    if (collector && collector->filtered(*k.re)) c->by_literals.push_back(index);
    else c->screened.push_back(index);
    pats.push_back(m->s);
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
        std::string why;
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
  // Only a lone case the literal pass cannot screen is gated by its literals of any length
  // (run()); the analysis is not worked out for cases screened by a Set.
  if (c->screened.size() == 1) {
    Case& lone = c->cases[static_cast<size_t>(c->screened[0])];
    if (auto l = prefilter::any_required_literals(*lone.re)) lone.needs = std::move(*l);
  }
  if (prefilter::Collector* col = prefilter::active_collector()) {
    std::vector<const Regex*> members;
    for (auto& k : c->cases) members.push_back(k.re.get());
    c->filter_owner = col->target();
    c->filter_group = col->add_group(members);
  }
  auto e = regex_list(spec, "exclude");
  if (!e) return e.error();
  c->exclude = std::move(*e);
  auto u = regex_list(spec, "unless");
  if (!u) return u.error();
  c->unless = std::move(*u);
  if (spec.scope == "document") {
    c->group_key = &cctx.genre;
    c->group = group_for(c->group_key);
    c->group_base = c->group->join(pats);
  }
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
