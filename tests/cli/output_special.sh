#!/usr/bin/env bash
# issue 11: -o / --write-baseline naming a FIFO, a device or a symlink writes into it (as `>`
# would) and never replaces it with a regular file; -o naming an input file (also with --fix)
# is an error before anything runs.
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
cp "$SRC/examples/sample-report.txt" in.txt

mkfifo fifo; (cat fifo >got.txt) & reader=$!
"$FZ" check --no-config --format json -o fifo in.txt >/dev/null 2>err; rc=$?
[ -p fifo ] || kill $reader 2>/dev/null   # replaced: the reader would wait forever
wait $reader
[ -p fifo ] && ok "FIFO is still a FIFO" || bad "FIFO replaced: $(ls -l fifo)"
grep -q '"files"' got.txt && ok "report written into the FIFO (exit $rc)" || bad "FIFO reader got nothing: $(cat err)"

ln -s target.json out-link
"$FZ" check --no-config --format json -o out-link in.txt >/dev/null 2>err
[ -L out-link ] && grep -q '"files"' target.json && ok "-o symlink: link kept, target written" || bad "-o symlink: $(ls -l out-link target.json 2>&1)"
ln -s base.json base-link
"$FZ" check --no-config --write-baseline base-link in.txt >/dev/null 2>err
[ -L base-link ] && [ -s base.json ] && ok "--write-baseline symlink: link kept" || bad "--write-baseline symlink: $(ls -l base-link 2>&1)"

if mknod nul c 1 3 2>/dev/null; then
  "$FZ" check --no-config -o nul in.txt >/dev/null 2>err
  [ -c nul ] && ok "-o character device stays a device" || bad "device replaced by $(stat -c %F nul)"
else
  echo "# (mknod not permitted here: the device case is covered by the FIFO case)"
fi

before=$(sha256sum in.txt)
"$FZ" check --no-config -o in.txt in.txt >/dev/null 2>err; rc=$?
expect_rc "-o naming an input" 2 $rc
[ "$(sha256sum in.txt)" = "$before" ] && ok "input untouched" || bad "input overwritten by the report"
grep -q '输入文件' err && ok "message says why" || bad "message: $(cat err)"
ln -s in.txt in-link
"$FZ" check --no-config --fix -o in-link in.txt >/dev/null 2>err; rc=$?
expect_rc "--fix with -o naming a checked file (through a link)" 2 $rc
[ "$(sha256sum in.txt)" = "$before" ] && ok "input untouched" || bad "input changed"
"$FZ" check --no-config --write-baseline in.txt in.txt >/dev/null 2>err; rc=$?
expect_rc "--write-baseline naming an input" 2 $rc
finish
