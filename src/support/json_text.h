// Writing JSON text straight into a string, for the hot paths where building an nlohmann::json
// tree only to serialise it costs more than the work it reports (the LSP's publishDiagnostics
// after every keystroke). The output is what nlohmann's dump(-1, ' ', false, replace) writes for
// the same values, so a client cannot tell the two apart; tests/test_lsp_unit.cpp compares them.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

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

/// Indented JSON as nlohmann's dump(indent) lays it out: "key": value, one member or element
/// per line, "{}" and "[]" when empty; `base` spaces before every line after the first (a
/// value nested in text written by hand). Calls must be balanced; nothing is checked.
class Pretty {
 public:
  Pretty(std::string& out, int indent, int base = 0) : out_(out), indent_(indent), base_(base) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  /// The next member's key (then one value or begin_*).
  void key(std::string_view k) {
    item();
    append_string(out_, k);
    out_ += ": ";
    keyed_ = true;
  }
  void value(std::string_view s) {
    item();
    append_string(out_, s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    item();
    out_ += b ? "true" : "false";
  }
  template <class Int>
    requires std::is_integral_v<Int>
  void value(Int v) {
    item();
    append_int(out_, v);
  }

 private:
  void newline(size_t depth) {
    out_ += '\n';
    out_.append(static_cast<size_t>(base_) + depth * static_cast<size_t>(indent_), ' ');
  }
  // Before a value or key: the separator and indentation its container needs.
  void item() {
    if (keyed_) {  // the value of a key just written
      keyed_ = false;
      return;
    }
    if (firsts_.empty()) return;  // the top-level value
    if (!firsts_.back()) out_ += ',';
    firsts_.back() = false;
    newline(firsts_.size());
  }
  void open(char c) {
    item();
    out_ += c;
    firsts_.push_back(true);
  }
  void close(char c) {
    const bool empty = firsts_.back();
    firsts_.pop_back();
    if (!empty) newline(firsts_.size());
    out_ += c;
  }

  std::string& out_;
  int indent_, base_;
  std::vector<bool> firsts_;  ///< per open container: nothing written in it yet
  bool keyed_ = false;
};

}  // namespace fz::json_text
