#include "ingest/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include "text/utf8.h"

namespace fz::ingest {

namespace {

constexpr size_t kMaxEncodingIssues = 100;  // further runs are summarised in one issue

std::string hex_cp(char32_t cp) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string s;
  for (int shift = (cp > 0xFFFF ? 16 : 12); shift >= 0; shift -= 4) s += kDigits[(cp >> shift) & 0xF];
  return "U+" + s;
}

// Accumulates decoded UTF-8 and merges consecutive bad bytes into one issue each.
class Builder {
 public:
  explicit Builder(std::string encoding) : encoding_(std::move(encoding)) {}

  std::string& out() { return out_; }
  void cp(char32_t c) { text::append_utf8(out_, c); }

  /// Raw input bytes that could not be decoded: one U+FFFD, merged with an adjacent run.
  void bad(std::string_view raw) {
    ++errors_;
    const auto here = static_cast<uint32_t>(out_.size());
    if (!runs_.empty() && runs_.back().span.end == here) {
      runs_.back().bytes.append(raw);
    } else {
      runs_.push_back({{here, here}, std::string(raw)});
    }
    text::append_utf8(out_, text::kReplacementChar);
    runs_.back().span.end = static_cast<uint32_t>(out_.size());
  }

  size_t errors() const { return errors_; }

  DecodedText finish(bool had_bom) && {
    DecodedText d;
    d.text = std::move(out_);
    d.encoding = encoding_;
    d.had_bom = had_bom;
    const size_t listed = std::min(runs_.size(), kMaxEncodingIssues);
    for (size_t i = 0; i < listed; ++i) {
      InputIssue is;
      is.rule = "invalid-encoding";
      is.severity = Severity::Warning;
      is.message = "按 " + encoding_ + " 解码时遇到无效字节 " + hex_bytes(runs_[i].bytes) +
                   "，已替换为 U+FFFD（�）；请确认文件编码或修复损坏的字符";
      is.span = runs_[i].span;
      d.issues.push_back(std::move(is));
    }
    if (runs_.size() > listed) {
      InputIssue is;
      is.rule = "invalid-encoding";
      is.severity = Severity::Warning;
      is.message = "另有 " + std::to_string(runs_.size() - listed) + " 处无效字节按 " +
                   encoding_ + " 无法解码（未逐一列出），文件编码可能判断有误或文件已损坏";
      is.span = runs_[listed].span;
      d.issues.push_back(std::move(is));
    }
    return d;
  }

 private:
  struct Run {
    ByteSpan span;
    std::string bytes;
  };
  std::string encoding_;
  std::string out_;
  std::vector<Run> runs_;
  size_t errors_ = 0;
};

// ---- UTF-8 ----------------------------------------------------------------------------------

struct Utf8Stats {
  size_t multibyte = 0;  // valid sequences of 2–4 bytes
  size_t invalid = 0;    // invalid maximal subparts
};

Utf8Stats utf8_stats(std::string_view b) {
  Utf8Stats s;
  for (size_t i = 0; i < b.size();) {
    text::Decoded d = text::decode_utf8(b, i);
    if (!d.valid) ++s.invalid;
    else if (d.len > 1) ++s.multibyte;
    i += d.len;
  }
  return s;
}

DecodedText decode_utf8_lossy(std::string_view b, const std::string& name, bool bom) {
  Builder out(name);
  out.out().reserve(b.size() + 16);
  size_t i = 0;
  while (i < b.size()) {
    const size_t ok = text::valid_utf8_prefix(b.substr(i));
    out.out().append(b.substr(i, ok));
    i += ok;
    if (i >= b.size()) break;
    text::Decoded d = text::decode_utf8(b, i);
    out.bad(b.substr(i, d.len));
    i += d.len;
  }
  return std::move(out).finish(bom);
}

// ---- UTF-16 / UTF-32 ------------------------------------------------------------------------

DecodedText decode_utf16(std::string_view b, bool little, bool bom) {
  Builder out(little ? "UTF-16LE" : "UTF-16BE");
  out.out().reserve(b.size() * 3 / 2 + 16);
  auto unit = [&](size_t i) -> char16_t {
    const auto lo = static_cast<unsigned char>(b[i + (little ? 0 : 1)]);
    const auto hi = static_cast<unsigned char>(b[i + (little ? 1 : 0)]);
    return static_cast<char16_t>(lo | (hi << 8));
  };
  size_t i = 0;
  while (i + 1 < b.size()) {
    const char16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < b.size()) {
      const char16_t v = unit(i + 2);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        out.cp(0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (v - 0xDC00));
        i += 4;
        continue;
      }
    }
    if ((u >= 0xD800 && u <= 0xDFFF) || u == 0) {
      out.bad(b.substr(i, 2));  // unpaired surrogate, or NUL inside text
    } else {
      out.cp(u);
    }
    i += 2;
  }
  if (i < b.size()) out.bad(b.substr(i));  // odd trailing byte
  return std::move(out).finish(bom);
}

