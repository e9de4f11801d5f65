// Document::dump (compact, one node per line, diff-friendly; design.md §5.6) and to_json.
//
// Dump format (stable; goldens depend on it):
//   title [b,e) "text"                       (+ one `line [b,e)` per physical line if split)
//   front <salutation|subtitle|chrome|other> [b,e) "excerpt"
//   intro [b,e) s=<sentences> "excerpt"      (one per intro paragraph)
//   section d<depth> <marker> m<marker level> ord=<n> [form=<id>→<canonical>] [b,e)
//       <run-in|standalone> title[b,e)="title"
//   para [b,e) s=<sentences> "excerpt"       (section body paragraphs, indented under it)
//   item <shi|di> <ordinal> [b,e) "excerpt"  (indented under its paragraph)
//   signature [b,e) "text"
//   date [b,e) YYYY-MM-DD [zero-padded] "text"
// Excerpts are the first 16 code points, control characters shown as spaces, "…" if cut.
#include <exception>

#include <fmt/format.h>
#include <nlohmann/json.hpp>


#include "outline/document.h"
#include "text/utf8.h"

namespace fz::outline {
namespace {

// Keys keep insertion order so the JSON reads like the tree (marker and spans before children).
using Json = nlohmann::ordered_json;

std::string excerpt(std::string_view text, ByteSpan s, size_t max_cps = 16) {
  if (s.end > text.size()) s.end = static_cast<uint32_t>(text.size());
  std::string out;
  size_t n = 0;
  for (uint32_t p = s.begin; p < s.end;) {
    auto d = text::decode_utf8(text.substr(0, s.end), p);
    if (!d.len) break;
    if (n == max_cps) {
      out += "…";
      break;
    }
    if (d.cp < 0x20 || d.cp == 0x7F) out += ' ';
    else text::append_utf8(out, d.cp);
    p += d.len;
    ++n;
  }
  return out;
}

std::string span_str(ByteSpan s) { return fmt::format("[{},{})", s.begin, s.end); }

std::string_view front_kind(FrontMatter::Kind k) {
  switch (k) {
    case FrontMatter::Kind::Salutation: return "salutation";
    case FrontMatter::Kind::Subtitle: return "subtitle";
    case FrontMatter::Kind::WebChrome: return "chrome";
    case FrontMatter::Kind::Other: return "other";
  }
  return "other";
}

void dump_paragraph(std::string& out, std::string_view text, const Paragraph& p,
                    const std::string& indent, std::string_view kind) {
  out += fmt::format("{}{} {} s={} \"{}\"\n", indent, kind, span_str(p.span), p.sentences.size(),
                     excerpt(text, p.span));
  for (const auto& it : p.items)
    out += fmt::format("{}  item {} {} {} \"{}\"\n", indent, it.style, it.ordinal, span_str(it.span),
                       excerpt(text, it.span));
}

void dump_section(std::string& out, std::string_view text, const Section& s, int depth) {
  const std::string indent(static_cast<size_t>(depth) * 2, ' ');
  const Marker& m = s.marker;
  std::string marker = m.span.empty() ? std::string("#") : std::string(slice(text, m.span));
  std::string form;
  if (!m.canonical) form = fmt::format(" form={}→{}", m.form, m.canonical_text);
  else if (m.form == "markdown") form = " form=markdown";
  out += fmt::format("{}section d{} {} m{} ord={}{} {} {} title{}=\"{}\"\n", indent, s.level, marker,
                     m.level, m.ordinal, form, span_str(s.span), s.run_in ? "run-in" : "standalone",
                     span_str(s.title_span), excerpt(text, s.title_span, 40));
  for (const auto& p : s.body) dump_paragraph(out, text, p, indent + "  ", "para");
  for (const auto& c : s.children) dump_section(out, text, c, depth + 1);
}

Json span_json(ByteSpan s) { return Json::array({s.begin, s.end}); }

Json paragraph_json(std::string_view text, const Paragraph& p) {
  Json j;
  j["span"] = span_json(p.span);
  j["text"] = std::string(slice(text, p.span));
  auto& ss = j["sentences"] = Json::array();
  for (const auto& s : p.sentences) ss.push_back(span_json(s.span));
  auto& items = j["items"] = Json::array();
  for (const auto& it : p.items)
    items.push_back({{"style", it.style},
                     {"ordinal", it.ordinal},
                     {"span", span_json(it.span)},
                     {"marker_span", span_json(it.marker_span)},
                     {"text", std::string(slice(text, it.span))}});
  return j;
}

Json section_json(std::string_view text, const Section& s) {
  Json j;
  const Marker& m = s.marker;
  j["marker"] = {{"span", span_json(m.span)},
                 {"text", std::string(slice(text, m.span))},
                 {"level", m.level},
                 {"ordinal", m.ordinal},
                 {"form", m.form},
                 {"canonical", m.canonical},
                 {"canonical_text", m.canonical_text}};
  j["level"] = s.level;
  j["span"] = span_json(s.span);
  j["heading_span"] = span_json(s.heading_span);
  j["title_span"] = span_json(s.title_span);
  j["title"] = std::string(slice(text, s.title_span));
  j["run_in"] = s.run_in;
  auto& body = j["body"] = Json::array();
  for (const auto& p : s.body) body.push_back(paragraph_json(text, p));
  auto& kids = j["children"] = Json::array();
  for (const auto& c : s.children) kids.push_back(section_json(text, c));
  return j;
}

}  // namespace

std::string Document::dump() const {
  std::string out;
  if (title) {
    out += fmt::format("title {} \"{}\"\n", span_str(title->span), excerpt(title->text, {0, static_cast<uint32_t>(title->text.size())}, 60));
    if (title->lines.size() > 1)
      for (auto l : title->lines) out += fmt::format("  line {} \"{}\"\n", span_str(l), excerpt(text, l, 60));
  }
  for (const auto& f : front)
    out += fmt::format("front {} {} \"{}\"\n", front_kind(f.kind), span_str(f.span), excerpt(text, f.span, 40));
  for (const auto& p : intro) dump_paragraph(out, text, p, "", "intro");
  for (const auto& s : sections) dump_section(out, text, s, 0);
  if (signature) out += fmt::format("signature {} \"{}\"\n", span_str(*signature), excerpt(text, *signature, 40));
  if (date)
    out += fmt::format("date {} {:04}-{:02}-{:02}{} \"{}\"\n", span_str(date->span), date->year,
                       date->month, date->day, date->zero_padded ? " zero-padded" : "",
                       excerpt(text, date->span, 40));
  return out;
}

std::string Document::to_json() const {
  try {
    Json j;
    if (title) {
      auto& t = j["title"];
      t["span"] = span_json(title->span);
      t["text"] = title->text;
      t["lines"] = Json::array();
      for (auto l : title->lines) t["lines"].push_back(span_json(l));
    } else {
      j["title"] = nullptr;
    }
    j["front"] = Json::array();
    for (const auto& f : front)
      j["front"].push_back({{"kind", front_kind(f.kind)},
                            {"span", span_json(f.span)},
                            {"text", std::string(slice(text, f.span))}});
    j["intro"] = Json::array();
    for (const auto& p : intro) j["intro"].push_back(paragraph_json(text, p));
    j["sections"] = Json::array();
    for (const auto& s : sections) j["sections"].push_back(section_json(text, s));
    if (signature)
      j["signature"] = {{"span", span_json(*signature)}, {"text", std::string(slice(text, *signature))}};
    else
      j["signature"] = nullptr;
    if (date)
      j["date"] = {{"span", span_json(date->span)},
                   {"text", std::string(slice(text, date->span))},
                   {"year", date->year},
                   {"month", date->month},
                   {"day", date->day},
                   {"zero_padded", date->zero_padded}};
    else
      j["date"] = nullptr;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } catch (const std::exception&) {
    return "{}\n";  // unreachable with the replace handler; never let an exception escape
  }
}

}  // namespace fz::outline
