// fz::annotate — hand the review back inside Word: a copy of a .docx with one Word comment per
// finding, anchored on the exact characters, and (optionally) each safe fix as a tracked change.
// No I/O and no clock: the caller passes the original bytes, the findings and the date, and
// writes the returned bytes (atomically) itself. Used by `fzlint annotate` and `fzlint serve`.
//
// Contract:
//  * `findings` are spans into the SourceText that fz::ingest::ingest() made from the SAME bytes
//    (one line per Word paragraph); annotate() re-reads the package with the reader's own model
//    (ingest/docx_model.h) to map each span to w:t nodes, and refuses if the texts disagree.
//  * Only word/document.xml, the comments part (word/comments.xml, created or extended; existing
//    comment ids are kept and new ids are above every id in use), [Content_Types].xml and
//    word/_rels/document.xml.rels change, and the last two only when the comments part is new.
//    Every other ZIP entry is copied unchanged (its compressed bytes are not re-encoded).
//  * Comments: author/initials/date from Options; text = message, then the suggestion (the fix's
//    replacement) if any, then "规则：<id>". Anchors: w:commentRangeStart before the first
//    character, w:commentRangeEnd after the last, then a run with w:commentReference. Runs are
//    split where a span starts or ends inside them; both halves keep the run's w:rPr.
//  * A finding whose span is empty, or lies in text Word renders itself (automatic numbering),
//    or is the whole document, is anchored on its paragraph; a finding at offset 0 with an empty
//    span (a missing part of the report) on the title (the first non-empty paragraph).
//  * Footnotes and endnotes (read after the body, as ingest reads them): a finding there is
//    commented on the note's reference mark in the body, the comment starting with where in
//    the note it is ("脚注1第10字：“。。”"), unless comments_in_notes; its tracked fix goes
//    into word/footnotes.xml / word/endnotes.xml, which then change too (only then).
//  * track_fixes: each fix of a finding becomes w:del (the old runs, w:t → w:delText) followed
//    by w:ins (one new run with the first old run's w:rPr), author/date from Options, when the
//    fix's characters are plain runs of one paragraph that are siblings and not already inside a
//    tracked change; the comment then says 已作为修订提出. Other fixes stay suggestions only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"
#include "support/result.h"

namespace fz::ingest {
struct SourceText;
}

namespace fz::annotate {

struct Options {
  std::string author = "fzlint";
  std::string initials = "FZ";
  std::string date;           ///< ISO 8601, e.g. "2026-11-27T13:05:00Z"; "" = no w:date
  bool track_fixes = false;   ///< safe fixes as tracked changes (w:del + w:ins)
  /// A finding in a footnote or endnote: its comment on the exact characters inside the note
  /// (Word shows it; LibreOffice 7.4 then cannot open the file at all) instead of on the note's
  /// reference mark in the body, with "脚注1第10字：“…”" first in the comment (the default).
  bool comments_in_notes = false;
  size_t max_bytes = 16u << 20;  ///< the ingest limit; decompressed parts are capped at ×8
};

struct Annotated {
  std::string docx;          ///< the new package
  size_t comments = 0;       ///< comments added (== findings given)
  size_t tracked = 0;        ///< fixes written as tracked changes
  size_t untracked = 0;      ///< fixes that could not be tracked (left as suggestions)
};

/// Annotate `docx` (the original bytes) with `findings` (spans into `src`, which ingest() made
/// from these bytes). Errors (Chinese): unreadable package, a text that does not match `src`.
Result<Annotated> annotate_docx(std::string_view docx, const ingest::SourceText& src,
                                const std::vector<Finding>& findings, const Options& opts);

/// The comment text of one finding (paragraphs joined by "\n"), as annotate_docx writes it.
std::string comment_text(const Finding& f, bool tracked);

}  // namespace fz::annotate
