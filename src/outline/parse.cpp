// outline::parse — SourceText blocks → Document (see document.h for the contract).
//
// One pass over the blocks, in four phases: leading web chrome and the title; front matter
// (salutation, speech subtitle, chrome); the closing signature and date, found from the end;
// and the body in between, where a block that starts with a marker (or a Markdown heading)
// opens a section placed by a stack of open sections and every other block is a paragraph of
// the innermost open section (or of the intro). Each block is looked at a bounded number of
// times, so parsing is linear in the text.
#include <algorithm>
#include <map>

#include "ingest/source_text.h"
#include "outline/document.h"
#include "outline/grammar.h"
#include "outline/lexical.h"
#include "support/parallel.h"
#include "text/sentences.h"
#include "text/utf8.h"

namespace fz::outline {
namespace {

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }
bool starts_with(std::string_view s, std::string_view w) { return s.substr(0, w.size()) == w; }
bool ends_with(std::string_view s, std::string_view w) {
  return s.size() >= w.size() && s.substr(s.size() - w.size()) == w;
}
bool contains_any(std::string_view s, const std::vector<std::string>& ws) {
  for (const auto& w : ws)
    if (contains(s, w)) return true;
  return false;
}
bool ends_with_any(std::string_view s, const std::vector<std::string>& ws) {
  for (const auto& w : ws)
    if (ends_with(s, w)) return true;
  return false;
}

struct Blk {
  ByteSpan span;
  bool heading = false;
  int heading_level = 0;
};

// A section under construction; children are indices into the node pool.
struct Node {
  Section sec;
  std::vector<size_t> kids;
  int eff = 1;            // level used for nesting: marker level, or Markdown-derived
  bool reuse = false;     // a level-1 heading whose children reuse level-1 markers
  int last_reuse_ord = 0;
};

class Parser {
 public:
  // Only the body: a .docx's footnotes and endnotes (after body_end) are not part of the outline.
  Parser(const ingest::SourceText& src, const Grammar& g) : text_(src.body()), g_(g) {
    const uint32_t size = static_cast<uint32_t>(text_.size());
    for (const auto& b : src.blocks) {
      ByteSpan s{std::min(b.span.begin, size), std::min(b.span.end, size)};
      if (s.begin >= s.end) continue;
      s = text::trim_span(text_, s);
      if (s.empty()) continue;
      // Blocks must be ordered and disjoint (ingest contract); drop any that are not.
      if (!blocks_.empty() && s.begin < blocks_.back().span.end) continue;
      blocks_.push_back({s, b.kind == ingest::Block::Kind::Heading, b.heading_level});
    }
  }

  /// Texts from this long fill their paragraphs on two threads (fill_paragraphs).
  static constexpr size_t kParallelFrom = 1u << 20;

  Document run() {
    Document doc;
    doc.text = text_;
    size_t i = 0, n = blocks_.size();
    while (i < n && is_web_chrome(g_, view(i))) add_front(doc, FrontMatter::Kind::WebChrome, i++);
    i = take_title(doc, i);
    i = take_front(doc, i);
    n = take_closing(doc, i, n);
    body(doc, i, n);
    if (defer_) fill_paragraphs(doc);
    std::sort(doc.front.begin(), doc.front.end(),
              [](const FrontMatter& a, const FrontMatter& b) { return a.span.begin < b.span.begin; });
    return doc;
  }

 private:
  std::string_view view(size_t i) const {
    return text_.substr(blocks_[i].span.begin, blocks_[i].span.size());
  }
  size_t cps(size_t i) const { return text::count_code_points(view(i)); }
  bool has_marker(size_t i) const {
    return match_marker(g_, text_, blocks_[i].span.begin, blocks_[i].span.end).has_value();
  }
  void add_front(Document& doc, FrontMatter::Kind k, size_t i) {
    doc.front.push_back({k, blocks_[i].span});
  }

  // A line that can be (part of) a title: short, no sentence punctuation, not a heading.
  bool title_like(size_t i) const {
    std::string_view s = view(i);
    if (s.size() > 4 * 60 || cps(i) > 60) return false;
    for (std::string_view bad : {"。", "！", "？", "；", "：", ":", ";"})
      if (contains(s, bad)) return false;
    if (has_marker(i) || is_salutation(s) || is_subtitle(s) || is_web_chrome(g_, s)) return false;
    if (parse_date(text_, blocks_[i].span)) return false;
    for (std::string_view lead : {"一是", "第一，"})
      if (starts_with(s, lead)) return false;
    return true;
  }

