#!/usr/bin/env bash
# Issue #15, whole program: `check --previous LAST THIS` (findings of category comparison, with
# the place in last year's file), config `previous = "…/{name}"`, the year check, legitimately
# similar reports that draw nothing, and a batch of ten reports of which two share a paragraph
# (nothing else reported; findings on both; HTML 相似段落 view). Goldens: fixtures/compare/*.gcc
# (UPDATE_GOLDEN=1 rewrites them). Also runs the README commands on the seed report and sample.
set -uo pipefail
FZ=${FZLINT:?FZLINT must name the fzlint binary}
SRC=${FZ_SOURCE_DIR:?}
SEEDS=${FZ_SHARED_DIR:-/nonexistent}/seeds
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
ok()   { passes=$((passes+1)); echo "ok   - $1"; }
bad()  { fails=$((fails+1)); echo "FAIL - $1"; }
golden() { # name actual-file golden-file
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$3"; ok "$1 (golden rewritten)"; return; fi
  if diff -u "$3" "$2" >"$tmp/diff.txt"; then ok "$1"; else bad "$1: differs from golden"; cat "$tmp/diff.txt"; fi
}
cd "$SRC" || exit 1
P=fixtures/compare/previous

# 1. Copied report: carried-over shortcoming, unreported plan, repeated figures, copied passage.
"$FZ" check --no-config --select comparison --format gcc --previous $P/copied/2023.txt $P/copied/2024.txt \
  >"$tmp/copied.gcc" 2>"$tmp/err.txt"; rc=$?
[ $rc -le 1 ] && ok "check --previous runs (exit $rc)" || bad "check --previous: exit $rc $(cat "$tmp/err.txt")"
golden "copied pair golden" "$tmp/copied.gcc" fixtures/compare/previous-copied.gcc
for r in shortcomings-carried-over previous-plan-not-reported figures-carried-over passages-copied-from-previous; do
  grep -q "\[$r\]" "$tmp/copied.gcc" && ok "copied pair: $r" || bad "copied pair: no $r"
done
grep -q "^$P/copied/2023.txt:9:1: note: 上一年度的对应内容" "$tmp/copied.gcc" \
  && ok "the matching shortcoming's place in last year's file" || bad "no related place in last year's file"

# 2. Legitimately similar pair (same headings, formulas, document names, slogans): nothing.
"$FZ" check --no-config --select comparison --format gcc --previous $P/similar/2023.txt $P/similar/2024.txt >"$tmp/sim.gcc"
[ ! -s "$tmp/sim.gcc" ] && ok "similar pair: nothing reported" || { bad "similar pair reported"; cat "$tmp/sim.gcc"; }

# 3. Last year's file is not of the year before.
sed 's/2023/2022/g; s/2024年1月/2023年1月/' $P/similar/2023.txt >"$tmp/2022.txt"
"$FZ" check --no-config --select comparison --format gcc --previous "$tmp/2022.txt" $P/similar/2024.txt >"$tmp/y.gcc"
grep -q "previous-report-year-not-previous" "$tmp/y.gcc" && ok "year of last year's report checked" || bad "year mismatch not reported"

# 4. JSON and SARIF carry the other file's place.
"$FZ" check --no-config --select comparison --format json --previous $P/copied/2023.txt $P/copied/2024.txt >"$tmp/c.json"
"$FZ" check --no-config --select comparison --format sarif --previous $P/copied/2023.txt $P/copied/2024.txt >"$tmp/c.sarif"
python3 - "$tmp/c.json" "$tmp/c.sarif" <<'PY' && ok "json related.path / sarif relatedLocations in the other file" || bad "related locations in json/sarif"
import json,sys
j=json.load(open(sys.argv[1]))
rel=[r for f in j["files"][0]["findings"] for r in f.get("related",[])]
assert rel and all(r["path"].endswith("copied/2023.txt") and r["line"]>=1 and r["column"]>=1 for r in rel), rel
s=json.load(open(sys.argv[2]))
locs=[l for r in s["runs"][0]["results"] for l in r.get("relatedLocations",[])]
assert locs and all(l["physicalLocation"]["artifactLocation"]["uri"].endswith("copied/2023.txt") for l in locs), locs
assert all(r["ruleId"] in [x["id"] for x in s["runs"][0]["tool"]["driver"]["rules"]] for r in s["runs"][0]["results"])
PY

