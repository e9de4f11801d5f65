#!/usr/bin/env bash
# issue 11: --fix on a symlink writes the file it points to and leaves the link a link; on a
# hard-linked file every name sees the fixed text (one inode, never split silently).
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"

fixable >real.txt; ln -s real.txt link.txt
"$FZ" check --fix --no-config link.txt >/dev/null 2>err1; rc=$?
[ -L link.txt ] && ok "symlink stays a symlink" || bad "symlink was replaced by a regular file"
[ "$(cat real.txt)" = "$fixed_text" ] && ok "the symlink's target holds the fix" || bad "target not fixed: $(cat real.txt)"
no_internal err1 "symlink fix"

mkdir -p sub; fixable >sub/t.txt; ln -s sub/t.txt rel.txt   # a relative link into a folder
"$FZ" check --fix --no-config rel.txt >/dev/null 2>err2
[ -L rel.txt ] && [ "$(cat sub/t.txt)" = "$fixed_text" ] && [ -z "$(ls -A . | grep fzlint)" ] \
  && ok "link into a folder: target fixed, no stray temporary" || bad "link into a folder: $(ls -la . sub)"

fixable >h1.txt; ln h1.txt h2.txt
"$FZ" check --fix --no-config h1.txt >/dev/null 2>err3; rc=$?
expect_rc "hard-linked file fixed" 1 $rc
[ "$(stat -c %i h1.txt)" = "$(stat -c %i h2.txt)" ] && ok "both names still one inode" || bad "hard link split into two files"
[ "$(cat h2.txt)" = "$fixed_text" ] && ok "the other name sees the fix" || bad "other name has the old text"
[ "$(stat -c %h h1.txt)" = 2 ] && ok "link count kept" || bad "link count $(stat -c %h h1.txt)"
no_internal err3 "hard link fix"
finish
