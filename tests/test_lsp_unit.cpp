// Unit tests of the LSP server's building blocks: framing (transport.h), LSP positions in the
// three encodings (positions.h), file:// URIs and format selection (server_impl.h). Whole
// sessions are in test_lsp_transcripts.cpp.
#include <doctest/doctest.h>

#include <sstream>
#include <random>
#include <string>

#include "lsp/positions.h"
#include "lsp/server_impl.h"
#include "lsp/transport.h"
#include "support/json_text.h"
#include "text/utf8.h"

using fz::lsp::Encoding;
using fz::lsp::LspPosition;
using fz::lsp::MessageReader;
using fz::lsp::ReadResult;

namespace {
ReadResult read_one(const std::string& bytes, size_t max = 1024) {
  std::istringstream in(bytes);
  MessageReader r(in, max);
  return r.next();
}
}  // namespace

TEST_CASE("transport: framing") {
  SUBCASE("CRLF headers, case-insensitive name, Content-Type ignored") {
    auto r = read_one("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
    CHECK(r.kind == ReadResult::Kind::Message);
    CHECK(r.body == "{}");
  }
  SUBCASE("bare LF and surrounding blanks in the value") {
    auto r = read_one("Content-Length:   3  \n\n[1]");
    CHECK(r.kind == ReadResult::Kind::Message);
    CHECK(r.body == "[1]");
  }
  SUBCASE("body is read by length, not by line") {
    auto r = read_one("Content-Length: 5\r\n\r\n{\"a\"}Content-Length: 2\r\n\r\n{}");
    CHECK(r.body == "{\"a\"}");
  }
  SUBCASE("over the maximum: framing error, nothing allocated") {
    auto r = read_one("Content-Length: 1025\r\n\r\n{}", 1024);
    CHECK(r.kind == ReadResult::Kind::FramingError);
    CHECK(r.error.find("1025") != std::string::npos);
  }
  SUBCASE("negative, signed or empty lengths are not numbers") {
    for (const char* v : {"-1", "+2", "", "2x", "0x10"}) {
      auto r = read_one(std::string("Content-Length: ") + v + "\r\n\r\n{}");
      CHECK_MESSAGE(r.kind == ReadResult::Kind::FramingError, v);
    }
  }
  SUBCASE("empty input and EOF mid-header / mid-body are Eof") {
    CHECK(read_one("").kind == ReadResult::Kind::Eof);
    CHECK(read_one("").error.empty());
    auto h = read_one("Content-Length: 2\r\n");
    CHECK(h.kind == ReadResult::Kind::Eof);
    CHECK_FALSE(h.error.empty());
    auto b = read_one("Content-Length: 10\r\n\r\n{}");
    CHECK(b.kind == ReadResult::Kind::Eof);
    CHECK_FALSE(b.error.empty());
  }
  SUBCASE("resynchronises on the next Content-Length, even mid-line") {
    std::istringstream in("Bogus\r\n\r\n{\"skipped\":1}Content-Length: 2\r\n\r\n{}");
    MessageReader r(in, 1024);
    CHECK(r.next().kind == ReadResult::Kind::FramingError);
    auto m = r.next();
    CHECK(m.kind == ReadResult::Kind::Message);
    CHECK(m.body == "{}");
    CHECK(r.next().kind == ReadResult::Kind::Eof);
  }
  SUBCASE("an endless header line is capped, reported, and skipped") {
    std::string bytes = "X: " + std::string(100000, 'a') + "\r\n\r\nContent-Length: 2\r\n\r\n{}";
    std::istringstream in(bytes);
    MessageReader r(in, 1024);
    CHECK(r.next().kind == ReadResult::Kind::FramingError);
    CHECK(r.next().body == "{}");
  }
  SUBCASE("frame() round-trips, Content-Length counts bytes") {
    const std::string body = "{\"t\":\"𠀀\"}";
    const std::string f = fz::lsp::frame(body);
    CHECK(f.rfind("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n", 0) == 0);
    CHECK(read_one(f).body == body);
  }
}

TEST_CASE("positions: the three encodings on a line with Ext-B characters") {
  // Line 1: 𠀀 (4 bytes, 2 UTF-16 units, 1 code point), 甲 (3, 1, 1), "a" (1, 1, 1).
  const std::string text = "标题\r\n𠀀甲a\n\n";
  const fz::text::LineIndex idx(text);
  const auto size = static_cast<uint32_t>(text.size());
  const uint32_t line1 = 8;  // "标题\r\n" = 6 + 2
  SUBCASE("to_offset") {
    CHECK(fz::lsp::to_offset(idx, size, {1, 3}, Encoding::Utf16) == line1 + 7);
    CHECK(fz::lsp::to_offset(idx, size, {1, 7}, Encoding::Utf8) == line1 + 7);
    CHECK(fz::lsp::to_offset(idx, size, {1, 2}, Encoding::Utf32) == line1 + 7);
    // Inside the surrogate pair: rounds down to the character's start.
    CHECK(fz::lsp::to_offset(idx, size, {1, 1}, Encoding::Utf16) == line1);
    // Inside a UTF-8 sequence: rounds down too.
    CHECK(fz::lsp::to_offset(idx, size, {1, 2}, Encoding::Utf8) == line1);
    // Past the end of the line: end of the line (before its terminator).
    CHECK(fz::lsp::to_offset(idx, size, {0, 99}, Encoding::Utf16) == 6);
    CHECK(fz::lsp::to_offset(idx, size, {1, 4294967295u}, Encoding::Utf16) == line1 + 8);
    // Past the last line: end of the document.
    CHECK(fz::lsp::to_offset(idx, size, {3, 0}, Encoding::Utf16) == size);
    CHECK(fz::lsp::to_offset(idx, size, {4294967295u, 0}, Encoding::Utf8) == size);
  }
  SUBCASE("to_position") {
    auto p = fz::lsp::to_position(idx, line1 + 7, Encoding::Utf16);
    CHECK(p.line == 1);
    CHECK(p.character == 3);
    CHECK(fz::lsp::to_position(idx, line1 + 7, Encoding::Utf8).character == 7);
    CHECK(fz::lsp::to_position(idx, line1 + 7, Encoding::Utf32).character == 2);
    // The LF of CRLF belongs to the end of line 0.
    CHECK(fz::lsp::to_position(idx, 7, Encoding::Utf16).line == 0);
  }
  SUBCASE("json ranges: reversed ranges are swapped, bad ones refused") {
    using nlohmann::json;
    json r = {{"start", {{"line", 1}, {"character", 3}}}, {"end", {{"line", 1}, {"character", 0}}}};
    auto s = fz::lsp::span_from_json(idx, size, r, Encoding::Utf16);
    REQUIRE(s);
    CHECK(s->begin == line1);
    CHECK(s->end == line1 + 7);
    CHECK_FALSE(fz::lsp::span_from_json(idx, size, json{{"start", {{"line", 0}}}}, Encoding::Utf16));
    CHECK_FALSE(fz::lsp::position_from_json(json{{"line", -1}, {"character", 0}}));
    CHECK_FALSE(fz::lsp::position_from_json(json{{"line", 1.5}, {"character", 0}}));
    CHECK_FALSE(fz::lsp::position_from_json(json::array()));
  }
  SUBCASE("encoding names") {
    CHECK(fz::lsp::parse_encoding("utf-8") == Encoding::Utf8);
    CHECK(fz::lsp::parse_encoding("utf-32") == Encoding::Utf32);
    CHECK_FALSE(fz::lsp::parse_encoding("UTF8"));
    CHECK(fz::lsp::to_string(Encoding::Utf16) == "utf-16");
  }
}

TEST_CASE("file:// URIs and formats") {
  CHECK(fz::lsp::uri_to_path("file:///home/u/%E6%8A%A5%E5%91%8A%20v2.txt") == "/home/u/报告 v2.txt");
  CHECK(fz::lsp::uri_to_path("file://localhost/tmp/a.md") == "/tmp/a.md");
  CHECK(fz::lsp::uri_to_path("FILE:///tmp/a.md") == "/tmp/a.md");
  CHECK(fz::lsp::uri_to_path("file:///tmp/a.md?x=1#frag") == "/tmp/a.md");
  CHECK(fz::lsp::uri_to_path("file://server/share/a.md").empty());  // not a local file
  CHECK(fz::lsp::uri_to_path("untitled:Untitled-1").empty());
  CHECK(fz::lsp::uri_to_path("file:///tmp/%zz").empty());            // malformed escape
  CHECK(fz::lsp::uri_to_path("file:///tmp/%00x").empty());           // NUL never reaches a path
  CHECK(fz::lsp::uri_to_path("file:///tmp/a%2").empty());
  CHECK(fz::lsp::format_for("markdown", "file:///a.txt") == fz::lsp::DocFormat::Markdown);
  CHECK(fz::lsp::format_for("plaintext", "file:///a.md") == fz::lsp::DocFormat::Text);
  CHECK(fz::lsp::format_for("", "file:///dir.md/A.MARKDOWN") == fz::lsp::DocFormat::Markdown);
  CHECK(fz::lsp::format_for("", "file:///dir.md/a.txt") == fz::lsp::DocFormat::Text);
  CHECK(fz::lsp::format_for("text", "untitled:1") == fz::lsp::DocFormat::Text);
}

TEST_CASE("Server: one message in, answers out; never throws on any bytes") {
  std::vector<std::string> out;
  fz::lsp::ServerOptions o;
  fz::lsp::Server s(o, [&](std::string m) { out.push_back(std::move(m)); });
  CHECK(s.negotiated_encoding() == "utf-16");
  // Every prefix of a valid request, and assorted junk: each is answered or dropped, no throw.
  const std::string req = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-8"]}}}})";
  for (size_t i = 0; i < req.size(); ++i) CHECK_NOTHROW(s.handle(req.substr(0, i)));
  for (const char* junk : {"", "null", "true", "{}", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"x\"}",
                           "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"x\"}", "\xff\xfe", "[[[[[[[[[[[[[[[[["})
    CHECK_NOTHROW(s.handle(junk));
  CHECK_FALSE(s.exited());
  out.clear();
  s.handle(req);
  REQUIRE(out.size() == 1);
  CHECK(out[0].find("\"positionEncoding\":\"utf-8\"") != std::string::npos);
  CHECK(s.negotiated_encoding() == "utf-8");
  s.handle(R"({"jsonrpc":"2.0","method":"exit"})");
  CHECK(s.exited());
  CHECK(s.exit_code() == 1);
}

namespace {
/// Counts lints; one finding per "错" so that publishes are visible.
class CountingLinter final : public fz::lsp::Linter {
 public:
  int calls = 0;
  fz::lsp::LintOutput lint(const fz::lsp::LintRequest& req) override {
    ++calls;
    fz::lsp::LintOutput out;
    for (size_t p = req.text.find("错"); p != std::string_view::npos; p = req.text.find("错", p + 1))
      out.findings.push_back({"x", fz::Category::Terms, fz::Severity::Warning, "m",
                              {uint32_t(p), uint32_t(p + 3)}});
    return out;
  }
};

std::string framed(const std::string& body) { return fz::lsp::frame(body); }

std::string change(int version, const std::string& text) {
  return framed(R"({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///t.txt","version":)" +
                std::to_string(version) + R"(},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":")" +
                text + R"("}]}})");
}
}  // namespace

