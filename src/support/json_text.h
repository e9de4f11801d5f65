// Writing JSON text straight into a string, for the hot paths where building an nlohmann::json
// tree only to serialise it costs more than the work it reports (the LSP's publishDiagnostics
// after every keystroke). The output is what nlohmann's dump(-1, ' ', false, replace) writes for
// the same values, so a client cannot tell the two apart; tests/test_lsp_unit.cpp compares them.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace fz::json_text {

/// `s` as a JSON string literal: ", \ and control characters escaped as nlohmann does (\b \f \n
/// \r \t, others \u00XX in lower-case hex), everything else, non-ASCII included, as is. A byte
/// sequence that is not UTF-8 becomes U+FFFD (one per maximal invalid subpart).
void append_string(std::string& out, std::string_view s);

template <class Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

}  // namespace fz::json_text
