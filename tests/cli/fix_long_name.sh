#!/usr/bin/env bash
# issue 11: temporary names stay short, so --fix and -o work for the longest legal name
# (a 255-byte name of Chinese characters: 83 × 3 bytes + ".txt" = 253 bytes).
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
n=$(printf '法%.0s' $(seq 83)).txt
fixable >"$n" || { echo "SKIP: file system refuses 253-byte names"; exit 77; }
"$FZ" check --fix --no-config "$n" >/dev/null 2>err; rc=$?
expect_rc "fix of a 253-byte name" 1 $rc
[ "$(cat "$n")" = "$fixed_text" ] && ok "long-named file fixed" || bad "not fixed: $(cat err)"
o=$(printf '报%.0s' $(seq 83)).json
"$FZ" check --no-config --format json -o "$o" "$n" >/dev/null 2>err
[ -s "$o" ] && ok "-o to a 253-byte name" || bad "-o long name: $(cat err)"
[ "$(ls -A | wc -l)" = 3 ] && ok "no temporary left" || bad "left: $(ls -A)"
finish
