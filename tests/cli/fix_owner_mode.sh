#!/usr/bin/env bash
# issue 11: --fix keeps owner, group and mode (a 0660 file of another user stays theirs, both
# when root fixes it and when a group member fixes it), and refuses a read-only (0444) file
# unless --force. The second user is `nobody`, reached with setpriv (SKIP only without them).
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"

# Read-only: refused without --force, untouched; rewritten with --force, still 0444.
fixable >ro.txt; chmod 0444 ro.txt
"$FZ" check --fix --no-config ro.txt >/dev/null 2>err; rc=$?
expect_rc "read-only file refused" 2 $rc
grep -q -- '--force' err && ok "message names --force" || bad "message: $(cat err)"
[ "$(cat ro.txt)" != "$fixed_text" ] && ok "read-only file untouched" || bad "read-only file rewritten"
"$FZ" check --fix --force --no-config ro.txt >/dev/null 2>err
[ "$(cat ro.txt)" = "$fixed_text" ] && [ "$(stat -c %a ro.txt)" = 444 ] && ok "--force rewrites, mode stays 0444" \
  || bad "--force: $(stat -c %a ro.txt) $(cat err)"

fixable >m.txt; chmod 0640 m.txt
"$FZ" check --fix --no-config m.txt >/dev/null 2>&1
[ "$(stat -c %a m.txt)" = 640 ] && ok "mode 0640 kept" || bad "mode became $(stat -c %a m.txt)"

if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1 || ! command -v setpriv >/dev/null; then
  echo "SKIP: the owner checks need root, the user nobody and setpriv"; exit 77
fi
ng=$(id -gn nobody)

# Root fixes a 0660 file owned by nobody: it stays nobody's.
fixable >other.txt; chown nobody:"$ng" other.txt; chmod 0660 other.txt
"$FZ" check --fix --no-config other.txt >/dev/null 2>err
[ "$(stat -c '%U:%G %a' other.txt)" = "nobody:$ng 660" ] && ok "root's fix keeps nobody's ownership" \
  || bad "ownership became $(stat -c '%U:%G %a' other.txt)"
[ "$(cat other.txt)" = "$fixed_text" ] && ok "and the file is fixed" || bad "not fixed: $(cat err)"

# A group member (nobody, group $ng) fixes root's 0660 file in a folder it may write: the file
# must not be handed to nobody by a rename.
mkdir shared; chmod 0777 shared
fixable >shared/g.txt; chown root:"$ng" shared/g.txt; chmod 0660 shared/g.txt
setpriv --reuid=nobody --regid="$ng" --clear-groups "$FZ" check --fix --no-config shared/g.txt >/dev/null 2>err; rc=$?
[ "$(stat -c '%U:%G %a' shared/g.txt)" = "root:$ng 660" ] && ok "group member's fix keeps root's ownership" \
  || bad "ownership became $(stat -c '%U:%G %a' shared/g.txt) (exit $rc: $(cat err))"
[ "$(cat shared/g.txt)" = "$fixed_text" ] && ok "group member's fix written" || bad "not fixed (exit $rc): $(cat err)"
[ -z "$(ls -A shared | grep -v '^g.txt$')" ] && ok "no stray temporary" || bad "left: $(ls -A shared)"
finish
