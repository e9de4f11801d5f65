// Internal: one entry point per input format, called by ingest() (ingest.cpp). Each returns a
// complete SourceText (text, encoding, blocks, directives, issues) or an Error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/source_text.h"

namespace fz::ingest::detail {

Result<SourceText> ingest_txt(std::string_view bytes, const Options& opts);
Result<SourceText> ingest_md(std::string_view bytes, const Options& opts);
Result<SourceText> ingest_docx(std::string_view bytes, const Options& opts);
Result<SourceText> ingest_odt(std::string_view bytes, const Options& opts);

/// One paragraph of a word-processor document as its reader rendered it.
struct ParaText {
  std::string_view text;
  int level = 0;                 ///< heading level, 0 = body text
  uint32_t numbering_chars = 0;  ///< code points of automatic numbering at its start
};

/// The SourceText of a .docx/.odt: one line per paragraph (joined by "\n"), a block per
/// non-blank one (Heading when level > 0), invalid UTF-8 as issues, the usual text issues.
/// Errors: the text is over Options::max_bytes.
Result<SourceText> join_paragraphs(Format format, const std::vector<ParaText>& paras,
                                   const Options& opts);

/// `n` written in a Word number format (w:numFmt: decimal, chineseCounting, upperRoman, …),
/// shared by the .docx and .odt readers' automatic numbering.
std::string render_number(int n, std::string_view word_fmt);

/// One Paragraph block per non-blank line of `text[within]`, trimmed (design: a .txt block is
/// one non-blank line). Lines are split at LF, CRLF and CR.
void line_blocks(std::string_view text, ByteSpan within, std::vector<Block>& out);

/// True when `s` (white space around it ignored) is the excerpt directive `fzlint: partial`
/// (also `fzlint:partial`, a full-width colon, any case of the two words).
bool is_partial_directive(std::string_view s);

}  // namespace fz::ingest::detail
