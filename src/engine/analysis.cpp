// Genre classification (genre.toml, catalogue C1) and report-year detection.
//
// Order of decisions, each a fallback for the one before:
//  1. every section heading (marker stripped by the outline, years and `strip` patterns removed
//     here) is matched against the classes' `headings` lexicons in order (a heading matching
//     several classes — "存在的不足及下一步打算" — is a region of each); a section inside a
//     section of a class listed in `not_inside` is not given that class, and a sub-section of
//     the same class as its parent is not a region of its own;
//  2. a class with no section region is sought in enumeration items (lead sentence), then in
//     paragraphs (`sentences` lexicon) — first-responsible content is often only an 一是 item;
//  3. unclassified top-level sections before the first section of a `fallback_before` class
//     (all of them if there is none) belong to `fallback_class` (themed H1s are 成效);
//  4. with no plan section, a paragraph of the last top-level section (or of the intro when
//     there are no sections) whose first sentence matches `plan_fallback` with the year Y+1
//     starts the plan region.
#include <re2/re2.h>

#include <algorithm>
#include <functional>

#include "engine/ruleset.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fz::engine {

using checks::Region;
using checks::slice;

namespace {

std::string stripped_heading(std::string_view text, const outline::Section& s,
                             const CompiledGenre& g) {
  std::string h(slice(text, s.title_span.empty() ? s.heading_span : s.title_span));
  for (auto& re : g.strip) RE2::GlobalReplace(&h, *re, "");
  if (g.data.heading_window > 0) {  // keep the first N code points
    size_t pos = 0;
    for (int n = 0; n < g.data.heading_window && pos < h.size(); ++n) {
      ++pos;
      while (pos < h.size() && (static_cast<unsigned char>(h[pos]) & 0xC0) == 0x80) ++pos;
    }
    h.resize(pos);
  }
  return h;
}

bool matches(const checks::RegexList& res, std::string_view s) { return res.matches_any_gated(s); }

// "2024" or "二〇二四" / "二零二四" → 2024; 0 when it is not a year.
int parse_year(std::string_view s) {
  if (s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::stoi(std::string(s));
  static const std::string_view digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  int y = 0, n = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    int d = -1;
    for (int i = 0; i < 10 && d < 0; ++i)
      if (s.substr(pos, digits[i].size()) == digits[i]) d = i;
    if (d < 0 && s.substr(pos, 3) == "零") d = 0;
    if (d < 0) return 0;
    pos += 3;
    y = y * 10 + d;
    ++n;
  }
  return n == 4 && y >= 1900 && y <= 2200 ? y : 0;
}

int find_year(const checks::RegexList& pats, std::string_view text, ByteSpan within,
              ByteSpan* where) {
  for (auto& re : pats) {
    int year = 0;
    checks::for_each_match(*re, text, within, [&](ByteSpan m, const std::vector<std::string_view>& g) {
      if (year || g.size() < 2) return;
      year = parse_year(g[1]);
      if (!year) return;
      *where = {static_cast<uint32_t>(g[1].data() - text.data()),
                static_cast<uint32_t>(g[1].data() - text.data() + g[1].size())};
      (void)m;
    });
    if (year) return year;
  }
  return 0;
}

}  // namespace