TEST_CASE("session: a burst of queued edits is linted once; requests never see stale findings") {
  auto linter = std::make_shared<CountingLinter>();
  fz::lsp::ServerOptions o;
  o.linter = linter;
  std::string in_bytes =
      framed(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})") +
      framed(R"({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///t.txt","languageId":"plaintext","version":1,"text":"对"}}})");
  for (int v = 2; v <= 6; ++v) in_bytes += change(v, "错");
  in_bytes += framed(R"({"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///t.txt"},"position":{"line":0,"character":0}}})");
  in_bytes += change(7, "错");
  // All of it is buffered at once (as when a client sends faster than the server checks).
  std::istringstream in(in_bytes);
  std::ostringstream out;
  const int code = fz::lsp::run_session(in, out, o);
  CHECK(code == 1);  // input ended without shutdown
  const std::string s = out.str();
  // didOpen (1) + one lint for the five queued edits, done before the hover answer (2) + the
  // last edit once input ran out (3).
  CHECK(linter->calls == 3);
  const size_t v6 = s.find("\"version\":6");
  const size_t hover = s.find("\"id\":2");
  REQUIRE(v6 != std::string::npos);
  REQUIRE(hover != std::string::npos);
  CHECK(v6 < hover);  // findings published for the text the hover is answered from
  CHECK(s.find("\"version\":3") == std::string::npos);
  CHECK(s.find("\"version\":7") != std::string::npos);
  // The hover at character 0 sees the 5 inserted 错 (latest text), not the opened "对".
  CHECK(s.find("\"id\":2,\"jsonrpc\":\"2.0\",\"result\":{") != std::string::npos);
}

