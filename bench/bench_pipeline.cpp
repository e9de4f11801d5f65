// fz_bench — in-process Google Benchmark of the pipeline stages (design.md §5.12: programs that
// print figures; never timed tests):
//   decode (ingest::ingest), outline (outline::parse), engine (engine::lint), whole check
//   (all three + LineIndex + JSON printer, what `fzlint check --format json` does per file),
//   each on the seed report (per report) and on 1 MB of generated reports (per MB: see the
//   bytes_per_second column), plus building the shipped rule set (paid once per process).
//
// Inputs: the seed report is read from $FZ_SHARED_DIR/seeds (default: the shared/ folder next to
// the source tree); when it is missing a generated report of similar size is used instead.
//   build-perf/bench/fz_bench [--benchmark_filter=Check]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "corpus.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "report/report.h"
#include "text/line_index.h"

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& seed_report() {
  static const std::string text = [] {
    std::filesystem::path shared = std::getenv("FZ_SHARED_DIR") ? std::getenv("FZ_SHARED_DIR")
                                                                : FZ_SOURCE_DIR "/../shared";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(shared / "seeds", ec))
      if (e.path().extension() == ".txt") return read_file(e.path());
    std::fprintf(stderr, "fz_bench: no seed report in %s/seeds; using a generated report\n",
                 shared.c_str());
    return fz::bench::generate_report(fz::bench::report_seed(1, 0));
  }();
  return text;
}

const std::string& one_mb() {
  static const std::string text = fz::bench::generate_big(7, 1'000'000);
  return text;
}

const fz::engine::RuleSet& rules() {
  static const auto r = [] {
    auto built = fz::engine::build_ruleset({}, fz::engine::Config{});
    if (!built) {
      std::fprintf(stderr, "fz_bench: shipped rules do not build: %s\n", built.error().to_string().c_str());
      std::exit(2);
    }
    return *built;
  }();
  return *r;
}

const std::string& input(int which) { return which == 0 ? seed_report() : one_mb(); }

fz::ingest::SourceText decoded(const std::string& bytes) {
  auto r = fz::ingest::ingest(bytes, fz::ingest::Format::Text);
  if (!r) {
    std::fprintf(stderr, "fz_bench: ingest failed: %s\n", r.error().to_string().c_str());
    std::exit(2);
  }
  return std::move(*r);
}

void label(benchmark::State& st, const std::string& bytes) {
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(bytes.size()));
  st.SetLabel(st.range(0) == 0 ? "seed report" : "1 MB");
}

void BM_Decode(benchmark::State& st) {
  const auto& bytes = input(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    auto r = fz::ingest::ingest(bytes, fz::ingest::Format::Text);
    benchmark::DoNotOptimize(r);
  }
  label(st, bytes);
}

void BM_Outline(benchmark::State& st) {
  const auto& bytes = input(static_cast<int>(st.range(0)));
  auto src = decoded(bytes);
  for (auto _ : st) {
    auto doc = fz::outline::parse(src);
    benchmark::DoNotOptimize(doc);
  }
  label(st, bytes);
}

void BM_Engine(benchmark::State& st) {
  const auto& bytes = input(static_cast<int>(st.range(0)));
  auto src = decoded(bytes);
  auto doc = fz::outline::parse(src);
  const auto& rs = rules();
  size_t findings = 0;
  for (auto _ : st) {
    auto res = fz::engine::lint(src, doc, rs, fz::engine::Config{});
    findings = res.findings.size();
    benchmark::DoNotOptimize(res);
  }
  label(st, bytes);
  st.counters["findings"] = static_cast<double>(findings);
}

void BM_Check(benchmark::State& st) {
  const auto& bytes = input(static_cast<int>(st.range(0)));
  const auto& rs = rules();
  for (auto _ : st) {
    auto src = decoded(bytes);
    auto doc = fz::outline::parse(src);
    auto res = fz::engine::lint(src, doc, rs, fz::engine::Config{});
    fz::text::LineIndex index(src.text);
    std::vector<fz::report::FileReport> files(1);
    files[0].path = "report.txt";
    files[0].text = src.text;
    files[0].index = &index;
    files[0].encoding = src.encoding;
    files[0].findings = std::move(res.findings);
    std::string out;
    fz::report::write_json(out, files, fz::report::Options{});
    benchmark::DoNotOptimize(out);
  }
  label(st, bytes);
}

void BM_BuildRuleset(benchmark::State& st) {
  for (auto _ : st) {
    auto r = fz::engine::build_ruleset({}, fz::engine::Config{});
    benchmark::DoNotOptimize(r);
  }
}

/// 100 distinct generated reports per iteration: the batch workload (items_per_second = reports/s
/// on one core, rule set already built).
void BM_CheckCorpus(benchmark::State& st) {
  static const std::vector<std::string> corpus = [] {
    std::vector<std::string> v;
    for (uint64_t i = 0; i < 100; ++i) v.push_back(fz::bench::generate_report(fz::bench::report_seed(1, i)));
    return v;
  }();
  const auto& rs = rules();
  int64_t bytes = 0;
  for (const auto& t : corpus) bytes += static_cast<int64_t>(t.size());
  for (auto _ : st) {
    for (const auto& t : corpus) {
      auto src = decoded(t);
      auto doc = fz::outline::parse(src);
      auto res = fz::engine::lint(src, doc, rs, fz::engine::Config{});
      benchmark::DoNotOptimize(res);
    }
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations()) * 100);
  st.SetBytesProcessed(static_cast<int64_t>(st.iterations()) * bytes);
}

}  // namespace

BENCHMARK(BM_Decode)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Outline)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Engine)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Check)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildRuleset)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckCorpus)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