checks::Analysis analyse(const ingest::SourceText&, const outline::Document& doc,
                         const CompiledGenre& g, std::optional<int> configured_year) {
  checks::Analysis a;
  const std::string_view text = doc.text;
  a.width = checks::width_fold(text);

  // Report year: config, then title, then the intro.
  if (configured_year) {
    a.year = *configured_year;
  } else {
    if (doc.title) a.year = find_year(g.year_patterns, text, doc.title->span, &a.year_span);
    for (size_t i = 0; !a.year && i < doc.intro.size() && i < 3; ++i)
      a.year = find_year(g.year_patterns, text, doc.intro[i].span, &a.year_span);
  }

  // Issuer: the first [[genre.issuer]] kind matching the title, else the closing signature,
  // else (its `intro` patterns) a sentence of the intro's first paragraph.
  for (std::optional<ByteSpan> where : {doc.title ? std::optional(doc.title->span) : std::nullopt,
                                        doc.signature}) {
    if (!where || a.issuer != "unknown") continue;
    std::string_view s = slice(text, *where);
    for (size_t i = 0; i < g.issuers.size() && a.issuer == "unknown"; ++i)
      if (matches(g.issuers[i], s)) a.issuer = g.data.issuers[i].name;
  }
  if (a.issuer == "unknown" && !doc.intro.empty()) {  // a subject of the opening paragraph
    for (auto& sen : doc.intro.front().sentences) {
      std::string_view s = slice(text, sen.span);
      for (size_t i = 0; i < g.issuer_intro.size() && a.issuer == "unknown"; ++i)
        if (matches(g.issuer_intro[i], s)) a.issuer = g.data.issuers[i].name;
    }
  }

  // 1. Section headings.
  std::map<const outline::Section*, std::string> own;
  // A combined heading ("存在的不足和下一步打算") is a region of every class it names; the
  // first class in genre order is its own (effective) class.
  std::map<const outline::Section*, std::vector<std::string>> also;
  std::function<void(const std::vector<outline::Section>&, const std::string&, const std::string&)>
      classify = [&](const std::vector<outline::Section>& secs, const std::string& inherited,
                     const std::string& path) {
        for (auto& s : secs) {
          std::string mine;
          const std::string h = stripped_heading(text, s, g);
          for (auto& c : g.classes) {
            if (c.data->top_level_only && s.level > 1) continue;
            if (std::find(c.data->not_inside.begin(), c.data->not_inside.end(), inherited) !=
                c.data->not_inside.end())
              continue;
            if (!matches(c.headings, h)) continue;
            if (mine.empty()) mine = c.data->name;
            else if (c.data->name != inherited) also[&s].push_back(c.data->name);  // combined part
          }
          if (!mine.empty() && mine != inherited) own[&s] = mine;
          std::string p = path.empty() ? checks::heading_text(text, s)
                                       : path + "/" + checks::heading_text(text, s);
          a.section_path[&s] = p;
          classify(s.children, own.count(&s) ? own[&s] : inherited, p);
        }
      };
  classify(doc.sections, "", "");

  // 3. Themed top-level sections before the first shortcomings/plan section are 成效.
  if (!g.data.fallback_class.empty()) {
    size_t stop = doc.sections.size();
    for (size_t i = 0; i < doc.sections.size(); ++i) {
      auto it = own.find(&doc.sections[i]);
      if (it != own.end() && std::find(g.data.fallback_before.begin(), g.data.fallback_before.end(),
                                       it->second) != g.data.fallback_before.end()) {
        stop = i;
        break;
      }
    }
    for (size_t i = 0; i < stop; ++i)
      if (!own.count(&doc.sections[i])) own[&doc.sections[i]] = g.data.fallback_class;
  }

  // Effective classes and section regions (a same-class descendant is not a region of its own).
  std::function<void(const std::vector<outline::Section>&, const std::string&)> effective =
      [&](const std::vector<outline::Section>& secs, const std::string& inherited) {
        for (auto& s : secs) {
          std::string cls = inherited;
          auto it = own.find(&s);
          if (it != own.end() && it->second != inherited) {
            cls = it->second;
            a.regions[cls].push_back(Region{Region::Source::Section, s.span, s.heading_span, &s, s.level});
          }
          if (auto extra = also.find(&s); extra != also.end())
            for (auto& x : extra->second)
              if (x != cls) a.regions[x].push_back(Region{Region::Source::Section, s.span, s.heading_span, &s, s.level});
          if (!cls.empty()) a.section_class[&s] = cls;
          effective(s.children, cls);
        }
      };
  effective(doc.sections, "");

  // 2. Items, then paragraphs, for classes without a section region.
  for (auto& c : g.classes) {
    const auto& name = c.data->name;
    if (a.regions.count(name) || (c.items.empty() && c.sentences.empty())) continue;
    auto excluded = [&](const outline::Section* s) {
      std::string_view cls = a.class_of(s);
      return std::find(c.data->not_inside.begin(), c.data->not_inside.end(), cls) !=
             c.data->not_inside.end();
    };
    std::vector<Region> found;
    auto scan_items = [&](const std::vector<outline::Paragraph>& body, const outline::Section* s) {
      for (auto& p : body)
        for (auto& it : p.items) {
          // The item's lead: up to its first sentence end (。；：).
          std::string_view item = slice(text, it.span);
          size_t cut = std::string_view::npos;
          for (std::string_view stop : {"。", "；", "："}) cut = std::min(cut, item.find(stop));
          ByteSpan lead{it.span.begin, cut == std::string_view::npos
                                           ? it.span.end
                                           : it.span.begin + static_cast<uint32_t>(cut)};
          if (matches(c.items, slice(text, lead)))
            found.push_back(Region{Region::Source::Item, it.span, lead, s, s ? s->level : 0});
        }
    };
    if (!c.items.empty()) {
      scan_items(doc.intro, nullptr);
      outline::for_each_section(doc.sections, [&](const outline::Section& s) {
        if (!excluded(&s)) scan_items(s.body, &s);
      });
    }
    if (found.empty() && !c.sentences.empty()) {
      auto scan_paras = [&](const std::vector<outline::Paragraph>& body, const outline::Section* s) {
        for (auto& p : body)
          for (auto& sen : p.sentences)
            if (matches(c.sentences, slice(text, sen.span))) {
              found.push_back(Region{Region::Source::Mention, p.span, sen.span, s, s ? s->level : 0});
              break;
            }
      };
      scan_paras(doc.intro, nullptr);
      outline::for_each_section(doc.sections, [&](const outline::Section& s) {
        if (!excluded(&s)) scan_paras(s.body, &s);
      });
    }
    if (!found.empty()) a.regions[name] = std::move(found);
  }

  // 4. Plan paragraph without a heading ("2025年，我镇将…").
  const std::string& plan = g.data.plan_class;
  if (!plan.empty() && !a.regions.count(plan) && a.year > 0 && !g.plan_fallback.empty()) {
    const std::vector<outline::Paragraph>* body = &doc.intro;
    const outline::Section* sec = nullptr;
    ByteSpan end_of{0, static_cast<uint32_t>(text.size())};
    if (!doc.sections.empty()) {
      sec = &doc.sections.back();
      body = &sec->body;
      end_of = sec->span;
    }
    for (auto& p : *body) {
      if (p.sentences.empty()) continue;
      std::string_view first = slice(text, p.sentences[0].span);
      bool hit = false;
      for (auto& re : g.plan_fallback) {
        std::string y;
        if (RE2::PartialMatch(re2::StringPiece(first.data(), first.size()), *re, &y) &&
            y == std::to_string(a.year + 1))
          hit = true;
      }
      if (hit) {
        a.regions[plan].push_back(Region{Region::Source::Paragraph, {p.span.begin, end_of.end},
                                         p.sentences[0].span, sec, sec ? sec->level : 0});
        break;
      }
    }
  }

  for (auto& [name, rs] : a.regions)
    std::sort(rs.begin(), rs.end(), [](const Region& x, const Region& y) { return x.span.begin < y.span.begin; });
  return a;
}

}  // namespace fz::engine
