#!/usr/bin/env bash
# issue #13 — a county reviewer's second round, as a new user follows the README:
#  1. `check DIR --write-baseline F --exit-zero` and `--baseline F` on the shared seed report in
#     UTF-8, GB18030 and .docx form, and on the bundled sample (the seed aborted: a baseline key
#     was cut inside a UTF-8 character). The seed part SKIPs (not passes) when the seed is absent.
#  2. Under --baseline, known findings are still shown (after the new ones) and still count:
#     the exit code and the batch 状态 do not pass a report that ignored the first round.
#  3. batch honours --fail-on (exit 1 when a report fails; 状态 follows the level); --help
#     shows batch's real defaults.
#  4. Repeatable options take one value per occurrence (never the paths after them); CLI
#     errors are in Chinese.
#  5. Unknown rule ids in fzlint-disable comments and [[suppress]] are reported with a
#     did-you-mean; config errors point at the config file's line.
#  6. `rules` and `explain` read rule_dirs from the configuration.
set -uo pipefail
FZ=$(realpath "${FZLINT:?FZLINT must name the fzlint binary}")
SRC=${FZ_SOURCE_DIR:?}
SEED="${FZ_SHARED_DIR:-/nonexistent}/seeds/000_4cb5d7ebd9b6d720.txt"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0; skipped=0
ok()   { passes=$((passes+1)); echo "ok   - $1"; }
bad()  { fails=$((fails+1)); echo "FAIL - $1"; }
sample="$SRC/examples/sample-report.txt"

# A minimal .docx (one paragraph per line) from a UTF-8 text file: the serve tests' writer.
make_docx() { python3 "$SRC/tests/web/make_docx.py" "$1" "$2"; }  # in.txt out.docx

# ---- 1 + 2. The README's baseline commands on each form of each report.
round_trip() { # label dir
  local label=$1 dir=$2
  "$FZ" check "$dir" --no-config --write-baseline "$tmp/$label.json" --exit-zero >/dev/null 2>"$tmp/$label.err"; rc=$?
  [ $rc = 0 ] && ok "$label: check --write-baseline --exit-zero (exit 0)" \
              || bad "$label: check --write-baseline exit $rc: $(head -c 300 "$tmp/$label.err")"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["fzlint_baseline"]==1 and d["entries"]' "$tmp/$label.json" 2>/dev/null \
    && ok "$label: baseline is valid JSON with entries" || bad "$label: baseline missing or not JSON"
  "$FZ" check "$dir" --no-config --format gcc >"$tmp/$label.plain" 2>/dev/null; rc_plain=$?
  "$FZ" check "$dir" --no-config --baseline "$tmp/$label.json" --format gcc >"$tmp/$label.base" 2>/dev/null; rc_base=$?
  [ $rc_base = $rc_plain ] && ok "$label: --baseline keeps the verdict (exit $rc_base = $rc_plain)" \
                           || bad "$label: --baseline changed the exit code $rc_plain → $rc_base (known errors hidden)"
  [ "$(wc -l <"$tmp/$label.base")" = "$(wc -l <"$tmp/$label.plain")" ] && ok "$label: no finding hidden by the baseline" \
    || bad "$label: baseline output has $(wc -l <"$tmp/$label.base") lines, plain $(wc -l <"$tmp/$label.plain")"
  if grep -qv '（上一轮已指出）' "$tmp/$label.base"; then bad "$label: a finding under the baseline is not marked known"
  else ok "$label: every finding marked known"; fi
}
mkdir -p "$tmp/sample"; cp "$sample" "$tmp/sample/甲镇.txt"
round_trip sample "$tmp/sample"
if [ -r "$SEED" ]; then
  mkdir -p "$tmp/utf8" "$tmp/gb" "$tmp/docx"
  cp "$SEED" "$tmp/utf8/乙镇.txt"
  iconv -f UTF-8 -t GB18030 "$SEED" >"$tmp/gb/乙镇.txt"
  make_docx "$SEED" "$tmp/docx/乙镇.docx"
  for form in utf8 gb docx; do round_trip "seed-$form" "$tmp/$form"; done
else
  skipped=1; echo "skip - shared seed report absent ($SEED)"
fi

