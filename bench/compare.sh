#!/usr/bin/env bash
# Whole-process comparison of fzlint with the peers users would otherwise pick, on the same
# generated corpus, side by side in one run. Prints a Markdown table (wall time, CPU time =
# user+sys, peak RSS, and the peers' ratios to fzlint) — paste it into bench/RESULTS.md.
#
#   bench/compare.sh [--runs N] [--build DIR] [--peers DIR] [--out DIR] [--no-peers] [--timeout S]
#
# Inputs (built by fz_gen_corpus, deterministic, seed 1): one report (the shared seed report
# when present, else a generated one), 300 and 1,000 reports, one 10 MB file, and a 1 MB file
# for the scaling check; plus 10,000 reports for the fzlint-only memory target.
# Each cell is the median of N runs (default 3) measured with GNU time (`/usr/bin/time -f`).
# fzlint runs `check --format json` on every input and `batch` (CSV matrix) on the folders,
# all with --no-config so no stray .fzlint.toml changes the work. Peers run in their install
# folder (bench/install-peers.sh) with the configs in bench/peers/.
set -euo pipefail
here=${FZ_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}  # FZ_ROOT: when run from a copy of this script
runs=3
build="$here/build-perf"
peers=""
out="$here/bench/out"
with_peers=1
timeout_s=600
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --build) build=$2; shift ;;
    --peers) peers=$2; shift ;;
    --out) out=$2; shift ;;
    --no-peers) with_peers=0 ;;
    --timeout) timeout_s=$2; shift ;;
    *) echo "usage: bench/compare.sh [--runs N] [--build DIR] [--peers DIR] [--out DIR] [--no-peers] [--timeout S]" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -x /usr/bin/time ] || ! command -v bc >/dev/null; then
  echo "compare: installing GNU time" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time bc >/dev/null
fi

# 1. Build fzlint and the generator (RelWithDebInfo, as users get it from the README).
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFZ_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target fzlint fz_gen_corpus >/dev/null
FZ="$build/src/cli/fzlint"
GEN="$build/bench/fz_gen_corpus"

# 2. Corpus (regenerated only when missing; deterministic, so reruns compare like with like).
mkdir -p "$out"
if [ ! -f "$out/c1000/report-01000.txt" ]; then
  rm -rf "$out/c1000" "$out/c300" "$out/c10000"
  "$GEN" --seed 1 --count 1000 --out "$out/c1000" >&2
  mkdir -p "$out/c300"; cp "$out"/c1000/report-00[0-2]*.txt "$out/c300/"
