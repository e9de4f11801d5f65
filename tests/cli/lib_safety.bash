# Shared by the tests/cli scripts (sourced, not a test: no .sh suffix): FZ, SRC, a private tmp,
# ok/bad/expect_rc/finish, and the issue-11 safety helpers (fixable, no_internal).
set -uo pipefail
FZ=${FZLINT:?FZLINT must name the fzlint binary}
SRC=${FZ_SOURCE_DIR:?}
tmp=$(mktemp -d); chmod 755 "$tmp"; trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
ok()   { passes=$((passes+1)); echo "ok   - $1"; }
bad()  { fails=$((fails+1)); echo "FAIL - $1"; }
expect_rc() { if [ "$2" = "$3" ]; then ok "$1 (exit $3)"; else bad "$1: expected exit $2, got $3"; fi; }
# A report with one fixable finding (半角逗号 between Chinese characters).
fixable() { printf '一、总体情况\n我们完成了工作,成效明显。\n'; }
fixed_text=$'一、总体情况\n我们完成了工作，成效明显。'
# No exception may reach main's last-resort handler in any of these runs.
no_internal() { if grep -q '内部错误' "$1"; then bad "$2 reached the last-resort handler: $(cat "$1")"; fi; }
finish() { echo "# $passes passed, $fails failed"; [ "$fails" -eq 0 ]; exit $?; }
