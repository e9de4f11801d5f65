#include "compare/parts.h"

#include <algorithm>

#include "text/utf8.h"

namespace fz::compare {

namespace {

template <class F>
void each_paragraph(const outline::Document& doc, F&& f) {
  for (const auto& p : doc.intro) f(p);
  outline::for_each_section(doc.sections, [&](const outline::Section& s) {
    for (const auto& p : s.body) f(p);
  });
}

/// `region` without the heading of the section it starts with.
ByteSpan body_of(const checks::Region& r) {
  ByteSpan b = r.span;
  if (r.source == checks::Region::Source::Section && !r.heading.empty() && r.heading.begin == b.begin)
    b.begin = std::min(b.end, r.heading.end);
  return b;
}

void add_matches(const RE2& re, std::string_view text, std::vector<ByteSpan>& out) {
  checks::for_each_span(re, text, {0, static_cast<uint32_t>(text.size())}, [&](ByteSpan s) { out.push_back(s); });
}

}  // namespace

std::vector<ByteSpan> bodies_of(const checks::Context& ctx, std::string_view cls) {
  std::vector<ByteSpan> out;
  for (const auto& r : ctx.analysis.of(cls)) out.push_back(body_of(r));
  return out;
}

std::vector<ByteSpan> units_of(const checks::Context& ctx, std::string_view cls) {
  std::vector<ByteSpan> out;
  for (const auto& r : ctx.analysis.of(cls)) {
    if (r.source == checks::Region::Source::Item) {
      out.push_back(r.span);
      continue;
    }
    const ByteSpan body = body_of(r);
    each_paragraph(ctx.doc, [&](const outline::Paragraph& p) {
      if (!body.contains(p.span) && !(p.span.begin >= body.begin && p.span.begin < body.end)) return;
      if (!p.items.empty()) {
        if (p.items.front().span.begin > p.span.begin) {  // the lead before 一是
          for (const auto& s : p.sentences)
            if (s.span.end <= p.items.front().span.begin) out.push_back(s.span);
        }
        for (const auto& it : p.items) out.push_back(it.span);
      } else {
        for (const auto& s : p.sentences) out.push_back(s.span);
      }
    });
  }
  std::sort(out.begin(), out.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<ByteSpan> fixed_text(const checks::Context& ctx, const checks::RegexList& formulas, bool quotes) {
  std::vector<ByteSpan> out;
  const auto& doc = ctx.doc;
  if (doc.title) out.push_back(doc.title->span);
  for (const auto& f : doc.front) out.push_back(f.span);
  if (doc.signature) out.push_back(*doc.signature);
  if (doc.date) out.push_back(doc.date->span);
  outline::for_each_section(doc.sections, [&](const outline::Section& s) {
    if (!s.run_in) out.push_back(s.heading_span);
    else out.push_back({s.heading_span.begin, s.title_span.end});  // a run-in heading's title only
  });
  for (const auto& re : formulas) add_matches(*re, ctx.text, out);
  if (quotes) {
    static const RE2 quoted(R"(《[^》\n]{1,80}》|“[^”\n]{1,120}”|「[^」\n]{1,120}」)");
    add_matches(quoted, ctx.text, out);
  }
  return out;
}

std::optional<Error> unknown_class(const rules::RuleSpec& spec, const rules::Genre& genre, std::string_view key,
                                   const std::string& cls) {
  for (const auto& g : genre.classes)
    if (g.name == cls) return std::nullopt;
  return spec.error_at(spec.params.find(key), key, "体裁中没有此类别：" + cls);
}

std::string label_of(const rules::Genre& genre, const std::string& cls) {
  for (const auto& g : genre.classes)
    if (g.name == cls) return g.label;
  return cls;
}

std::string excerpt(std::string_view s, size_t max_cp) {
  std::string out = "“";
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const text::Decoded d = text::decode_utf8(s, i);
    if (d.len == 0) break;
    if (n == max_cp) {
      out += "…";
      break;
    }
    if (d.cp == '\n' || d.cp == '\r' || d.cp == '\t') out += ' ';
    else out.append(s.substr(i, d.len));
    i += d.len;
    ++n;
  }
  return out + "”";
}

Related related_in(const Side& other, ByteSpan span, std::string message) {
  Related r;
  r.span = span;
  r.message = std::move(message);
  r.path = other.path.empty() ? std::string("<上一年度报告>") : std::string(other.path);
  const auto b = other.index->position(span.begin);
  const auto e = other.index->position(span.end);
  r.line = b.line;
  r.column = b.column;
  r.end_line = e.line;
  r.end_column = e.column;
  return r;
}

std::string where(const Side& side, ByteSpan span) {
  const auto b = side.index->position(span.begin);
  return std::string(side.path) + ":" + std::to_string(b.line) + ":" + std::to_string(b.column);
}

}  // namespace fz::compare