# 5. Config `previous` with {name}; a missing last-year file is an input error (exit 2).
mkdir -p "$tmp/cfg/2024" "$tmp/cfg/2023"
cp $P/copied/2024.txt "$tmp/cfg/2024/城南.txt"; cp $P/copied/2023.txt "$tmp/cfg/2023/城南.txt"
printf 'previous = "../2023/{name}"\nselect = ["comparison"]\n' >"$tmp/cfg/2024/.fzlint.toml"
"$FZ" check --format gcc "$tmp/cfg/2024/城南.txt" >"$tmp/cfg.gcc" 2>&1
grep -q "shortcomings-carried-over" "$tmp/cfg.gcc" && ok "config previous = \"../2023/{name}\"" || bad "config previous: $(head -3 "$tmp/cfg.gcc")"
rm "$tmp/cfg/2023/城南.txt"
"$FZ" check --format gcc "$tmp/cfg/2024/城南.txt" >/dev/null 2>"$tmp/miss.txt"; rc=$?
[ $rc = 2 ] && grep -q "上一年度报告无法读取" "$tmp/miss.txt" && ok "missing last-year file: exit 2 with a message" \
  || bad "missing last-year file: exit $rc $(cat "$tmp/miss.txt")"
"$FZ" check --no-config --previous $P/copied/2023.txt $P/copied/2024.txt $P/similar/2024.txt >/dev/null 2>&1
[ $? = 2 ] && ok "--previous with several reports is a usage error" || bad "--previous with several reports accepted"

# 6. Batch of ten: only 03 and 07 share a paragraph; findings on both, naming each other.
"$FZ" check --no-config --select comparison --format gcc fixtures/compare/batch >"$tmp/batch.gcc"
golden "batch golden" "$tmp/batch.gcc" fixtures/compare/batch.gcc
n=$(grep -c ': warning: ' "$tmp/batch.gcc")
[ "$n" = 2 ] && ok "batch: two findings" || bad "batch: $n findings"
grep -q '^fixtures/compare/batch/03-南桥镇.txt:.*warning.*07-红旗镇.txt' "$tmp/batch.gcc" && \
grep -q '^fixtures/compare/batch/07-红旗镇.txt:.*warning.*03-南桥镇.txt' "$tmp/batch.gcc" \
  && ok "batch: each of the pair names the other" || bad "batch: pair not named"
"$FZ" batch --no-config --format html -o "$tmp/b.html" fixtures/compare/batch; rc=$?
[ $rc -le 1 ] && grep -q '<h2 id="similar">相似段落</h2>' "$tmp/b.html" && grep -q '03-南桥镇.txt ↔ fixtures/compare/batch/07-红旗镇.txt' "$tmp/b.html" \
  && ok "batch html: 相似段落 view with the pair" || bad "batch html view (exit $rc)"
[ "$(grep -c '<details open class="pair">' "$tmp/b.html")" = 1 ] && ok "batch html: one pair" || bad "batch html: not one pair"
"$FZ" batch --no-config --format csv fixtures/compare/batch >"$tmp/b.csv"
grep -q '对比上年' "$tmp/b.csv" && ok "batch csv has the comparison column" || bad "csv column"

# 7. README commands on the bundled sample and the seed report.
sample=examples/sample-report.txt
"$FZ" check --no-config --previous "$sample" "$sample" >/dev/null 2>"$tmp/same.txt"
[ $? = 2 ] && ok "same file as last year's: exit 2" || bad "same file accepted"
cp "$sample" "$tmp/last.txt"
"$FZ" check --no-config --select comparison --format gcc --previous "$tmp/last.txt" "$sample" >"$tmp/s.gcc"; rc=$?
[ $rc -le 1 ] && grep -q 'passages-copied-from-previous' "$tmp/s.gcc" && ok "sample against a copy of itself: copied passages" \
  || bad "sample vs copy (exit $rc)"
if [ -f "$SEEDS/000_4cb5d7ebd9b6d720.txt" ]; then
  seed="$SEEDS/000_4cb5d7ebd9b6d720.txt"
  "$FZ" check --no-config --previous "$sample" "$seed" >/dev/null 2>"$tmp/e.txt"; rc=$?
  [ $rc -le 1 ] && ok "check --previous sample seed (exit $rc)" || bad "seed: exit $rc $(cat "$tmp/e.txt")"
  mkdir -p "$tmp/b"; cp "$seed" "$tmp/b/seed.txt"; cp "$sample" "$tmp/b/sample.txt"; cp "$seed" "$tmp/b/seed-copy.txt"
  "$FZ" batch --no-config --format html -o "$tmp/s.html" "$tmp/b"; rc=$?
  [ $rc -le 1 ] && grep -q '相似段落' "$tmp/s.html" && ok "batch of the seed and its copy: 相似段落" || bad "seed batch (exit $rc)"
else
  echo "skip - seed report absent ($SEEDS)"
fi

echo "# $passes passed, $fails failed"
[ $fails = 0 ]
