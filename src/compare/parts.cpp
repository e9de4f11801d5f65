#include "compare/parts.h"

#include <string.h>

#include <algorithm>
#include <cstdint>

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

std::vector<ByteSpan> fixed_text(const checks::Context& ctx, const checks::RegexList& formulas,
                                 const std::vector<std::optional<std::vector<std::string>>>& literals, bool quotes) {
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
  for (size_t i = 0; i < formulas.size(); ++i) {
    if (plain_literal(*formulas[i])) {
      literal_spans(formulas[i]->pattern(), ctx.text, out);
      continue;
    }
    // A formula none of whose required literals occurs in the text has no match: skip its scan
    // (one memchr-driven find per literal instead of a DFA pass over the whole report).
    if (i < literals.size() && literals[i] &&
        std::none_of(literals[i]->begin(), literals[i]->end(),
                     [&](const std::string& l) { return text::contains_bytes(ctx.text, l); }))
      continue;
    add_matches(*formulas[i], ctx.text, out);
  }
  if (quotes) quoted_spans(ctx.text, out);
  return out;
}

bool plain_literal(const checks::Regex& re) {
  const std::string& p = re.pattern();
  const RE2::Options& o = re.options();
  if (p.empty() || !o.case_sensitive() || o.encoding() != RE2::Options::EncodingUTF8 || !text::is_valid_utf8(p))
    return false;
  if (o.never_nl() && p.find_first_of("\r\n") != std::string::npos) return false;
  return o.literal() || p.find_first_of("\\.+*?()|[]{}^$") == std::string::npos;
}

void literal_spans(std::string_view literal, std::string_view text, std::vector<ByteSpan>& out) {
  const char* const base = text.data();
  for (size_t from = 0; from + literal.size() <= text.size();) {
    const void* hit = ::memmem(base + from, text.size() - from, literal.data(), literal.size());
    if (!hit) break;
    const size_t b = static_cast<size_t>(static_cast<const char*>(hit) - base);
    out.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(b + literal.size())});
    from = b + literal.size();
  }
}

void quoted_spans(std::string_view text, std::vector<ByteSpan>& out) {
  // The matches of kQuotedPattern as for_each_span walks them on valid UTF-8 (leftmost, non-overlapping), by
  // hand: the pattern's counted repetitions of negated classes compile to 6,739 instructions and
  // a DFA that keeps building states (a quarter of a batch comparison's CPU). Every class
  // excludes its closing mark, so at an opening mark the only possible end is the first closing
  // mark after it, reached within the limit without a line feed or a byte RE2 cannot decode.
  struct Pair {
    unsigned char open[3], close[3];
    size_t max;
  };
  static constexpr Pair kPairs[] = {{{0xE3, 0x80, 0x8A}, {0xE3, 0x80, 0x8B}, 80},    // 《 》
                                    {{0xE2, 0x80, 0x9C}, {0xE2, 0x80, 0x9D}, 120},   // “ ”
                                    {{0xE3, 0x80, 0x8C}, {0xE3, 0x80, 0x8D}, 120}};  // 「 」
  const auto* u = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  auto at = [&](size_t j, const unsigned char (&mark)[3]) {
    return j + 3 <= size && u[j] == mark[0] && u[j + 1] == mark[1] && u[j + 2] == mark[2];
  };
  // From one 0xE2 or 0xE3 byte to the next, the lead bytes of the three opening marks (most of
  // a report lies between: they also lead 、。 and a few more, nothing else common).
  static const text::ByteSet kLeads("\xE2\xE3");
  size_t i = 0;
  while ((i = kLeads.find(text, i, size)) < size) {
    const Pair* p = nullptr;
    for (const auto& k : kPairs)
      if (at(i, k.open)) p = &k;
    if (!p) {
      ++i;
      continue;
    }
    size_t j = i + 3, n = 0;
    bool closed = false;
    while (j < size && n <= p->max) {
      if (at(j, p->close)) {
        closed = true;
        break;
      }
      if (u[j] == '\n') break;
      const text::Decoded d = text::decode_utf8(text, j);
      if (!d.valid) break;  // (ingest's text is valid UTF-8; RE2 would not match here either)
      j += d.len;
      ++n;
    }
    if (closed && n >= 1 && n <= p->max) {
      const size_t e = j + 3;
      out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(e)});
      i = e;
    } else {
      i += 3;
    }
  }
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
  // The first max_cp characters as decode_utf8 walks them, copied at once; a line break or tab
  // (one byte, never inside another character) shown as a space.
  size_t end = 0, n = 0;
  while (end < s.size() && n < max_cp) {
    end += std::max<uint32_t>(1, text::decode_utf8(s, end).len);
    ++n;
  }
  std::string out;
  out.reserve(end + 12);
  out = "“";
  const size_t from = out.size();
  out.append(s.substr(0, end));
  for (size_t i = from; i < out.size(); ++i)
    if (out[i] == '\n' || out[i] == '\r' || out[i] == '\t') out[i] = ' ';
  if (end < s.size()) out += "…";
  out += "”";
  return out;
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
