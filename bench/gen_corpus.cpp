// fz_gen_corpus — writes the synthetic report corpus (bench/corpus.h) to files.
//
//   fz_gen_corpus --seed N --count K --out DIR      K reports DIR/report-00001.txt …
//   fz_gen_corpus --seed N --big MB --out DIR       one file DIR/big-<MB>mb.txt of ≥ MB·10⁶ bytes
//
// Prints the sizes and the injected defects by kind, so a run can be compared with what the
// linter reports.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "corpus.h"

namespace {

bool write_file(const std::filesystem::path& p, const std::string& data) {
  std::ofstream f(p, std::ios::binary);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
  return static_cast<bool>(f);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fz_gen_corpus — deterministic synthetic 法治政府建设年度报告 for benchmarks"};
  uint64_t seed = 1;
  int count = 0;
  double big_mb = 0;
  std::string out;
  app.add_option("--seed", seed, "PRNG seed (same seed → identical files)");
  app.add_option("--count", count, "number of reports to write")->check(CLI::Range(0, 1000000));
  app.add_option("--big", big_mb, "also write one file of at least this many MB (10^6 bytes)")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--out", out, "output folder (created)")->required();
  CLI11_PARSE(app, argc, argv);
  if (count == 0 && big_mb <= 0) {
    std::fprintf(stderr, "fz_gen_corpus: nothing to do (give --count and/or --big)\n");
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) {
    std::fprintf(stderr, "fz_gen_corpus: cannot create %s: %s\n", out.c_str(), ec.message().c_str());
    return 2;
  }
  std::map<std::string, int> defects;
  size_t bytes = 0, chars = 0, min_c = SIZE_MAX, max_c = 0;
  for (int i = 0; i < count; ++i) {
    std::string text = fz::bench::generate_report(fz::bench::report_seed(seed, static_cast<uint64_t>(i)), &defects);
    char name[32];
    std::snprintf(name, sizeof name, "report-%05d.txt", i + 1);
    if (!write_file(std::filesystem::path(out) / name, text)) {
      std::fprintf(stderr, "fz_gen_corpus: cannot write %s\n", name);
      return 2;
    }
    size_t n = fz::bench::count_code_points(text);
    bytes += text.size();
    chars += n;
    min_c = std::min(min_c, n);
    max_c = std::max(max_c, n);
  }
  if (count > 0)
    std::printf("wrote %d reports to %s: %zu bytes, %zu characters (min %zu, mean %zu, max %zu)\n", count,
                out.c_str(), bytes, chars, min_c, chars / static_cast<size_t>(count), max_c);
  if (big_mb > 0) {
    size_t want = static_cast<size_t>(big_mb * 1e6);
    std::string big = fz::bench::generate_big(seed, want);
    char name[64];
    std::snprintf(name, sizeof name, "big-%gmb.txt", big_mb);
    if (!write_file(std::filesystem::path(out) / name, big)) {
      std::fprintf(stderr, "fz_gen_corpus: cannot write %s\n", name);
      return 2;
    }
    std::printf("wrote %s/%s: %zu bytes, %zu characters\n", out.c_str(), name, big.size(), fz::bench::count_code_points(big));
  }
  if (!defects.empty()) {
    std::printf("injected defects:");
    for (auto& [k, v] : defects) std::printf(" %s=%d", k.c_str(), v);
    std::printf("\n");
  }
  return 0;
}
