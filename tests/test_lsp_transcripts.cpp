// JSON-RPC transcript tests of the language server (design.md §5.9; clangd's test/*.test).
//
// Each fixtures/lsp/*.lsp file is one session, run through run_session() exactly as `fzlint lsp`
// runs it (framing included). Lines:
//   # …                 comment            @linter fake|engine   which Linter serves the session
//   > {json}            a client message, framed with its correct Content-Length
//   >> "bytes"          raw client bytes (a JSON string literal: "\r\n", "\u0000"…; "\\xHH" is
//                       one raw byte), for malformed framing; at the end of a file it can leave
//                       a message unfinished
//   @file rel "text"    write a file under the session's temporary folder before the next input
//   < {json}            the next server message, compared structurally (every key, in order of
//                       arrival)
//   exit N              the session's exit code (last line)
// ${DIR} is the session's temporary folder and ${URI} its file:// URI. serverInfo.version is
// normalised to "<version>". UPDATE_GOLDEN=1 rewrites the `<` lines from what the server sent.
//
// The fake linter gives deterministic findings so that protocol tests do not depend on the rule
// pack: "错字" → fake-typo (warning, fix "正字"), "【待填】" → fake-placeholder (error, related:
// the first line), "注意" → fake-note (info, no rule docs). It reads the rule ids to ignore from
// ${DIR}/fake.cfg (one per line) when built and on reload(), standing in for .fzlint.toml.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>
#include <variant>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "golden.h"
#include "lsp/server.h"
#include "lsp/transport.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

class FakeLinter final : public fz::lsp::Linter {
 public:
  explicit FakeLinter(fs::path dir) : dir_(std::move(dir)) { reload(); }

  fz::lsp::LintOutput lint(const fz::lsp::LintRequest& req) override {
    fz::lsp::LintOutput out;
    auto find_all = [&](std::string_view needle, auto make) {
      for (size_t p = req.text.find(needle); p != std::string_view::npos; p = req.text.find(needle, p + 1))
        out.findings.push_back(make(fz::ByteSpan{uint32_t(p), uint32_t(p + needle.size())}));
    };
    if (!ignored("fake-typo"))
      find_all("错字", [](fz::ByteSpan s) {
        fz::Finding f{"fake-typo", fz::Category::Terms, fz::Severity::Warning, "“错字”应为“正字”", s};
        f.fixes.push_back({s, "正字"});
        return f;
      });
    if (!ignored("fake-placeholder"))
      find_all("【待填】", [&](fz::ByteSpan s) {
        fz::Finding f{"fake-placeholder", fz::Category::Format, fz::Severity::Error, "模板占位符未填写", s};
        const size_t eol = req.text.find_first_of("\r\n");
        const uint32_t end = uint32_t(eol == std::string_view::npos ? req.text.size() : eol);
        f.related.push_back({{0, end}, "标题在此"});
        return f;
      });
    if (!ignored("fake-note"))
      find_all("注意", [](fz::ByteSpan s) {
        return fz::Finding{"fake-note", fz::Category::Format, fz::Severity::Info, "提示：注意措辞", s};
      });
    std::sort(out.findings.begin(), out.findings.end(), fz::finding_less);
    out.rule_info = [](std::string_view id) -> const fz::RuleInfo* {
      static const fz::RuleInfo typo{"fake-typo", fz::Category::Terms, fz::Severity::Warning, "错别字",
                                     "检查常见错别字。", "错别字损害公文的严肃性。", "《党政机关公文处理工作条例》第二十四条"};
      static const fz::RuleInfo ph{"fake-placeholder", fz::Category::Format, fz::Severity::Error, "未填写的占位符",
                                   "检查模板中未替换的占位符。", "占位符说明报告尚未完成。", "GB/T 9704—2012"};
      if (id == "fake-typo") return &typo;
      if (id == "fake-placeholder") return &ph;
      return nullptr;
    };
    return out;
  }

  void reload() override {
    ignored_.clear();
    std::ifstream in(dir_ / "fake.cfg");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) ignored_.push_back(line);
  }

 private:
  bool ignored(std::string_view id) const {
    return std::find(ignored_.begin(), ignored_.end(), id) != ignored_.end();
  }
  fs::path dir_;
  std::vector<std::string> ignored_;
};

