// fz::outline — a report's section tree (title, front matter, intro, sections by the
// GB/T 9704 marker hierarchy 一、 → （一） → 1. → （1）, run-in headings, enumerations,
// sentences, signature and date). Built from an ingest::SourceText by outline::parse.
//
// Invariants:
//  * Every span is a byte range into the SourceText's `text`; the Document keeps a view of it,
//    so the SourceText must outlive the Document.
//  * Section::level is the depth in the tree (1 = top). Marker::level is the level the marker's
//    *form* belongs to (一、 = 1, （一） = 2, 1. = 3, （1） = 4). They differ when a draft reuses
//    a top-level marker as a child or skips a level; rules compare the two.
//  * Children are in document order; a section's `span` covers its heading, body and children.
//  * The parser never fails: anything it cannot place becomes a body paragraph of the
//    enclosing node (or of the intro).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"
#include "support/result.h"

namespace fz::ingest {
struct SourceText;
}

namespace fz::outline {

/// A sequence marker at the start of a heading ("一、", "（一）", "1.", "（1）" and variants).
struct Marker {
  ByteSpan span;           ///< the marker text, e.g. "（一）" or "(一)" or "一）"
  int level = 0;           ///< level of the marker form (1–4); 0 = no marker
  int ordinal = 0;         ///< 一 → 1, （十二） → 12, 3. → 3
  std::string form;        ///< variant id from the grammar, e.g. "paren-full", "paren-half",
                           ///< "paren-mixed", "paren-missing-open", "paren-dunhao", "dunhao",
                           ///< "dot", "arabic-dunhao", "markdown" (heading without marker)
  bool canonical = true;   ///< form is the level's canonical form
  std::string canonical_text;  ///< how this marker should be written, e.g. "（一）"
};

/// One sentence (ICU-style break tuned for Chinese: 。！？；… and closing quotes).
struct Sentence {
  ByteSpan span;
};

/// An inline enumeration item: 一是… / 二是… or 第一，… / 第二，….
struct EnumItem {
  ByteSpan span;         ///< from the marker to just before the next item (or paragraph end)
  ByteSpan marker_span;  ///< "一是" / "第一，"
  int ordinal = 0;
  std::string style;     ///< "shi" (一是) or "di" (第一)
};

struct Paragraph {
  ByteSpan span;
  std::vector<Sentence> sentences;
  std::vector<EnumItem> items;
};

struct Section {
  Marker marker;
  int level = 1;           ///< tree depth, 1-based
  ByteSpan span;           ///< heading + body + children
  ByteSpan heading_span;   ///< marker + title (for run-in headings: up to and incl. the end mark)
  ByteSpan title_span;     ///< title text without marker and without the terminal mark
  bool run_in = false;     ///< body text continues on the heading's line
  std::vector<Paragraph> body;  ///< body paragraphs before the first child (run-in rest first)
  std::vector<Section> children;
};

struct Title {
  ByteSpan span;                 ///< from first to last title line
  std::vector<ByteSpan> lines;   ///< each physical line of the title
  std::string text;              ///< the lines joined without the line breaks
};

struct FrontMatter {
  enum class Kind { Salutation, Subtitle, WebChrome, Other };
  Kind kind = Kind::Other;
  ByteSpan span;
};

struct DateInfo {
  ByteSpan span;
  int year = 0, month = 0, day = 0;
  bool zero_padded = false;  ///< "2025年01月05日"
};

struct Document {
  std::string_view text;
  std::optional<Title> title;
  std::vector<FrontMatter> front;
  std::vector<Paragraph> intro;      ///< paragraphs before the first section
  std::vector<Section> sections;     ///< top-level sections
  std::optional<ByteSpan> signature; ///< closing issuer line(s)
  std::optional<DateInfo> date;      ///< closing 成文日期

  /// Compact indented dump, one node per line (used by goldens and `fzlint parse`).
  std::string dump() const;
  /// JSON rendering of the tree (spans as byte offsets and text excerpts).
  std::string to_json() const;
};

/// Marker hierarchy and tolerated variants, read from grammars/outline.toml.
struct Grammar;

/// Parse a grammar TOML; errors carry origin:line:col.
Result<std::shared_ptr<const Grammar>> load_grammar(std::string_view toml, std::string_view origin);
/// The grammar embedded at build time from grammars/outline.toml.
std::shared_ptr<const Grammar> default_grammar();

/// Build the tree. Never fails.
Document parse(const ingest::SourceText& src, const Grammar& grammar);
Document parse(const ingest::SourceText& src);
/// The footnotes and endnotes of a .docx (SourceText::note_blocks) as a Document of their own:
/// every note paragraph an `intro` paragraph (sentences, enumeration items), no title, no
/// sections, no closing; `text` is the whole SourceText, so spans stay offsets into it.
Document parse_notes(const ingest::SourceText& src);

/// Convenience: visit every section depth-first (pre-order).
template <class F>
void for_each_section(const std::vector<Section>& secs, F&& f) {
  for (const auto& s : secs) {
    f(s);
    for_each_section(s.children, f);
  }
}

/// The text of a span.
inline std::string_view slice(std::string_view text, ByteSpan s) {
  return text.substr(s.begin, s.end - s.begin);
}

}  // namespace fz::outline