  size_t take_title(Document& doc, size_t i) {
    if (i >= blocks_.size() || !title_like(i)) return i;
    std::vector<size_t> lines{i};
    std::string joined(view(i));
    size_t j = i + 1;
    while (j < blocks_.size() && lines.size() < 3 &&
           !ends_with_any(joined, g_.lexicon.title_endings) && title_like(j) && cps(j) <= 40 &&
           !contains(view(j), "，")) {
      std::string_view next = view(j);
      const bool completes = contains_any(next, g_.lexicon.title_endings) || starts_with(next, "关于");
      const bool joint_issuer = is_issuer_line(g_, joined) && is_issuer_line(g_, next);
      const bool open_end = ends_with(joined, "关于") || ends_with(joined, "的") ||
                            ends_with(joined, "年度") || ends_with(joined, "建设");
      if (!(completes || joint_issuer || open_end)) break;
      lines.push_back(j);
      joined += next;
      ++j;
    }
    // One line without any title word must at least look like a name, not a phrase.
    if (!contains_any(joined, g_.lexicon.title_words) &&
        (contains(joined, "，") || text::count_code_points(joined) > 30))
      return i;
    Title t;
    t.span = {blocks_[lines.front()].span.begin, blocks_[lines.back()].span.end};
    for (size_t k : lines) t.lines.push_back(blocks_[k].span);
    t.text = std::move(joined);
    doc.title = std::move(t);
    return j;
  }