/// One line of a transcript.
struct Step {
  enum Kind { Comment, Send, SendRaw, WriteFile, Expect, Exit, Linter } kind = Comment;
  std::string line;  // the original line (kept verbatim when rewriting)
  std::string bytes;  // Send/SendRaw: what goes on the wire; WriteFile: content
  std::string path;   // WriteFile
  json expected;      // Expect
  int exit_code = 0;  // Exit
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

/// "\\xHH" → the byte 0xHH (raw bytes that a JSON string literal cannot hold).
std::string unescape_bytes(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

/// An input stream made of chunks; before handing out chunk i it runs chunk i's action (writing
/// files) and records how many server messages had been sent — so every output can be placed
/// after the input that caused it.
class ChunkBuf final : public std::streambuf {
 public:
  struct Chunk {
    std::string bytes;
    std::function<void()> before;
    size_t step = 0;  // index of the Step this chunk comes from
  };
  ChunkBuf(std::vector<Chunk> chunks, std::function<size_t()> out_count)
      : chunks_(std::move(chunks)), out_count_(std::move(out_count)) {}
  /// outputs_before[i] = messages the server had sent when chunk i was first needed.
  std::vector<size_t> outputs_before;

 protected:
  int_type underflow() override {
    while (next_ < chunks_.size()) {
      Chunk& c = chunks_[next_++];
      outputs_before.push_back(out_count_());
      if (c.before) c.before();
      if (c.bytes.empty()) continue;
      setg(c.bytes.data(), c.bytes.data(), c.bytes.data() + c.bytes.size());
      return traits_type::to_int_type(*gptr());
    }
    return traits_type::eof();
  }

 private:
  std::vector<Chunk> chunks_;
  std::function<size_t()> out_count_;
  size_t next_ = 0;
};

/// Splits the server's framed output into message bodies, checking the framing.
std::vector<std::string> unframe(const std::string& out) {
  std::vector<std::string> bodies;
  size_t p = 0;
  while (p < out.size()) {
    const size_t hdr_end = out.find("\r\n\r\n", p);
    REQUIRE_MESSAGE(hdr_end != std::string::npos, "server output is not framed: " << out.substr(p, 80));
    const std::string hdr = out.substr(p, hdr_end - p);
    REQUIRE_MESSAGE(hdr.rfind("Content-Length: ", 0) == 0, "bad server header: " << hdr);
    const size_t len = std::stoul(hdr.substr(16));
    REQUIRE(hdr_end + 4 + len <= out.size());
    bodies.push_back(out.substr(hdr_end + 4, len));
    p = hdr_end + 4 + len;
  }
  return bodies;
}

json normalise(json j) {
  if (j.contains("result") && j["result"].is_object() && j["result"].contains("serverInfo"))
    j["result"]["serverInfo"]["version"] = "<version>";
  return j;
}

void run_transcript(const fs::path& file) {
  const fs::path dir = fs::temp_directory_path() /
                       ("fz_lsp_" + file.stem().string() + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string dir_s = dir.string();
  const std::string uri_s = "file://" + dir_s;
  auto subst = [&](std::string s) { return replace_all(replace_all(std::move(s), "${DIR}", dir_s), "${URI}", uri_s); };
  auto unsubst = [&](std::string s) { return replace_all(replace_all(std::move(s), uri_s, "${URI}"), dir_s, "${DIR}"); };

  // Parse the transcript.
  std::vector<Step> steps;
  std::string linter_kind = "fake";
  {
    std::istringstream in(fz::testing::read_file(file));
    int lineno = 0;
    for (std::string line; std::getline(in, line);) {
      ++lineno;
      INFO(file.filename().string() << ":" << lineno);
      Step s;
      s.line = line;
      if (line.empty() || line[0] == '#') {
        s.kind = Step::Comment;
      } else if (line.rfind(">> ", 0) == 0) {
        s.kind = Step::SendRaw;
        s.bytes = unescape_bytes(json::parse(subst(line.substr(3))).get<std::string>());
      } else if (line.rfind("> ", 0) == 0) {
        s.kind = Step::Send;
        s.bytes = fz::lsp::frame(json::parse(subst(line.substr(2))).dump());
      } else if (line.rfind("< ", 0) == 0) {
        s.kind = Step::Expect;
        s.expected = json::parse(subst(line.substr(2)));
      } else if (line.rfind("@file ", 0) == 0) {
        s.kind = Step::WriteFile;
        const size_t sp = line.find(' ', 6);
        REQUIRE(sp != std::string::npos);
        s.path = line.substr(6, sp - 6);
        s.bytes = json::parse(subst(line.substr(sp + 1))).get<std::string>();
      } else if (line.rfind("@linter ", 0) == 0) {
        s.kind = Step::Linter;
        linter_kind = line.substr(8);
      } else if (line.rfind("exit ", 0) == 0) {
        s.kind = Step::Exit;
        s.exit_code = std::stoi(line.substr(5));
      } else {
        FAIL("unknown transcript line: " << line);
      }
      steps.push_back(std::move(s));
    }
  }

  // Build the input: one chunk per client step (file writes run just before the next input).
  std::ostringstream out;
  std::vector<ChunkBuf::Chunk> chunks;
  std::vector<std::function<void()>> pending;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (s.kind == Step::WriteFile) {
      pending.push_back([p = dir / s.path, b = s.bytes] {
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << b;
      });
    } else if (s.kind == Step::Send || s.kind == Step::SendRaw) {
      chunks.push_back({s.bytes, [pending] { for (auto& f : pending) f(); }, i});
      pending.clear();
    }
  }
  ChunkBuf buf(chunks, [&] { return unframe(out.str()).size(); });
  std::istream in(&buf);

  fz::lsp::ServerOptions opts;
  opts.tool_version = "test";
  if (linter_kind == "engine") opts.linter = fz::lsp::make_engine_linter();
  else opts.linter = std::make_shared<FakeLinter>(dir);
  std::vector<std::string> logs;
  opts.log = [&](std::string_view l) { logs.emplace_back(l); };
  const int code = fz::lsp::run_session(in, out, opts);
  const std::vector<std::string> got = unframe(out.str());

  // Where each output belongs: chunk c was requested after the server had sent
  // outputs_before[c] messages, so messages from then until the next request answer chunk c.
  std::vector<size_t> after_step(got.size(), SIZE_MAX);
  for (size_t c = 0; c < buf.outputs_before.size(); ++c)
    for (size_t k = buf.outputs_before[c]; k < got.size(); ++k) after_step[k] = chunks[c].step;

  if (fz::testing::update_golden()) {
    std::string text;
    size_t k = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].kind == Step::Expect) continue;
      if (steps[i].kind == Step::Exit) {
        for (; k < got.size(); ++k) text += "< " + unsubst(normalise(json::parse(got[k])).dump()) + "\n";
        text += "exit " + std::to_string(code) + "\n";
        continue;
      }
      text += steps[i].line + "\n";
      for (; k < got.size() && after_step[k] == i; ++k)
        text += "< " + unsubst(normalise(json::parse(got[k])).dump()) + "\n";
    }
    std::ofstream(file, std::ios::binary) << text;
    fs::remove_all(dir);
    return;
  }

  std::vector<const Step*> expects;
  const Step* exit_step = nullptr;
  for (const auto& s : steps) {
    if (s.kind == Step::Expect) expects.push_back(&s);
    if (s.kind == Step::Exit) exit_step = &s;
  }
  std::string log_text;
  for (const auto& l : logs) log_text += "  log: " + l + "\n";
  INFO("transcript: " << file.string() << " (UPDATE_GOLDEN=1 rewrites the < lines)\n" << log_text);
  for (size_t k = 0; k < std::min(got.size(), expects.size()); ++k) {
    const json actual = normalise(json::parse(got[k]));
    INFO("server message #" << k + 1 << "\n  expected: " << expects[k]->line << "\n  actual:   < "
                            << unsubst(actual.dump()));
    CHECK(actual == expects[k]->expected);
  }
  CHECK_MESSAGE(got.size() == expects.size(), "server sent " << got.size() << " messages, transcript expects "
                                                             << expects.size());
  REQUIRE_MESSAGE(exit_step, "transcript lacks an `exit N` line");
  CHECK(code == exit_step->exit_code);
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("LSP transcripts (fixtures/lsp/*.lsp)") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fz::testing::fixtures_dir() / "lsp"))
    if (e.path().extension() == ".lsp") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  for (const auto& f : files) {
    SUBCASE(f.stem().string().c_str()) { run_transcript(f); }
  }
}