# New findings come first, known ones after; the text output names the known block.
cp "$sample" "$tmp/new.txt"
"$FZ" check --no-config --write-baseline "$tmp/new.json" --exit-zero "$tmp/new.txt" >/dev/null 2>&1
printf '\n（五）新增内容，截止目前开展活动4余次。\n' >>"$tmp/new.txt"
"$FZ" check --no-config --baseline "$tmp/new.json" --format gcc "$tmp/new.txt" >"$tmp/new.gcc" 2>/dev/null
first_known=$(grep -n '（上一轮已指出）' "$tmp/new.gcc" | head -1 | cut -d: -f1)
last_new=$(grep -vn '（上一轮已指出）' "$tmp/new.gcc" | tail -1 | cut -d: -f1)
if [ -n "$first_known" ] && [ -n "$last_new" ] && [ "$last_new" -lt "$first_known" ]; then ok "new findings listed before known ones"
else bad "order of new ($last_new) and known ($first_known) findings"; fi
"$FZ" check --no-config --color never --baseline "$tmp/new.json" "$tmp/new.txt" >"$tmp/new.text" 2>/dev/null
grep -q '上一轮已指出（基线中已有），仍未修改' "$tmp/new.text" \
  && ok "text output heads the known block" || bad "text output has no known-findings heading"
"$FZ" check --no-config --baseline "$tmp/new.json" --format json "$tmp/new.txt" >"$tmp/new.jsonout" 2>/dev/null
python3 -c '
import json,sys; f=json.load(sys.stdin)["files"][0]["findings"]; k=[x["known"] for x in f]
assert k and not k[0] and k[-1] and k==sorted(k), k' <"$tmp/new.jsonout" && ok "json marks known findings" || bad "json known flags"
# One file as both --baseline and --write-baseline (each round's habit): the old one decides what
# is known, then the new one is written. The new findings are new, in the stream and the
# whole-document paths alike; the next round knows them all.
for mode in stream whole; do
  cp "$sample" "$tmp/same.txt"
  "$FZ" check --no-config --write-baseline "$tmp/same.json" --exit-zero "$tmp/same.txt" >/dev/null 2>&1
  printf '\n（五）新增内容，截止目前开展活动4余次。\n' >>"$tmp/same.txt"
  env $([ $mode = whole ] && echo FZLINT_NO_STREAM=1) "$FZ" check --no-config --format gcc --exit-zero \
    --baseline "$tmp/same.json" --write-baseline "$tmp/same.json" "$tmp/same.txt" >"$tmp/same1.gcc" 2>/dev/null
  n_new=$(grep -vc '（上一轮已指出）' "$tmp/same1.gcc")
  n_new_expected=$(grep -vc '（上一轮已指出）' "$tmp/new.gcc")
  "$FZ" check --no-config --format gcc --exit-zero --baseline "$tmp/same.json" "$tmp/same.txt" >"$tmp/same2.gcc" 2>/dev/null
  n_left=$(grep -vc '（上一轮已指出）' "$tmp/same2.gcc")
  [ "$n_new" -gt 0 ] && [ "$n_new" = "$n_new_expected" ] && [ "$n_left" = 0 ] \
    && ok "$mode: --baseline F --write-baseline F: $n_new new findings shown as new, then all known" \
    || bad "$mode: same-file baseline: $n_new new (expected $n_new_expected), $n_left still new in the next round"
done
# The same file named twice is checked once.
n1=$("$FZ" check --no-config --format gcc --exit-zero "$tmp/same.txt" | wc -l)
n2=$(cd "$tmp" && "$FZ" check --no-config --format gcc --exit-zero same.txt ./same.txt "$tmp/same.txt" | wc -l)
[ "$n1" -gt 0 ] && [ "$n1" = "$n2" ] && ok "a file named three ways is checked once ($n2 findings)" || bad "named twice: $n2 findings, once: $n1"
# batch under a baseline: the 状态 of a report with known errors is still 需修改.
"$FZ" batch "$tmp/sample" --no-config --baseline "$tmp/sample.json" -o "$tmp/bb.csv" 2>/dev/null
grep -q '需修改' "$tmp/bb.csv" && ok "batch --baseline: known findings still make 需修改" || bad "batch --baseline passed a report with known findings: $(tail -1 "$tmp/bb.csv")"