DecodedText decode_utf32(std::string_view b, bool little, bool bom) {
  Builder out(little ? "UTF-32LE" : "UTF-32BE");
  size_t i = 0;
  for (; i + 3 < b.size(); i += 4) {
    char32_t c = 0;
    for (int k = 0; k < 4; ++k) {
      const auto byte = static_cast<unsigned char>(b[i + (little ? 3 - k : k)]);
      c = (c << 8) | byte;
    }
    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      out.bad(b.substr(i, 4));
    } else {
      out.cp(c);
    }
  }
  if (i < b.size()) out.bad(b.substr(i));
  return std::move(out).finish(bom);
}

// ---- ICU converters -------------------------------------------------------------------------

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_converter(const std::string& name) {
  UErrorCode e = U_ZERO_ERROR;
  ConverterPtr c(ucnv_open(name.c_str(), &e));
  if (U_FAILURE(e)) return nullptr;
  return c;
}

// Decodes with an ICU converter; each illegal/unmappable sequence becomes U+FFFD and a bad run.
// Returns false when the converter cannot be opened.
bool decode_icu(std::string_view b, const std::string& name, DecodedText& result) {
  ConverterPtr cnv = open_converter(name);
  if (!cnv) return false;
  UErrorCode e = U_ZERO_ERROR;
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &e);
  if (U_FAILURE(e)) return false;

  Builder out(name);
  out.out().reserve(b.size() * 3 / 2 + 16);
  // Every input byte yields at most two UTF-16 units (four-byte GB18030 → surrogate pair), so a
  // chunk buffer of 2×chunk + slack never overflows; we still loop on U_BUFFER_OVERFLOW_ERROR.
  std::vector<UChar> buf(8192);
  const char* src = b.data();
  const char* const limit = b.data() + b.size();
  char32_t pending_high = 0;  // a high surrogate waiting for its low half across chunks
  auto flush_units = [&](const UChar* from, const UChar* to) {
    for (const UChar* p = from; p < to; ++p) {
      const char16_t u = *p;
      if (pending_high) {
        if (u >= 0xDC00 && u <= 0xDFFF) {
          out.cp(0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00));
          pending_high = 0;
          continue;
        }
        out.cp(text::kReplacementChar);
        pending_high = 0;
      }
      if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high = u;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        out.cp(text::kReplacementChar);
      } else {
        out.cp(u);
      }
    }
  };
  for (int guard = 0; guard < (1 << 28); ++guard) {
    UChar* target = buf.data();
    e = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, buf.data() + buf.size(), &src, limit, nullptr, true, &e);
    flush_units(buf.data(), target);
    if (e == U_BUFFER_OVERFLOW_ERROR) continue;
    if (e == U_ILLEGAL_CHAR_FOUND || e == U_INVALID_CHAR_FOUND || e == U_TRUNCATED_CHAR_FOUND) {
      if (pending_high) {
        out.cp(text::kReplacementChar);
        pending_high = 0;
      }
      char bad[64];
      int8_t len = sizeof bad;
      UErrorCode e2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(cnv.get(), bad, &len, &e2);
      if (U_FAILURE(e2) || len <= 0) {
        out.bad(std::string_view(src > b.data() ? src - 1 : src, src > b.data() ? 1 : 0));
      } else {
        out.bad(std::string_view(bad, static_cast<size_t>(len)));
      }
      if (src >= limit) break;
      continue;
    }
    break;  // done (or an unexpected error: keep what we have)
  }
  if (pending_high) out.cp(text::kReplacementChar);
  result = std::move(out).finish(false);
  return true;
}

