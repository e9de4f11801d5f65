// fz::lsp transport — JSON-RPC base protocol framing ("Content-Length: N\r\n\r\n<N bytes>").
//
// Contract:
//  * Headers end with CRLF (a bare LF is tolerated). Content-Length is required and must be a
//    plain decimal ≤ the configured maximum; Content-Type is accepted and otherwise ignored (the
//    body is UTF-8 JSON whatever it says); unknown headers are ignored.
//  * A malformed header block is reported once as a FramingError; the reader then resynchronises
//    on the next "Content-Length:" (the unread body has no line break of its own — JSON strings
//    cannot hold a raw one — so the next header usually follows it on the same line).
//  * Nothing in the stream can make it allocate more than the maximum message size (header
//    lines are capped at kMaxHeaderLine bytes).
//  * End of input — also in the middle of a message — is Eof: the client has gone.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace fz::lsp {

inline constexpr size_t kMaxHeaderLine = 8192;

struct ReadResult {
  enum class Kind { Message, FramingError, Eof };
  Kind kind = Kind::Eof;
  std::string body;   ///< Message: the JSON text
  std::string error;  ///< FramingError: what was wrong; Eof: non-empty when mid-message
};

class MessageReader {
 public:
  MessageReader(std::istream& in, size_t max_body) : in_(in), max_body_(max_body) {}
  /// Blocks until a whole message, a framing error or the end of input.
  ReadResult next();
  /// True when bytes are already buffered (lets the session coalesce queued edits).
  bool has_buffered_input() const;

 private:
  /// One header line without its terminator; nullopt at end of input. Lines longer than
  /// kMaxHeaderLine are truncated (and flagged) while the rest is skipped.
  std::optional<std::string> read_line(bool& too_long);

  std::istream& in_;
  size_t max_body_;
  bool resync_ = false;                    // after a framing error: skip to next Content-Length
  std::optional<std::string> carry_line_;  // header line found while resynchronising
};

/// Frame one message body for the wire.
std::string frame(std::string_view body);

}  // namespace fz::lsp
