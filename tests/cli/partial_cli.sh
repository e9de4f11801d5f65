#!/usr/bin/env bash
# Excerpt mode (issue #10 §2): `--partial` (check and batch), the config key `partial = true`,
# and the per-file directive (first line `fzlint: partial` in text, `<!-- fzlint: partial -->`
# in Markdown) skip the rules that judge the whole document and keep every local rule; the
# summary line, JSON and SARIF say the file was checked as an excerpt. Run on the bundled sample,
# the seed (when ../shared/seeds has it) and the excerpt fixture.
source "$(dirname "$0")/lib_safety.bash"  # FZ, SRC, tmp, ok/bad, finish

# Whole-document rules, read from the rule list (the rule files say whole_document = true).
"$FZ" rules --all --format json >"$tmp/rules.json" || bad "rules --format json"
python3 - "$tmp/rules.json" >"$tmp/whole.txt" <<'PY'
import json,sys
for r in json.load(open(sys.argv[1])):
    if r.get("whole_document"): print(r["id"])
PY
for id in missing-next-year-plan missing-shortcomings-section report-length-out-of-range missing-signature missing-date plan-before-results achievements-cover-few-outline-areas; do
  grep -qx "$id" "$tmp/whole.txt" && ok "$id is a whole-document rule" || bad "$id not marked whole_document"
done

excerpt="$SRC/fixtures/check/reports/excerpt-opening.txt"
sample="$SRC/examples/sample-report.txt"
seed="${FZ_SHARED_DIR:-/nonexistent}/seeds/000_4cb5d7ebd9b6d720.txt"
inputs=("$excerpt" "$sample")
[ -f "$seed" ] && inputs+=("$seed") || echo "skip - seed not found at $seed (seed part skipped)"

for f in "${inputs[@]}"; do
  name=$(basename "$f")
  "$FZ" check --no-config --exit-zero --format json "$f" >"$tmp/full.json"
  "$FZ" check --no-config --exit-zero --format json --partial "$f" >"$tmp/part.json"
  python3 - "$tmp/full.json" "$tmp/part.json" "$tmp/whole.txt" <<'PY' && ok "$name: --partial drops exactly the whole-document findings" || bad "$name: --partial findings wrong"
import json,sys
full=json.load(open(sys.argv[1]))["files"][0]; part=json.load(open(sys.argv[2]))["files"][0]
whole=set(open(sys.argv[3]).read().split())
key=lambda x:(x["rule"],x["offset"],x["end_offset"],x["message"])
expect=sorted(key(x) for x in full["findings"] if x["rule"] not in whole)
got=sorted(key(x) for x in part["findings"])
assert got==expect, (set(got)^set(expect))
assert part.get("partial") is True and "partial" not in full, "json partial flag"
PY
done

# The excerpt draws whole-document errors in full mode (so the test above can fail).
"$FZ" check --no-config --exit-zero --format gcc "$excerpt" >"$tmp/full.gcc"
grep -q '\[missing-next-year-plan\]' "$tmp/full.gcc" && ok "full mode: excerpt lacks the plan" || bad "full mode should report missing-next-year-plan"
grep -q '\[misused-term\]' "$tmp/full.gcc" && ok "full mode: local finding present" || bad "full mode lacks misused-term"

# Text summary line says it was checked as an excerpt.
"$FZ" check --no-config --exit-zero --color never --partial "$excerpt" >"$tmp/part.txt"
tail -1 "$tmp/part.txt" | grep -q '摘录' && ok "summary line says 摘录" || bad "summary: $(tail -1 "$tmp/part.txt")"
"$FZ" check --no-config --exit-zero --color never "$excerpt" >"$tmp/full.txt"
tail -1 "$tmp/full.txt" | grep -q '摘录' && bad "full-mode summary mentions 摘录" || ok "full-mode summary is plain"

# The directive: first line of a .txt, a comment in Markdown.
{ echo "fzlint: partial"; cat "$excerpt"; } >"$tmp/d.txt"
"$FZ" check --no-config --exit-zero --format json "$tmp/d.txt" >"$tmp/d.json"
{ echo "<!-- fzlint: partial -->"; echo; cat "$excerpt"; } >"$tmp/d.md"
"$FZ" check --no-config --exit-zero --format json "$tmp/d.md" >"$tmp/dm.json"
python3 - "$tmp/d.json" "$tmp/dm.json" <<'PY' && ok "directive (.txt, .md) turns excerpt mode on, title still found" || bad "directive"
import json,sys
for p in sys.argv[1:]:
    f=json.load(open(p))["files"][0]
    rules={x["rule"] for x in f["findings"]}
    assert f.get("partial") is True, p
    assert "missing-next-year-plan" not in rules, (p, rules)
    assert "misused-term" in rules, (p, rules)
    assert "title-format" not in rules and "title-missing-year" not in rules, (p, rules)  # the directive is not the title
PY

# Config key, and batch.
mkdir -p "$tmp/cfg"; cp "$excerpt" "$tmp/cfg/a.txt"; printf 'partial = true\n' >"$tmp/cfg/.fzlint.toml"
"$FZ" check --exit-zero --format json "$tmp/cfg/a.txt" >"$tmp/c.json"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"][0]; assert f.get("partial") is True; assert all(x["rule"]!="missing-next-year-plan" for x in f["findings"])' "$tmp/c.json" \
  && ok "config partial = true" || bad "config partial"
printf 'partial = "yes"\n' >"$tmp/cfg/.fzlint.toml"
"$FZ" check "$tmp/cfg/a.txt" >/dev/null 2>"$tmp/c.err"; rc=$?
[ $rc = 2 ] && grep -q 'partial' "$tmp/c.err" && ok "config partial of the wrong type: exit 2 with the key" || bad "bad partial value: rc $rc $(cat "$tmp/c.err")"
rm "$tmp/cfg/.fzlint.toml"
"$FZ" batch --no-config --partial --format csv -o "$tmp/b.csv" "$tmp/cfg" 2>"$tmp/b.err"; rc=$?
[ $rc -le 1 ] && grep -q "摘录" "$tmp/b.err" && ok "batch --partial: summary says 摘录" || bad "batch --partial: rc $rc $(cat "$tmp/b.err")"

# SARIF carries it on the artifact.
"$FZ" check --no-config --exit-zero --format sarif --partial "$excerpt" >"$tmp/p.sarif"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["runs"][0]["artifacts"][0]["properties"]["partial"] is True' "$tmp/p.sarif" \
  && ok "sarif artifact properties.partial" || bad "sarif partial"

finish