namespace {

/// Records the text of every lint and reports each "甲" as a finding.
class RecordingLinter final : public fz::lsp::Linter {
 public:
  std::string last_text;
  fz::lsp::LintOutput lint(const fz::lsp::LintRequest& req) override {
    last_text = std::string(req.text);
    fz::lsp::LintOutput out;
    for (size_t p = req.text.find("甲"); p != std::string_view::npos; p = req.text.find("甲", p + 1))
      out.findings.push_back({"jia", fz::Category::Terms, fz::Severity::Info, "甲", {uint32_t(p), uint32_t(p + 3)}});
    return out;
  }
};

std::string to_utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

/// An independent model of LSP positions over code points (not LineIndex): index into `s` of
/// (line, character) counted in `enc` units, with the protocol's clamping and rounding down.
size_t model_index(const std::u32string& s, uint32_t line, uint32_t character, Encoding enc) {
  size_t i = 0;
  for (uint32_t l = 0; l < line; ++l) {
    while (i < s.size() && s[i] != U'\n' && s[i] != U'\r') ++i;
    if (i == s.size()) return s.size();  // past the last line: end of the document
    i += (s[i] == U'\r' && i + 1 < s.size() && s[i + 1] == U'\n') ? 2 : 1;
  }
  uint64_t units = 0;
  while (i < s.size() && s[i] != U'\n' && s[i] != U'\r') {
    const char32_t c = s[i];
    const uint64_t w = enc == Encoding::Utf32 ? 1 : enc == Encoding::Utf16 ? (c >= 0x10000 ? 2 : 1)
                                                : (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
    if (units + w > character) break;
    units += w;
    ++i;
  }
  return i;
}

/// The model's position of code-point index `idx`.
std::pair<uint32_t, uint32_t> model_position(const std::u32string& s, size_t idx, Encoding enc) {
  uint32_t line = 0, ch = 0;
  for (size_t i = 0; i < idx; ++i) {
    const char32_t c = s[i];
    if (c == U'\n' || c == U'\r') {
      if (c == U'\r' && i + 1 < s.size() && s[i + 1] == U'\n') ++i;
      ++line;
      ch = 0;
      continue;
    }
    ch += enc == Encoding::Utf32 ? 1 : enc == Encoding::Utf16 ? (c >= 0x10000 ? 2 : 1)
                                 : (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
  }
  return {line, ch};
}

}  // namespace

TEST_CASE("incremental sync: random edits in each encoding agree with an independent model") {
  using nlohmann::json;
  const std::u32string pieces[] = {U"a", U"甲", U"𠀀", U"\n", U"\r\n", U"\r", U"，", U"é", U""};
  for (Encoding enc : {Encoding::Utf16, Encoding::Utf8, Encoding::Utf32}) {
    CAPTURE(fz::lsp::to_string(enc));
    auto linter = std::make_shared<RecordingLinter>();
    fz::lsp::ServerOptions o;
    o.linter = linter;
    std::vector<std::string> out;
    fz::lsp::Server server(o, [&](std::string m) { out.push_back(std::move(m)); });
    server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                       {"params", {{"capabilities", {{"general", {{"positionEncodings", {std::string(fz::lsp::to_string(enc))}}}}}}}}}
                      .dump());
    REQUIRE(server.negotiated_encoding() == fz::lsp::to_string(enc));
    std::u32string model = U"标题𠀀\r\n甲乙\n\n丙";
    server.handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                       {"params", {{"textDocument", {{"uri", "file:///m.txt"}, {"languageId", "plaintext"}, {"version", 1}, {"text", to_utf8(model)}}}}}}
                      .dump());
    uint32_t seed = 99;
    auto rnd = [&](uint32_t n) {
      seed = seed * 1103515245u + 12345u;
      return (seed >> 8) % n;
    };
    for (int step = 0; step < 400; ++step) {
      size_t lines = 1;
      for (size_t i = 0; i < model.size(); ++i)
        if (model[i] == U'\n' || (model[i] == U'\r' && !(i + 1 < model.size() && model[i + 1] == U'\n'))) ++lines;
      // Positions may point past line ends, past the last line, or into a surrogate pair.
      const uint32_t l1 = rnd(uint32_t(lines) + 1), c1 = rnd(14);
      const uint32_t l2 = l1 + rnd(2), c2 = rnd(14);
      std::u32string ins;
      for (uint32_t k = rnd(4); k > 0; --k) ins += pieces[rnd(9)];
      size_t a = model_index(model, l1, c1, enc), b = model_index(model, l2, c2, enc);
      if (b < a) std::swap(a, b);
      model.replace(a, b - a, ins);
      json range = {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
      json change = {{"range", range}, {"text", to_utf8(ins)}};
      json params = {{"textDocument", {{"uri", "file:///m.txt"}, {"version", step + 2}}},
                     {"contentChanges", json::array({change})}};
      server.handle(json{{"jsonrpc", "2.0"}, {"method", "textDocument/didChange"}, {"params", params}}.dump());
      INFO("step " << step);
      REQUIRE(linter->last_text == to_utf8(model));
      // The published ranges of every 甲 are where the model puts them.
      const json pub = json::parse(out.back());
      REQUIRE(pub["method"] == "textDocument/publishDiagnostics");
      size_t k = 0;
      for (size_t i = 0; i < model.size(); ++i) {
        if (model[i] != U'甲') continue;
        REQUIRE(k < pub["params"]["diagnostics"].size());
        const json& r = pub["params"]["diagnostics"][k++]["range"];
        const auto [sl, sc] = model_position(model, i, enc);
        const auto [el, ec] = model_position(model, i + 1, enc);
        CHECK(r["start"]["line"] == sl);
        CHECK(r["start"]["character"] == sc);
        CHECK(r["end"]["line"] == el);
        CHECK(r["end"]["character"] == ec);
      }
      CHECK(k == pub["params"]["diagnostics"].size());
    }
  }
}

