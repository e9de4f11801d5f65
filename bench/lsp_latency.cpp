// lsp_latency — how long diagnostics take to follow a keystroke.
//
// Drives the LSP server core in-process (no process, no pipes: the figure is the server's own
// cost) with the production engine linter: didOpen of a report of ≥ 30,000 characters, then N
// single-character incremental edits (type a character at a pseudo-random place, delete it on the
// next edit, so the size stays put), each sent as the JSON text a client would send. For each
// edit it measures the wall time from handing the didChange message to the server until the
// publishDiagnostics for that version has been serialised, and prints median / p90 / p99 / max.
// Two more rows split that figure: the lint alone (ingest → outline → engine on the same text),
// and the server's own overhead (the same edits with the lint replaced by a stored result).
//
//   fz_bench_lsp_latency [--edits N] [--file report.txt] [--process path/to/fzlint]
// --process adds the whole-process figure: `fzlint lsp` as a child process, messages through
// pipes (framing, JSON both ways, scheduling included).
// Without --file the report is generated (deterministic; realistic 公文 outline, statistics and a
// few drafting defects so that rules fire). Figures vary with the machine; tests never assert on
// them (design.md §5.12).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <functional>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "lsp/server.h"
#include "lsp/transport.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const char* kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                           "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八"};

/// A deterministic report of at least `min_chars` code points.
std::string generate_report(size_t min_chars) {
  const char* topics[] = {"行政决策", "行政执法", "政务公开", "矛盾纠纷化解", "普法宣传",
                          "行政复议", "规范性文件管理", "法治队伍建设"};
  const char* sentences[] = {
      "严格落实重大行政决策程序规定，全年完成合法性审查{n}件，提出修改意见{m}条。",
      "持续推进“三项制度”，行政执法案卷评查{n}卷，优秀率达到{p}%。",
      "开展主题普法活动{n}场次，覆盖群众{m}余人次，群众满意度明显提升。",
      "健全矛盾纠纷多元化解机制，排查化解矛盾纠纷{n}件，调解成功率{p}%。",
      "主动公开政府信息{n}条，办理依申请公开{m}件，均在法定期限内答复。",
      "组织领导干部集中学法{n}次，开展旁听庭审活动{m}人次。",
      "截至目前，已完成{n}项重点任务，剩余{m}项正在推进。"};
  // Drafting defects, one in about every 25 sentences (a realistic draft, not a minefield).
  const char* defects[] = {"截止目前，已完成{n}项重点任务,剩余{m}项正在推进。",
                           "开展主题普法活动{n}场次，，覆盖群众{m}余人次。",
                           "办理行政复议案件{n}件，纠错率{p}%，3千余名群众参与旁听。"};
  std::string out = "青山县2025年法治政府建设年度报告\n县委、县政府：\n";
  out += "2025年，我县坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
         "扎实推进法治政府建设，现将有关情况报告如下：\n";
  auto chars = [&] {
    size_t n = 0;
    for (unsigned char c : out) n += (c & 0xC0) != 0x80;
    return n;
  };
  const char* parts[] = {"一、2025年度推进法治政府建设的主要举措和成效\n",
                         "二、2025年度推进法治政府建设存在的不足和原因\n",
                         "三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况\n",
                         "四、2026年度推进法治政府建设的主要安排\n"};
  uint32_t seed = 12345;
  auto rnd = [&](uint32_t mod) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % mod;
  };
  auto sentence = [&] {
    std::string t = rnd(25) == 0 ? defects[rnd(3)] : sentences[rnd(7)];
    auto put = [&](const std::string& key, const std::string& v) {
      if (auto p = t.find(key); p != std::string::npos) t.replace(p, key.size(), v);
    };
    put("{n}", std::to_string(3 + rnd(300)));
    put("{m}", std::to_string(10 + rnd(9000)));
    put("{p}", std::to_string(80 + rnd(20)) + "." + std::to_string(rnd(10)));
    return t;
  };
  // Section 一 gets the bulk: six （n） subsections of numbered paragraphs (3–5 sentences each,
  // like real reports); the other parts a few paragraphs each.
  const size_t body_target = min_chars - 500;
  for (int part = 0; part < 4; ++part) {
    out += parts[part];
    if (part == 0) {
      const size_t per_sub = (body_target - chars()) / 6 + 1;
      for (int i = 0; i < 6; ++i) {
        out += std::string("（") + kNumerals[i] + "）加强" + topics[rnd(8)] + "工作\n";
        const size_t until = chars() + per_sub;
        for (int k = 1; chars() < until; ++k) {
          out += std::to_string(k) + ".推进" + topics[rnd(8)] + "。";
          for (uint32_t n = 3 + rnd(3); n > 0; --n) out += sentence();
          out += "\n";
        }
      }
    } else {
      for (int i = 0; i < 3; ++i) out += std::string("（") + kNumerals[i] + "）" + sentence() + "\n";
    }
  }
  out += "青山县人民政府\n2026年1月20日\n";
  return out;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

