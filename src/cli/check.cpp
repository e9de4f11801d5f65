#include "cli/check.h"

#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include <fmt/core.h>

#include "cli/baseline.h"
#include "cli/batch_spool.h"
#include "cli/commands.h"
#include "cli/convert.h"
#include "cli/compare_run.h"
#include "cli/io.h"
#include "cli/output_sink.h"
#include "cli/profile.h"
#include "engine/linter.h"
#include "engine/warm.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "report/report.h"
#include "support/fixes.h"
#include "support/parallel.h"
#include "text/line_index.h"

namespace fs = std::filesystem;

namespace fz::cli {

namespace {

/// A configuration and the rule set built from it, shared by every file it applies to.
struct Profile {
  engine::Config config;
  std::shared_ptr<const engine::RuleSet> rules;
};

class ReadAhead;

/// One checked file; owns the decoded text that the report's views point into.
struct Checked {
  std::string path;
  std::shared_ptr<const Profile> profile;
  std::unique_ptr<ingest::SourceText> src;
  std::unique_ptr<text::LineIndex> index;
  report::FileReport rep;
  FileStamp stamp;  ///< the file as read, re-checked before --fix replaces it
  bool input_error = false;
  unsigned lint_threads = 1;  ///< threads for this file's rules (engine::Config::threads)
  bool keep_doc = false;      ///< keep the tree and its analysis for a comparison (no second parse)
  std::unique_ptr<outline::Document> doc;
  std::shared_ptr<const checks::Analysis> analysis;  ///< lint's, of `doc`
  /// A one-file run: this file read, decoded and outlined on another thread while the rule set
  /// was built (ReadAhead); check_one takes it from there.
  std::shared_ptr<ReadAhead> ahead;
  std::unique_ptr<outline::Document> outlined;  ///< the outline ReadAhead parsed
  // The batch comparison in bounded memory (stream_compared, cli/batch_spool.h):
  bool batch_part = false;      ///< prepare this report's part right after its lint, on its thread
  engine::BatchPart part;       ///< its index entries (and, until spooled, its shed bytes)
  engine::SectionPaths sections;  ///< heading paths, until spooled
  SpoolPlace spooled;           ///< where its text, findings, … wait in the spool
  engine::BatchShare share;     ///< its share of the comparison, until printed
  bool parked = false;          ///< linted, and its text and findings put aside (spool or `kept`)
  std::shared_ptr<SpooledReport> kept;  ///< put aside in memory (the spool could not be written)
  std::shared_ptr<const std::vector<std::string>> group_paths;  ///< the reports it was compared with
};

void note(const std::string& msg) { std::cerr << "fzlint: " << msg << "\n"; }

/// Command-line settings as a Config overlay (command line wins over the config file).
Result<engine::Config> cli_overlay(const CheckOptions& o) {
  engine::Config c;
  c.select = o.select;
  c.ignore = o.ignore;
  c.year = o.year;
  if (o.partial) c.partial = true;
  c.rule_dirs = o.rule_dirs;
  c.origin = "<命令行>";
  if (o.fix || o.diff) {  // every fix must be applied, not only those of the findings listed
    c.max_findings = 0;
    c.max_findings_per_rule = 0;
  }
  for (const auto& s : o.severity) {
    auto eq = s.find('=');
    if (eq == std::string::npos)
      return Error{"--severity", 0, 0, "格式应为 规则ID=error|warning|info：" + s};
    auto sev = parse_severity(s.substr(eq + 1));
    if (!sev) return Error{"--severity", 0, 0, "未知的严重程度：" + s.substr(eq + 1)};
    c.severity[s.substr(0, eq)] = *sev;
  }
  return c;
}

class ProfileCache {
 public:
  ProfileCache(const CheckOptions& o, engine::Config overlay) : o_(o), overlay_(std::move(overlay)) {}

  /// The profile for a file: the explicit --config, else the nearest .fzlint.toml upward.
  Result<std::shared_ptr<const Profile>> for_file(const std::string& file) {
    std::string cfg_path;
    if (!o_.config.empty()) {
      cfg_path = o_.config;
    } else if (!o_.no_config) {
      std::error_code ec;  // a deleted working folder: search from "." (finds nothing)
      fs::path dir = file == "-" ? fs::current_path(ec) : fs::path(file).parent_path();
      if (dir.empty()) dir = ".";
      if (auto found = find_config_upward(dir)) cfg_path = found->string();
    }
    auto it = cache_.find(cfg_path);
    if (it != cache_.end()) return it->second;
    if (auto f = failed_.find(cfg_path); f != failed_.end()) return f->second;
    auto p = build(cfg_path);
    if (!p) {
      failed_.emplace(cfg_path, p.error());  // built once, reported for every file it governs
      return p.error();
    }
    cache_[cfg_path] = *p;
    return *p;
  }

 private:
  Result<std::shared_ptr<const Profile>> build(const std::string& cfg_path) {
    auto prof = std::make_shared<Profile>();
    if (!cfg_path.empty()) {
      auto cfg = load_config_file(cfg_path);
      if (!cfg) return cfg.error();
      prof->config = std::move(*cfg);
      if (auto& p = prof->config.previous; !p.empty() && fs::path(p).is_relative())
        p = (fs::path(cfg_path).parent_path() / p).string();  // last year's report: relative to the config file
    }
    engine::merge(prof->config, overlay_);
    auto extra = read_rule_files(prof->config);
    if (!extra) return extra.error();
    auto rs = engine::build_ruleset(*extra, prof->config);
    if (!rs) return rs.error();
    prof->rules = std::move(*rs);
    return std::shared_ptr<const Profile>(std::move(prof));
  }

