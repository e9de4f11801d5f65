#!/usr/bin/env bash
# issue 11: --diff output is safe to feed to `patch`: a file name with a newline or control
# character is quoted in the ---/+++ headers (git style), so a crafted name cannot add a header
# line of its own and redirect the patch to another file.
source "$(dirname "$0")/lib_safety.bash"
command -v patch >/dev/null || { echo "SKIP: patch not installed"; exit 77; }
cd "$tmp"
# A folder named "x<newline>+++ b" holding r.txt: unquoted, the header would read
# "--- a/x" / "+++ b/r.txt" and patch would rewrite ./r.txt, a copy of the same text.
evil=$'x\n+++ b'
mkdir -p "w/$evil"; fixable >"w/$evil/r.txt"; fixable >w/r.txt
(cd w && "$FZ" check --diff --no-config "$evil/r.txt") >d.patch 2>err; rc=$?
expect_rc "--diff with a crafted name" 1 $rc
[ "$(grep -c '^+++ ' d.patch)" = 1 ] && ok "exactly one +++ header line" || bad "headers: $(grep -n '^[-+][-+][-+] ' d.patch)"
grep -q '^--- "a/x\\n+++ b/r.txt"$' d.patch && ok "name quoted with C escapes" || bad "header: $(head -2 d.patch)"
cp -r w applied
(cd applied && patch -p1 --batch <../d.patch >/dev/null 2>&1); prc=$?
[ "$(cat applied/r.txt)" != "$fixed_text" ] && ok "the other r.txt is untouched by patch" || bad "patch was redirected to ./r.txt"
[ $prc = 0 ] && [ "$(cat "applied/$evil/r.txt")" = "$fixed_text" ] && ok "patch applies to the named file" \
  || echo "# (this patch cannot apply quoted names: exit $prc; the redirect is still prevented)"
printf '一、总体情况\n我们完成了工作,成效明显。\n' >"w/tab	name.txt"
(cd w && "$FZ" check --diff --no-config "tab	name.txt") >t.patch 2>/dev/null
grep -q '^--- "a/tab\\tname.txt"$' t.patch && ok "tab escaped" || bad "tab header: $(head -1 t.patch)"
finish