# ---- 3. batch --fail-on: exit code and 状态 follow the same level.
mkdir -p "$tmp/batch"; cp "$sample" "$tmp/batch/a.txt"; [ -r "$SEED" ] && cp "$SEED" "$tmp/batch/b.txt"
"$FZ" batch "$tmp/batch" --no-config -o "$tmp/m.csv" 2>/dev/null; rc=$?
[ $rc = 1 ] && ok "batch with failing reports exits 1" || bad "batch with failing reports exits $rc"
"$FZ" batch "$tmp/batch" --no-config --exit-zero -o /dev/null 2>/dev/null; rc=$?
[ $rc = 0 ] && ok "batch --exit-zero exits 0" || bad "batch --exit-zero exits $rc"
for level in error warning info; do
  "$FZ" batch "$tmp/batch" --no-config --fail-on $level -o "$tmp/m-$level.csv" 2>/dev/null; rc=$?
  python3 - "$tmp/m-$level.csv" $level $rc <<'PY' && ok "batch --fail-on $level: 状态 and exit $rc agree with the counts" || bad "batch --fail-on $level: 状态/exit disagree"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
e, w, i, st = head.index("错误"), head.index("警告"), head.index("提示"), head.index("状态")
upto = {"error": [e], "warning": [e, w], "info": [e, w, i]}[sys.argv[2]]
failing = 0
for r in body:
    want = "需修改" if sum(int(r[k]) for k in upto) else "通过"
    assert r[st] == want, (r, want)
    failing += want == "需修改"
assert int(sys.argv[3]) == (1 if failing else 0), (sys.argv[3], failing)
PY
done
"$FZ" batch --help >"$tmp/bh.txt" 2>&1
grep -- '--format' "$tmp/bh.txt" | grep -q '=csv ' && ok "batch --help shows the default format csv" || bad "batch --help default format: $(grep -- '--format' "$tmp/bh.txt")"
"$FZ" check --help >"$tmp/ch.txt" 2>&1
grep -- '--format' "$tmp/ch.txt" | grep -q '=text ' && ok "check --help shows the default format text" || bad "check --help default format"

# ---- 4. Option order; Chinese errors.
cp "$sample" "$tmp/报告.txt"
"$FZ" check --no-config --select structure "$tmp/报告.txt" --format gcc >"$tmp/o1.txt" 2>"$tmp/o1.err"; rc=$?
if [ $rc -le 1 ] && [ -s "$tmp/o1.txt" ] && ! grep -qv ': [a-z]*: .*\[' "$tmp/o1.txt"; then ok "check --select X FILE --format gcc (exit $rc)"
else bad "check --select X FILE --format gcc: exit $rc: $(head -2 "$tmp/o1.err")"; fi
mkdir -p "$tmp/rules"
"$FZ" check --no-config --rules "$tmp/rules" "$tmp/报告.txt" >/dev/null 2>"$tmp/o2.err"; rc=$?
[ $rc -le 1 ] && ok "check --rules DIR FILE (exit $rc)" || bad "check --rules DIR FILE: exit $rc: $(head -2 "$tmp/o2.err")"
n_two=$("$FZ" check --no-config --format gcc --select structure --select punctuation "$tmp/报告.txt" 2>/dev/null | wc -l)
n_comma=$("$FZ" check --no-config --format gcc "$tmp/报告.txt" --select structure,punctuation 2>/dev/null | wc -l)
n_s=$("$FZ" check --no-config --format gcc --select structure "$tmp/报告.txt" 2>/dev/null | wc -l)
[ "$n_two" = "$n_comma" ] && [ "$n_two" -ge "$n_s" ] && ok "--select twice = comma list ($n_two findings)" || bad "--select a --select b ($n_two) vs a,b ($n_comma)"
for args in "check" "check --format" "check --bogus $tmp/报告.txt" "check --year abc $tmp/报告.txt" "" "explain" "nosuch" "batch --fail-on"; do
  # shellcheck disable=SC2086
  "$FZ" $args >/dev/null 2>"$tmp/e.txt"; rc=$?
  if [ $rc = 2 ] && grep -qP '\p{Han}' "$tmp/e.txt" && ! grep -qiE 'is required|not expected|could not convert|run with|expected|ERROR' "$tmp/e.txt"; then
    ok "'fzlint $args' → exit 2, Chinese: $(head -1 "$tmp/e.txt")"
  else bad "'fzlint $args' → exit $rc: $(head -2 "$tmp/e.txt")"; fi
done