  const CheckOptions& o_;
  engine::Config overlay_;
  std::map<std::string, std::shared_ptr<const Profile>> cache_;
  std::map<std::string, Error> failed_;
};

/// Decode, parse and lint `c.src`'s text (already decoded); fills c.rep.
void lint_decoded(Checked& c) {
  const std::unique_ptr<outline::Document> outlined = std::move(c.outlined);  // ReadAhead's
  if (!outlined || !c.index) c.index = std::make_unique<text::LineIndex>(c.src->text);
  outline::Document doc = outlined ? std::move(*outlined) : outline::parse(*c.src);
  engine::LintResult res;
  if (c.lint_threads > 1) {  // a run with one file: its rules share the cores (check_range)
    engine::Config cfg = c.profile->config;
    cfg.threads = c.lint_threads;
    res = engine::lint(*c.src, doc, *c.profile->rules, cfg);
  } else {
    res = engine::lint(*c.src, doc, *c.profile->rules, c.profile->config);
  }
  c.rep.text = c.src->text;
  c.rep.index = c.index.get();
  c.rep.encoding = c.src->encoding;
  c.rep.findings = std::move(res.findings);
  c.rep.report_year = res.report_year;
  c.rep.partial = res.partial;
  c.rep.title = doc.title ? doc.title->text : std::string();
  c.rep.word_paragraphs =
      c.src->format == ingest::Format::Docx || c.src->format == ingest::Format::Odt;
  c.rep.numbering_chars = c.src->numbering_chars;
  for (const auto& n : c.src->notes)  // a .docx's footnotes and endnotes: "脚注3", "尾注1"
    c.rep.notes.push_back({n.first_line + 1, n.lines,
                           (n.kind == ingest::Note::Kind::Footnote ? "脚注" : "尾注") + std::to_string(n.number)});
  if (c.batch_part) {  // the comparison's part, while the tree and lint's analysis are at hand
    c.part = engine::prepare_batch({c.src.get(), &doc, c.rep.path, res.analysis.get()}, *c.profile->rules,
                                   c.profile->config);
    if (res.analysis) c.sections = engine::section_paths(*res.analysis);
  }
  c.doc = c.keep_doc ? std::make_unique<outline::Document>(std::move(doc)) : nullptr;
  c.analysis = c.keep_doc ? std::move(res.analysis) : nullptr;  // points into *c.doc (moved, not copied)
}

/// Read and decode `c.path` into c.src; false (with c.rep.error set) when it cannot be.
bool read_decoded(Checked& c, const CheckOptions& o) {
  c.rep.path = c.path == "-" ? (o.stdin_filename.empty() ? "<stdin>" : o.stdin_filename) : c.path;
  const bool legacy = c.path != "-" && is_legacy_word(c.path);  // .doc/.wps via LibreOffice
  // The stamp (its content hash is a pass over the bytes: 10 MB, 10 ms) guards --fix alone.
  FileStamp* stamp = o.fix ? &c.stamp : nullptr;
  auto bytes = legacy ? convert_legacy_word(c.path, o.max_size, stamp) : read_input(c.path, o.max_size, stamp);
  if (!bytes) {
    c.rep.error = bytes.error();
    c.input_error = true;
    return false;
  }
  const std::string& name = c.path == "-" ? o.stdin_filename : c.path;
  ingest::Options io;
  io.max_bytes = o.max_size;
  auto src = ingest::ingest(*bytes, legacy ? ingest::Format::Docx : ingest::format_from_path(name), io);
  if (!src) {
    Error e = src.error();
    if (e.origin.empty()) e.origin = c.rep.path;
    c.rep.error = e;
    c.input_error = true;
    return false;
  }
  c.src = std::make_unique<ingest::SourceText>(std::move(*src));
  return true;
}

/// Keep the calling thread off `cpu` when it may run elsewhere (best effort; Linux only).
void keep_off_cpu([[maybe_unused]] int cpu) {
#ifdef __linux__
  if (cpu < 0 || cpu >= CPU_SETSIZE) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0 || !CPU_ISSET(cpu, &set) || CPU_COUNT(&set) < 2) return;
  CPU_CLR(cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
#endif
}

int current_cpu() {
#ifdef __linux__
  return sched_getcpu();
#else
  return -1;
#endif
}

/// A one-file run's second thread (an editor's save, a pre-commit hook). What check_one does
/// before the rules needs nothing of the rule set (the outline's grammar is built in), so this
/// thread reads, decodes and outlines the file while the main thread builds the rule set
/// (seed: ≈ 0.4 ms of the 2.5 ms the rule set takes); then, until take(), it builds the costly
/// RE2 programs that text may need (engine/warm.h) on the core that is otherwise idle.
/// Seed, 400 runs each, interleaved: p10 10.27 → 9.50 ms, p25 10.68 → 10.32, mean 11.87 →
/// 11.59 (bench/RESULTS.md §21). It keeps off the core the main thread was on when it
/// started: left to the scheduler it often ran there first while the other core idled, and
/// the main thread waited for it (medians of 40: the rule set began 1.2 ms later, which cost
/// all the warming gained).
class ReadAhead {
 public:
  /// Throws std::system_error when no thread can be started.
  ReadAhead(std::string path, const CheckOptions& o)
      : future_(promise_.get_future()),
        thread_([this, main_cpu = current_cpu()](std::string p, const CheckOptions* opts) { run(std::move(p), *opts, main_cpu); },
                std::move(path), &o) {}
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;
  ~ReadAhead() {
    stop_.store(true, std::memory_order_release);
    thread_.join();
  }

  /// The file, read (rethrows what reading threw); no program is started after this.
  Checked take() {
    stop_.store(true, std::memory_order_release);
    return future_.get();
  }

 private:
  /// Files longer than this are not warmed for: their rules take long enough that building
  /// the programs on first use is a small part, and picking them means a search of the text.
  static constexpr size_t kWarmTextMax = 256 * 1024;

