// JSON-RPC dispatch, the LSP lifecycle (initialize / initialized / shutdown / exit) and document
// synchronisation (didOpen / didChange / didSave / didClose / didChangeConfiguration).
#include <algorithm>
#include <cctype>
#include <exception>

#include "lsp/server_impl.h"

namespace fz::lsp {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// helpers

std::string uri_to_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(uri[i])) != kScheme[i]) return {};
  std::string_view rest = uri.substr(kScheme.size());
  // file://host/path: only an empty host or "localhost" names a local file.
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return {};
  const std::string_view host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return {};
  rest = rest.substr(slash);
  std::string out;
  out.reserve(rest.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '?' || c == '#') break;
    if (c == '%' && i + 2 < rest.size()) {
      const int hi = hex(rest[i + 1]), lo = hex(rest[i + 2]);
      if (hi < 0 || lo < 0) return {};
      const char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return {};
      out.push_back(decoded);
      i += 2;
    } else if (c == '%') {
      return {};
    } else {
      out.push_back(c);
    }
  }
  return out;
}

DocFormat format_for(std::string_view language_id, std::string_view uri) {
  if (language_id == "markdown") return DocFormat::Markdown;
  if (language_id == "plaintext" || language_id == "text") return DocFormat::Text;
  std::string lower;
  for (char c : uri.substr(uri.rfind('/') == std::string_view::npos ? 0 : uri.rfind('/')))
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto ends = [&](std::string_view suf) {
    return lower.size() >= suf.size() && lower.compare(lower.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends(".md") || ends(".markdown")) return DocFormat::Markdown;
  return DocFormat::Text;
}

namespace {

/// params.textDocument.uri, or throws RpcError.
std::string text_document_uri(const json& params) {
  if (!params.is_object()) throw RpcError{rpc::kInvalidParams, "params 应为对象"};
  auto td = params.find("textDocument");
  if (td == params.end() || !td->is_object()) throw RpcError{rpc::kInvalidParams, "缺少 textDocument"};
  auto uri = td->find("uri");
  if (uri == td->end() || !uri->is_string()) throw RpcError{rpc::kInvalidParams, "缺少 textDocument.uri"};
  return uri->get<std::string>();
}

bool is_valid_id(const json& id) { return id.is_number_integer() || id.is_string(); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// output

void Server::Impl::send_json(const json& j) {
  // Invalid UTF-8 cannot reach here (it is rejected by the parser), but never throw out of dump.
  send(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

void Server::Impl::reply(const json& id, json result) {
  send_json({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::Impl::reply_error(const json& id, int code, std::string_view message) {
  send_json({{"jsonrpc", "2.0"},
             {"id", id},
             {"error", {{"code", code}, {"message", std::string(message)}}}});
}

void Server::Impl::notify(std::string_view method, json params) {
  send_json({{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", std::move(params)}});
}

// ---------------------------------------------------------------------------------------------
// dispatch

void Server::Impl::dispatch(const json& msg) {
  if (!msg.is_object()) {
    reply_error(nullptr, rpc::kInvalidRequest, "JSON-RPC 消息应为对象（不支持批量请求）");
    return;
  }
  const auto id_it = msg.find("id");
  const bool has_id = id_it != msg.end();
  if (has_id && !is_valid_id(*id_it) && !id_it->is_null()) {
    reply_error(nullptr, rpc::kInvalidRequest, "id 应为整数或字符串");
    return;
  }
  const json id = has_id ? *id_it : json(nullptr);
  const auto ver = msg.find("jsonrpc");
  if (ver == msg.end() || *ver != "2.0") {
    reply_error(id, rpc::kInvalidRequest, "缺少 \"jsonrpc\": \"2.0\"");
    return;
  }
  const auto method_it = msg.find("method");
  if (method_it == msg.end()) {
    // A response to a request of ours (we send none that need an answer): ignore.
    if (has_id && (msg.contains("result") || msg.contains("error"))) return;
    reply_error(id, rpc::kInvalidRequest, "缺少 method");
    return;
  }
  if (!method_it->is_string()) {
    reply_error(id, rpc::kInvalidRequest, "method 应为字符串");
    return;
  }
  const std::string method = method_it->get<std::string>();
  const bool is_request = has_id;
  static const json kNoParams = json::object();
  const auto params_it = msg.find("params");
  const json& params = params_it == msg.end() ? kNoParams : *params_it;
  if (!params.is_object() && !params.is_array()) {
    if (is_request) reply_error(id, rpc::kInvalidParams, "params 应为对象或数组");
    return;
  }

  if (method == "exit") {
    exited = true;
    return;
  }

  if (state == State::Uninitialized && method != "initialize") {
    if (is_request) reply_error(id, rpc::kServerNotInitialized, "服务器尚未初始化：请先发送 initialize");
    return;  // notifications before initialize are dropped (LSP 3.17 "initialize")
  }
  if (state == State::ShutDown) {
    if (is_request) reply_error(id, rpc::kInvalidRequest, "服务器已收到 shutdown，只接受 exit");
    return;
  }

  try {
    if (is_request) {
      if (method == "initialize") {
        if (state != State::Uninitialized) {
          reply_error(id, rpc::kInvalidRequest, "initialize 只能发送一次");
          return;
        }
        json result = on_initialize(params);
        state = State::Running;
        reply(id, std::move(result));
      } else if (method == "shutdown") {
        state = State::ShutDown;
        shutdown_received = true;
        reply(id, nullptr);
      } else if (method == "textDocument/codeAction") {
        reply(id, on_code_action(params));
      } else if (method == "textDocument/hover") {
        reply(id, on_hover(params));
      } else {
        reply_error(id, rpc::kMethodNotFound, "不支持的方法：" + method);
      }
      return;
    }
    // Notifications: unknown ones (including $/…) are ignored, as the protocol asks.
    if (method == "$/cancelRequest" || method == "$/setTrace") return;
    if (method == "initialized") on_initialized();
    else if (method == "textDocument/didOpen") on_did_open(params);
    else if (method == "textDocument/didChange") on_did_change(params);
    else if (method == "textDocument/didSave") on_did_save(params);
    else if (method == "textDocument/didClose") on_did_close(params);
    else if (method == "workspace/didChangeConfiguration") on_did_change_configuration(params);
    else if (method == "workspace/didChangeWatchedFiles") on_did_change_watched_files(params);
    else log("忽略通知 " + method);
  } catch (const RpcError& e) {
    if (is_request) reply_error(id, e.code, e.message);
    else log(method + "：" + e.message);
  } catch (const std::exception& e) {
    // Wrong JSON types in params (nlohmann type_error) and the like.
    if (is_request) reply_error(id, rpc::kInvalidParams, std::string("参数无效：") + e.what());
    else log(method + "：参数无效：" + e.what());
  }
}

// ---------------------------------------------------------------------------------------------
// lifecycle

json Server::Impl::on_initialize(const json& params) {
  // Position encoding: the client lists what it supports; the server picks. Preference:
  // utf-8 (our native unit: offsets go to the wire unconverted, nothing to get wrong),
  // then utf-32 (code points, the same columns the CLI prints), then the mandatory utf-16.
  encoding = Encoding::Utf16;
  if (params.is_object()) {
    const json* encs = nullptr;
    if (auto caps = params.find("capabilities"); caps != params.end() && caps->is_object())
      if (auto gen = caps->find("general"); gen != caps->end() && gen->is_object())
        if (auto pe = gen->find("positionEncodings"); pe != gen->end() && pe->is_array()) encs = &*pe;
    if (encs) {
      bool utf8 = false, utf32 = false;
      for (const auto& e : *encs) {
        if (!e.is_string()) continue;
        if (e == "utf-8") utf8 = true;
        if (e == "utf-32") utf32 = true;
      }
      encoding = utf8 ? Encoding::Utf8 : utf32 ? Encoding::Utf32 : Encoding::Utf16;
    }
    if (auto io = params.find("initializationOptions"); io != params.end()) apply_settings(*io);
    const json caps = params.value("capabilities", json::object());
    if (caps.is_object()) {
      const json ws = caps.value("workspace", json::object());
      if (ws.is_object()) {
        const json w = ws.value("didChangeWatchedFiles", json::object());
        client_watches_files = w.is_object() && w.value("dynamicRegistration", false) == true;
      }
    }
  }
  log("initialize: positionEncoding " + std::string(to_string(encoding)));
  return {
      {"capabilities",
       {{"positionEncoding", std::string(to_string(encoding))},
        {"textDocumentSync",
         {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
        {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix", "source.fixAll.fzlint"})}}},
        {"hoverProvider", true}}},
      {"serverInfo", {{"name", "fzlint"}, {"version", opts.tool_version}}}};
}

void Server::Impl::apply_settings(const json& settings) {
  if (!settings.is_object()) return;
  const json* s = &settings;
  if (auto f = settings.find("fzlint"); f != settings.end() && f->is_object()) s = &*f;
  if (auto d = s->find("docsUri"); d != s->end() && d->is_string()) opts.docs_uri = d->get<std::string>();
  if (auto p = s->find("partial"); p != s->end() && p->is_boolean()) opts.partial = p->get<bool>();
}

void Server::Impl::on_initialized() {
  // Ask the client to tell us when a .fzlint.toml changes, so that editing one applies at once
  // (the answer to this request, if any, is ignored by dispatch like every client response).
  if (!client_watches_files) return;
  send_json({{"jsonrpc", "2.0"},
             {"id", "fzlint/registerConfigWatcher"},
             {"method", "client/registerCapability"},
             {"params",
              {{"registrations",
                json::array({{{"id", "fzlint-config-watcher"},
                              {"method", "workspace/didChangeWatchedFiles"},
                              {"registerOptions", {{"watchers", json::array({{{"globPattern", "**/.fzlint.toml"}}})}}}}})}}}});
}

void Server::Impl::on_did_change_watched_files(const json& params) {
  bool config_changed = false;
  if (auto ch = params.find("changes"); ch != params.end() && ch->is_array())
    for (const auto& c : *ch)
      if (c.is_object())
        if (auto u = c.find("uri"); u != c.end() && u->is_string()) {
          const std::string& uri = u->get_ref<const std::string&>();
          if (uri.size() >= 12 && uri.compare(uri.size() - 12, 12, ".fzlint.toml") == 0) config_changed = true;
        }
  if (config_changed) on_did_change_configuration(json::object());
}

// ---------------------------------------------------------------------------------------------
// documents

OpenDocument* Server::Impl::find_doc(const json& params) {
  const std::string uri = text_document_uri(params);
  auto it = docs.find(uri);
  return it == docs.end() ? nullptr : it->second.get();
}

OpenDocument* Server::Impl::find_fresh_doc(const json& params) {
  OpenDocument* doc = find_doc(params);
  if (doc && stale.erase(doc->uri)) relint_and_publish(*doc);
  return doc;
}

void Server::Impl::on_did_open(const json& params) {
  const std::string uri = text_document_uri(params);
  const json& td = params.at("textDocument");
  auto text = td.find("text");
  if (text == td.end() || !text->is_string()) throw RpcError{rpc::kInvalidParams, "缺少 textDocument.text"};
  auto doc = std::make_unique<OpenDocument>();
  doc->uri = uri;
  doc->path = uri_to_path(uri);
  if (auto l = td.find("languageId"); l != td.end() && l->is_string()) doc->language_id = l->get<std::string>();
  if (auto v = td.find("version"); v != td.end() && v->is_number_integer()) doc->version = v->get<int64_t>();
  doc->format = format_for(doc->language_id, uri);
  doc->text = text->get<std::string>();
  doc->reindex();
  OpenDocument& ref = *doc;
  docs[uri] = std::move(doc);  // re-opening an open URI replaces it
  relint_and_publish(ref);
}

void Server::Impl::on_did_change(const json& params) {
  OpenDocument* doc = find_doc(params);
  if (!doc) {
    log("didChange 针对未打开的文档，忽略：" + text_document_uri(params));
    return;
  }
  auto changes = params.find("contentChanges");
  if (changes == params.end() || !changes->is_array()) throw RpcError{rpc::kInvalidParams, "缺少 contentChanges"};
  for (const auto& ch : *changes) {
    if (!ch.is_object()) continue;
    auto t = ch.find("text");
    if (t == ch.end() || !t->is_string()) continue;
    const std::string& new_text = t->get_ref<const std::string&>();
    auto r = ch.find("range");
    if (r == ch.end() || r->is_null()) {
      doc->text = new_text;  // full replacement
    } else {
      auto span = span_from_json(doc->index, doc->size(), *r, encoding);
      if (!span) {
        log("didChange 的 range 无效，忽略该项修改");
        continue;
      }
      doc->text.replace(span->begin, span->size(), new_text);
    }
    doc->reindex();  // the next change's positions refer to the text after this one
  }
  if (auto v = params.at("textDocument").find("version");
      v != params.at("textDocument").end() && v->is_number_integer())
    doc->version = v->get<int64_t>();
  // Keystrokes arrive faster than a slow check: while more input is already waiting, only mark
  // the document; Server::idle() lints once for the whole burst (no timer, no debounce delay).
  if (defer_lint) {
    stale.insert(doc->uri);
    return;
  }
  stale.erase(doc->uri);
  relint_and_publish(*doc);
}

void Server::Impl::on_did_save(const json& params) {
  const std::string uri = text_document_uri(params);
  // Saving a configuration file (when the client reports it) re-reads every configuration.
  if (uri.size() >= 12 && uri.compare(uri.size() - 12, 12, ".fzlint.toml") == 0) {
    on_did_change_configuration(json::object());
    return;
  }
  OpenDocument* doc = find_doc(params);
  if (!doc) return;
  if (auto t = params.find("text"); t != params.end() && t->is_string()) {
    doc->text = t->get<std::string>();
    doc->reindex();
  }
  stale.erase(doc->uri);
  relint_and_publish(*doc);
}

void Server::Impl::on_did_close(const json& params) {
  const std::string uri = text_document_uri(params);
  docs.erase(uri);
  stale.erase(uri);
  notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
}

void Server::Impl::on_did_change_configuration(const json& params) {
  if (params.is_object())
    if (auto s = params.find("settings"); s != params.end()) apply_settings(*s);
  if (opts.linter) opts.linter->reload();
  stale.clear();
  for (auto& [uri, doc] : docs) relint_and_publish(*doc);
}

// ---------------------------------------------------------------------------------------------
// Server

Server::Server(ServerOptions opts, std::function<void(std::string)> send)
    : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(opts);
  impl_->send = std::move(send);
}

Server::~Server() = default;

void Server::handle(std::string_view body) {
  json msg = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (msg.is_discarded()) {
    impl_->reply_error(nullptr, rpc::kParseError, "消息体不是有效的 JSON");
    return;
  }
  try {
    impl_->dispatch(msg);
  } catch (const std::exception& e) {
    // Last line of defence: a bug must cost one message, not the session.
    impl_->log(std::string("内部错误：") + e.what());
    auto id = msg.is_object() ? msg.find("id") : msg.end();
    if (msg.is_object() && id != msg.end() && is_valid_id(*id))
      impl_->reply_error(*id, rpc::kInternalError, std::string("内部错误：") + e.what());
  }
}

void Server::framing_error(std::string_view what) {
  impl_->log(std::string("帧错误：") + std::string(what));
  impl_->reply_error(nullptr, rpc::kParseError, std::string("消息帧无效：") + std::string(what));
}

void Server::set_input_pending(bool pending) { impl_->defer_lint = pending; }

void Server::idle() {
  impl_->defer_lint = false;
  if (impl_->exited || impl_->state != Impl::State::Running) return;
  const std::set<std::string> todo = std::move(impl_->stale);
  impl_->stale.clear();
  for (const auto& uri : todo)
    if (auto it = impl_->docs.find(uri); it != impl_->docs.end()) impl_->relint_and_publish(*it->second);
}

bool Server::exited() const { return impl_->exited; }

int Server::exit_code() const { return impl_->shutdown_received ? 0 : 1; }

std::string_view Server::negotiated_encoding() const { return to_string(impl_->encoding); }

}  // namespace fz::lsp