  // A date alone on its line, bare or in brackets.
  bool is_date_line(ByteSpan b) const {
    std::string_view s = text_.substr(b.begin, b.size());
    for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"（", "）"}, {"(", ")"}}) {
      if (starts_with(s, open) && ends_with(s, close) && s.size() > open.size() + close.size())
        return parse_date(text_, {b.begin + static_cast<uint32_t>(open.size()),
                                  b.end - static_cast<uint32_t>(close.size())})
            .has_value();
    }
    return parse_date(text_, b).has_value();
  }

  size_t take_front(Document& doc, size_t i) {
    for (; i < blocks_.size(); ++i) {
      std::string_view s = view(i);
      if (has_marker(i)) break;
      if (is_web_chrome(g_, s)) add_front(doc, FrontMatter::Kind::WebChrome, i);
      else if (is_subtitle(s)) add_front(doc, FrontMatter::Kind::Subtitle, i);
      else if (is_salutation(s)) add_front(doc, FrontMatter::Kind::Salutation, i);
      else if (doc.title && i > 0 && (is_date_line(blocks_[i].span) || is_issuer_line(g_, s)))
        // Issuer or date printed under the title: "（2025年2月20日）", "某县人民政府".
        add_front(doc, FrontMatter::Kind::Other, i);
      else
        break;
    }
    return i;
  }

  // Finds signature and date at the end of blocks [lo, n); returns the new end of the body.
  size_t take_closing(Document& doc, size_t lo, size_t n) {
    while (n > lo && is_web_chrome(g_, view(n - 1))) add_front(doc, FrontMatter::Kind::WebChrome, --n);
    // 附注 such as "（此件公开发布）" after the date.
    size_t k = n;
    while (k > lo && n - k < 2) {
      std::string_view s = view(k - 1);
      const bool note = cps(k - 1) <= 40 &&
                        ((starts_with(s, "（") && ends_with(s, "）")) ||
                         (starts_with(s, "(") && ends_with(s, ")")));
      if (!note || has_marker(k - 1)) break;
      --k;
    }
    if (k < n && k > lo && parse_date(text_, blocks_[k - 1].span)) {
      for (size_t x = k; x < n; ++x) add_front(doc, FrontMatter::Kind::Other, x);
      n = k;
    }
    if (n > lo && !has_marker(n - 1)) {
      const ByteSpan last = blocks_[n - 1].span;
      if (auto d = parse_date(text_, last)) {
        doc.date = *d;
        --n;
      } else if (auto t = find_trailing_date(text_, last)) {
        ByteSpan head = text::trim_span(text_, {last.begin, t->span.begin});
        if (is_issuer_line(g_, text_.substr(head.begin, head.size()))) {
          doc.date = *t;
          doc.signature = head;
          return n - 1;
        }
      }
    }
    size_t sig_end = n;
    while (n > lo && sig_end - n < 3 && !has_marker(n - 1) && is_issuer_line(g_, view(n - 1))) --n;
    if (n < sig_end) doc.signature = ByteSpan{blocks_[n].span.begin, blocks_[sig_end - 1].span.end};
    return n;
  }

  Paragraph make_paragraph(ByteSpan s) const {
    Paragraph p;
    p.span = s;
    if (!defer_) fill(p);
    return p;
  }

  void fill(Paragraph& p) const {
    for (ByteSpan ss : text::split_sentences(text_, p.span)) p.sentences.push_back({ss});
    p.items = find_items(text_, p.span);
  }

  // A long text's paragraphs get their sentences and enumeration items once the tree stands,
  // on two threads: each paragraph's are its own (10 MB: 20 ms of the outline's 35 on one).
  void fill_paragraphs(Document& doc) const {
    std::vector<Paragraph*> all;
    for (auto& p : doc.intro) all.push_back(&p);
    std::vector<Section*> todo;
    for (auto& sec : doc.sections) todo.push_back(&sec);
    while (!todo.empty()) {
      Section* sec = todo.back();
      todo.pop_back();
      for (auto& p : sec->body) all.push_back(&p);
      for (auto& c : sec->children) todo.push_back(&c);
    }
    constexpr size_t kChunk = 256;  // paragraphs a thread takes at a time
    parallel_indices(2, (all.size() + kChunk - 1) / kChunk, [&](size_t k) {
      for (size_t i = k * kChunk; i < std::min(all.size(), (k + 1) * kChunk); ++i) fill(*all[i]);
    });
  }

  // Nesting level of a Markdown heading without a marker: the marker level that headings of the
  // same `#` depth carry elsewhere in the document, else its depth below the shallowest heading.
  int markdown_level(int heading_level) const {
    if (auto it = md_level_map_.find(heading_level); it != md_level_map_.end()) return it->second;
    return std::clamp(heading_level - md_base_ + 1, 1, 6);
  }

  void learn_markdown_levels(size_t lo, size_t hi) {
    md_base_ = 7;
    for (size_t i = lo; i < hi; ++i) {
      if (!blocks_[i].heading || blocks_[i].heading_level <= 0) continue;
      md_base_ = std::min(md_base_, blocks_[i].heading_level);
      if (auto m = match_marker(g_, text_, blocks_[i].span.begin, blocks_[i].span.end))
        md_level_map_.emplace(blocks_[i].heading_level, m->level);
    }
    if (md_base_ == 7) md_base_ = 1;
  }

  bool has_word(ByteSpan title, const std::vector<std::string>& words) const {
    return contains_any(text_.substr(title.begin, title.size()), words);
  }

  // Splits a heading block at its first end mark (。；：！？, outside 《》) into heading and
  // run-in body; fills the section's spans and returns the body span (empty if standalone).
  ByteSpan split_heading(Section& s, ByteSpan blk) const {
    uint32_t p = s.marker.span.end;
    const std::string_view bounded = text_.substr(0, blk.end);
    int book = 0;
    uint32_t mark = 0, mark_len = 0;
    for (uint32_t q = p; q < blk.end;) {
      auto d = text::decode_utf8(bounded, q);
      if (!d.len) break;
      if (d.cp == U'《') ++book;
      else if (d.cp == U'》' && book > 0) --book;
      else if (book == 0 && (d.cp == U'。' || d.cp == U'；' || d.cp == U'：' || d.cp == U'！' ||
                             d.cp == U'？' || d.cp == U';' || d.cp == U':')) {
        mark = q;
        mark_len = d.len;
        break;
      }
      q += d.len;
    }
    ByteSpan body{};
    if (mark_len) {
      ByteSpan rest = text::trim_span(text_, {mark + mark_len, blk.end});
      s.title_span = text::trim_span(text_, {p, mark});
      if (!rest.empty()) {
        s.run_in = true;
        s.heading_span = {blk.begin, mark + mark_len};
        body = rest;
      } else {
        s.heading_span = blk;
      }
    } else {
      s.heading_span = blk;
      s.title_span = text::trim_span(text_, {p, blk.end});
    }
    if (s.title_span.empty()) s.title_span = {s.marker.span.end, s.marker.span.end};
    return body;
  }

  void body(Document& doc, size_t lo, size_t hi) {
    learn_markdown_levels(lo, hi);
    std::vector<Node> pool;
    std::vector<size_t> roots, stack;
    for (size_t i = lo; i < hi; ++i) {
      const Blk& b = blocks_[i];
      std::optional<Marker> m = match_marker(g_, text_, b.span.begin, b.span.end);
      int eff = 0;
      if (m) {
        eff = m->level;
      } else if (b.heading) {
        m = Marker{};
        m->span = {b.span.begin, b.span.begin};
        m->level = 0;
        m->form = "markdown";
        m->canonical = true;
        eff = markdown_level(b.heading_level);
      } else {
        Paragraph p = make_paragraph(b.span);
        if (stack.empty()) doc.intro.push_back(std::move(p));
        else pool[stack.back()].sec.body.push_back(std::move(p));
        continue;
      }

      Node node;
      node.sec.marker = std::move(*m);
      node.eff = eff;
      const ByteSpan run_in_body = split_heading(node.sec, b.span);

      std::optional<size_t> parent;
      if (node.sec.marker.level == 1 && !stack.empty()) {
        // A level-1 marker: a new top-level section, unless the draft reuses 一、 where （一）
        // was meant (the open top-level heading has no body of its own).
        const size_t top = stack.front();
        Node& t = pool[top];
        const int o = node.sec.marker.ordinal;
        if (t.reuse) {
          // Back to the top level when the heading names a statutory part outright (存在的问题,
          // 下一步…), or names one loosely and its ordinal continues the parent's rather than the
          // run of reused children.
          const ByteSpan ts = node.sec.title_span;
          const bool continues_children = o == t.last_reuse_ord + 1;
          const bool back_to_top =
              has_word(ts, g_.lexicon.statutory_strong_words) ||
              (has_word(ts, g_.lexicon.statutory_words) &&
               (o == t.sec.marker.ordinal + 1 || !continues_children));
          if (continues_children && !back_to_top) parent = top;
        } else if (stack.size() == 1 && t.sec.marker.level == 1 && t.sec.body.empty() &&
                   t.kids.empty() && o == 1) {
          t.reuse = true;
          parent = top;
        }
        if (parent) {
          pool[top].last_reuse_ord = o;
          stack.resize(1);
        } else {
          stack.clear();
        }
      } else {
        while (!stack.empty() && pool[stack.back()].eff >= eff) stack.pop_back();
        if (!stack.empty()) parent = stack.back();
      }
      node.sec.level = parent ? pool[*parent].sec.level + 1 : 1;
      if (!run_in_body.empty()) node.sec.body.push_back(make_paragraph(run_in_body));
      pool.push_back(std::move(node));
      const size_t id = pool.size() - 1;
      if (parent) pool[*parent].kids.push_back(id);
      else roots.push_back(id);
      stack.push_back(id);
    }
    for (size_t r : roots) doc.sections.push_back(build(pool, r));
  }

  Section build(std::vector<Node>& pool, size_t id) const {
    Section s = std::move(pool[id].sec);
    for (size_t k : pool[id].kids) s.children.push_back(build(pool, k));
    uint32_t end = s.heading_span.end;
    if (!s.body.empty()) end = std::max(end, s.body.back().span.end);
    if (!s.children.empty()) end = std::max(end, s.children.back().span.end);
    s.span = {s.heading_span.begin, end};
    return s;
  }

  std::string_view text_;
  const bool defer_ = text_.size() >= kParallelFrom;
  const Grammar& g_;
  std::vector<Blk> blocks_;
  std::map<int, int> md_level_map_;
  int md_base_ = 1;
};

}  // namespace

Document parse(const ingest::SourceText& src, const Grammar& grammar) {
  return Parser(src, grammar).run();
}

Document parse(const ingest::SourceText& src) { return parse(src, *default_grammar()); }

Document parse_notes(const ingest::SourceText& src) {
  Document doc;
  doc.text = src.text;
  const auto size = static_cast<uint32_t>(src.text.size());
  for (const auto& b : src.note_blocks) {
    const ByteSpan s = text::trim_span(src.text, {std::min(b.span.begin, size), std::min(b.span.end, size)});
    if (s.empty() || (!doc.intro.empty() && s.begin < doc.intro.back().span.end)) continue;
    Paragraph p;
    p.span = s;
    for (ByteSpan ss : text::split_sentences(src.text, s)) p.sentences.push_back({ss});
    p.items = find_items(src.text, s);
    doc.intro.push_back(std::move(p));
  }
  return doc;
}

}  // namespace fz::outline