  void run(std::string path, const CheckOptions& o, int main_cpu) {
    keep_off_cpu(main_cpu);
    std::vector<const rules::CostlyPattern*> todo;
    try {
      Checked c;
      c.path = std::move(path);
      if (read_decoded(c, o)) {
        c.index = std::make_unique<text::LineIndex>(c.src->text);
        c.outlined = std::make_unique<outline::Document>(outline::parse(*c.src));
        // Picked before the text is handed over: the main thread may free it once linted.
        if (c.src->text.size() <= kWarmTextMax) todo = pick(c.src->text);
      }
      promise_.set_value(std::move(c));
    } catch (...) {
      promise_.set_exception(std::current_exception());
      return;
    }
    try {
      engine::warm_programs(todo, stop_);
    } catch (...) {  // best effort (out of memory): the rules build what they need themselves
    }
  }

  static std::vector<const rules::CostlyPattern*> pick(std::string_view text) noexcept {
    try {
      return engine::costly_programs_for(text);
    } catch (...) {  // out of memory: warm nothing, but hand the file over
      return {};
    }
  }

  std::promise<Checked> promise_;
  std::future<Checked> future_;
  std::atomic<bool> stop_{false};
  std::thread thread_;  ///< last: started once the members it uses exist
};

void check_one(Checked& c, const CheckOptions& o) {
  if (c.ahead) {
    Checked pre = c.ahead->take();  // rethrows what reading threw
    c.ahead.reset();
    c.rep = std::move(pre.rep);
    c.stamp = pre.stamp;
    c.input_error = pre.input_error;
    c.src = std::move(pre.src);
    c.index = std::move(pre.index);
    c.outlined = std::move(pre.outlined);
    if (!c.input_error) lint_decoded(c);
    return;
  }
  if (read_decoded(c, o)) lint_decoded(c);
}

/// --fix / --diff for one file. Returns false on a write error.
bool fix_one(Checked& c, const CheckOptions& o, std::string& diff_out) {
  if (!c.src || c.rep.error) return true;
  auto applied = fixes::apply(c.src->text, c.rep.findings);
  if (applied.applied.empty()) return true;
  if (c.src->format == ingest::Format::Docx || c.src->format == ingest::Format::Odt) {
    note(c.rep.path + ": Word/OpenDocument 文件不支持自动修复（" + std::to_string(applied.applied.size()) +
         " 处可修复问题请在 Word 中修改）");
    return true;
  }
  if (o.diff) diff_out += fixes::unified_diff(c.src->text, applied.text, c.rep.path);
  if (!o.fix) return true;
  if (c.path == "-") {
    note("标准输入无法就地修复；请使用 --diff");
    return true;
  }
  for (const auto& is : c.src->issues)
    if (is.rule == "invalid-encoding") {
      note(c.rep.path + ": 文件含无法解码的字节，为免损坏原文件，未写入修复");
      return true;
    }
  auto encoded = ingest::encode(applied.text, c.src->encoding, c.src->had_bom);
  if (!encoded) {
    note(c.rep.path + ": " + encoded.error().message);
    return false;
  }
  SaveOptions so;
  so.force = o.force;
  so.expect = &c.stamp;
  auto w = save_fixed(c.path, *encoded, so);
  if (!w) {
    note(w.error().to_string());
    return false;
  }
  note(fmt::format("{}: 已修复 {} 处{}", c.rep.path, applied.applied.size(),
                   w->empty() ? "" : "（" + *w + "）"));
  // Report what is left after the fixes: decode the bytes just written, so blocks, directives
  // and spans all describe the new text.
  ingest::Options io;
  io.max_bytes = o.max_size;
  auto again = ingest::ingest(*encoded, c.src->format, io);
  if (!again) {
    c.rep.error = again.error();
    c.input_error = true;
    return true;
  }
  *c.src = std::move(*again);
  lint_decoded(c);
  return true;
}

bool use_color(const CheckOptions& o) {
  if (o.color == "always") return true;
  if (o.color == "never" || !o.output.empty()) return false;
  return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

}  // namespace

namespace {

/// Check files [begin, end) of `todo` in parallel; each worker takes the next file.
void check_range(std::vector<Checked>& todo, size_t begin, size_t end, const CheckOptions& o) {
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  // Fewer files than cores (one report, one long file): the spare cores run a file's rules.
  if (end - begin < jobs)
    for (size_t i = begin; i < end; ++i) todo[i].lint_threads = jobs / static_cast<unsigned>(end - begin);
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(end - begin));
  parallel_indices(jobs, end - begin, [&](size_t i) { check_one(todo[begin + i], o); });
}

/// Write the report to standard output; a failed write (a full disk behind `> file`,
/// /dev/full, a closed pipe) is an error whatever --exit-zero says: the user would otherwise
/// believe a truncated report.
bool write_stdout(std::string_view out) {
  std::cout << out;
  std::cout.flush();
  if (std::cout.good()) return true;
  note("无法写入标准输出（磁盘已满、管道已关闭或输出被重定向到不可写的位置），报告不完整");
  return false;
}

[[noreturn]] void finish(int rc) {
  // Everything is written and flushed. Leave without tearing down the compiled rule sets
  // (hundreds of RE2 programs) and every file's text: the OS reclaims the memory faster, and
  // for one report that teardown was ~12 % of the run (bench/RESULTS.md §4). Nothing of the
  // user's is open: fixes and -o outputs were written atomically before this.
  std::cout.flush();
  if (!std::cout.good() && rc != 2) {
    note("无法写入标准输出，报告不完整");
    rc = 2;
  }
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(rc);
}

/// `batch --format csv` with the reports compared: in memory (c1000, 13.6 MB: 0.46 s, 90 MB)
/// while the input files total at most this many bytes, and through stream_compared's spool
/// past it (bounded memory: 10,000 reports 48 MB instead of 736 MB, the run ≈ 10 % slower at
/// two threads). FZLINT_BATCH_IN_MEMORY_BYTES overrides it (tests: 0 spools any batch).
uint64_t batch_in_memory_bytes() {
  const char* e = std::getenv("FZLINT_BATCH_IN_MEMORY_BYTES");
  return e && *e ? std::strtoull(e, nullptr, 10) : uint64_t{16} << 20;
}

/// The files' sizes on disk, summed (a file that cannot be stat'ed counts nothing).
uint64_t input_bytes(const std::vector<Checked>& todo) {
  uint64_t n = 0;
  for (const auto& c : todo) {
    struct stat st {};
    if (::stat(c.path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) n += static_cast<uint64_t>(st.st_size);
  }
  return n;
}

/// Formats other than text have no summary line: say on stderr how many files were checked as
/// excerpts, so the mode is never silent.
void note_excerpts(size_t n) {
  if (n) note(fmt::format("{} 个文件按摘录/节选检查（--partial、配置 partial 或文件中的 fzlint: partial），未检查全文规则", n));
}

/// Batch CSV: rows are written chunk by chunk in input order and each chunk is freed.
int stream_csv(const CheckOptions& o, Severity fail_level, std::vector<Checked> failed,
               std::vector<Checked> todo, report::Options ro, bool unreadable_folder) {
  constexpr size_t kChunk = 64;
  ro.fail_on = fail_level;
  std::string out;
  report::write_csv_header(out);
  bool input_error = false, at_fail_level = false;
  size_t excerpts = 0;
  auto emit = [&](std::vector<Checked>& v, size_t b, size_t e) {
    std::vector<report::FileReport> reps;
    for (size_t i = b; i < e; ++i) {
      input_error |= v[i].input_error;
      excerpts += v[i].rep.partial;
      if (v[i].rep.error && !report::error_elsewhere(v[i].rep)) note(v[i].rep.error->to_string());
      for (const auto& f : v[i].rep.findings) at_fail_level |= f.severity >= fail_level;
      reps.push_back(std::move(v[i].rep));
    }
    report::write_csv_rows(out, reps, ro);
    for (size_t i = b; i < e; ++i) v[i] = Checked{};  // free the decoded text now
  };
  emit(failed, 0, failed.size());
  for (size_t b = 0; b < todo.size(); b += kChunk) {
    const size_t e = std::min(todo.size(), b + kChunk);
    check_range(todo, b, e, o);
    emit(todo, b, e);
  }
  note_excerpts(excerpts);
  report::write_csv_skipped(out, ro);
  if (o.output.empty()) {
    if (!write_stdout(out)) finish(2);
  } else if (auto w = atomic_write(o.output, out); !w) {
    note(w.error().to_string());
    return 2;
  }
  finish(input_error || unreadable_folder ? 2 : (!o.exit_zero && at_fail_level) ? 1 : 0);
}

/// Check `todo` and hand each file to `emit` on this thread in input order, as soon as it and
/// every file before it are done; `emit` may then free it. Workers run at most `window` files
/// ahead of the last one emitted, so however many files, only that many texts are held at once.
void check_in_order(std::vector<Checked>& todo, const CheckOptions& o, const std::function<void(Checked&)>& emit,
                    const std::function<void(Checked&)>& work) {
  const size_t n = todo.size();
  unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (n && n < jobs)  // fewer files than cores: the spare cores run a file's rules (check_range)
    for (auto& c : todo) c.lint_threads = jobs / static_cast<unsigned>(n);
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, n));
  if (jobs <= 1) {
    for (auto& c : todo) {
      work(c);
      emit(c);
    }
    return;
  }
  const size_t window = 4 * static_cast<size_t>(jobs);
  std::mutex m;
  std::condition_variable done_cv, room_cv;
  std::vector<char> done(n, 0);
  size_t next = 0, emitted = 0;
  auto worker = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock lock(m);
        room_cv.wait(lock, [&] { return next >= n || next < emitted + window; });
        if (next >= n) return;
        i = next++;
      }
      work(todo[i]);
      {
        std::lock_guard lock(m);
        done[i] = 1;
      }
      done_cv.notify_one();
    }
  };
  std::vector<std::thread> pool;
  try {
    for (unsigned k = 0; k < jobs; ++k) pool.emplace_back(worker);
  } catch (const std::system_error&) {  // fewer threads than asked (a process limit)
  }
  for (size_t i = 0; i < n; ++i) {
    if (pool.empty()) {  // no thread could be started: check here
      work(todo[i]);
    } else {
      std::unique_lock lock(m);
      done_cv.wait(lock, [&] { return done[i] != 0; });
    }
    emit(todo[i]);
    {
      std::lock_guard lock(m);
      emitted = i + 1;
    }
    room_cv.notify_all();
  }
  for (auto& th : pool) th.join();
}

