// Scope expressions and node selection: the one place (with analysis.cpp) that walks the tree.
//
//   document                 the whole text (anchor: the title, else the first block)
//   title / intro            the title lines / the paragraphs before the first section
//   heading[:C][:N]          each section heading (of class C, at depth N)
//   section[:C][:N]          C without N: each region of class C (a section, an item or a
//                            paragraph); otherwise each section (of class C, at depth N)
//   body:C                   like section:C without the heading (a heading naming the topic
//                            does not count as content); a region that is only a paragraph
//                            found by the class's `sentences` lexicon has no body
//   subsection:C             the children of each section region of C (the region itself when
//                            it has none) — e.g. the second-level parts of the results
//   paragraph|sentence|item[:C]  body paragraphs / sentences / enumeration items (inside a
//                            region of C); node.cls is the class of the enclosing region
//   block[:C]                each input block (a paragraph or heading line as ingested)
//   part:C                   one node for the whole class: from its first region to the end of
//                            its last (themed H1s of the results are one part together)
//   statement[:C]            each sentence plus each section heading (run-in plan measures
//                            such as "（一）持续推进……。" are headings, not body sentences)
#include <algorithm>

#include "engine/ruleset.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fz::engine {

using checks::Node;
using checks::Region;

namespace {
struct UnitName {
  std::string_view name;
  Node::Kind kind;
};
constexpr UnitName kUnits[] = {
    {"document", Node::Kind::Document}, {"title", Node::Kind::Title},
    {"intro", Node::Kind::Intro},       {"heading", Node::Kind::Heading},
    {"section", Node::Kind::Section},   {"body", Node::Kind::Body},
    {"subsection", Node::Kind::Subsection}, {"paragraph", Node::Kind::Paragraph},
    {"sentence", Node::Kind::Sentence}, {"item", Node::Kind::Item},
    {"block", Node::Kind::Block},       {"statement", Node::Kind::Statement},
    {"part", Node::Kind::Part},
};
}  // namespace

const std::vector<std::string_view>& scope_units() {
  static const std::vector<std::string_view> v = [] {
    std::vector<std::string_view> out;
    for (auto& u : kUnits) out.push_back(u.name);
    return out;
  }();
  return v;
}

Result<Scope> parse_scope(const rules::RuleSpec& spec, const rules::Genre& genre) {
  Scope sc;
  sc.text = spec.scope;
  rules::Value at;
  at.line = spec.scope_line;
  at.column = spec.scope_column;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t colon = spec.scope.find(':', start);
    parts.push_back(spec.scope.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  auto unit = std::find_if(std::begin(kUnits), std::end(kUnits),
                           [&](const UnitName& u) { return u.name == parts[0]; });
  if (unit == std::end(kUnits)) {
    std::string names;
    for (auto& u : kUnits) names += (names.empty() ? "" : ", ") + std::string(u.name);
    return spec.error_at(&at, "scope", "未知范围“" + parts[0] + "”（可选：" + names + "）");
  }
  sc.unit = unit->kind;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    if (!p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        p.size() < 3) {
      sc.level = std::stoi(p);
      if (sc.level < 1) return spec.error_at(&at, "scope", "层级应从 1 开始：" + p);
      continue;
    }
    auto it = std::find_if(genre.classes.begin(), genre.classes.end(),
                           [&](auto& c) { return c.name == p; });
    if (it == genre.classes.end()) {
      std::string names;
      for (auto& c : genre.classes) names += (names.empty() ? "" : ", ") + c.name;
      return spec.error_at(&at, "scope", "未知的体裁类别“" + p + "”（可选：" + names + "）");
    }
    sc.cls = p;
  }
  if ((sc.unit == Node::Kind::Body || sc.unit == Node::Kind::Subsection || sc.unit == Node::Kind::Part) &&
      sc.cls.empty())
    return spec.error_at(&at, "scope", parts[0] + " 范围需要指定体裁类别，如 " + parts[0] + ":shortcomings");
  return sc;
}

namespace {

// Regions sorted by start, swept by non-decreasing query position (see select_nodes). A query
// that goes backwards restarts the sweep, so any order gives the right answer.
class RegionSweep {
 public:
  struct Entry {
    ByteSpan span;
    uint32_t order;            ///< position in the scan the sweep replaces (ties)
    const std::string* name;   ///< class name
  };
  void add(ByteSpan span, uint32_t order, const std::string* name) { all_.push_back({span, order, name}); }
  void seal() {
    std::stable_sort(all_.begin(), all_.end(),
                     [](const Entry& a, const Entry& b) { return a.span.begin < b.span.begin; });
  }
  /// Calls f(entry) for every region that contains `s` (ByteSpan::contains).
  template <class F>
  void containing(ByteSpan s, F&& f) {
    if (s.begin < pos_) {
      next_ = 0;
      open_.clear();
    }
    pos_ = s.begin;
    while (next_ < all_.size() && all_[next_].span.begin <= s.begin) open_.push_back(&all_[next_++]);
    // A region that ended before this position cannot contain this span or any later one.
    open_.erase(std::remove_if(open_.begin(), open_.end(), [&](const Entry* r) { return r->span.end < s.begin; }),
                open_.end());
    for (const Entry* r : open_)
      if (r->span.contains(s)) f(*r);
  }

