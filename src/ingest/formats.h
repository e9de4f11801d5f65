// Internal: one entry point per input format, called by ingest() (ingest.cpp). Each returns a
// complete SourceText (text, encoding, blocks, directives, issues) or an Error.
#pragma once

#include <string_view>
#include <vector>

#include "ingest/source_text.h"

namespace fz::ingest::detail {

Result<SourceText> ingest_txt(std::string_view bytes, const Options& opts);
Result<SourceText> ingest_md(std::string_view bytes, const Options& opts);
Result<SourceText> ingest_docx(std::string_view bytes, const Options& opts);

/// One Paragraph block per non-blank line of `text[within]`, trimmed (design: a .txt block is
/// one non-blank line). Lines are split at LF, CRLF and CR.
void line_blocks(std::string_view text, ByteSpan within, std::vector<Block>& out);

/// True when `s` (white space around it ignored) is the excerpt directive `fzlint: partial`
/// (also `fzlint:partial`, a full-width colon, any case of the two words).
bool is_partial_directive(std::string_view s);

}  // namespace fz::ingest::detail