/// `check` printed file by file (report::Printer): each file is checked, fixed (--fix/--diff),
/// matched against the baseline, recorded for --write-baseline, printed and freed before the
/// window moves on, so memory stays flat however many files (issue #16). The bytes are those of
/// the whole-document printers. `ready` files are printed first as they are (files that could
/// not be checked; or, when reports are compared — which needs every text at once — all of them,
/// already checked, fixed and compared: `fixes_done`), then `todo` is checked and printed.
/// Writes to standard output as it goes; -o is spooled to a temporary file and written
/// atomically at the end.
[[noreturn]] void stream_check(const CheckOptions& o, Severity fail_level, std::vector<Checked> ready,
                               std::vector<Checked> todo, report::Options ro, bool had_input_error,
                               std::optional<Baseline> baseline, const std::vector<RuleInfo>& infos,
                               bool fixes_done, std::function<void(Checked&)> work = {}) {
  if (!work) work = [&o](Checked& c) { check_one(c, o); };
  const bool fixing = (o.fix || o.diff) && !fixes_done;
  const bool diff_only = fixing && !o.fix;  // like `ruff --diff`: only the diff is printed
  StdoutSink stdout_sink;
  std::vector<FileSpool*> spools;
  auto make_spool = [&spools]() -> std::unique_ptr<report::Spool> {
    auto s = std::make_unique<FileSpool>();
    spools.push_back(s.get());
    return s;
  };
  // -o: the report waits in a spool and is written atomically once complete; --fix --diff
  // prints every diff first, then the report, which waits in a spool too.
  std::unique_ptr<FileSpool> later;
  if (!o.output.empty() || (fixing && o.diff)) {
    later = std::make_unique<FileSpool>();
    spools.push_back(later.get());
  }
  report::Sink& out = later ? static_cast<report::Sink&>(*later) : static_cast<report::Sink&>(stdout_sink);
  // (`batch --format csv` is the matrix, a row per report.)
  const std::string format = o.batch && o.format == "csv" ? "csv-matrix" : o.format;
  auto printer = diff_only ? nullptr : report::make_printer(format, infos, ro, make_spool);

  Baseline recorded;
  bool write_failed = false, any_diff = false, at_fail_level = false;
  size_t known = 0, excerpts = 0;
  std::vector<std::string> errors;  // noted after the report, as the whole-document path does
  auto stdout_failed = [&] {
    note("无法写入标准输出（磁盘已满、管道已关闭或输出被重定向到不可写的位置），报告不完整");
    finish(2);
  };
  auto emit = [&](Checked& c) {
    if (fixing) {
      std::string diff;
      write_failed |= !fix_one(c, o, diff);
      any_diff |= !diff.empty();
      if (o.diff) stdout_sink.write(diff);
    }
    had_input_error |= c.input_error;
    if (!diff_only) {
      if (!o.write_baseline.empty()) recorded.add(c.rep);  // as found, before the old baseline marks any
      if (baseline) known += baseline->take_known(c.rep);
      for (const auto& f : c.rep.findings) at_fail_level |= f.severity >= fail_level;
      excerpts += c.rep.partial;
      if (c.rep.error && !report::error_elsewhere(c.rep) && o.format != "text" && o.format != "gcc")
        errors.push_back(c.rep.error->to_string());
      printer->file(out, c.rep);
    }
    c = Checked{};  // free the decoded text now
    if (!stdout_sink.flush()) stdout_failed();
  };

  if (printer) printer->begin(out);
  for (auto& c : ready) emit(c);
  check_in_order(todo, o, emit, work);
  if (printer) printer->end(out);

  for (const FileSpool* s : spools)
    if (!s->ok()) {
      note(s->error());
      finish(2);
    }
  if (diff_only) {
    if (!stdout_sink.flush()) stdout_failed();
    finish(had_input_error || write_failed ? 2 : any_diff ? 1 : 0);
  }
  if (!o.write_baseline.empty()) {
    if (auto w = atomic_write(o.write_baseline, recorded.to_json()); !w) {
      note(w.error().to_string());
      finish(2);
    }
    note("已写入基线：" + o.write_baseline);
  }
  if (known)
    note(fmt::format("基线 {}：{} 个问题上一轮已指出，列在新问题之后，仍计入结论和退出码", o.baseline, known));
  if (later && o.output.empty()) later->replay([&](std::string_view piece) { stdout_sink.write(piece); });
  if (later && !o.output.empty()) {
    auto w = atomic_write(o.output, [&](const std::function<bool(std::string_view)>& write) {
      bool ok = true;
      later->replay([&](std::string_view piece) { ok = ok && write(piece); });
      return ok && later->ok();  // a failed read-back leaves the old file as it was
    });
    if (!w) {
      note(w.error().to_string());
      finish(2);
    }
  }
  for (const FileSpool* s : spools)
    if (!s->ok()) {
      note(s->error());
      finish(2);
    }
  if (!stdout_sink.flush()) stdout_failed();
  for (const auto& e : errors) note(e);
  if (o.format != "text") note_excerpts(excerpts);
  finish(had_input_error || write_failed ? 2 : (!o.exit_zero && at_fail_level) ? 1 : 0);
}