// issue #13: a GB18030 report opened with the wrong encoding gives garbage; the server says so
// once instead of linting it.
TEST_CASE("engine linter: a misdecoded buffer gets one wrong-encoding diagnostic") {
  const std::string chinese =
      "关于2024年法治政府建设情况的报告\n一、主要举措和成效\n我县坚持依法行政，全面推进法治政府建设，"
      "完成规范性文件备案审查12件。\n";
  // The same bytes as GB18030 would be, shown as Latin-1 (each byte ≥ 0x80 one Latin letter),
  // and as UTF-8 with every undecodable sequence replaced.
  std::string latin1, fffd;
  for (size_t i = 0; i < chinese.size();) {
    const auto d = fz::text::decode_utf8(chinese, i);
    i += d.len;
    if (d.cp < 0x80) {
      latin1 += static_cast<char>(d.cp);
      fffd += static_cast<char>(d.cp);
    } else {
      fz::text::append_utf8(latin1, 0xB0 + (d.cp & 0x3F));
      fz::text::append_utf8(latin1, 0xC0 + ((d.cp >> 6) & 0x3F));
      fz::text::append_utf8(fffd, fz::text::kReplacementChar);
    }
  }
  CHECK_FALSE(fz::lsp::looks_misdecoded(chinese));
  CHECK_FALSE(fz::lsp::looks_misdecoded("Zoë and José met in Zürich."));  // a few accents are fine
  CHECK(fz::lsp::looks_misdecoded(latin1));
  CHECK(fz::lsp::looks_misdecoded(fffd));
  auto linter = fz::lsp::make_engine_linter();
  for (const std::string* text : {&latin1, &fffd}) {
    fz::lsp::LintRequest req;
    req.text = *text;
    const auto out = linter->lint(req);
    REQUIRE(out.findings.size() == 1);
    CHECK(out.findings[0].rule == "editor-wrong-encoding");
    CHECK(out.findings[0].message.find("编辑器用错误的编码打开了此文件") != std::string::npos);
  }
  fz::lsp::LintRequest ok;
  ok.text = chinese;
  for (const auto& f : linter->lint(ok).findings) CHECK(f.rule != "editor-wrong-encoding");
}