size_t count_errors(const DecodedText& d) {
  size_t n = 0;
  for (const auto& is : d.issues) n += text::count_code_points(d.text, is.span);
  return n;
}

// Code points that real Chinese text essentially never contains, counted against a decoding:
// private use (mis-decoded GB18030 user-defined area) and C1 controls.
size_t count_unlikely(std::string_view t) {
  size_t n = 0;
  for (size_t i = 0; i < t.size();) {
    text::Decoded d = text::decode_utf8(t, i);
    if ((d.cp >= 0xE000 && d.cp <= 0xF8FF) || (d.cp >= 0x80 && d.cp <= 0x9F)) ++n;
    i += d.len ? d.len : 1;
  }
  return n;
}

bool is_cjk_charset(std::string_view n) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "GB18030", "Big5", "EUC-JP", "Shift_JIS", "EUC-KR", "ISO-2022-CN", "ISO-2022-JP",
      "ISO-2022-KR"};
  return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
}

// The detector's best CJK guess (name, confidence); empty when it has none.
std::pair<std::string, int> detect_cjk(std::string_view b) {
  UErrorCode e = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&e);
  if (U_FAILURE(e)) return {};
  std::pair<std::string, int> best;
  const auto len = static_cast<int32_t>(std::min<size_t>(b.size(), 1u << 20));
  ucsdet_setText(det, b.data(), len, &e);
  int32_t found = 0;
  const UCharsetMatch** all = U_SUCCESS(e) ? ucsdet_detectAll(det, &found, &e) : nullptr;
  for (int32_t i = 0; all && U_SUCCESS(e) && i < found; ++i) {
    UErrorCode e2 = U_ZERO_ERROR;
    const char* name = ucsdet_getName(all[i], &e2);
    const int32_t conf = ucsdet_getConfidence(all[i], &e2);
    if (U_SUCCESS(e2) && name && is_cjk_charset(name)) {
      best = {name, conf};
      break;  // matches are sorted by confidence
    }
  }
  ucsdet_close(det);
  return best;
}