fi
[ -f "$out/big/big-10mb.txt" ] || "$GEN" --seed 1 --big 10 --out "$out/big" >&2
[ -f "$out/big/big-1mb.txt" ] || "$GEN" --seed 1 --big 1 --out "$out/big" >&2
[ -f "$out/c10000/report-10000.txt" ] || "$GEN" --seed 2 --count 10000 --out "$out/c10000" >&2
seed_dir="${FZ_SHARED_DIR:-$here/../shared}/seeds"
one=$(ls "$seed_dir"/*.txt 2>/dev/null | head -1 || true)
[ -n "$one" ] || one="$out/c1000/report-00001.txt"
mkdir -p "$out/one"; cp "$one" "$out/one/report.txt"; one="$out/one/report.txt"

# 3. Peers.
if [ $with_peers = 1 ]; then
  [ -n "$peers" ] || peers=$(mktemp -d /tmp/fzlint-peers.XXXXXX)
  peers=$("$here/bench/install-peers.sh" "$peers" | tail -1)
fi

# measure NAME DIR CMD…: median over $runs of wall, user+sys and peak RSS; sets M_WALL M_CPU
# M_RSS (seconds, seconds, MB). Exit codes are ignored: 1 just means findings.
measure() {
  local dir=$1; shift
  local walls=() cpus=() rsss=() i line

  for ((i = 0; i < runs; i++)); do
    set +e
    line=$(cd "$dir" && timeout -s KILL $timeout_s /usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1)

    set -e
    read -r w u s m <<<"$line"
    # Killed by the timeout (or crashed): recorded as n/a, and not retried — one timeout is
    # answer enough, and retrying a 15-minute run twice more would hold the machine for nothing.
    if ! [[ "$w" =~ ^[0-9.]+$ ]]; then walls=(NaN); cpus=(NaN); rsss=(NaN); break; fi
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc -l)"); rsss+=("$(echo "$m / 1024" | bc -l)")
  done
  local mid=$(( (${#walls[@]} + 1) / 2 ))
  M_WALL=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${mid}p")
  M_CPU=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${mid}p")
  M_RSS=$(printf '%s\n' "${rsss[@]}" | sort -g | sed -n "${mid}p")
}

fmt_s()  { [[ "$1" =~ ^[0-9.]+$ ]] && printf '%.3f s' "$1" || printf '> %s s (killed)' "$timeout_s"; }
fmt_mb() { [[ "$1" =~ ^[0-9.]+$ ]] && printf '%.1f MB' "$1" || printf 'n/a'; }
ratio()  { [[ "$1" =~ ^[0-9.]+$ && "$2" =~ ^[0-9.]+$ ]] && [ "$(echo "$2 > 0" | bc)" = 1 ] \
             && printf '%.1f×' "$(echo "$1 / $2" | bc -l)" || printf 'n/a'; }

declare -A W C R
row_inputs=("one report|$out/one|report.txt"
            "300 reports|$out/c300|."
            "1,000 reports|$out/c1000|."
            "10 MB file|$out/big|big-10mb.txt")

echo "# fzlint vs peers — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, median of $runs runs" >&2
for spec in "${row_inputs[@]}"; do
  IFS='|' read -r label dir target <<<"$spec"
  files=("$target"); [ "$target" = . ] && files=($(cd "$dir" && ls *.txt))
  echo "… $label" >&2
  measure "$dir" "$FZ" check --no-config --format json -- "${files[@]}"
  W[fz,$label]=$M_WALL; C[fz,$label]=$M_CPU; R[fz,$label]=$M_RSS
  if [ "$target" = . ]; then
    measure "$dir" "$FZ" batch --no-config .
    W[fzb,$label]=$M_WALL; C[fzb,$label]=$M_CPU; R[fzb,$label]=$M_RSS
  fi
  if [ $with_peers = 1 ]; then
    cp "$peers/.autocorrectrc" "$peers/textlintrc.json" "$peers/prh.yml" "$dir/" 2>/dev/null || true
    measure "$dir" "$peers/node_modules/.bin/autocorrect" --lint --quiet --format json --config .autocorrectrc "${files[@]}"
    W[ac,$label]=$M_WALL; C[ac,$label]=$M_CPU; R[ac,$label]=$M_RSS
    # textlint 15 ignores -c under --no-textlintrc (it then loads no rules at all), so the
    # config is passed with -c alone, which replaces any .textlintrc lookup.
    measure "$dir" "$peers/node_modules/.bin/textlint" -c textlintrc.json --format json "${files[@]}"
    W[tl,$label]=$M_WALL; C[tl,$label]=$M_CPU; R[tl,$label]=$M_RSS
    rm -f "$dir/.autocorrectrc" "$dir/textlintrc.json" "$dir/prh.yml"
  fi
done

echo
echo "| input | fzlint check | fzlint batch | autocorrect | textlint | autocorrect ÷ fzlint | textlint ÷ fzlint |"
echo "|---|---|---|---|---|---|---|"
for spec in "${row_inputs[@]}"; do
  IFS='|' read -r label _ _ <<<"$spec"
  b="—"; [ -n "${W[fzb,$label]:-}" ] && b="$(fmt_s "${W[fzb,$label]}") wall, $(fmt_s "${C[fzb,$label]}") CPU, $(fmt_mb "${R[fzb,$label]}")"
  cell() { printf '%s wall, %s CPU, %s' "$(fmt_s "${W[$1,$label]:-}")" "$(fmt_s "${C[$1,$label]:-}")" "$(fmt_mb "${R[$1,$label]:-}")"; }
  if [ $with_peers = 1 ]; then
    # Ratios against the faster fzlint mode for the row (batch for folders), wall / CPU / RSS.
    best=fz; [ -n "${W[fzb,$label]:-}" ] && [ "$(echo "${W[fzb,$label]} < ${W[fz,$label]}" | bc)" = 1 ] && best=fzb
    rr() { printf '%s / %s / %s' "$(ratio "${W[$1,$label]}" "${W[$best,$label]}")" "$(ratio "${C[$1,$label]}" "${C[$best,$label]}")" "$(ratio "${R[$1,$label]}" "${R[$best,$label]}")"; }
    echo "| $label | $(cell fz) | $b | $(cell ac) | $(cell tl) | $(rr ac) | $(rr tl) |"
  else
    echo "| $label | $(cell fz) | $b | — | — | — | — |"
  fi
done
echo
echo "Ratios are wall / CPU / peak RSS, peer ÷ fzlint (the faster of check and batch); > 1× means fzlint is ahead."

# 4. fzlint's own targets.
echo
echo "| target | measured | goal |"
echo "|---|---|---|"
# GNU time counts in hundredths of a second, too coarse for one report: perf stat (mean of 30
# runs, milliseconds) when it is installed (linux-perf), else GNU time's figure.
if command -v perf >/dev/null && perf stat -x, -e task-clock true >/dev/null 2>&1; then
  seed_stat=$(cd "$out/one" && perf stat -r 30 -x, -e task-clock "$FZ" check --no-config --format json report.txt 2>&1 >/dev/null | grep task-clock)
  seed_cpu=$(echo "$seed_stat" | cut -d, -f1)
  seed_wall=$(cd "$out/one" && perf stat -r 30 "$FZ" check --no-config --format json report.txt 2>&1 >/dev/null |
    awk '/seconds time elapsed/ {printf "%.1f", $1 * 1000}')
  echo "| seed report end to end, process start included | ${seed_wall} ms wall, $(printf '%.1f' "$seed_cpu") ms CPU (perf stat, 30 runs) | < 10 ms |"
else
  measure "$out/one" "$FZ" check --no-config --format json report.txt
  echo "| seed report end to end, process start included | $(fmt_s "$M_WALL") wall (GNU time: 10 ms steps) | < 10 ms |"
fi
measure "$out/c1000" "$FZ" batch --no-config .
echo "| \`fzlint batch\` on 1,000 reports | $(printf '%.0f' "$(echo "1000 / $M_WALL" | bc -l)") reports/s ($(fmt_s "$M_WALL")) | ≥ 2,000 reports/s |"
measure "$out/big" "$FZ" check --no-config --format json big-10mb.txt; big10=$M_WALL
mb=$(stat -c %s "$out/big/big-10mb.txt")
echo "| 10 MB file | $(printf '%.1f' "$(echo "$mb / 1000000 / $big10" | bc -l)") MB/s ($(fmt_s "$big10")) | ≥ 20 MB/s |"
measure "$out/big" "$FZ" check --no-config --format json big-1mb.txt; big1=$M_WALL
echo "| scaling 10 MB ÷ 1 MB | $(ratio "$big10" "$big1") | ≤ 11× |"
measure "$out/c10000" "$FZ" check --no-config --format json .
echo "| peak RSS, \`fzlint check --format json\` on 10,000 reports | $(fmt_mb "$M_RSS") ($(fmt_s "$M_WALL")) | ≤ 64 MB (#16) |"
measure "$out/c10000" "$FZ" batch --no-config .
# The matrix's batch comparison still holds every report in memory (only check spools, §12).
echo "| peak RSS, \`fzlint batch\` on 10,000 reports | $(fmt_mb "$M_RSS") ($(fmt_s "$M_WALL")) | < 64 MB (#6) |"
