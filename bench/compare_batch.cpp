// fz_bench_compare — cost of comparing the reports of one batch with each other (issue #15,
// rule passages-shared-in-batch: winnowing fingerprints, one hash index, seeds extended).
//
//   fz_bench_compare DIR                 the reports of DIR (e.g. written by fz_gen_corpus)
//   fz_bench_compare --count N [--seed S] N reports generated in memory (bench/corpus.h)
//
// Prints the corpus size, the time of engine::compare_batch (each report analysed and folded,
// fingerprints, index, pairs) over the best of three runs, the peak resident memory of the
// process, and what was found. Decoding and outline parsing are done before and not counted
// (they are the batch check's own cost, in bench/RESULTS.md §1).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<std::string> texts, names;
  uint64_t seed = 1;
  size_t count = 0;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--count" && i + 1 < argc) count = std::stoul(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) seed = std::stoull(argv[++i]);
    else dir = a;
  }
  if (!dir.empty()) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::ifstream f(p, std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      texts.push_back(ss.str());
      names.push_back(p.string());
    }
  } else {
    if (count == 0) count = 1000;
    for (size_t i = 0; i < count; ++i) {
      texts.push_back(fz::bench::generate_report(fz::bench::report_seed(seed, i)));
      names.push_back("report-" + std::to_string(i + 1) + ".txt");
    }
  }
  if (texts.size() < 2) {
    std::fprintf(stderr, "need at least two reports\n");
    return 2;
  }
  size_t bytes = 0, cps = 0;
  std::vector<std::unique_ptr<fz::ingest::SourceText>> srcs;
  std::vector<std::unique_ptr<fz::outline::Document>> docs;
  std::vector<fz::engine::Compared> cmp;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto s = fz::ingest::ingest(texts[i], fz::ingest::Format::Text);
    if (!s) continue;
    bytes += s->text.size();
    cps += fz::bench::count_code_points(s->text);
    srcs.push_back(std::make_unique<fz::ingest::SourceText>(std::move(*s)));
    docs.push_back(std::make_unique<fz::outline::Document>(fz::outline::parse(*srcs.back())));
    cmp.push_back({srcs.back().get(), docs.back().get(), names[i]});
  }
  auto rules = fz::engine::build_ruleset({}, fz::engine::Config{});
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().to_string().c_str());
    return 2;
  }
  fz::engine::Config cfg;
  cfg.select = {"passages-shared-in-batch"};
  double best = 1e9;
  size_t findings = 0, reports_with = 0;
  for (int round = 0; round < 3; ++round) {
    const auto t0 = std::chrono::steady_clock::now();
    auto res = fz::engine::compare_batch(cmp, **rules, cfg);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
    findings = reports_with = 0;
    for (const auto& r : res) {
      findings += r.findings.size();
      reports_with += !r.findings.empty();
    }
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("reports            %zu\n", cmp.size());
  std::printf("characters         %zu (%.0f per report), %.1f MB UTF-8\n", cps, double(cps) / double(cmp.size()),
              double(bytes) / 1e6);
  std::printf("compare_batch      %.3f s (best of 3)  %.2f M characters/s\n", best, double(cps) / best / 1e6);
  std::printf("peak RSS           %.1f MB (whole process: texts, trees, rule set, comparison)\n",
              double(ru.ru_maxrss) / 1024.0);
  std::printf("findings           %zu on %zu reports\n", findings, reports_with);
  return 0;
}
