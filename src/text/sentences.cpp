#include "text/sentences.h"

#include <algorithm>

#include "text/utf8.h"

namespace fz::text {

bool is_sentence_terminator(char32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x2026;
}

bool is_sentence_closer(char32_t c) {
  return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09 ||
         c == 0x300B || c == 0x3009 || c == 0x3011 || c == '"' || c == '\'' || c == ')' ||
         c == ']';
}

namespace {

bool is_ascii_terminator(char32_t c) { return c == '!' || c == '?' || c == ';' || c == '.'; }

struct Splitter {
  std::string_view text;
  size_t begin, end;
  std::vector<ByteSpan> out;

  void emit(size_t b, size_t e) {
    ByteSpan s = trim_span(text, {static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
    if (!s.empty()) out.push_back(s);
  }

  // After a terminator at [.., i) of the sentence starting at `start`: absorb more terminators
  // and closers; return the end. ASCII quotes are ambiguous (`。"八五"普法` opens one), so a
  // '"' or '\'' is taken only when the sentence so far has an odd number of them.
  size_t absorb(size_t start, size_t i) const {
    // Quote counts are taken once and updated as quotes are absorbed: linear even for a run of
    // a million quotes.
    auto count = [&](char q) {
      return std::count(text.begin() + static_cast<std::ptrdiff_t>(start),
                        text.begin() + static_cast<std::ptrdiff_t>(i), q);
    };
    std::ptrdiff_t dq = -1, sq = -1;
    while (i < end) {
      Decoded d = decode_utf8(text, i);
      if (i + d.len > end) break;
      if (d.cp == '"' || d.cp == '\'') {
        std::ptrdiff_t& n = d.cp == '"' ? dq : sq;
        if (n < 0) n = count(static_cast<char>(d.cp));
        if (n % 2 == 0) break;
        ++n;
      } else if (!(is_sentence_terminator(d.cp) || is_sentence_closer(d.cp) ||
                   (d.cp < 0x80 && is_ascii_terminator(d.cp)))) {
        break;
      }
      i += d.len;
    }
    return i;
  }

  // Next non-space character at or after i is CJK, or there is none.
  bool followed_by_cjk_or_end(size_t i) const {
    while (i < end) {
      Decoded d = decode_utf8(text, i);
      if (i + d.len > end) return true;
      if (!is_space(d.cp)) return is_cjk(d.cp);
      i += d.len;
    }
    return true;
  }

  void run() {
    size_t start = begin;
    size_t i = begin;
    size_t book_close = 0;  // end of the balanced 《…》 we are inside (0 = none)
    size_t no_close_from = std::string_view::npos;  // a 《 at/after this has no 》 left
    // Only a few characters break or open anything: the terminators (。！？；… — leads E3, EF,
    // E2 — and ASCII !?;.), 《 (E3) and line breaks. The walk jumps from one byte that may
    // start one to the next (none of these bytes is a continuation byte, so each is where a
    // character starts) and decodes only there; everything in between, and everything inside
    // a balanced 《…》, is stepped over at once.
    static const ByteSet kStops("\xE2\xE3\xEF!?;.\n\r");
    while (i < end) {
      if (i < book_close) i = book_close;  // inside 《…》: nothing breaks
      i = kStops.find(text, i, end);
      if (i >= end) break;
      Decoded d = decode_utf8(text, i);
      if (d.len == 0 || i + d.len > end) break;
      const size_t next = i + d.len;
      if (d.cp == 0x300A) {  // 《 — skip to its 》 when there is one in the span
        if (no_close_from == std::string_view::npos || i < no_close_from) {
          size_t close = text.substr(0, end).find("\xE3\x80\x8B", next);  // 》
          if (close != std::string_view::npos) {
            book_close = close;
          } else {
            no_close_from = i;
          }
        }
        i = next;
        continue;
      }
      // "3.5" is a number, not a sentence end: the character before the '.' is an ASCII digit
      // (never at a sentence's start, which follows a terminator or white space).
      const bool after_digit = i > start && text[i - 1] >= '0' && text[i - 1] <= '9';
      if (is_sentence_terminator(d.cp) ||
          (d.cp < 0x80 && is_ascii_terminator(d.cp) && !(d.cp == '.' && after_digit) &&
           followed_by_cjk_or_end(next))) {
        size_t e = absorb(start, next);
        emit(start, e);
        start = i = e;
        continue;
      }
      if (d.cp == '\n' || d.cp == '\r') {
        // Count line breaks in this run of white space; two or more = blank line = hard break.
        size_t j = i, breaks = 0;
        while (j < end) {
          char c = text[j];
          if (c == '\r') {
            ++breaks;
            j += (j + 1 < end && text[j + 1] == '\n') ? 2 : 1;
          } else if (c == '\n') {
            ++breaks;
            ++j;
          } else if (c == ' ' || c == '\t') {
            ++j;
          } else {
            break;
          }
        }
        if (breaks >= 2) {
          emit(start, i);
          start = j;
        }
        i = j;
        continue;
      }
      i = next;
    }
    emit(start, end);
  }
};

}  // namespace

std::vector<ByteSpan> split_sentences(std::string_view text, ByteSpan within) {
  Splitter s{text, std::min<size_t>(within.begin, text.size()),
             std::min<size_t>(std::max(within.end, within.begin), text.size()), {}};
  s.run();
  return std::move(s.out);
}

}  // namespace fz::text
