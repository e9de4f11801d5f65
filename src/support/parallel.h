// fz::parallel_indices — the one work-sharing loop of fzlint: f(0) … f(n - 1), each index taken
// in turn by the calling thread and up to `threads - 1` helper threads. Used for the files of a
// check, the rules of one long text and the reports of a batch comparison.
//
// Invariants: every index runs exactly once; the calling thread is always one of the workers
// and runs its loop directly, a helper runs its loop through `enter(loop)` (a place for
// per-thread set-up); no helper is started for fewer than two indices; when the process may
// start no more threads (std::system_error), the threads already running do the work.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace fz {

template <class F, class Enter>
void parallel_indices(unsigned threads, size_t n, F&& f, Enter&& enter) {
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) f(i);
  };
  std::vector<std::thread> helpers;
  const size_t want = std::min<size_t>(threads, n);
  for (size_t k = 1; k < want; ++k) {
    try {
      helpers.emplace_back([&] { enter(loop); });
    } catch (const std::system_error&) {  // fewer threads than asked (a process limit)
      break;
    }
  }
  loop();
  for (auto& t : helpers) t.join();
}

template <class F>
void parallel_indices(unsigned threads, size_t n, F&& f) {
  parallel_indices(threads, n, f, [](auto& loop) { loop(); });
}

}  // namespace fz