DecodedText decode_unknown(std::string_view b) {
  const Utf8Stats st = utf8_stats(b);
  if (st.multibyte >= 4 * st.invalid && st.multibyte > 0) return decode_utf8_lossy(b, "UTF-8", false);

  // Fast path for the common case: GB2312-area text (both bytes of nearly every pair in
  // A1–FE) that decodes cleanly as GB18030 needs no detector (ucsdet costs milliseconds).
  // Big5, the other two-byte charset that decodes "cleanly" as GBK, fails the ratio: about
  // 40% of its trail bytes are 40–7E.
  {
    size_t pairs = 0, gb2312 = 0;
    for (size_t i = 0; i + 1 < b.size();) {
      const auto c = static_cast<unsigned char>(b[i]);
      if (c < 0x81 || c == 0xFF) {
        ++i;
        continue;
      }
      const auto d = static_cast<unsigned char>(b[i + 1]);
      if (d >= 0x30 && d <= 0x39) {  // four-byte GB18030 sequence
        i += 4;
        continue;
      }
      ++pairs;
      if (c >= 0xA1 && c <= 0xF7 && d >= 0xA1 && d <= 0xFE) ++gb2312;
      i += 2;
    }
    if (pairs >= 8 && gb2312 * 10 >= pairs * 9) {
      DecodedText d;
      if (decode_icu(b, "GB18030", d) && d.issues.empty() && count_unlikely(d.text) == 0) return d;
    }
  }

  // Candidates in order of preference on ties.
  std::vector<std::string> names;
  auto [guess, conf] = detect_cjk(b);
  if (!guess.empty() && guess != "GB18030" && conf >= 50) names.push_back(guess);
  names.push_back("GB18030");
  if (!guess.empty() && guess != "GB18030" && conf < 50) names.push_back(guess);

  DecodedText best = decode_utf8_lossy(b, "UTF-8", false);
  size_t best_score = count_errors(best) * 4 + count_unlikely(best.text);
  bool have_icu = false;
  for (const auto& n : names) {
    DecodedText d;
    if (!decode_icu(b, n, d)) continue;
    const size_t score = count_errors(d) * 4 + count_unlikely(d.text);
    // ICU candidates are preferred over lossy UTF-8 on ties (st says UTF-8 is unlikely here).
    if (!have_icu ? score <= best_score : score < best_score) {
      best = std::move(d);
      best_score = score;
      have_icu = true;
    }
  }
  return best;
}

bool clean_text(const DecodedText& d) {
  if (!d.issues.empty()) return false;
  for (unsigned char c : d.text)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
  return true;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

const char* invisible_name(char32_t c) {
  switch (c) {
    case 0x200B: return "零宽空格";
    case 0x200C: return "零宽不连字";
    case 0x200D: return "零宽连字";
    case 0x200E: case 0x200F: return "方向标记";
    case 0x2060: return "词连接符";
    case 0xFEFF: return "零宽不换行空格（BOM）";
    case 0x00AD: return "软连字符";
    default: return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ? "双向控制字符"
                                                                                   : "不可见格式字符";
  }
}

}  // namespace

std::string hex_bytes(std::string_view bytes) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string s;
  const size_t n = std::min<size_t>(bytes.size(), 16);
  for (size_t i = 0; i < n; ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (i) s += ' ';
    s += "0x";
    s += kDigits[b >> 4];
    s += kDigits[b & 0xF];
  }
  if (bytes.size() > n) s += " …（共 " + std::to_string(bytes.size()) + " 字节）";
  return s;
}

DecodedText decode_as(std::string_view b, std::string_view encoding) {
  const std::string name(encoding);
  if (name == "UTF-8" || name == "UTF-8 (BOM)") return decode_utf8_lossy(b, "UTF-8", false);
  if (name == "UTF-16LE") return decode_utf16(b, true, false);
  if (name == "UTF-16BE") return decode_utf16(b, false, false);
  if (name == "UTF-32LE") return decode_utf32(b, true, false);
  if (name == "UTF-32BE") return decode_utf32(b, false, false);
  DecodedText d;
  if (decode_icu(b, name, d)) return d;
  return decode_utf8_lossy(b, "UTF-8", false);
}

