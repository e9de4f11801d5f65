// Internal to src/lsp: the Server's state, shared by server.cpp (JSON-RPC dispatch, lifecycle,
// document synchronisation) and features.cpp (diagnostics, code actions, hover).
#pragma once

#include <map>
#include <set>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "lsp/positions.h"
#include "lsp/server.h"
#include "text/line_index.h"

namespace fz::lsp {

/// JSON-RPC / LSP error codes used here.
namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
}  // namespace rpc

/// A handler's failure that becomes a JSON-RPC error response.
struct RpcError {
  int code = rpc::kInvalidParams;
  std::string message;
};

/// One open document: the live buffer and what was last computed from it.
struct OpenDocument {
  std::string uri;
  std::string path;  ///< local path for file:// URIs
  std::string language_id;
  DocFormat format = DocFormat::Text;
  int64_t version = 0;
  std::string text;
  text::LineIndex index;  ///< over `text`; rebuilt whenever `text` changes
  LintOutput lint;        ///< findings of the current `text`

  void reindex() { index = text::LineIndex(text); }
  uint32_t size() const { return static_cast<uint32_t>(text.size()); }
};

/// An LSP Diagnostic for `f` (codeDescription when `docs_uri` is set; fixes in data.fixes).
nlohmann::json diagnostic_json(const OpenDocument& doc, const Finding& f, Encoding enc,
                               std::string_view docs_uri);
/// The publishDiagnostics notification for `doc`'s current findings (and its config error) as
/// JSON text: the bytes send_json gives for a tree of diagnostic_json()s, written directly.
std::string publish_text(const OpenDocument& doc, Encoding enc, std::string_view docs_uri);

struct Server::Impl {
  enum class State { Uninitialized, Running, ShutDown };

  ServerOptions opts;
  std::function<void(std::string)> send;
  State state = State::Uninitialized;
  bool exited = false;
  bool shutdown_received = false;
  Encoding encoding = Encoding::Utf16;
  /// The client can watch files for us (workspace.didChangeWatchedFiles.dynamicRegistration).
  bool client_watches_files = false;
  // unique_ptr: OpenDocument::index views `text`, which must not move when the map rehashes.
  std::map<std::string, std::unique_ptr<OpenDocument>> docs;
  /// Documents changed since their last lint, while more input was already waiting (see
  /// Server::idle()). Requests on such a document lint it first, so answers are never stale.
  std::set<std::string> stale;

  void log(std::string_view msg) const {
    if (opts.log) opts.log(msg);
  }
  void send_json(const nlohmann::json& j);
  void reply(const nlohmann::json& id, nlohmann::json result);
  void reply_error(const nlohmann::json& id, int code, std::string_view message);
  void notify(std::string_view method, nlohmann::json params);

  // server.cpp
  void dispatch(const nlohmann::json& msg);
  nlohmann::json on_initialize(const nlohmann::json& params);
  void on_did_open(const nlohmann::json& params);
  void on_did_change(const nlohmann::json& params);
  void on_did_save(const nlohmann::json& params);
  void on_did_close(const nlohmann::json& params);
  void on_did_change_configuration(const nlohmann::json& params);
  void on_initialized();
  void on_did_change_watched_files(const nlohmann::json& params);
  void apply_settings(const nlohmann::json& settings);
  OpenDocument* find_doc(const nlohmann::json& params);
  /// find_doc, then bring its findings up to date (for requests that read them).
  OpenDocument* find_fresh_doc(const nlohmann::json& params);
  bool defer_lint = false;  ///< set by Server::set_input_pending()

  // features.cpp
  /// Lint `doc`'s live text and publish its diagnostics.
  void relint_and_publish(OpenDocument& doc);
  nlohmann::json diagnostic(const OpenDocument& doc, const Finding& f) const {
    return diagnostic_json(doc, f, encoding, opts.docs_uri);
  }
  nlohmann::json on_code_action(const nlohmann::json& params);
  nlohmann::json on_hover(const nlohmann::json& params);
};

/// file:///a/b%20c.txt → "/a/b c.txt"; "" for other schemes or malformed URIs.
std::string uri_to_path(std::string_view uri);
/// Format from the language id, else from the URI's extension.
DocFormat format_for(std::string_view language_id, std::string_view uri);

}  // namespace fz::lsp