# ---- 5. Typos in suppressions are reported, with a suggestion.
printf '# 关于2024年法治政府建设情况的报告\n\n<!-- fzlint-disable frp-shufa-not-mentiond -->\n\n一、主要举措\n\n我县开展活动。\n' >"$tmp/d.md"
"$FZ" check --no-config --format gcc "$tmp/d.md" >"$tmp/d.txt" 2>&1
grep 'invalid-directive' "$tmp/d.txt" | grep -q 'frp-shufa-not-mentioned' \
  && ok "unknown id in fzlint-disable → invalid-directive with did-you-mean" || bad "directive typo not reported: $(grep invalid "$tmp/d.txt")"
mkdir -p "$tmp/cfg"; cp "$sample" "$tmp/cfg/r.txt"
printf 'year = 2024\n\n[[suppress]]\nrule = "frp-shufa-not-mentiond"\ntext = "述法"\n' >"$tmp/cfg/.fzlint.toml"
"$FZ" check "$tmp/cfg/r.txt" >/dev/null 2>"$tmp/c.err"; rc=$?
{ [ $rc = 2 ] && grep -q '\.fzlint\.toml:4:' "$tmp/c.err" && grep -q 'frp-shufa-not-mentioned' "$tmp/c.err"; } \
  && ok "[[suppress]] typo: exit 2 at .fzlint.toml:4 with a suggestion" || bad "[[suppress]] typo: exit $rc: $(cat "$tmp/c.err")"
printf 'ignore = [\n  "structure",\n  "heading-levl-skip",\n]\n' >"$tmp/cfg/.fzlint.toml"
"$FZ" check "$tmp/cfg/r.txt" --select punctuation >/dev/null 2>"$tmp/c2.err"; rc=$?
{ [ $rc = 2 ] && grep -q '\.fzlint\.toml:3:' "$tmp/c2.err" && ! grep -q '命令行' "$tmp/c2.err"; } \
  && ok "unknown id in ignore points at .fzlint.toml:3 (with command-line options too)" || bad "config error location: $(cat "$tmp/c2.err")"

printf 'rule_dirs = [\n  "our-rules",\n]\n' >"$tmp/cfg/.fzlint.toml"
"$FZ" check "$tmp/cfg/r.txt" >/dev/null 2>"$tmp/c3.err"; rc=$?
{ [ $rc = 2 ] && grep -q '\.fzlint\.toml:2:.*our-rules' "$tmp/c3.err"; } \
  && ok "missing rule_dirs folder points at .fzlint.toml:2" || bad "rule_dirs error location: $(cat "$tmp/c3.err")"

"$FZ" explain missing-next-yaer-plan >/dev/null 2>"$tmp/x0.err"; rc=$?
{ [ $rc = 2 ] && grep -q '是否应为“missing-next-year-plan”' "$tmp/x0.err"; } && ok "explain of a misspelt id suggests the right one" || bad "explain typo: $(cat "$tmp/x0.err")"

# ---- 6. rules / explain read rule_dirs from the configuration.
mkdir -p "$tmp/proj/our-rules"
orig=$(find "$SRC/rules" -name '*.toml' -path '*next-year-plan*' | head -1)
sed "s/^id *= *[\"'].*[\"']/id = \"county-own-rule\"/" "$orig" >"$tmp/proj/our-rules/county-own-rule.toml"
printf 'rule_dirs = ["our-rules"]\n' >"$tmp/proj/.fzlint.toml"
(cd "$tmp/proj" && "$FZ" rules --all) >"$tmp/r.out" 2>"$tmp/r.err"
grep -q '^county-own-rule ' "$tmp/r.out" && ok "rules lists a rule from rule_dirs" || bad "rules ignores rule_dirs: $(head -2 "$tmp/r.err")"
(cd "$tmp/proj" && "$FZ" explain county-own-rule) >/dev/null 2>"$tmp/x.err" && ok "explain finds a rule from rule_dirs" || bad "explain ignores rule_dirs: $(head -2 "$tmp/x.err")"
(cd "$tmp/proj" && "$FZ" rules --no-config --all) >"$tmp/r2.out" 2>/dev/null
grep -q '^county-own-rule ' "$tmp/r2.out" && bad "rules --no-config still reads the config" || ok "rules --no-config reads no config"