Result<DecodedText> decode_text(std::string_view b, const Options& opts) {
  if (b.size() > opts.max_bytes) {
    return Error{"", 0, 0,
                 "文件过大（" + std::to_string(b.size()) + " 字节），超过 " +
                     std::to_string(opts.max_bytes) + " 字节的上限，未检查"};
  }
  // BOMs: UTF-32 before UTF-16 (FF FE 00 00 starts with the UTF-16LE BOM).
  if (starts_with(b, "\xEF\xBB\xBF")) {
    DecodedText d = decode_utf8_lossy(b.substr(3), "UTF-8", true);
    d.encoding = "UTF-8 (BOM)";
    return d;
  }
  if (starts_with(b, std::string_view("\xFF\xFE\x00\x00", 4))) return decode_utf32(b.substr(4), true, true);
  if (starts_with(b, std::string_view("\x00\x00\xFE\xFF", 4))) return decode_utf32(b.substr(4), false, true);
  if (starts_with(b, "\xFF\xFE")) return decode_utf16(b.substr(2), true, true);
  if (starts_with(b, "\xFE\xFF")) return decode_utf16(b.substr(2), false, true);

  // Well-known binary containers, named so the user knows what to do.
  if (starts_with(b, "%PDF-"))
    return Error{"", 0, 0, "这是 PDF 文件，不是文本，未检查；请提供 .txt、.md 或 .docx 格式的报告"};
  // RTF is 7-bit text full of control words ({\rtf1\ansi\ansicpg936…): linting it as text
  // would report the markup, not the report.
  if (starts_with(b, "{\\rtf"))
    return Error{"", 0, 0, "这是 RTF 文件，未检查（RTF 控制字不是报告正文）；请在 Word/WPS 中另存为 "
                           ".docx 或 .txt，或运行：soffice --headless --convert-to docx 文件.rtf"};
  if (starts_with(b, std::string_view("PK\x03\x04", 4)))
    return Error{"", 0, 0, "二进制文件，不是文本（ZIP 压缩包，可能是 Word 文档），未检查；"
                           "如为 Word 文档请使用 .docx 扩展名"};
  if (starts_with(b, "\xD0\xCF\x11\xE0"))
    return Error{"", 0, 0, "二进制文件，不是文本（旧版 Word .doc/WPS 文件），未检查；"
                           "请在 Word/WPS 中另存为 .docx 或 .txt"};

  const size_t nul = b.find('\0');
  if (nul != std::string_view::npos) {
    // UTF-16 without BOM: try both byte orders; the right one is clean text with line breaks
    // (a wrong reading turns "\n\0" into U+0A00, so it has none). Binary data fails both.
    if (b.size() % 2 == 0) {
      DecodedText best;
      size_t best_breaks = 0;
      for (bool little : {true, false}) {
        DecodedText d = decode_utf16(b, little, false);
        if (!clean_text(d)) continue;
        const auto breaks = static_cast<size_t>(std::count(d.text.begin(), d.text.end(), '\n') +
                                                std::count(d.text.begin(), d.text.end(), '\r'));
        if (breaks > best_breaks) {
          best = std::move(d);
          best_breaks = breaks;
        }
      }
      if (best_breaks > 0) return best;
    }
    return Error{"", 0, 0,
                 "二进制文件，不是文本（第 " + std::to_string(nul + 1) + " 字节为 NUL），未检查"};
  }
  if (text::is_valid_utf8(b)) {
    DecodedText d;
    d.text.assign(b);
    return d;
  }
  return decode_unknown(b);
}

/// Whether an invisible character (text::is_invisible) is encoded at u[i].
static inline bool invisible_at(const unsigned char* u, size_t n, size_t i) {
  switch (u[i]) {
    case 0xC2: return i + 2 <= n && u[i + 1] == 0xAD;
    case 0xE1: return i + 3 <= n && u[i + 1] == 0xA0 && u[i + 2] == 0x8E;
    case 0xE2: {
      if (i + 3 > n) return false;
      const unsigned char c = u[i + 2];
      if (u[i + 1] == 0x80) return (c >= 0x8B && c <= 0x8F) || (c >= 0xAA && c <= 0xAE);
      if (u[i + 1] == 0x81) return (c >= 0xA0 && c <= 0xA4) || (c >= 0xA6 && c <= 0xA9);
      return false;
    }
    case 0xEF: return i + 3 <= n && u[i + 1] == 0xBB && u[i + 2] == 0xBF;
    default: return false;
  }
}