/// `check` over many reports with the batch comparison on, in memory bounded by the
/// comparison's index (issue #16; cli/batch_spool.h). The files are checked on the -j threads as
/// stream_check does, each report's comparison part prepared on its thread right after its lint;
/// in input order each report's text, directives, heading paths and findings go to the spool and
/// are freed, its index entries stay. The comparison then fetches the two reports of each pair it
/// extends back from the spool; last, the files are fetched back one at a time on the threads,
/// their comparison findings merged in, printed and freed (stream_check). Output, exit code and
/// notes are those of the whole-document path (tests/cli/compare_memory.sh compares them).
[[noreturn]] void stream_compared(const CheckOptions& o, Severity fail_level, std::vector<Checked> failed,
                                  std::vector<Checked> todo, report::Options ro, bool had_input_error,
                                  std::optional<Baseline> baseline, const std::vector<RuleInfo>& infos) {
  RecordSpool spool;
  bool spool_failed = false;
  for (auto& c : todo) c.batch_part = true;
  auto park = [&](Checked& c) {  // this thread, in input order
    if (!c.src || c.rep.error) return;
    auto r = std::make_shared<SpooledReport>();
    r->text = std::move(c.src->text);
    r->shed = std::move(c.part.shed);
    r->directives = std::move(c.src->directives);
    r->sections = std::move(c.sections);
    r->findings = std::move(c.rep.findings);
    if (!spool_failed) {
      if (auto at = spool_report(spool, *r)) {
        c.spooled = *at;
        r.reset();
      } else {
        note(at.error().message + "；其余报告留在内存中比对（内存随报告数增长）");
        spool_failed = true;
      }
    }
    c.kept = std::move(r);
    c.parked = true;
    c.part.shed = {};
    c.sections = {};
    c.rep.findings = {};
    c.rep.text = {};
    c.rep.index = nullptr;
    c.index.reset();
    c.src.reset();
  };
  check_in_order(todo, o, park, [&o](Checked& c) { check_one(c, o); });

  // The reports sharing a rule set are compared with each other (as compare_run.h's compare_batch).
  const unsigned threads = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::map<const engine::RuleSet*, std::vector<size_t>> groups;
  for (size_t i = 0; i < todo.size(); ++i)
    if (todo[i].parked && todo[i].part.state) groups[todo[i].profile->rules.get()].push_back(i);
  for (auto& entry : groups) {
    // Named, not bound: the loaders below capture it, and clang before 16 cannot capture a
    // structured binding (the fuzz build's fzlint target).
    const engine::RuleSet* rules = entry.first;
    std::vector<size_t>& group = entry.second;
    const engine::Config& config = todo[group.front()].profile->config;
    if (group.size() < 2 || !engine::compares_batch(*rules, config)) {
      for (size_t i : group) todo[i].part = {};
      continue;
    }
    auto paths = std::make_shared<std::vector<std::string>>();
    std::vector<engine::BatchPart> parts;
    for (size_t i : group) {
      paths->push_back(todo[i].rep.path);
      parts.push_back(std::move(todo[i].part));
    }
    engine::BatchLoader load;
    load.text = [&](size_t k) -> Result<std::string> {
      const Checked& c = todo[group[k]];
      if (c.kept) return c.kept->text;
      auto l = load_text(spool, c.spooled);
      if (!l) return Error{c.rep.path, 0, 0, l.error().message};
      return l;
    };
    load.shed = [&](size_t k, size_t offset, size_t len) -> Result<std::string> {
      const Checked& c = todo[group[k]];
      if (c.kept) return offset >= c.kept->shed.size() ? std::string() : c.kept->shed.substr(offset, len);
      auto l = load_shed(spool, c.spooled, offset, len);
      if (!l) return Error{c.rep.path, 0, 0, l.error().message};
      return l;
    };
    std::vector<std::string> problems;
    auto shares = engine::compare_batch_parts(parts, load, *rules, config, threads, problems);
    for (const auto& p : problems) {
      note(p + "；该报告与同批报告的成段相同比对已跳过");
      had_input_error = true;
    }
    for (size_t k = 0; k < group.size(); ++k) {
      todo[group[k]].share = std::move(shares[k]);
      todo[group[k]].group_paths = paths;
    }
  }

  auto restore = [&spool](Checked& c) {  // on the threads: fetched back, comparison findings merged in
    if (!c.parked) return;
    Result<SpooledReport> r = c.kept ? Result<SpooledReport>(std::move(*c.kept)) : load_report(spool, c.spooled);
    c.kept.reset();
    if (!r) {
      c.rep.error = Error{c.rep.path, 0, 0, r.error().message};
      c.input_error = true;
      return;
    }
    c.src = std::make_unique<ingest::SourceText>();
    c.src->text = std::move(r->text);
    c.src->directives = std::move(r->directives);
    c.index = std::make_unique<text::LineIndex>(c.src->text);
    c.rep.text = c.src->text;
    c.rep.index = c.index.get();
    c.rep.findings = std::move(r->findings);
    if (c.share.state) {
      auto res = engine::finish_batch(c.share, *c.src, r->sections, *c.group_paths, *c.profile->rules,
                                      c.profile->config, c.rep.path);
      if (!res.findings.empty()) {
        for (auto& f : res.findings) c.rep.findings.push_back(std::move(f));
        std::stable_sort(c.rep.findings.begin(), c.rep.findings.end(), finding_less);
      }
      c.share = {};
    }
  };
  stream_check(o, fail_level, std::move(failed), std::move(todo), std::move(ro), had_input_error,
               std::move(baseline), infos, true, restore);
}