# ---- The README's batch page on the seed's three forms: one self-contained file, with the
#      screening date, versions, the meaning of 通过, the filter box, a row per report.
if [ -r "$SEED" ]; then
  mkdir -p "$tmp/all"; cp "$tmp/utf8/乙镇.txt" "$tmp/all/乙镇.txt"; cp "$tmp/gb/乙镇.txt" "$tmp/all/乙镇-gb.txt"; cp "$tmp/docx/乙镇.docx" "$tmp/all/"
  "$FZ" batch "$tmp/all" --no-config --format html -o "$tmp/预审.html" 2>"$tmp/h.err"; rc=$?
  python3 - "$tmp/预审.html" <<'PY' && ok "batch --format html on the seed (exit $rc)" || bad "batch html on the seed: exit $rc $(head -2 "$tmp/h.err")"
import re, sys, datetime
h = open(sys.argv[1], encoding="utf-8").read()
assert "筛查日期：" + datetime.date.today().isoformat() in h
assert "规则包 " in h and "规则哈希 " in h and "“通过”的含义" in h and 'id="f-text"' in h and "@media print" in h
assert len(re.findall(r'<tr data-file=', h)) == 3
for bad in ("<link", " src=", "@import", "url("): assert bad not in h, bad
PY
fi

# ---- check --format csv: one row per finding (README), for a .docx too; batch csv stays the matrix.
make_docx "$sample" "$tmp/报告.docx"
for f in "$tmp/报告.txt" "$tmp/报告.docx"; do
  "$FZ" check --no-config --format gcc "$f" >"$tmp/g.txt" 2>/dev/null
  "$FZ" check --no-config --format csv -o "$tmp/问题清单.csv" "$f" 2>/dev/null
  python3 - "$tmp/问题清单.csv" "$(wc -l <"$tmp/g.txt")" "$f" "$tmp/g.txt" <<'PY' && ok "check --format csv: one row per finding ($(basename "$f"))" || bad "check --format csv ($(basename "$f"))"
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0] == ["文件","行","列","级别","类别","规则","问题","原文","修改建议","所在部分"], rows[0]
gcc_findings = int(sys.argv[2])
assert len(rows) - 1 >= 1 and len(rows) - 1 <= gcc_findings, (len(rows), gcc_findings)
import re
word = sys.argv[3].endswith(".docx")
# A Word document is located as Word shows it (第N段 / 脚注N[第M段], 第K字), like gcc; text by line:col.
at = set()
for r in rows[1:]:
    assert len(r) == 10 and r[5], r
    if word: assert re.fullmatch(r"第\d+段|[脚尾]注\d+(第\d+段)?", r[1]) and re.fullmatch(r"第\d+字", r[2]), r
    else: assert r[1].isdigit() and r[2].isdigit(), r
    at.add(r[1] + ":" + r[2])
def csv_form(g):  # gcc's 脚注1:第2段:第3字 is 行 脚注1第2段, 列 第3字
    return g.replace(":", "", 1) if g.startswith(("脚注", "尾注")) and g.count(":") == 2 else g
gcc = {csv_form(m.group(1)) for m in re.finditer(r"^.*?\.(?:txt|docx):(.+?): (?:error|warning|note|info): ", open(sys.argv[4], encoding="utf-8").read(), re.M)}
assert gcc and at <= gcc, (sorted(at - gcc)[:5], sorted(gcc)[:5])
PY
done
"$FZ" batch --no-config "$tmp/batch" -o "$tmp/mm.csv" 2>/dev/null
head -1 "$tmp/mm.csv" | grep -q '状态' && ok "batch --format csv is still the matrix" || bad "batch csv header: $(head -1 "$tmp/mm.csv")"

# ---- `fzlint --version`: version, rule-pack version, and a hash of the rules in force here.
v_plain=$(cd "$tmp" && "$FZ" --version); v_proj=$(cd "$tmp/proj" && "$FZ" --version)
{ echo "$v_plain" | grep -q "^fzlint [0-9]" && echo "$v_plain" | grep -q '内置规则包 [0-9]' && echo "$v_plain" | grep -qE '规则哈希 [0-9a-f]{16}'; } \
  && ok "--version: version, rule pack, hash" || bad "--version: $v_plain"
h1=$(echo "$v_plain" | grep -oE '规则哈希 [0-9a-f]{16}'); h2=$(echo "$v_proj" | grep -oE '规则哈希 [0-9a-f]{16}')
[ -n "$h1" ] && [ "$h1" != "$h2" ] && ok "--version hash changes with the rules in force ($h1 / $h2)" || bad "--version hash ignores rule_dirs ($h1 / $h2)"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ] || exit 1
[ $skipped -eq 0 ] || { echo "SKIPPED: the seed report is absent; only the sample was checked"; exit 77; }