void add_text_issues(std::string_view t, std::vector<InputIssue>& issues) {
  // Line endings: count each kind and point at the first break of a minority kind. The breaks
  // are found with memchr: an LF is a break of its own unless a CR precedes it (then it is the
  // CR's CRLF); a CR is CRLF when an LF follows, else a CR of its own.
  size_t count[3] = {0, 0, 0};  // LF, CRLF, CR
  size_t first[3] = {0, 0, 0};
  const char* const data = t.data();
  const size_t size = t.size();
  auto each = [&](char c, auto&& f) {
    for (const void* p = size ? std::memchr(data, c, size) : nullptr; p;) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(p) - data);
      f(at);
      p = at + 1 < size ? std::memchr(data + at + 1, c, size - at - 1) : nullptr;
    }
  };
  // Without a CR there is one kind at most and nothing to report (the usual case).
  if (size && std::memchr(data, '\r', size)) {
    each('\n', [&](size_t at) {
      if (at > 0 && data[at - 1] == '\r') return;
      if (count[0]++ == 0) first[0] = at;
    });
    each('\r', [&](size_t at) {
      const int k = at + 1 < size && data[at + 1] == '\n' ? 1 : 2;
      if (count[k]++ == 0) first[k] = at;
    });
  }
  const char* kNames[3] = {"LF", "CRLF", "CR"};
  const int kinds = (count[0] > 0) + (count[1] > 0) + (count[2] > 0);
  if (kinds > 1) {
    const int major = static_cast<int>(std::max_element(count, count + 3) - count);
    int minor = -1;
    for (int k = 0; k < 3; ++k)
      if (k != major && count[k] && (minor < 0 || first[k] < first[minor])) minor = k;
    std::string summary;
    for (int k = 0; k < 3; ++k) {
      if (!count[k]) continue;
      if (!summary.empty()) summary += "、";
      summary += std::string(kNames[k]) + " " + std::to_string(count[k]) + " 处";
    }
    InputIssue is;
    is.rule = "mixed-line-endings";
    is.severity = Severity::Info;
    is.message = "换行符不统一（" + summary + "），此处起出现 " + kNames[minor] +
                 "；多见于拼接自不同来源的稿件，建议统一为 " + kNames[major];
    const auto b = static_cast<uint32_t>(first[minor]);
    is.span = {b, b + (minor == 1 ? 2u : 1u)};
    issues.push_back(std::move(is));
  }

  // Invisible characters: one issue per run, found by their bytes without decoding (the run
  // itself is decoded below). Each is encoded as one of C2 AD, E1 A0 8E, E2 80 8B–8F,
  // E2 80 AA–AE, E2 81 A0–A4, E2 81 A6–A9 or EF BB BF (text::is_invisible), and none of these
  // lead bytes is a continuation byte, so a character-by-character walk and this byte walk
  // stop at the same places, valid UTF-8 or not (test_ingest holds it to the decoding walk).
  const auto* u = reinterpret_cast<const unsigned char*>(data);
  static const text::ByteSet kLeads("\xC2\xE1\xE2\xEF");  // of the invisible characters
  for (size_t i = 0; (i = kLeads.find(t, i, size)) < size;) {
    if (!invisible_at(u, size, i)) {
      ++i;
      continue;
    }
    const size_t b = i;
    size_t n = 0;
    std::string kinds_seen;
    std::vector<char32_t> seen;
    while (i < t.size()) {
      text::Decoded e = text::decode_utf8(t, i);
      if (!e.valid || !text::is_invisible(e.cp)) break;
      if (std::find(seen.begin(), seen.end(), e.cp) == seen.end()) {
        seen.push_back(e.cp);
        if (!kinds_seen.empty()) kinds_seen += "、";
        kinds_seen += hex_cp(e.cp) + " " + invisible_name(e.cp);
      }
      ++n;
      i += e.len;
    }
    InputIssue is;
    is.rule = "invisible-characters";
    is.severity = Severity::Info;
    is.message = "正文中有 " + std::to_string(n) + " 个不可见字符（" + kinds_seen +
                 "），多由网页或聊天软件复制带入，会干扰检索、比对和字数统计，建议删除";
    is.span = {static_cast<uint32_t>(b), static_cast<uint32_t>(i)};
    issues.push_back(std::move(is));
  }
}

