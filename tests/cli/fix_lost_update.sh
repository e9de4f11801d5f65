#!/usr/bin/env bash
# issue 11: lost update. A file that changed between reading and writing is not overwritten:
# the run reports it and both versions survive. Made deterministic without timing: the same
# file is named twice (a/r.txt and the link b/l.txt) under two configurations that fix
# different things; the first fix lands, the second finds the file changed since it was read.
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
mkdir a b
printf 'select = ["halfwidth-punctuation-in-chinese"]\n' >a/.fzlint.toml
printf 'select = ["doubled-punctuation"]\n' >b/.fzlint.toml
printf '一、总体情况\n我们完成了工作,成效明显。。\n' >a/r.txt
ln -s ../a/r.txt b/l.txt
"$FZ" check --fix a/r.txt b/l.txt >/dev/null 2>err; rc=$?
expect_rc "second, stale write refused" 2 $rc
grep -q '修改过' err && ok "reported as changed since read" || bad "no lost-update message: $(cat err)"
[ "$(cat a/r.txt)" = $'一、总体情况\n我们完成了工作，成效明显。。' ] && ok "first fix kept (not overwritten)" \
  || bad "file now: $(cat a/r.txt)"
kept=$(ls a | grep '^fzlint-fixed-' | head -1)
[ -n "$kept" ] && [ "$(cat "a/$kept")" = $'一、总体情况\n我们完成了工作,成效明显。' ] \
  && ok "the stale run's version kept beside it ($kept)" || bad "second version lost: $(ls -A a)"
no_internal err "lost update"
finish