void print_row(const char* name, const std::vector<double>& ms) {
  std::printf("%-34s median %7.3f ms   p90 %7.3f ms   p99 %7.3f ms   max %7.3f ms\n", name,
              percentile(ms, 0.5), percentile(ms, 0.9), percentile(ms, 0.99),
              *std::max_element(ms.begin(), ms.end()));
}

}  // namespace

int main(int argc, char** argv) {
  int edits = 1000;
  std::string file, process;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--edits" && i + 1 < argc) edits = std::max(1, std::atoi(argv[++i]));
    else if (a == "--file" && i + 1 < argc) file = argv[++i];
    else if (a == "--process" && i + 1 < argc) process = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--edits N] [--file report.txt] [--process path/to/fzlint]\n", argv[0]);
      return 2;
    }
  }
  std::string text;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", file.c_str());
      return 2;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    text = generate_report(30000);
  }
  // Line lengths in UTF-16 units, so that edits land on valid positions (kept in sync below).
  std::vector<size_t> line_len;
  {
    size_t cur = 0;
    for (size_t i = 0; i < text.size();) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == '\n') {
        line_len.push_back(cur);
        cur = 0;
        ++i;
        continue;
      }
      const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      cur += len == 4 ? 2 : 1;
      i += len;
    }
    line_len.push_back(cur);
  }
  size_t code_points = 0;
  for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;

  int64_t expect_version = 0;
  Clock::time_point published{};
  size_t last_diag_count = 0;
  fz::lsp::ServerOptions opts;
  opts.linter = fz::lsp::make_engine_linter();
  // The publish for version V is recognised by its "version":V (the server writes it after the
  // diagnostics, keys being sorted); counting diagnostics needs no JSON parse either.
  auto on_message = [&](const std::string& msg) {
    if (msg.find("\"textDocument/publishDiagnostics\"") == std::string::npos) return;
    if (msg.find("\"version\":" + std::to_string(expect_version) + "}") == std::string::npos) return;
    published = Clock::now();
    last_diag_count = 0;
    for (size_t p = msg.find("\"source\":\"fzlint\""); p != std::string::npos; p = msg.find("\"source\":\"fzlint\"", p + 1))
      ++last_diag_count;
  };
  fz::lsp::Server server(opts, on_message);
  server.handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
  server.handle(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  const std::string uri = "untitled:bench-report.txt";
  expect_version = 1;
  const auto t_open = Clock::now();
  server.handle(json{{"jsonrpc", "2.0"},
                     {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri}, {"languageId", "plaintext"}, {"version", 1}, {"text", text}}}}}}
                    .dump());
  const double open_ms = std::chrono::duration<double, std::milli>(published - t_open).count();
  const size_t open_diags = last_diag_count;

  // deliver(msg) hands one didChange to a server and returns once it has answered.
  auto run_edits = [&](const std::function<void(const std::string&)>& deliver, std::vector<size_t> lens,
                       int64_t first_version, int count) {
    std::vector<double> lat;
    lat.reserve(static_cast<size_t>(count));
    uint32_t seed = 7;
    uint32_t line = 0, col = 0;
    for (int e = 0; e < count; ++e) {
      json change;
      if (e % 2 == 0) {  // type one character somewhere
        seed = seed * 1664525u + 1013904223u;
        line = (seed >> 8) % static_cast<uint32_t>(lens.size());
        col = lens[line] ? (seed >> 4) % static_cast<uint32_t>(lens[line] + 1) : 0;
        change = {{"range", {{"start", {{"line", line}, {"character", col}}}, {"end", {{"line", line}, {"character", col}}}}},
                  {"text", "的"}};
        lens[line] += 1;
      } else {  // and delete it again (a backspace)
        change = {{"range", {{"start", {{"line", line}, {"character", col}}}, {"end", {{"line", line}, {"character", col + 1}}}}},
                  {"text", ""}};
        lens[line] -= 1;
      }
      expect_version = first_version + e;
      const std::string msg = json{{"jsonrpc", "2.0"},
                                   {"method", "textDocument/didChange"},
                                   {"params", {{"textDocument", {{"uri", uri}, {"version", expect_version}}},
                                               {"contentChanges", json::array({change})}}}}
                                  .dump();
      published = {};
      const auto t0 = Clock::now();
      deliver(msg);
      if (published == Clock::time_point{}) {
        std::fprintf(stderr, "no diagnostics published for version %lld\n", static_cast<long long>(expect_version));
        std::exit(1);
      }
      lat.push_back(std::chrono::duration<double, std::milli>(published - t0).count());
    }
    return lat;
  };
  const std::vector<double> lat = run_edits([&](const std::string& m) { server.handle(m); }, line_len, 2, edits);

  // The same edits with the lint replaced by a copy of the findings already computed: what the
  // server itself costs (JSON, edits, positions, serialisation).
  std::vector<double> overhead;
  {
    struct Fixed final : fz::lsp::Linter {
      fz::lsp::LintOutput out;
      fz::lsp::LintOutput lint(const fz::lsp::LintRequest&) override { return out; }
    };
    auto fixed = std::make_shared<Fixed>();
    fixed->out = fz::lsp::make_engine_linter()->lint({text, uri, "", fz::lsp::DocFormat::Text});
    fz::lsp::ServerOptions o2;
    o2.linter = fixed;
    fz::lsp::Server s2(o2, on_message);
    s2.handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
    expect_version = 1;
    s2.handle(json{{"jsonrpc", "2.0"},
                   {"method", "textDocument/didOpen"},
                   {"params", {{"textDocument", {{"uri", uri}, {"languageId", "plaintext"}, {"version", 1}, {"text", text}}}}}}
                  .dump());
    overhead = run_edits([&](const std::string& m) { s2.handle(m); }, line_len, 2, edits);
  }

  // The lint alone on the same text, for comparison (the rest is protocol work).
  std::vector<double> lint_only;
  auto linter = fz::lsp::make_engine_linter();
  for (int i = 0; i < std::min(edits, 200); ++i) {
    const auto t0 = Clock::now();
    auto out = linter->lint({text, uri, "", fz::lsp::DocFormat::Text});
    lint_only.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (out.findings.size() > 1000000) return 3;  // keep the call from being optimised away
  }

  std::printf("report: %zu characters, %zu bytes, %zu lines; %zu diagnostics after didOpen (%.3f ms)\n",
              code_points, text.size(), line_len.size(), open_diags, open_ms);
  std::printf("%d single-character incremental edits (utf-16 positions), server in-process:\n", edits);
  print_row("didChange -> publishDiagnostics", lat);
  print_row("lint only (ingest+outline+engine)", lint_only);
  print_row("server overhead (lint stubbed)", overhead);
  std::printf("target: median < 5 ms -> %s\n", percentile(lat, 0.5) < 5.0 ? "met" : "NOT met");

  if (!process.empty()) {
    // Whole process: `fzlint lsp` as a child, messages through pipes, framing and all.
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return 1;
    const pid_t pid = ::fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[1]);
      ::close(from_child[0]);
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);
      ::execl(process.c_str(), process.c_str(), "lsp", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    std::string inbuf;
    auto write_all = [&](const std::string& body) {
      const std::string f = fz::lsp::frame(body);
      for (size_t off = 0; off < f.size();) {
        const ssize_t w = ::write(to_child[1], f.data() + off, f.size() - off);
        if (w <= 0) return false;
        off += static_cast<size_t>(w);
      }
      return true;
    };
    // Read framed messages until one satisfies `done` (or the child is gone).
    auto read_until = [&](const std::function<bool(const std::string&)>& done) {
      char buf[65536];
      for (;;) {
        const size_t hdr = inbuf.find("\r\n\r\n");
        if (hdr != std::string::npos) {
          const size_t len = std::strtoul(inbuf.c_str() + 16, nullptr, 10);
          if (inbuf.size() >= hdr + 4 + len) {
            const std::string body = inbuf.substr(hdr + 4, len);
            inbuf.erase(0, hdr + 4 + len);
            if (done(body)) return true;
            continue;
          }
        }
        const ssize_t n = ::read(from_child[0], buf, sizeof buf);
        if (n <= 0) return false;
        inbuf.append(buf, static_cast<size_t>(n));
      }
    };
    write_all(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
    read_until([](const std::string& b) { return b.find("\"id\":1") != std::string::npos; });
    expect_version = 1;
    write_all(json{{"jsonrpc", "2.0"},
                   {"method", "textDocument/didOpen"},
                   {"params", {{"textDocument", {{"uri", uri}, {"languageId", "plaintext"}, {"version", 1}, {"text", text}}}}}}
                  .dump());
    read_until([&](const std::string& b) { on_message(b); return published != Clock::time_point{}; });
    const int n_proc = std::min(edits, 300);
    const auto proc = run_edits(
        [&](const std::string& m) {
          if (!write_all(m)) return;
          read_until([&](const std::string& b) { on_message(b); return published != Clock::time_point{}; });
        },
        line_len, 2, n_proc);
    write_all(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})");
    read_until([](const std::string& b) { return b.find("\"id\":2") != std::string::npos; });
    write_all(R"({"jsonrpc":"2.0","method":"exit"})");
    ::close(to_child[1]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::printf("%d edits through pipes to `%s lsp` (exit code %d):\n", n_proc, process.c_str(),
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    print_row("whole process, pipes", proc);
  }
  return 0;
}
