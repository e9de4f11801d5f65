// fz::ingest — turns the bytes of a draft (.txt, .md, .docx) into a SourceText: valid UTF-8
// plus what the outline parser needs to know about its layout. No I/O: callers pass bytes.
//
// Invariants:
//  * `text` is valid UTF-8. Invalid input bytes become U+FFFD and an InputIssue at that span.
//  * For .txt and .md, `text` keeps the original line breaks (CRLF, CR, LF), so a LineIndex over
//    `text` gives the line numbers of the original file. A UTF-8 BOM is dropped (not in `text`).
//  * For .docx, `text` is one line per Word paragraph (joined by "\n"); line N is paragraph N.
//    Footnotes and endnotes follow the body as a separate region (SourceText::notes, from
//    `body_end` on): their blocks are `note_blocks`, never `blocks`, so the outline of the body
//    is the same with or without notes.
//  * `blocks` cover the document's paragraphs in order, never overlap, and exclude markup
//    (Markdown `#`, list bullets, surrounding `**`) and surrounding white space. A .txt block is
//    one non-blank line. Blank lines are not blocks.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"
#include "support/result.h"

namespace fz::ingest {

enum class Format { Text, Markdown, Docx, Odt };

std::string_view to_string(Format f);
/// By extension (.md/.markdown → Markdown, .docx → Docx, .odt → Odt, anything else → Text).
Format format_from_path(std::string_view path);

/// One paragraph-like unit of the input.
struct Block {
  enum class Kind { Paragraph, Heading };
  Kind kind = Kind::Paragraph;
  int heading_level = 0;  ///< Markdown ATX/setext level 1–6 or docx Heading style; 0 otherwise
  ByteSpan span;          ///< content only, markup and surrounding white space excluded
};

/// An in-text suppression comment (Markdown `<!-- fzlint-disable a b -->` etc.).
struct Directive {
  enum class Kind { Disable, Enable, DisableNextLine };
  Kind kind = Kind::Disable;
  std::vector<std::string> rules;  ///< empty = all rules
  ByteSpan span;                   ///< the comment itself
};

/// A problem with the input file itself (reported as findings of category `input`).
struct InputIssue {
  std::string rule;  ///< e.g. "invalid-encoding", "mixed-line-endings"
  Severity severity = Severity::Warning;
  std::string message;  ///< Chinese
  ByteSpan span;
};

/// A footnote or endnote of a .docx (its paragraphs are lines after the body).
struct Note {
  enum class Kind : uint8_t { Footnote, Endnote };
  Kind kind = Kind::Footnote;
  uint32_t number = 0;      ///< 1-based, in the order Word numbers them (first reference in the body)
  uint32_t first_line = 0;  ///< 0-based line (= paragraph index) of its first paragraph
  uint32_t lines = 0;       ///< its paragraphs
};

struct SourceText {
  std::string text;
  Format format = Format::Text;
  /// "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE", "UTF-16BE" — what `encode` needs to write back.
  std::string encoding = "UTF-8";
  bool had_bom = false;
  std::vector<Block> blocks;
  std::vector<Directive> directives;
  std::vector<InputIssue> issues;
  /// .docx and .odt: per paragraph (= line), the code points of automatic numbering rendered at its
  /// start ("一、"), which Word shows but does not count as the paragraph's characters.
  std::vector<uint32_t> numbering_chars;
  /// The file says it is an excerpt: a first line `fzlint: partial` (.txt, .docx: the first
  /// paragraph) or a comment `<!-- fzlint: partial -->` (.md). The directive line is not a block.
  bool partial = false;
  ByteSpan partial_directive;  ///< where the directive is (empty when none)
  /// Markdown code spans, inline HTML and HTML comments, in document order: still checked, but
  /// no fix may edit them (--fix, --diff and LSP code actions drop such fixes).
  std::vector<ByteSpan> verbatim;
  /// .docx: the footnotes then endnotes Word shows, in that order, after the body. The body is
  /// text[0, body_end) (body_end ≥ text.size() when there are no notes); the note region starts
  /// after the "\n" at body_end. Its non-blank lines are `note_blocks` (outline::parse ignores
  /// them; engine::lint checks them as excerpt text with the text-level rules).
  std::vector<Note> notes;
  std::vector<Block> note_blocks;
  uint32_t body_end = UINT32_MAX;
  /// The body without the notes.
  std::string_view body() const {
    return std::string_view(text).substr(0, std::min<size_t>(body_end, text.size()));
  }
};

struct Options {
  size_t max_bytes = 16u << 20;  ///< refuse larger inputs
};

/// Decode and segment `bytes`. Errors (no line/column): binary data (NUL bytes in what is not
/// UTF-16), over the size limit, an unreadable .docx. Everything else is an InputIssue.
Result<SourceText> ingest(std::string_view bytes, Format format, const Options& opts = {});

/// One line per fact, for goldens and debugging (design.md §5.6): a header
/// `format=… encoding=… bom=yes|no`, then blocks `P [b,e) text` / `H2 [b,e) text`, directives
/// `disable-next-line [b,e) rule,rule` and issues `warning invalid-encoding [b,e) message`,
/// each in document order. Line breaks inside a block are shown as ⏎.
std::string dump(const SourceText& st);

/// Re-encode UTF-8 text in `encoding` (as reported in SourceText::encoding), BOM included when
/// the original had one. Used by --fix so that a GB18030 file stays GB18030.
Result<std::string> encode(std::string_view utf8, std::string_view encoding, bool bom);

}  // namespace fz::ingest
