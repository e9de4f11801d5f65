#!/usr/bin/env bash
# bench/targets.sh FZLINT... — the #16 targets for one or more fzlint binaries, run alternately
# in one sitting (two rounds), with autocorrect-node on the seed for the ratio. Prints figures
# only; bench/RESULTS.md records them. Needs the generated corpus (build-perf/bench/fz_gen_corpus
# → bench/out), the shared seed, and the peers (bench/install-peers.sh → $PEERS).
#
#   bench/targets.sh build-perf/src/cli/fzlint /tmp/fzlint.before
#   LSP_BENCH=build-perf/bench/fz_bench_lsp_latency bench/targets.sh …   (adds the LSP rows)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
S=${FZ_SEED:-$here/../shared/seeds/000_4cb5d7ebd9b6d720.txt}
O=$here/bench/out
PEERS=${PEERS:-/tmp/peers-cmp}
AC=$PEERS/node_modules/.bin/autocorrect
[ $# -ge 1 ] || { echo "usage: bench/targets.sh FZLINT..." >&2; exit 2; }
for d in "$O/c1000" "$O/c10000" "$O/big/big-10mb.txt" "$S"; do
  [ -e "$d" ] || { echo "missing: $d" >&2; exit 2; }
done
echo "load: $(cat /proc/loadavg)  $(date -u +%H:%M) UTC"
for round in 1 2; do
  for F in "$@"; do
    echo "=== $F (round $round)"
    perf stat -r 30 -e task-clock "$F" check --no-config --format json "$S" 2>&1 >/dev/null |
      grep -E "task-clock|elapsed" | sed 's/^/seed: /'
    for i in 1 2 3; do
      /usr/bin/time -f 'batch c1000 -j2: %e s wall %U+%S cpu %M KB' "$F" batch -j 2 --no-config "$O/c1000" -o /tmp/targets.csv 2>&1 | tail -1
    done
    for i in 1 2; do
      /usr/bin/time -f '10MB: %e s wall %U+%S cpu %M KB' "$F" check --no-config --format json "$O/big/big-10mb.txt" 2>&1 >/dev/null | tail -1
    done
    if [ "$round" = 1 ]; then
      /usr/bin/time -f 'c10000 json: %e s wall %U+%S cpu %M KB' "$F" check --no-config --format json "$O/c10000" 2>&1 >/dev/null | tail -1
    fi
  done
  if [ -n "${LSP_BENCH:-}" ]; then "$LSP_BENCH" 2>&1 | grep -E "didChange|lint only|overhead" | sed 's/^/lsp: /'; fi
  if [ -x "$AC" ]; then
    (cd "$PEERS" && perf stat -r 10 -e task-clock "$AC" --lint --quiet --format json "$S" 2>&1 >/dev/null |
      grep -E "task-clock|elapsed" | sed 's/^/autocorrect seed: /')
  fi
done
echo "load: $(cat /proc/loadavg)  $(date -u +%H:%M) UTC"
