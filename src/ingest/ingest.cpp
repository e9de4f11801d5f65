// ingest(): format dispatch, plus the .txt format (the simplest: decoded text, one block per
// non-blank line).
#include <algorithm>
#include <cctype>
#include <exception>
#include <string>

#include "ingest/decode.h"
#include "ingest/formats.h"
#include "text/utf8.h"

namespace fz::ingest {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::Text: return "text";
    case Format::Markdown: return "markdown";
    case Format::Docx: return "docx";
    case Format::Odt: return "odt";
  }
  return "text";
}

Format format_from_path(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return Format::Text;
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "md" || ext == "markdown" || ext == "mdown" || ext == "mkd") return Format::Markdown;
  if (ext == "docx") return Format::Docx;
  if (ext == "odt") return Format::Odt;
  return Format::Text;
}

namespace detail {

void line_blocks(std::string_view text, ByteSpan within, std::vector<Block>& out) {
  const size_t end = std::min<size_t>(within.end, text.size());
  size_t i = std::min<size_t>(within.begin, end);
  while (i <= end) {
    static const text::ByteSet kBreaks("\n\r");
    const size_t j = kBreaks.find(text, i, end);
    ByteSpan s = text::trim_span(text, {static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
    if (!s.empty()) out.push_back({Block::Kind::Paragraph, 0, s});
    if (j >= end) break;
    i = j + ((text[j] == '\r' && j + 1 < end && text[j + 1] == '\n') ? 2 : 1);
  }
}

bool is_partial_directive(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  auto lower = [](std::string_view x) {
    std::string o(x);
    for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
  };
  if (s.size() < 6 || lower(s.substr(0, 6)) != "fzlint") return false;
  s.remove_prefix(6);
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  if (s.substr(0, 3) == "：") s.remove_prefix(3);
  else if (!s.empty() && s.front() == ':') s.remove_prefix(1);
  else return false;
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  return lower(s) == "partial";
}

Result<SourceText> ingest_txt(std::string_view bytes, const Options& opts) {
  auto dec = decode_text(bytes, opts);
  if (!dec) return dec.error();
  SourceText st;
  st.format = Format::Text;
  st.text = std::move(dec->text);
  st.encoding = std::move(dec->encoding);
  st.had_bom = dec->had_bom;
  st.issues = std::move(dec->issues);
  add_text_issues(st.text, st.issues);
  line_blocks(st.text, {0, static_cast<uint32_t>(st.text.size())}, st.blocks);
  return st;
}

}  // namespace detail

Result<SourceText> ingest(std::string_view bytes, Format format, const Options& opts) {
  // Spans are 32-bit: refuse what cannot be addressed whatever the configured limit.
  if (bytes.size() > opts.max_bytes || bytes.size() >= (1u << 31)) {
    return Error{"", 0, 0,
                 "文件过大（" + std::to_string(bytes.size()) + " 字节），超过 " +
                     std::to_string(std::min<size_t>(opts.max_bytes, (1u << 31) - 1)) +
                     " 字节的上限，未检查"};
  }
  try {
    Result<SourceText> r = [&]() -> Result<SourceText> {
      switch (format) {
        case Format::Markdown: return detail::ingest_md(bytes, opts);
        case Format::Docx: return detail::ingest_docx(bytes, opts);
        case Format::Odt: return detail::ingest_odt(bytes, opts);
        case Format::Text: break;
      }
      return detail::ingest_txt(bytes, opts);
    }();
    if (r && format != Format::Markdown && !r->blocks.empty()) {
      // A first line (first Word paragraph) `fzlint: partial` marks the file as an excerpt; it
      // is an instruction to fzlint, not a line of the report (so never taken for its title).
      const ByteSpan first = r->blocks.front().span;
      if (detail::is_partial_directive(std::string_view(r->text).substr(first.begin, first.size()))) {
        r->partial = true;
        r->partial_directive = first;
        r->blocks.erase(r->blocks.begin());
      }
    }
    if (r) {
      auto& issues = r->issues;
      std::stable_sort(issues.begin(), issues.end(), [](const InputIssue& a, const InputIssue& b) {
        return a.span.begin < b.span.begin;
      });
    }
    return r;
  } catch (const std::bad_alloc&) {
    return Error{"", 0, 0, "内存不足，无法读取该文件"};
  } catch (const std::exception& e) {
    return Error{"", 0, 0, std::string("读取文件时出错：") + e.what()};
  }
}

}  // namespace fz::ingest

namespace fz::ingest {

std::string dump(const SourceText& st) {
  auto span = [](ByteSpan s) {
    return "[" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")";
  };
  auto excerpt = [&](ByteSpan s) {
    std::string out;
    const size_t b = std::min<size_t>(s.begin, st.text.size());
    const size_t e = std::min<size_t>(std::max(s.end, s.begin), st.text.size());
    for (size_t i = b; i < e; ++i) {
      const char c = st.text[i];
      if (c == '\r' && i + 1 < e && st.text[i + 1] == '\n') continue;
      if (c == '\n' || c == '\r') {
        out += "⏎";
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string out = "format=" + std::string(to_string(st.format)) + " encoding=" + st.encoding +
                    " bom=" + (st.had_bom ? "yes" : "no") + "\n";
  for (const Block& b : st.blocks) {
    out += b.kind == Block::Kind::Heading ? "H" + std::to_string(b.heading_level) : std::string("P");
    out += " " + span(b.span) + " " + excerpt(b.span) + "\n";
  }
  for (const Directive& d : st.directives) {
    out += d.kind == Directive::Kind::Disable    ? "disable"
           : d.kind == Directive::Kind::Enable   ? "enable"
                                                 : "disable-next-line";
    out += " " + span(d.span) + " ";
    for (size_t i = 0; i < d.rules.size(); ++i) out += (i ? "," : "") + d.rules[i];
    if (d.rules.empty()) out += "*";
    out += "\n";
  }
  if (st.partial) out += "partial " + span(st.partial_directive) + "\n";
  for (const InputIssue& is : st.issues)
    out += std::string(to_string(is.severity)) + " " + is.rule + " " + span(is.span) + " " +
           is.message + "\n";
  return out;
}

}  // namespace fz::ingest
