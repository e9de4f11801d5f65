#include "lsp/transport.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "text/utf8.h"

namespace fz::lsp {

namespace {

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Position of a case-insensitive "Content-Length:" in `line`, or npos.
size_t find_content_length(std::string_view line) {
  constexpr std::string_view kName = "content-length:";
  for (size_t i = 0; i + kName.size() <= line.size(); ++i)
    if (iequals_prefix(line.substr(i), kName)) return i;
  return std::string::npos;
}

/// Printable excerpt of a bad header line for the error message.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : text::head_bytes(s, 60)) {  // bytes shown as ASCII or '?', cut on a boundary
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  if (s.size() > 60) out += "…";
  return out;
}

}  // namespace

std::optional<std::string> MessageReader::read_line(bool& too_long) {
  too_long = false;
  std::string line;
  std::streambuf* sb = in_.rdbuf();
  for (;;) {
    const int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in_.setstate(std::ios::eofbit);
      return std::nullopt;  // a partial line at end of input is never a usable header
    }
    if (c == '\n') break;
    if (line.size() < kMaxHeaderLine) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;
    }
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool MessageReader::has_buffered_input() const {
  return carry_line_.has_value() || in_.rdbuf()->in_avail() > 0;
}

ReadResult MessageReader::next() {
  ReadResult r;
  bool too_long = false;

  if (resync_) {
    // Skip everything up to the next "Content-Length:". It is searched for anywhere in a line:
    // the skipped body has no line break of its own, so the next header follows it directly.
    for (;;) {
      auto line = read_line(too_long);
      if (!line) return r;  // Eof
      const size_t at = find_content_length(*line);
      if (at != std::string::npos) {
        carry_line_ = line->substr(at);
        break;
      }
    }
    resync_ = false;
  }

  std::optional<size_t> length;
  std::string problem;
  bool any_header = false;
  for (;;) {
    std::optional<std::string> line;
    if (carry_line_) {
      line = std::move(carry_line_);
      carry_line_.reset();
    } else {
      line = read_line(too_long);
    }
    if (!line) {
      if (any_header) r.error = "输入在消息头中途结束";
      return r;  // Eof
    }
    if (line->empty()) {
      if (!any_header) continue;  // tolerate stray blank lines between messages
      break;
    }
    any_header = true;
    if (!problem.empty()) continue;  // already bad: read to the end of the header block
    if (too_long) {
      problem = "消息头行过长（超过 " + std::to_string(kMaxHeaderLine) + " 字节）";
      continue;
    }
    const auto colon = line->find(':');
    if (colon == std::string::npos) {
      problem = "消息头格式错误（缺少冒号）：“" + excerpt(*line) + "”";
      continue;
    }
    const std::string_view name = trim(std::string_view(*line).substr(0, colon));
    const std::string_view value = trim(std::string_view(*line).substr(colon + 1));
    if (name.size() == 14 && iequals_prefix(name, "content-length")) {
      size_t n = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
        problem = "Content-Length 不是十进制整数：“" + excerpt(value) + "”";
      } else if (length && *length != n) {
        problem = "Content-Length 重复且取值不一致";
      } else {
        length = n;
      }
    }
    // Content-Type and any other header: accepted and ignored (the body is UTF-8 JSON).
  }

  if (problem.empty() && !length) problem = "消息头缺少 Content-Length";
  if (problem.empty() && *length > max_body_)
    problem = "消息过大：Content-Length " + std::to_string(*length) + " 超过上限 " +
              std::to_string(max_body_) + " 字节";
  if (!problem.empty()) {
    resync_ = true;
    r.kind = ReadResult::Kind::FramingError;
    r.error = std::move(problem);
    return r;
  }

  r.body.resize(*length);
  const std::streamsize got = in_.rdbuf()->sgetn(r.body.data(), static_cast<std::streamsize>(*length));
  if (got < static_cast<std::streamsize>(*length)) {
    in_.setstate(std::ios::eofbit);
    r.body.clear();
    r.error = "输入在消息体中途结束（缺 " + std::to_string(*length - static_cast<size_t>(std::max<std::streamsize>(got, 0))) + " 字节）";
    return r;  // Eof
  }
  r.kind = ReadResult::Kind::Message;
  return r;
}

std::string frame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

}  // namespace fz::lsp
