// Language features over the live buffer: publishDiagnostics, textDocument/codeAction (quick
// fixes, "disable this rule here" for Markdown) and textDocument/hover (the rule's docs).
#include <algorithm>
#include <exception>
#include <set>

#include "lsp/server_impl.h"
#include "support/fixes.h"
#include "support/json_text.h"
#include "text/utf8.h"

namespace fz::lsp {

using nlohmann::json;

namespace {

constexpr std::string_view kFixAllKind = "source.fixAll.fzlint";

int lsp_severity(Severity s) {
  switch (s) {
    case Severity::Error: return 1;
    case Severity::Warning: return 2;
    case Severity::Info: break;
  }
  return 3;
}

std::string_view slice(std::string_view text, ByteSpan s) {
  const size_t b = std::min<size_t>(s.begin, text.size());
  const size_t e = std::clamp<size_t>(s.end, b, text.size());
  return text.substr(b, e - b);
}

ByteSpan clamp_span(ByteSpan s, uint32_t size) {
  s.begin = std::min(s.begin, size);
  s.end = std::clamp(s.end, s.begin, size);
  return s;
}

bool intersects(ByteSpan f, ByteSpan r) { return f.begin <= r.end && r.begin <= f.end; }

std::string fix_title(std::string_view text, const Finding& f) {
  if (f.fixes.size() != 1)
    return "fzlint：应用 " + f.rule + " 的全部 " + std::to_string(f.fixes.size()) + " 处修改";
  const Fix& x = f.fixes.front();
  const std::string before = text::clip(slice(text, x.span), 20);
  const std::string after = text::clip(x.replacement, 20);
  if (after.empty()) return "fzlint：删除“" + before + "”";
  if (before.empty()) return "fzlint：插入“" + after + "”";
  return "fzlint：将“" + before + "”改为“" + after + "”";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// diagnostics

json diagnostic_json(const OpenDocument& doc, const Finding& f, Encoding encoding,
                     std::string_view docs_uri) {
  json d = {{"range", range_json(doc.index, f.span, encoding)},
            {"severity", lsp_severity(f.severity)},
            {"code", f.rule},
            {"source", "fzlint"},
            {"message", f.message}};
  if (!docs_uri.empty()) d["codeDescription"] = {{"href", std::string(docs_uri) + "#" + f.rule}};
  if (!f.related.empty()) {
    json rel = json::array();
    for (const auto& r : f.related)
      if (!r.elsewhere())  // a place in another file has no URI here
        rel.push_back({{"location", {{"uri", doc.uri}, {"range", range_json(doc.index, r.span, encoding)}}},
                     {"message", r.message}});
    d["relatedInformation"] = std::move(rel);
  }
  if (!f.fixes.empty()) {
    json edits = json::array();
    for (const auto& x : f.fixes)
      edits.push_back({{"range", range_json(doc.index, x.span, encoding)}, {"newText", x.replacement}});
    d["data"] = {{"fixes", std::move(edits)}};
  }
  return d;
}

namespace {

// publishDiagnostics written as text: after every keystroke the tree that diagnostic() builds
// cost more than the serialising (≈ 0.2 ms of a 30,000-character report's 3 ms). Keys come in
// nlohmann's (sorted) order, so the bytes are those of send_json(diagnostic(…)); test_lsp_unit
// compares the two.
struct DiagWriter {
  std::string& out;
  const text::LineIndex& index;
  Encoding enc;

  void key(std::string_view k) {
    out += '"';
    out += k;
    out += "\":";
  }
  void position(uint32_t offset) {
    const LspPosition p = to_position(index, offset, enc);
    out += "{\"character\":";
    json_text::append_int(out, p.character);
    out += ",\"line\":";
    json_text::append_int(out, p.line);
    out += '}';
  }
  void range(ByteSpan s) {
    out += "{\"end\":";
    position(std::max(s.begin, s.end));
    out += ",\"start\":";
    position(s.begin);
    out += '}';
  }
  void diagnostic(const Finding& f, std::string_view uri, std::string_view docs_uri) {
    out += "{\"code\":";
    json_text::append_string(out, f.rule);
    if (!docs_uri.empty()) {
      out += ",\"codeDescription\":{\"href\":";
      json_text::append_string(out, std::string(docs_uri) + "#" + f.rule);
      out += '}';
    }
    if (!f.fixes.empty()) {
      out += ",\"data\":{\"fixes\":[";
      for (size_t i = 0; i < f.fixes.size(); ++i) {
        if (i) out += ',';
        out += "{\"newText\":";
        json_text::append_string(out, f.fixes[i].replacement);
        out += ",\"range\":";
        range(f.fixes[i].span);
        out += '}';
      }
      out += "]}";
    }
    out += ",\"message\":";
    json_text::append_string(out, f.message);
    out += ",\"range\":";
    range(f.span);
    if (!f.related.empty()) {
      out += ",\"relatedInformation\":[";
      bool first = true;
      for (const auto& r : f.related) {
        if (r.elsewhere()) continue;  // a place in another file has no URI here
        if (!first) out += ',';
        first = false;
        out += "{\"location\":{\"range\":";
        range(r.span);
        out += ",\"uri\":";
        json_text::append_string(out, uri);
        out += "},\"message\":";
        json_text::append_string(out, r.message);
        out += '}';
      }
      out += ']';
    }
    out += ",\"severity\":";
    json_text::append_int(out, lsp_severity(f.severity));
    out += ",\"source\":\"fzlint\"}";
  }
};

}  // namespace

std::string publish_text(const OpenDocument& doc, Encoding encoding, std::string_view docs_uri) {
  std::string out;
  out.reserve(256 + 320 * doc.lint.findings.size());
  DiagWriter w{out, doc.index, encoding};
  out += "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"diagnostics\":[";
  bool first = true;
  if (doc.lint.config_error) {
    first = false;
    out += "{\"code\":\"config-error\",\"message\":";
    json_text::append_string(out, "配置有误，未检查本文档：" + doc.lint.config_error->to_string());
    out += ",\"range\":";
    w.range(doc.index.line_span(1));
    out += ",\"severity\":1,\"source\":\"fzlint\"}";
  }
  for (const auto& f : doc.lint.findings) {
    if (!first) out += ',';
    first = false;
    w.diagnostic(f, doc.uri, docs_uri);
  }
  out += "],\"uri\":";
  json_text::append_string(out, doc.uri);
  out += ",\"version\":";
  json_text::append_int(out, doc.version);
  out += "}}";
  return out;
}

void Server::Impl::relint_and_publish(OpenDocument& doc) {
  doc.lint = LintOutput{};
  if (opts.linter) {
    try {
      doc.lint = opts.linter->lint({doc.text, doc.uri, doc.path, doc.format, opts.partial});
    } catch (const std::exception& e) {
      log(std::string("检查失败：") + e.what());
    }
  }
  // A linter bug must not put positions outside the buffer on the wire.
  for (auto& f : doc.lint.findings) {
    f.span = clamp_span(f.span, doc.size());
    for (auto& x : f.fixes) x.span = clamp_span(x.span, doc.size());
    for (auto& r : f.related) r.span = clamp_span(r.span, doc.size());
  }
  send(publish_text(doc, encoding, opts.docs_uri));
}

// ---------------------------------------------------------------------------------------------
// code actions

json Server::Impl::on_code_action(const json& params) {
  json actions = json::array();
  OpenDocument* doc = find_fresh_doc(params);
  if (!doc) return actions;
  // Kinds are hierarchical ("source" asks for "source.fixAll.fzlint"); without `only` every
  // kind except source actions is offered (editors request those explicitly, e.g. on save).
  const json* only = nullptr;
  if (auto ctx = params.find("context"); ctx != params.end() && ctx->is_object())
    if (auto o = ctx->find("only"); o != ctx->end() && o->is_array()) only = &*o;
  auto wanted = [&](std::string_view kind) {
    if (!only) return kind.substr(0, 7) != "source.";
    for (const auto& k : *only) {
      if (!k.is_string()) continue;
      const std::string& ks = k.get_ref<const std::string&>();
      if (ks.empty() || kind == ks || (kind.size() > ks.size() && kind.substr(0, ks.size()) == ks && kind[ks.size()] == '.'))
        return true;
    }
    return false;
  };
  if (wanted(kFixAllKind)) {
    // Every fix in the document that does not overlap an earlier one (fz::fixes::apply's choice,
    // the same as `fzlint check --fix`), as one edit.
    const fixes::Applied applied = fixes::apply(doc->text, doc->lint.findings);
    if (!applied.applied.empty()) {
      json edits = json::array();
      for (const auto& x : applied.applied)
        edits.push_back({{"range", range_json(doc->index, x.span, encoding)}, {"newText", x.replacement}});
      actions.push_back({{"title", "fzlint：修复本文档中全部可自动修复的问题（" +
                                       std::to_string(applied.applied.size()) + " 处）"},
                         {"kind", std::string(kFixAllKind)},
                         {"edit", {{"changes", {{doc->uri, std::move(edits)}}}}}});
    }
  }
  if (!wanted("quickfix")) return actions;
  auto range = params.find("range");
  if (range == params.end()) throw RpcError{rpc::kInvalidParams, "缺少 range"};
  auto req = span_from_json(doc->index, doc->size(), *range, encoding);
  if (!req) throw RpcError{rpc::kInvalidParams, "range 无效"};

  std::set<std::pair<uint32_t, std::string>> disable_offered;  // (line, rule)
  for (const auto& f : doc->lint.findings) {
    if (!intersects(f.span, *req)) continue;
    const json diag = diagnostic(*doc, f);
    if (!f.fixes.empty()) {
      json edits = json::array();
      for (const auto& x : f.fixes)
        edits.push_back({{"range", range_json(doc->index, x.span, encoding)}, {"newText", x.replacement}});
      actions.push_back({{"title", fix_title(doc->text, f)},
                         {"kind", "quickfix"},
                         {"diagnostics", json::array({diag})},
                         {"isPreferred", true},
                         {"edit", {{"changes", {{doc->uri, std::move(edits)}}}}}});
    }
    if (doc->format != DocFormat::Markdown) continue;
    // Suppression comments exist in Markdown only: <!-- fzlint-disable-next-line ID --> on the
    // line before silences the rule on that line (ingest::Directive::DisableNextLine).
    const uint32_t line = doc->index.position(f.span.begin).line;
    if (!disable_offered.insert({line, f.rule}).second) continue;
    const ByteSpan ls = doc->index.line_span(line);
    std::string_view eol = "\n";
    if (ls.end < doc->size()) eol = doc->text.compare(ls.end, 2, "\r\n") == 0 ? "\r\n"
                                    : doc->text[ls.end] == '\r'                ? "\r"
                                                                               : "\n";
    // Keep the line's ASCII indentation so the comment stays inside the same list item or quote.
    std::string indent;
    for (uint32_t i = ls.begin; i < ls.end && (doc->text[i] == ' ' || doc->text[i] == '\t'); ++i)
      indent.push_back(doc->text[i]);
    const std::string insert = indent + "<!-- fzlint-disable-next-line " + f.rule + " -->" + std::string(eol);
    const json at = range_json(doc->index, ByteSpan{ls.begin, ls.begin}, encoding);
    actions.push_back({{"title", "在此处停用规则 " + f.rule},
                       {"kind", "quickfix"},
                       {"diagnostics", json::array({diag})},
                       {"edit", {{"changes", {{doc->uri, json::array({{{"range", at}, {"newText", insert}}})}}}}}});
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------
// hover

json Server::Impl::on_hover(const json& params) {
  OpenDocument* doc = find_fresh_doc(params);
  if (!doc) return nullptr;
  auto pos_it = params.find("position");
  if (pos_it == params.end()) throw RpcError{rpc::kInvalidParams, "缺少 position"};
  auto pos = position_from_json(*pos_it);
  if (!pos) throw RpcError{rpc::kInvalidParams, "position 无效"};
  const uint32_t off = to_offset(doc->index, doc->size(), *pos, encoding);

  std::string md;
  std::optional<ByteSpan> first;
  std::set<std::string> seen;
  for (const auto& f : doc->lint.findings) {
    const bool hit = f.span.empty() ? off == f.span.begin : f.span.contains(off);
    if (!hit || !seen.insert(f.rule + "\x1f" + f.message).second) continue;
    if (!first) first = f.span;
    if (!md.empty()) md += "\n\n---\n\n";
    const RuleInfo* info = doc->lint.rule_info ? doc->lint.rule_info(f.rule) : nullptr;
    md += "**" + (info && !info->title.empty() ? info->title : f.rule) + "**　`" + f.rule + "`（" +
          std::string(label_zh(f.severity)) + "）\n\n" + f.message;
    if (info) {
      if (!info->description.empty()) md += "\n\n" + info->description;
      if (!info->rationale.empty()) md += "\n\n**理由**：" + info->rationale;
      if (!info->source.empty()) md += "\n\n**依据**：" + info->source;
    }
    if (!opts.docs_uri.empty()) md += "\n\n[规则文档](" + opts.docs_uri + "#" + f.rule + ")";
  }
  if (!first) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", md}}},
          {"range", range_json(doc->index, *first, encoding)}};
}

}  // namespace fz::lsp
