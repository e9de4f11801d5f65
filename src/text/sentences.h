// fz::text::split_sentences — sentence segmentation tuned for Chinese official prose.
//
// ICU's BreakIterator does not treat ； as a sentence end and breaks inside book titles, while
// the rules (one sentence per 一是…；, quotations of 《…》) need exactly that; so the rule is ours:
//  * A sentence ends after a run of terminators 。！？；… (U+3002, FF01, FF1F, FF1B, U+2026) and
//    the closing quotes/brackets that follow it (” ’ 」 』 ） 》 〉 】 " ' ) ]), so `他说：“好。”`
//    is one sentence including the ”.
//  * ASCII ! ? ; . end a sentence only when the next non-space character is CJK or the end of
//    the span; a '.' after an ASCII digit never does ("1.加强学习", "95.5%").
//  * Nothing inside a balanced 《…》 ends a sentence (titles of laws contain punctuation).
//  * A blank line (two or more line breaks) always ends a sentence; a single line break does
//    not (Markdown soft wrap inside a paragraph).
//  * Each sentence span excludes leading and trailing white space (incl. U+3000, NBSP,
//    zero-width); white-space-only pieces are dropped. Spans are in order and never overlap.
#pragma once

#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::text {

/// Sentences of `text[within]` (within is clamped to the text), as byte spans into `text`.
std::vector<ByteSpan> split_sentences(std::string_view text, ByteSpan within);

/// True for the full-width and ellipsis sentence terminators 。！？；…
bool is_sentence_terminator(char32_t cp);
/// True for the closing quotes and brackets kept with a preceding terminator.
bool is_sentence_closer(char32_t cp);

}  // namespace fz::text
