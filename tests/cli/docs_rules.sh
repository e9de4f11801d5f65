#!/usr/bin/env bash
# docs/rules.md is generated from the rule files (`fzlint docs -o docs/rules.md`); this fails
# when a rule changed and the docs were not regenerated, or a rule lacks a docs field. Also
# checks that every rule's examples behave (`fzlint test-rules`) and that explain works.
set -uo pipefail
FZ=${FZLINT:?}; SRC=${FZ_SOURCE_DIR:?}
fails=0; passes=0
ok()  { passes=$((passes+1)); echo "ok   - $1"; }
bad() { fails=$((fails+1)); echo "FAIL - $1"; }
cd "$SRC"
"$FZ" docs --check -o docs/rules.md && ok "docs/rules.md is up to date" || bad "docs/rules.md is stale: run fzlint docs -o docs/rules.md"
out=$("$FZ" test-rules 2>&1); rc=$?
echo "   $(echo "$out" | tail -1)"
[ $rc -eq 0 ] && ok "test-rules" || { echo "$out" | head -20; bad "test-rules"; }
n=0; broken=0
for id in $("$FZ" rules --all --format json | python3 -c 'import json,sys; print("\n".join(r["id"] for r in json.load(sys.stdin)))'); do
  n=$((n+1))
  "$FZ" explain "$id" | grep -q "依据" || { echo "   explain $id lacks 依据"; broken=$((broken+1)); }
done
[ $n -gt 0 ] && [ $broken -eq 0 ] && ok "explain works for all $n rules" || bad "explain: $broken of $n rules broken"
"$FZ" explain no-such-rule >/dev/null 2>&1; [ $? -eq 2 ] && ok "explain of an unknown id exits 2" || bad "explain unknown id"
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
