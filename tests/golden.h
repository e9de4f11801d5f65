// Golden-file helpers for tests. A golden is a reviewable text file (one finding or one tree
// node per line). check_golden compares `actual` with the file; with UPDATE_GOLDEN=1 in the
// environment it rewrites the file instead, so `git diff` shows what changed.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fz::testing {

inline std::filesystem::path source_dir() { return FZ_SOURCE_DIR; }
inline std::filesystem::path fixtures_dir() { return source_dir() / "fixtures"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool update_golden() {
  const char* v = std::getenv("UPDATE_GOLDEN");
  return v && *v && std::string(v) != "0";
}

/// Compare `actual` with the golden file at `path` (created/rewritten under UPDATE_GOLDEN=1).
inline void check_golden(const std::filesystem::path& path, const std::string& actual) {
  if (update_golden()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  INFO("golden: " << path.string() << " (UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE_MESSAGE(std::filesystem::exists(path), "missing golden file");
  const std::string expected = read_file(path);
  if (expected != actual) {
    // Show the first differing line to make failures readable.
    std::istringstream e(expected), a(actual);
    std::string el, al;
    int line = 0;
    while (true) {
      ++line;
      bool he = static_cast<bool>(std::getline(e, el));
      bool ha = static_cast<bool>(std::getline(a, al));
      if (!he && !ha) break;
      if (!he) el = "<eof>";
      if (!ha) al = "<eof>";
      if (el != al) {
        FAIL_CHECK("line " << line << "\n  expected: " << el << "\n  actual:   " << al);
        break;
      }
    }
    CHECK(expected == actual);
  }
}

/// Files directly in `dir` with one of the `exts` (e.g. ".txt"), sorted by name.
inline std::vector<std::filesystem::path> list_files(const std::filesystem::path& dir,
                                                     std::vector<std::string> exts) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::exists(dir)) return out;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    for (auto& x : exts)
      if (e.path().extension() == x) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace fz::testing
