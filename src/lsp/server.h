// fz::lsp — `fzlint lsp`: a Language Server Protocol adapter (JSON-RPC 2.0 over stdio with
// Content-Length framing) over the same engine call the CLI makes (design.md §5.9).
//
// Shape (clangd's ClangdServer / ClangdLSPServer split):
//  * Server is the protocol core. It takes one decoded JSON-RPC message at a time and sends its
//    answers through a callback; it does no I/O of its own, so tests drive it with strings.
//  * Linting is injected as a Linter: tests use a fake with deterministic findings; production
//    uses make_engine_linter() (ingest::ingest → outline::parse → engine::lint, with the
//    `.fzlint.toml` found upward from the document's folder).
//  * run_session() adds the transport (framing, malformed input) over any iostream pair;
//    run_stdio() is run_session() over the process's stdin/stdout.
//
// Invariants:
//  * Diagnostics are always computed from the live buffer the client sent (never from disk).
//  * Positions on the wire are in the negotiated encoding (utf-16 by default; utf-8 or utf-32 if
//    the client offers them — see Server::negotiated_encoding()). Inside, offsets are UTF-8 bytes.
//  * Nothing but protocol is written to the output stream; logs go to the log callback (stderr).
//  * No input can make the server throw or crash: every malformed message gets the JSON-RPC error
//    the specification names, or is dropped when it is a notification.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::lsp {

/// What the language id / file extension says the buffer is (decides ingest's format).
enum class DocFormat { Text, Markdown };

/// One lint of one live buffer.
struct LintRequest {
  std::string_view text;  ///< the buffer, UTF-8 (JSON strings are always valid UTF-8)
  std::string uri;        ///< document URI as the client sent it
  std::string path;       ///< local file path for file:// URIs, "" otherwise
  DocFormat format = DocFormat::Text;
  /// Excerpt mode from the client's settings ({"partial": true}): whole-document rules skipped.
  bool partial = false;
};

/// What a Linter returns. Spans are byte offsets into LintRequest::text.
struct LintOutput {
  std::vector<Finding> findings;  ///< sorted by fz::finding_less
  /// Rule metadata for hover; may be empty (then hover shows the finding's message only).
  /// Must stay valid as long as the LintOutput lives (capture the rule set by shared_ptr).
  std::function<const RuleInfo*(std::string_view rule_id)> rule_info;
  /// Set when the configuration that applies to the document is broken (shown as a diagnostic
  /// on the first line, since nothing else can be trusted).
  std::optional<Error> config_error;
};

/// Linting as the server sees it. Implementations may cache (rule sets per config file).
class Linter {
 public:
  virtual ~Linter() = default;
  /// Lint one buffer. Should not throw (the server catches, logs and publishes nothing).
  virtual LintOutput lint(const LintRequest& req) = 0;
  /// workspace/didChangeConfiguration: forget cached configurations and rule sets so that the
  /// next lint re-reads `.fzlint.toml`.
  virtual void reload() {}
};

struct ServerOptions {
  /// Base URL of the rule docs; diagnostics get codeDescription.href = docs_uri + "#" + rule id.
  /// initializationOptions / settings {"docsUri": …} (or {"fzlint": {"docsUri": …}}) override it.
  std::string docs_uri;
  /// Excerpt mode for every buffer (settings {"partial": true} or {"fzlint": {"partial": true}}):
  /// the buffers are drafts in progress or fragments, so whole-document rules are not run.
  bool partial = false;
  std::string tool_version = "0";      ///< serverInfo.version
  size_t max_message_bytes = 64u << 20;  ///< larger Content-Length is rejected (-32700)
  /// Linter to use. run_stdio() substitutes make_engine_linter() for nullptr; a Server without
  /// one publishes empty diagnostics.
  std::shared_ptr<Linter> linter;
  /// Where logs go (one line each, no trailing newline). nullptr = discard.
  std::function<void(std::string_view)> log;
};

/// The production linter: shipped rules + `.fzlint.toml` found upward from the document's
/// folder (parsed with engine::parse_config, rule sets cached per config file).
std::shared_ptr<Linter> make_engine_linter();

/// True when a buffer looks decoded with the wrong encoding by the editor: a GB18030 file read
/// as UTF-8 (many U+FFFD) or as Latin-1/Windows-1252 (accented Latin letters and symbols where
/// Chinese text should be). The engine linter then publishes one diagnostic
/// (rule `editor-wrong-encoding`) instead of dozens of findings about garbage.
bool looks_misdecoded(std::string_view text);

/// The protocol core: one JSON-RPC message in, zero or more messages out (through `send`).
class Server {
 public:
  /// `send` receives each outgoing message as a complete JSON text (no framing).
  Server(ServerOptions opts, std::function<void(std::string)> send);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Handle one message body (the bytes between the framing headers). Invalid JSON gets a
  /// ParseError (-32700) with id null; a non-request object an InvalidRequest (-32600).
  void handle(std::string_view body);
  /// The transport reports a framing problem (bad header, oversized message): answered with a
  /// ParseError (id null) carrying `what`, as the message cannot be attributed to a request.
  void framing_error(std::string_view what);

  /// The transport says whether more input is already waiting. While it is, didChange only
  /// marks the document; idle() then lints each marked document once. So a burst of keystrokes
  /// costs one check, not one per keystroke, without any timer.
  void set_input_pending(bool pending);
  /// No input is waiting: lint and publish every document changed since its last lint.
  void idle();

  /// True once `exit` was received; the session must stop reading.
  bool exited() const;
  /// Exit code per LSP: 0 when `shutdown` preceded `exit`, 1 otherwise (also for EOF).
  int exit_code() const;
  /// "utf-8", "utf-16" or "utf-32": the position encoding in use (utf-16 before initialize).
  std::string_view negotiated_encoding() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads framed messages from `in` until `exit` or end of input, writes framed answers to `out`
/// (flushed after each message). Returns the exit code (Server::exit_code()).
int run_session(std::istream& in, std::ostream& out, ServerOptions opts);

/// `fzlint lsp`: run_session over stdin/stdout, logging to stderr. Before serving, the real
/// stdout is set aside for protocol and file descriptor 1 is pointed at stderr, so a stray print
/// anywhere in the process cannot corrupt the stream.
int run_stdio(const ServerOptions& opts);

}  // namespace fz::lsp