int run_check_impl(const CheckOptions& o) {
  static const std::string_view kFormats[] = {"text", "gcc", "json", "sarif", "csv", "html"};
  if (std::find(std::begin(kFormats), std::end(kFormats), o.format) == std::end(kFormats)) {
    note("未知的输出格式：" + o.format);
    return 2;
  }
  auto fail_level = parse_severity(o.fail_on);
  if (!fail_level) {
    note("--fail-on 只能是 error、warning 或 info");
    return 2;
  }
  auto overlay = cli_overlay(o);
  if (!overlay) {
    note(overlay.error().to_string());
    return 2;
  }
  auto expanded = expand_paths(o.paths);
  bool had_input_error = expanded.unreadable;
  report::Options ro;
  for (auto& s : expanded.skipped) {
    note("已跳过 " + s.path + "：" + s.reason);
    ro.skipped.push_back({std::move(s.path), std::move(s.reason)});
  }
  // An output that is also an input would overwrite a report before (or while) it is read.
  for (const std::string* out : {&o.output, &o.write_baseline}) {
    if (out->empty()) continue;
    for (const auto& f : expanded.files)
      if (same_file(*out, f)) {
        note(fmt::format("{} {} 也是要检查的输入文件；为免覆盖报告，未运行任何检查",
                         out == &o.output ? "-o/--output" : "--write-baseline", *out));
        return 2;
      }
  }
  std::vector<Checked> files;
  for (const auto& m : expanded.missing) {
    Checked c;
    c.path = m;
    c.rep.path = m;
    c.rep.error = Error{m, 0, 0, "文件不存在"};
    c.input_error = true;
    files.push_back(std::move(c));
  }
  if (expanded.files.empty() && expanded.missing.empty() && !expanded.unreadable) {
    note("没有找到可检查的文件（.txt、.md、.docx）");
    return 2;
  }

  // One file (an editor's save, a pre-commit hook): read, decode and outline it on a second
  // thread while the rule set is built below (ReadAhead).
  std::shared_ptr<ReadAhead> ahead;
  const unsigned cores = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (expanded.files.size() == 1 && cores > 1 && expanded.files[0] != "-" && !is_legacy_word(expanded.files[0])) {
    try {
      ahead = std::make_shared<ReadAhead>(expanded.files[0], o);
    } catch (const std::system_error&) {  // no thread to be had: read it in turn
    }
  }
  ProfileCache profiles(o, std::move(*overlay));
  std::vector<Checked> todo;
  std::set<std::string> config_errors;  // each broken configuration is noted once
  for (const auto& f : expanded.files) {
    Checked c;
    c.path = f;
    c.ahead = ahead;
    auto p = profiles.for_file(f);
    if (!p && !o.config.empty()) {
      note(p.error().to_string());
      return 2;  // a broken --config is a usage error: stop, nothing is trustworthy
    }
    if (!p) {
      // A .fzlint.toml (or its rule files) that cannot be read or parsed: an input error for
      // the files it governs; the other files are still checked, and the run exits 2.
      if (config_errors.insert(p.error().to_string()).second) note(p.error().to_string());
      c.rep.path = f;
      c.rep.error = p.error();
      c.input_error = true;
      files.push_back(std::move(c));
      continue;
    }
    c.profile = *p;
    todo.push_back(std::move(c));
  }

  // The CSV matrix needs only counts: write rows chunk by chunk and free each chunk's texts, so
  // memory stays flat however many reports a county office screens at once.
  // Comparisons (compare_run.h) take the paths below (stream_compared: a row per report, the
  // comparison's index in memory, the texts spooled).
  bool previous = !o.previous.empty();  // last year's report, for any file
  bool comparing = false;
  for (const auto& c : todo) {
    previous |= !c.profile->config.previous.empty();
    comparing |= todo.size() > 1 && engine::compares_batch(*c.profile->rules, c.profile->config);
  }
  comparing |= previous;
  if (o.batch && o.format == "csv" && !o.fix && !o.diff && o.baseline.empty() && o.write_baseline.empty() && !comparing)
    return stream_csv(o, *fail_level, std::move(files), std::move(todo), std::move(ro), expanded.unreadable);

  ro.color = use_color(o);
  ro.tool_version = FZ_VERSION;
  ro.information_uri = "https://github.com/fzlint/fzlint";
  ro.docs_base_uri = o.docs_uri;
  ro.statistics = o.statistics;
  ro.fail_on = *fail_level;
  if (o.format == "html") {  // the page records when and by which rules the reports were judged
    ro.rules_version = FZ_RULES_VERSION;
    ro.rules_hash = rules_hash();
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    char day[16] = {};
    if (::localtime_r(&now, &tm) && std::strftime(day, sizeof day, "%Y-%m-%d", &tm)) ro.date = day;
  }
  {
    std::error_code ec;
    auto cwd = fs::current_path(ec);
    if (!ec) ro.repo_root = "file://" + cwd.string() + "/";
  }
  std::vector<RuleInfo> infos;
  if ((!files.empty() || !todo.empty()) && (o.format == "sarif" || o.format == "html")) {
    for (const auto& c : todo)
      if (c.profile) {
        infos = engine::rule_infos(*c.profile->rules);
        break;
      }
    if (infos.empty()) {
      auto p = profiles.for_file(".");
      if (p) infos = engine::rule_infos(*(*p)->rules);
    }
  }

  // Every other format is printed file by file (stream_check), unless comparisons need every
  // text at once, or the whole page is one document (html). The batch matrix without
  // comparisons streamed above; with them it is compared in memory up to
  // batch_in_memory_bytes() of input, and past that takes stream_compared like the other formats.
  // FZLINT_NO_STREAM=1 takes the whole-document path: tests compare the two byte for byte.
  // When the reports of the run are compared with each other, stream_compared keeps only the
  // comparison's index in memory; with last year's report or fixes, every text is held until the
  // comparison is done, and the files are then printed one at a time all the same.
  const char* no_stream = std::getenv("FZLINT_NO_STREAM");
  std::optional<Baseline> base;
  const bool matrix_in_memory = o.batch && o.format == "csv" && input_bytes(todo) <= batch_in_memory_bytes();
  bool streamed = o.format != "html" && !matrix_in_memory && !(no_stream && *no_stream == '1');
  // --fix on a file named twice (or through a link): the whole-document path reads both before
  // fixing either, and the second fix is refused as a lost update; printing file by file would
  // make that depend on the threads' timing.
  if (streamed && o.fix) {
    std::set<std::pair<unsigned long long, unsigned long long>> seen;
    for (const auto& c : todo) {
      struct stat st {};
      if (::stat(c.path.c_str(), &st) == 0 && !seen.emplace(st.st_dev, st.st_ino).second) streamed = false;
    }
  }
  if (streamed && !o.baseline.empty()) {  // read first; a bad one is reported below, as before
    if (auto text = read_input(o.baseline, 64u << 20, nullptr, ""))
      if (auto b = Baseline::parse(*text, o.baseline)) base = std::move(*b);
    streamed = base.has_value();
  }
  if (streamed && !comparing)
    stream_check(o, *fail_level, std::move(files), std::move(todo), std::move(ro), had_input_error,
                 std::move(base), infos, false);
  // Only the reports of this run compared with each other (no last year's report, no fixes): in
  // bounded memory. FZLINT_COMPARE_IN_MEMORY=1 holds every report instead (tests compare the two).
  const char* in_memory = std::getenv("FZLINT_COMPARE_IN_MEMORY");
  if (streamed && comparing && !previous && !o.fix && !o.diff && !(in_memory && *in_memory == '1'))
    stream_compared(o, *fail_level, std::move(files), std::move(todo), std::move(ro), had_input_error,
                    std::move(base), infos);

  for (auto& c : todo) c.keep_doc = comparing;
  check_range(todo, 0, todo.size(), o);
  for (auto& c : todo) files.push_back(std::move(c));

  bool write_failed = false;
  if (o.fix || o.diff) {
    std::string diff;
    for (auto& c : files) write_failed |= !fix_one(c, o, diff);
    if (o.diff && !o.fix) {
      // Like `ruff --diff`: only the diff is printed; exit 1 when there is something to fix.
      if (!write_stdout(diff)) return 2;
      for (const auto& c : files) had_input_error |= c.input_error;
      if (had_input_error || write_failed) return 2;
      return diff.empty() ? 0 : 1;
    }
    if (o.diff && !write_stdout(diff)) return 2;
  }

  if (comparing) {  // against last year's report, and the reports of this run against each other
    std::vector<ComparedFile> cf;
    for (auto& c : files)
      cf.push_back({c.rep.path, c.src && !c.rep.error ? c.src.get() : nullptr,
                    c.profile ? c.profile->rules.get() : nullptr, c.profile ? &c.profile->config : nullptr,
                    &c.rep.findings, c.src && !c.rep.error ? c.doc.get() : nullptr,
                    c.src && !c.rep.error && c.doc ? c.analysis.get() : nullptr});
    for (const auto& e : compare_with_previous(cf, o)) {
      note(e.to_string());
      had_input_error = true;
    }
    if (cf.size() > 1) compare_batch(cf, o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency()));
  }
  if (streamed)
    stream_check(o, *fail_level, std::move(files), {}, std::move(ro), had_input_error || write_failed, std::move(base),
                 infos, true);  // a failed --fix write: exit 2, as below

  std::vector<report::FileReport> reps;
  reps.reserve(files.size());
  for (auto& c : files) {
    had_input_error |= c.input_error;
    reps.push_back(std::move(c.rep));  // the decoded text stays in `files` (rep.text views it)
  }

  // The old baseline is read before the new one is written: both may be the same file (a
  // reviewer's `--baseline b.json --write-baseline b.json` each round), and the old one decides
  // what is known. A bad old baseline stops the run before anything is written.
  std::optional<Baseline> old_base;
  if (!o.baseline.empty()) {
    auto text = read_input(o.baseline, 64u << 20, nullptr, "");
    if (!text) {
      note(text.error().to_string());
      return 2;
    }
    auto b = Baseline::parse(*text, o.baseline);
    if (!b) {
      note(b.error().to_string());
      return 2;
    }
    old_base = std::move(*b);
  }
  // The new baseline records every finding as found (before the old one marks any as known).
  if (!o.write_baseline.empty()) {
    auto w = atomic_write(o.write_baseline, Baseline::from(reps).to_json());
    if (!w) {
      note(w.error().to_string());
      return 2;
    }
    note("已写入基线：" + o.write_baseline);
  }
  if (old_base) {
    size_t n = old_base->mark_known(reps);
    if (n)
      note(fmt::format("基线 {}：{} 个问题上一轮已指出，列在新问题之后，仍计入结论和退出码", o.baseline, n));
  }
  std::string out;
  if (o.format == "text") report::write_text(out, reps, ro);
  else if (o.format == "gcc") report::write_gcc(out, reps, ro);
  else if (o.format == "json") report::write_json(out, reps, ro);
  else if (o.format == "sarif") report::write_sarif(out, reps, infos, ro);
  else if (o.format == "csv" && o.batch) report::write_csv(out, reps, ro);  // the matrix
  else if (o.format == "csv") report::write_csv_findings(out, reps, ro);   // one row per finding
  else report::write_html(out, reps, infos, ro);

  if (o.output.empty()) {
    if (!write_stdout(out)) return 2;
  } else {
    auto w = atomic_write(o.output, out);
    if (!w) {
      note(w.error().to_string());
      return 2;
    }
  }
  if (o.format != "text" && o.format != "gcc")
    for (const auto& r : reps)
      if (r.error && !report::error_elsewhere(r)) note(r.error->to_string());
  if (o.format != "text")
    note_excerpts(static_cast<size_t>(std::count_if(reps.begin(), reps.end(), [](auto& r) { return r.partial; })));

  int rc = 0;
  if (had_input_error || write_failed) {
    rc = 2;
  } else if (!o.exit_zero) {  // batch too: its 状态 column uses the same level
    for (const auto& r : reps)
      for (const auto& f : r.findings)
        if (f.severity >= *fail_level) rc = 1;
  }
  finish(rc);
}

}  // namespace

