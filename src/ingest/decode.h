// fz::ingest text decoding — bytes of unknown encoding → valid UTF-8, and back (encode()).
//
// Order of decisions (decode_text):
//  1. over Options::max_bytes → Error;
//  2. a BOM (UTF-8, UTF-32LE/BE, UTF-16LE/BE) decides; the BOM is dropped;
//  3. NUL bytes: UTF-16 without BOM when every NUL sits on one byte parity and the result is
//     clean text; otherwise Error "二进制文件，不是文本";
//  4. valid UTF-8 → UTF-8;
//  5. otherwise the candidates UTF-8 (with replacements), GB18030 (GBK and GB2312 are subsets)
//     and the CJK charset ICU's detector (ucsdet) likes best are tried, and the decoding with the
//     fewest invalid sequences (then fewest private-use/C1 characters) wins. Two shortcuts:
//     UTF-8 wins outright when its valid multi-byte sequences outnumber the invalid ones four to
//     one (one damaged character in a UTF-8 file must not turn the whole file into GB18030
//     mojibake, which decodes "without errors"); GB18030 wins outright when ≥ 90% of its byte
//     pairs lie in the GB2312 area and it decodes cleanly (skips the detector, ~5 ms a file).
//  PDF, ZIP (.docx given as text) and OLE (.doc) signatures are refused with a message naming
//  them.
// Invalid sequences become U+FFFD; each run of consecutive bad bytes is one InputIssue
// ("invalid-encoding", warning) whose span covers the U+FFFDs and whose message lists the bytes.
// Line breaks are kept exactly; nothing is normalised.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/source_text.h"
#include "support/result.h"

namespace fz::ingest {

struct DecodedText {
  std::string text;                 ///< valid UTF-8, BOM removed
  std::string encoding = "UTF-8";   ///< as in SourceText::encoding
  bool had_bom = false;
  std::vector<InputIssue> issues;   ///< invalid-encoding issues (spans into `text`)
};

/// Decodes `bytes` as described above. Errors: over the size limit, binary data.
Result<DecodedText> decode_text(std::string_view bytes, const Options& opts = {});

/// Decodes `bytes` in the named encoding (ICU converter name or one of ours) with the same
/// replacement and issue rules; no detection, no BOM handling. Used by tests and the detector.
DecodedText decode_as(std::string_view bytes, std::string_view encoding);

/// Line-ending and invisible-character issues of decoded text (rules "mixed-line-endings" and
/// "invisible-characters", both info).
void add_text_issues(std::string_view text, std::vector<InputIssue>& issues);

/// Hex list of bytes for messages: "0xE5 0xBC" (at most 16 listed, then "…（共 N 字节）").
std::string hex_bytes(std::string_view bytes);

}  // namespace fz::ingest