Result<std::string> encode(std::string_view utf8, std::string_view encoding, bool bom) {
  const std::string name(encoding);
  std::string out;
  if (name == "UTF-8" || name == "UTF-8 (BOM)") {
    if (bom || name == "UTF-8 (BOM)") out = "\xEF\xBB\xBF";
    out += decode_utf8_lossy(utf8, "UTF-8", false).text;
    return out;
  }
  const bool u16le = name == "UTF-16LE", u16be = name == "UTF-16BE";
  const bool u32le = name == "UTF-32LE", u32be = name == "UTF-32BE";
  if (u16le || u16be || u32le || u32be) {
    auto put16 = [&](char16_t u) {
      const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
      if (u16le) {
        out += lo;
        out += hi;
      } else {
        out += hi;
        out += lo;
      }
    };
    auto put32 = [&](char32_t c) {
      for (int k = 0; k < 4; ++k) {
        const int shift = u32le ? 8 * k : 8 * (3 - k);
        out += static_cast<char>((c >> shift) & 0xFF);
      }
    };
    if (bom) (u16le || u16be) ? put16(0xFEFF) : put32(0xFEFF);
    for (size_t i = 0; i < utf8.size();) {
      text::Decoded d = text::decode_utf8(utf8, i);
      i += d.len;
      if (u32le || u32be) {
        put32(d.cp);
      } else if (d.cp >= 0x10000) {
        put16(static_cast<char16_t>(0xD800 + ((d.cp - 0x10000) >> 10)));
        put16(static_cast<char16_t>(0xDC00 + ((d.cp - 0x10000) & 0x3FF)));
      } else {
        put16(static_cast<char16_t>(d.cp));
      }
    }
    return out;
  }

  ConverterPtr cnv = open_converter(name);
  if (!cnv) return Error{"", 0, 0, "不支持的编码：" + name + "，无法写回文件"};
  UErrorCode e = U_ZERO_ERROR;
  ucnv_setFromUCallBack(cnv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &e);
  const std::string clean = decode_utf8_lossy(utf8, "UTF-8", false).text;
  std::u16string u16;
  u16.reserve(clean.size());
  for (size_t i = 0; i < clean.size();) {
    text::Decoded d = text::decode_utf8(clean, i);
    i += d.len;
    if (d.cp >= 0x10000) {
      u16 += static_cast<char16_t>(0xD800 + ((d.cp - 0x10000) >> 10));
      u16 += static_cast<char16_t>(0xDC00 + ((d.cp - 0x10000) & 0x3FF));
    } else {
      u16 += static_cast<char16_t>(d.cp);
    }
  }
  out.resize(u16.size() * 4 + 16);
  e = U_ZERO_ERROR;
  const int32_t n = ucnv_fromUChars(cnv.get(), out.data(), static_cast<int32_t>(out.size()),
                                    reinterpret_cast<const UChar*>(u16.data()),
                                    static_cast<int32_t>(u16.size()), &e);
  if (e == U_ILLEGAL_CHAR_FOUND || e == U_INVALID_CHAR_FOUND) {
    UChar bad[8];
    int8_t len = 8;
    UErrorCode e2 = U_ZERO_ERROR;
    ucnv_getInvalidUChars(cnv.get(), bad, &len, &e2);
    char32_t c = len > 0 ? bad[0] : 0xFFFD;
    if (len > 1 && c >= 0xD800 && c <= 0xDBFF) c = 0x10000 + ((c - 0xD800) << 10) + (bad[1] - 0xDC00);
    return Error{"", 0, 0, "字符 " + hex_cp(c) + " 无法用 " + name + " 编码，无法按原编码写回文件"};
  }
  if (U_FAILURE(e)) return Error{"", 0, 0, "按 " + name + " 编码失败，无法写回文件"};
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace fz::ingest