int run_check(const CheckOptions& o) { return run_check_impl(o); }

struct FileLinter::Impl {
  const CheckOptions& o;
  std::optional<ProfileCache> profiles;
  std::optional<Error> usage_error;
};

FileLinter::FileLinter(const CheckOptions& o) : impl_(std::make_unique<Impl>(Impl{o, {}, {}})) {
  auto overlay = cli_overlay(o);
  if (overlay) impl_->profiles.emplace(o, std::move(*overlay));
  else impl_->usage_error = overlay.error();
}

FileLinter::~FileLinter() = default;

Result<LintedFile> FileLinter::lint(const std::string& path, std::string_view bytes, bool& usage) {
  usage = true;
  if (impl_->usage_error) return *impl_->usage_error;
  auto prof = impl_->profiles->for_file(path);
  if (!prof) return prof.error();
  usage = false;
  ingest::Options io;
  io.max_bytes = impl_->o.max_size;
  auto src = ingest::ingest(
      bytes, is_legacy_word(path) ? ingest::Format::Docx : ingest::format_from_path(path), io);
  if (!src) {
    Error e = src.error();
    if (e.origin.empty()) e.origin = path;
    return e;
  }
  Checked c;
  c.path = path;
  c.profile = *prof;
  c.src = std::make_unique<ingest::SourceText>(std::move(*src));
  lint_decoded(c);
  return LintedFile{std::move(c.src), std::move(c.rep.findings)};
}

}  // namespace fz::cli