 private:
  std::vector<Entry> all_;
  size_t next_ = 0;
  uint32_t pos_ = 0;
  std::vector<const Entry*> open_;
};

}  // namespace

std::vector<Node> select_nodes(const Scope& sc, const ingest::SourceText& src,
                               const outline::Document& doc, const checks::Analysis& a) {
  std::vector<Node> out;
  const std::string_view text = doc.text;
  const uint32_t size = static_cast<uint32_t>(text.size());

  // Which class encloses a span (innermost region), for paragraph-like units, and whether the
  // scope's class does. Nodes come in document order, so each question is answered by a sweep:
  // regions enter as the position passes their start and leave when it passes their end, and
  // only the few open ones (nesting depth) are looked at — linear in nodes plus regions where a
  // scan of every region per node was quadratic on a long file (10 MB: 25 % of the run).
  RegionSweep all_regions, class_regions;
  uint32_t order = 0;
  for (auto& [name, rs] : a.regions)
    for (auto& r : rs) all_regions.add(r.span, order++, &name);
  if (!sc.cls.empty())
    for (auto& r : a.of(sc.cls)) class_regions.add(r.span, order++, nullptr);
  all_regions.seal();
  class_regions.seal();
  auto class_at = [&](ByteSpan s, const outline::Section* sec) -> std::string_view {
    const RegionSweep::Entry* best = nullptr;
    all_regions.containing(s, [&](const RegionSweep::Entry& r) {
      // The smallest region; among equal sizes the first in (class name, document) order.
      if (!best || r.span.size() < best->span.size() ||
          (r.span.size() == best->span.size() && r.order < best->order))
        best = &r;
    });
    if (best) return *best->name;
    return sec ? a.class_of(sec) : std::string_view();
  };
  auto in_class = [&](ByteSpan s) {
    bool found = false;
    class_regions.containing(s, [&](const RegionSweep::Entry&) { found = true; });
    return found;
  };

  switch (sc.unit) {
    case Node::Kind::Document: {
      Node n;
      n.kind = sc.unit;
      n.span = {0, size};
      if (doc.title) n.anchor = doc.title->span;
      else if (!src.blocks.empty()) n.anchor = src.blocks.front().span;
      else n.anchor = {0, static_cast<uint32_t>(std::min<size_t>(text.find_first_of("\r\n"), size))};
      out.push_back(n);
      break;
    }
    case Node::Kind::Title:
      if (doc.title) {
        Node n;
        n.kind = sc.unit;
        n.span = n.anchor = doc.title->span;
        out.push_back(n);
      }
      break;
    case Node::Kind::Intro:
      if (!doc.intro.empty()) {
        Node n;
        n.kind = sc.unit;
        n.span = {doc.intro.front().span.begin, doc.intro.back().span.end};
        n.anchor = doc.intro.front().span;
        out.push_back(n);
      }
      break;
    case Node::Kind::Heading:
      outline::for_each_section(doc.sections, [&](const outline::Section& s) {
        const std::string_view cls = a.class_of(&s);
        if (!sc.cls.empty() && cls != sc.cls) return;
        if (sc.level && s.level != sc.level) return;
        Node n;
        n.kind = sc.unit;
        n.span = n.anchor = s.heading_span;
        n.section = &s;
        n.level = s.level;
        n.cls = cls;
        out.push_back(n);
      });
      break;
    case Node::Kind::Section:
    case Node::Kind::Body:
      if (!sc.cls.empty() && !sc.level) {
        for (auto& r : a.of(sc.cls)) {
          // A paragraph found by one sentence ("党政主要负责人……第一责任人职责" inside 成效)
          // shows the class is mentioned, not that the paragraph is that part: its content
          // rules (who is named, counted acts, coverage) would judge a sentence as a part.
          if (sc.unit == Node::Kind::Body && r.source == Region::Source::Mention) continue;
          Node n;
          n.kind = sc.unit;
          n.span = r.span;
          n.anchor = r.heading.empty() ? r.span : r.heading;
          if (sc.unit == Node::Kind::Body && r.source != Region::Source::Paragraph &&
              r.source != Region::Source::Mention) {
            // Drop the heading (sections) or the item marker and lead's topic words (items keep
            // their text: an item's lead is part of its content).
            if (r.source == Region::Source::Section) n.span.begin = std::max(r.span.begin, r.heading.end);
          }
          n.section = r.section;
          n.level = r.level;
          n.cls = sc.cls;
          out.push_back(n);
        }
        break;
      }
      outline::for_each_section(doc.sections, [&](const outline::Section& s) {
        const std::string_view cls = a.class_of(&s);
        if (!sc.cls.empty() && cls != sc.cls) return;
        if (sc.level && s.level != sc.level) return;
        Node n;
        n.kind = sc.unit;
        n.span = s.span;
        if (sc.unit == Node::Kind::Body) n.span.begin = std::max(s.span.begin, s.heading_span.end);
        n.anchor = s.heading_span;
        n.section = &s;
        n.level = s.level;
        n.cls = cls;
        out.push_back(n);
      });
      break;
    case Node::Kind::Part: {
      const auto& rs = a.of(sc.cls);
      if (rs.empty()) break;
      Node n;
      n.kind = sc.unit;
      n.span = {rs.front().span.begin, rs.front().span.end};
      for (auto& r : rs) n.span.end = std::max(n.span.end, r.span.end);
      n.anchor = rs.front().heading.empty() ? rs.front().span : rs.front().heading;
      n.section = rs.front().section;
      n.level = rs.front().level;
      n.cls = sc.cls;
      out.push_back(n);
      break;
    }
    case Node::Kind::Subsection:
      for (auto& r : a.of(sc.cls)) {
        if (r.source != Region::Source::Section || !r.section) continue;
        auto add = [&](const outline::Section& s) {
          Node n;
          n.kind = sc.unit;
          n.span = s.span;
          n.anchor = s.heading_span;
          n.section = &s;
          n.level = s.level;
          n.cls = sc.cls;
          out.push_back(n);
        };
        if (r.section->children.empty()) add(*r.section);
        else
          for (auto& c : r.section->children) add(c);
      }
      break;
    case Node::Kind::Paragraph:
    case Node::Kind::Sentence:
    case Node::Kind::Statement:
    case Node::Kind::Item: {
      auto visit = [&](const std::vector<outline::Paragraph>& body, const outline::Section* s) {
        for (auto& p : body) {
          auto push = [&](ByteSpan span, const outline::EnumItem* item) {
            if (!sc.cls.empty() && !in_class(span)) return;
            Node n;
            n.kind = sc.unit;
            n.span = n.anchor = span;
            n.section = s;
            n.paragraph = &p;
            n.item = item;
            n.level = s ? s->level : 0;
            n.cls = sc.cls.empty() ? class_at(span, s) : std::string_view(sc.cls);
            out.push_back(n);
          };
          if (sc.unit == Node::Kind::Paragraph) push(p.span, nullptr);
          else if (sc.unit == Node::Kind::Sentence || sc.unit == Node::Kind::Statement)
            for (auto& sen : p.sentences) push(sen.span, nullptr);
          else
            for (auto& it : p.items) push(it.span, &it);
        }
      };
      visit(doc.intro, nullptr);
      outline::for_each_section(doc.sections, [&](const outline::Section& s) {
        if (sc.unit == Node::Kind::Statement && (sc.cls.empty() || in_class(s.heading_span))) {
          Node n;
          n.kind = sc.unit;
          n.span = n.anchor = s.heading_span;
          n.section = &s;
          n.level = s.level;
          n.cls = sc.cls.empty() ? class_at(s.heading_span, &s) : std::string_view(sc.cls);
          out.push_back(n);
        }
        visit(s.body, &s);
      });
      break;
    }
    case Node::Kind::Block: {
      auto push = [&](ByteSpan span) {
        if (!sc.cls.empty() && !in_class(span)) return;
        Node n;
        n.kind = sc.unit;
        n.span = n.anchor = span;
        n.cls = sc.cls.empty() ? class_at(span, nullptr) : std::string_view(sc.cls);
        out.push_back(n);
      };
      if (!src.blocks.empty()) {
        for (auto& b : src.blocks) push(b.span);
      } else {  // no block list: one node per non-empty line
        uint32_t b = 0;
        for (uint32_t i = 0; i <= size; ++i)
          if (i == size || text[i] == '\n' || text[i] == '\r') {
            if (i > b) push({b, i});
            b = i + 1;
          }
      }
      break;
    }
  }
  return out;
}

}  // namespace fz::engine
