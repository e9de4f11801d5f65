#!/usr/bin/env bash
# Whole-program behaviour of `fzlint check`: exit codes, per-file errors that do not stop the
# run, stdin, encodings on --fix (a GB18030 file stays GB18030; nothing outside the fixes
# changes), --diff, baselines, config discovery, and the bundled sample.
set -uo pipefail
FZ=${FZLINT:?FZLINT must name the fzlint binary}
SRC=${FZ_SOURCE_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
ok()   { passes=$((passes+1)); echo "ok   - $1"; }
bad()  { fails=$((fails+1)); echo "FAIL - $1"; }
expect_rc() { # name expected actual
  if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else bad "$1: expected exit $2, got $3"; fi
}

sample="$SRC/examples/sample-report.txt"

# 1. The sample has findings; default text output names rules and locations.
"$FZ" check --no-config --color never "$sample" >"$tmp/out.txt" 2>"$tmp/err.txt"; rc=$?
[ $rc -le 1 ] && ok "sample checks (exit $rc)" || bad "sample: exit $rc: $(head -3 "$tmp/err.txt")"
grep -q 'sample-report.txt:[0-9]*:[0-9]*' "$tmp/out.txt" && ok "text output has path:line:col" || bad "text output lacks locations"

# 2. gcc format: one finding per line, path:line:col: severity: message [rule]
"$FZ" check --no-config --format gcc "$sample" >"$tmp/gcc.txt"
if grep -qvE '^.+:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z0-9-]+\]$' "$tmp/gcc.txt"; then
  bad "gcc lines malformed: $(grep -vE '^.+:[0-9]+:[0-9]+: (error|warning|note): .+ \[[a-z0-9-]+\]$' "$tmp/gcc.txt" | head -2)"
else ok "gcc format ($(wc -l <"$tmp/gcc.txt") lines)"; fi

# 3. A missing file and a directory of reports: the run goes on, exit 2, the good file reported.
mkdir -p "$tmp/dir/sub"; cp "$sample" "$tmp/dir/sub/a.txt"; printf 'x\0y' >"$tmp/dir/bin.txt"
"$FZ" check --no-config --format json "$tmp/nope.txt" "$tmp/dir" >"$tmp/j.json" 2>"$tmp/e.txt"; rc=$?
expect_rc "missing file + binary file + good file" 2 $rc
python3 - "$tmp/j.json" <<'PY' && ok "json lists all three files, findings for the good one" || bad "json content"
import json,sys
d=json.load(open(sys.argv[1]))
paths=[f["path"] for f in d["files"]]
assert len(paths)==3, paths
good=[f for f in d["files"] if f["path"].endswith("a.txt")][0]
assert good["findings"], "no findings for a.txt"
errs=[f for f in d["files"] if f.get("error")]
assert len(errs)==2, errs
for f in good["findings"]:
    for k in ("rule","category","severity","message","line","column","end_line","end_column","offset","end_offset","section"):
        assert k in f, k
PY

# 4. Usage errors exit 2.
"$FZ" check --format nope "$sample" >/dev/null 2>&1; expect_rc "unknown format" 2 $?
"$FZ" check --fail-on bogus "$sample" >/dev/null 2>&1; expect_rc "bad --fail-on" 2 $?
"$FZ" check "$tmp" --rules "$tmp/no-such-dir" >/dev/null 2>&1; expect_rc "missing rules dir" 2 $?

# 5. --exit-zero and --fail-on.
"$FZ" check --no-config --exit-zero "$sample" >/dev/null 2>&1; expect_rc "--exit-zero" 0 $?
"$FZ" check --no-config --fail-on info "$sample" >/dev/null 2>&1; expect_rc "--fail-on info with findings" 1 $?

# 6. stdin with a name gives the same findings as the file.
"$FZ" check --no-config --format gcc - --stdin-filename "$sample" <"$sample" >"$tmp/stdin.txt"
diff -q "$tmp/gcc.txt" "$tmp/stdin.txt" >/dev/null && ok "stdin = file" || bad "stdin differs from file"

# 7. --fix on a GB18030 copy: stays GB18030, only fix ranges change, re-check has no fixable finding.
iconv -f UTF-8 -t GB18030 "$sample" >"$tmp/gb.txt"
cp "$tmp/gb.txt" "$tmp/gb.orig"
chmod 640 "$tmp/gb.txt"
"$FZ" check --no-config --diff "$tmp/gb.txt" >"$tmp/diff.txt" 2>/dev/null; rc=$?
[ -s "$tmp/diff.txt" ] && expect_rc "--diff with fixes" 1 $rc
cmp -s "$tmp/gb.txt" "$tmp/gb.orig" && ok "--diff leaves the file alone" || bad "--diff modified the file"
"$FZ" check --no-config --fix "$tmp/gb.txt" >/dev/null 2>"$tmp/fix.err"
if [ -s "$tmp/diff.txt" ]; then
  cmp -s "$tmp/gb.txt" "$tmp/gb.orig" && bad "--fix changed nothing though --diff showed fixes" || ok "--fix wrote the file"
  iconv -f GB18030 -t UTF-8 "$tmp/gb.txt" >"$tmp/fixed-utf8.txt" 2>/dev/null && ok "fixed file is still GB18030" || bad "fixed file is not GB18030"
  [ "$(stat -c %a "$tmp/gb.txt")" = 640 ] && ok "permissions kept" || bad "permissions changed"
  # The diff printed before must be exactly the change made.
  iconv -f GB18030 -t UTF-8 "$tmp/gb.orig" >"$tmp/orig-utf8.txt"
  (cd "$tmp" && diff -u orig-utf8.txt fixed-utf8.txt | tail -n +3) >"$tmp/real.diff"
  tail -n +3 "$tmp/diff.txt" | sed 's/\\ No newline.*//' | grep -v '^$' >"$tmp/shown.diff"
  grep -v '^\\' "$tmp/real.diff" | grep -v '^$' >"$tmp/real2.diff"
  diff -q "$tmp/shown.diff" "$tmp/real2.diff" >/dev/null && ok "--diff shows exactly what --fix wrote" || bad "--diff and --fix disagree"
  "$FZ" check --no-config --diff "$tmp/gb.txt" >"$tmp/diff2.txt" 2>/dev/null
  [ ! -s "$tmp/diff2.txt" ] && ok "after --fix nothing is left to fix" || bad "fixes remain after --fix: $(head -5 "$tmp/diff2.txt")"
else
  echo "note - the sample has no fixable finding yet; fix checks skipped"
fi

# 7b. After --fix, the findings printed are those of the fixed file (same as a fresh check).
cp "$sample" "$tmp/f.txt"
"$FZ" check --no-config --fix --format gcc "$tmp/f.txt" 2>/dev/null | sed 's/^[^:]*://' >"$tmp/after-fix.txt"
"$FZ" check --no-config --format gcc "$tmp/f.txt" 2>/dev/null | sed 's/^[^:]*://' >"$tmp/fresh.txt"
diff -q "$tmp/after-fix.txt" "$tmp/fresh.txt" >/dev/null && ok "findings after --fix = a fresh check of the fixed file" || bad "findings after --fix differ from a fresh check: $(diff "$tmp/after-fix.txt" "$tmp/fresh.txt" | head -4)"

# 8. Baseline: write, then re-check marks every finding known (none hidden: issue #13); a new
#    problem shows up unmarked.
cp "$sample" "$tmp/b.txt"
"$FZ" check --no-config --write-baseline "$tmp/base.json" "$tmp/b.txt" >/dev/null 2>&1
"$FZ" check --no-config --baseline "$tmp/base.json" --format gcc "$tmp/b.txt" >"$tmp/b1.txt" 2>/dev/null
[ -s "$tmp/b1.txt" ] && ! grep -qv '（上一轮已指出）' "$tmp/b1.txt" && ok "baseline marks known findings" || bad "baseline left unmarked: $(grep -v '（上一轮已指出）' "$tmp/b1.txt" | head -2)"
printf '\n（五）新增内容，截止目前开展活动4余次。\n' >>"$tmp/b.txt"
"$FZ" check --no-config --baseline "$tmp/base.json" --format gcc "$tmp/b.txt" >"$tmp/b2.txt" 2>/dev/null
grep -qv '（上一轮已指出）' "$tmp/b2.txt" && ok "baseline shows new findings ($(grep -cv '（上一轮已指出）' "$tmp/b2.txt"))" || bad "new findings missing under the baseline"

# 9. .fzlint.toml found upward; --no-config ignores it.
mkdir -p "$tmp/proj/a/b"; cp "$sample" "$tmp/proj/a/b/r.txt"
n_all=$("$FZ" check --no-config --format gcc "$tmp/proj/a/b/r.txt" | wc -l)
first_rule=$("$FZ" check --no-config --format gcc "$tmp/proj/a/b/r.txt" | head -1 | sed 's/.*\[\(.*\)\]$/\1/')
printf 'ignore = ["%s"]\n' "$first_rule" >"$tmp/proj/.fzlint.toml"
n_cfg=$("$FZ" check --format gcc "$tmp/proj/a/b/r.txt" | wc -l)
[ "$n_cfg" -lt "$n_all" ] && ok "config found upward ignores $first_rule ($n_all → $n_cfg)" || bad "config not applied ($n_all vs $n_cfg)"
printf 'ignore = [\n' >"$tmp/proj/.fzlint.toml"
"$FZ" check "$tmp/proj/a/b/r.txt" >/dev/null 2>"$tmp/cfgerr.txt"; rc=$?
expect_rc "broken config" 2 $rc
grep -q '\.fzlint\.toml:[0-9]' "$tmp/cfgerr.txt" && ok "config error has path:line" || bad "config error lacks location: $(cat "$tmp/cfgerr.txt")"
# The report is not given the config's line and column, in any format; stderr names the config
# once.
for fmt in text gcc json sarif csv; do
  "$FZ" check --format $fmt "$tmp/proj/a/b/r.txt" >"$tmp/cfgout.txt" 2>"$tmp/cfgerr.txt"
  if grep -q 'r\.txt:[0-9]' "$tmp/cfgout.txt"; then bad "$fmt: the config's place put on the report: $(grep 'r\.txt:[0-9]' "$tmp/cfgout.txt")"
  else ok "$fmt: no config place on the report"; fi
  grep -q 'proj/\.fzlint\.toml:1:' "$tmp/cfgout.txt" && ok "$fmt: names the config's place" || bad "$fmt: config place missing: $(head -c 400 "$tmp/cfgout.txt")"
  n=$(grep -c '\.fzlint\.toml' "$tmp/cfgerr.txt")
  [ "$n" = 1 ] && ok "$fmt: stderr names the config once" || bad "$fmt: stderr names the config $n times: $(cat "$tmp/cfgerr.txt")"
done
"$FZ" batch "$tmp/proj" -o "$tmp/cfgm.csv" 2>"$tmp/cfgerr.txt"
n=$(grep -c '\.fzlint\.toml' "$tmp/cfgerr.txt")
[ "$n" = 1 ] && ok "batch: stderr names the config once" || bad "batch: stderr names the config $n times: $(cat "$tmp/cfgerr.txt")"

# 10. batch writes csv/html matrices (new files get ordinary permissions, not mkstemp's 0600).
"$FZ" batch "$tmp/dir" -o "$tmp/m.csv" 2>/dev/null; rc=$?
[ -s "$tmp/m.csv" ] && ok "batch csv written (exit $rc)" || bad "batch csv missing"
"$FZ" batch "$tmp/dir" --format html -o "$tmp/m.html" 2>/dev/null
grep -q '<html' "$tmp/m.html" && ok "batch html written" || bad "batch html missing"
mode=$(stat -c %a "$tmp/m.html"); want=$(printf '%o' $(( 0666 & ~$(umask) )))
[ "$mode" = "$want" ] && ok "new output file mode $mode" || bad "new output file mode $mode, want $want"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