// publishDiagnostics is written as text (features.cpp DiagWriter) instead of through a JSON tree;
// the bytes must be those the tree gave: the same keys in the same order, the same escaping.
TEST_CASE("publishDiagnostics text equals the JSON tree's dump") {
  using nlohmann::json;
  SUBCASE("json_text::append_string escapes as nlohmann's dump on random valid text") {
    std::mt19937_64 next(0x9e3779b97f4a7c15ull);
    const char32_t alphabet[] = {U'a', U'"', U'\\', U'/', 0x01, 0x08, 0x0C, U'\n', U'\r', U'\t', 0x1F,
                                 0x7F, 0xE9, U'法', U'，', U'“', 0x20000, 0xFEFF, 0x2028};
    for (int round = 0; round < 2000; ++round) {
      std::string s;
      const size_t n = next() % 12;
      for (size_t i = 0; i < n; ++i) fz::text::append_utf8(s, alphabet[next() % std::size(alphabet)]);
      std::string mine;
      fz::json_text::append_string(mine, s);
      REQUIRE_MESSAGE(mine == json(s).dump(-1, ' ', false, json::error_handler_t::replace), s);
    }
  }
  SUBCASE("invalid UTF-8 becomes U+FFFD and stays valid JSON") {
    std::string mine;
    fz::json_text::append_string(mine, std::string("a\xFF\xE6\xB3z", 5));
    CHECK(mine == "\"a\xEF\xBF\xBD\xEF\xBF\xBDz\"");
    CHECK(json::parse(mine).get<std::string>() == "a\xEF\xBF\xBD\xEF\xBF\xBDz");
  }
  SUBCASE("a whole notification, every field, each encoding") {
    for (Encoding enc : {Encoding::Utf8, Encoding::Utf16, Encoding::Utf32}) {
      fz::lsp::OpenDocument doc;
      doc.uri = "file:///tmp/%E6%8A%A5%E5%91%8A \"q\".txt";
      doc.version = 42;
      doc.text = "一、总体情况\n𠀀（一）加强领导。\r\n\t截止目前，完成\"任务\"。\n";
      doc.reindex();
      fz::Finding a;
      a.rule = "term-cutoff";
      a.severity = fz::Severity::Error;
      a.message = "应为“截至目前”\n(见 GB/T \\ 15834)\x01";
      a.span = {31, 43};
      a.fixes.push_back({{31, 37}, "截至"});
      a.fixes.push_back({{40, 40}, ""});
      a.related.push_back({{0, 15}, "此处", {}});
      a.related.push_back({{0, 3}, "别处", "other.txt"});
      fz::Finding b;
      b.rule = "x";
      b.severity = fz::Severity::Info;
      b.message = "无修改";
      b.span = {4, 4};
      fz::Finding c = b;
      c.related.push_back({{0, 3}, "只在别处", "other.txt"});  // an empty relatedInformation
      c.severity = fz::Severity::Warning;
      doc.lint.findings = {a, b, c};
      for (bool docs : {false, true}) {
        const std::string docs_uri = docs ? "https://example.org/rules" : "";
        for (bool config_error : {false, true}) {
          if (config_error) doc.lint.config_error = fz::Error{"a.toml", 3, 2, "配置“x”有误"};
          else doc.lint.config_error.reset();
          json diags = json::array();
          if (config_error)
            diags.push_back({{"range", fz::lsp::range_json(doc.index, doc.index.line_span(1), enc)},
                             {"severity", 1},
                             {"code", "config-error"},
                             {"source", "fzlint"},
                             {"message", "配置有误，未检查本文档：" + doc.lint.config_error->to_string()}});
          for (const auto& f : doc.lint.findings) diags.push_back(fz::lsp::diagnostic_json(doc, f, enc, docs_uri));
          const json tree = {{"jsonrpc", "2.0"},
                             {"method", "textDocument/publishDiagnostics"},
                             {"params", {{"uri", doc.uri}, {"version", doc.version}, {"diagnostics", diags}}}};
          CHECK(fz::lsp::publish_text(doc, enc, docs_uri) == tree.dump(-1, ' ', false, json::error_handler_t::replace));
        }
      }
    }
  }
}
