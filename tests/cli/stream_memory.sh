#!/usr/bin/env bash
# issue 16: `check` prints file by file, so its peak memory does not grow with the number of
# files: for each of text, gcc, json, sarif and csv (and json to -o FILE), 2,000 small reports
# peak within 4 MiB of 200 (GNU time's maximum resident set size: memory, not wall-clock). The control: the same runs
# with FZLINT_NO_STREAM=1 (the whole-document printers) grow by more than that, so the test can
# fail. Batch comparison (passages-shared-in-batch) is ignored here: it has its own test,
# compare_memory.sh.
source "$(dirname "$0")/lib_safety.bash"
[ -x /usr/bin/time ] || { echo "SKIP: GNU time (package time) not installed"; exit 77; }
# ASan keeps freed memory in its quarantine and TSan shadows every byte: peaks mean nothing there.
if [[ "$(ldd "$FZ" 2>/dev/null)" == *libasan* || "$(ldd "$FZ" 2>/dev/null)" == *libtsan* ]]; then  # not `ldd | grep -q`: SIGPIPE under pipefail
  echo "SKIP: peak memory is not measured in a sanitizer build"; exit 77
fi
cd "$tmp"
report=$(cat "$SRC/examples/sample-report.txt")
mkdir few many
for i in $(seq 1 2000); do
  printf '%s\n（第%d份）\n' "$report" "$i" >"many/r$i.txt"
  [ "$i" -le 200 ] && cp "many/r$i.txt" few/
done
margin_kb=4096
peak() {  # peak FORMAT DIR [env…] → KB
  local fmt=$1 dir=$2; shift 2
  local out=(); [ "$fmt" = json-o ] && { fmt=json; out=(-o out.json); }  # -o: spooled, then written atomically
  env "$@" /usr/bin/time -f '%M' -o rss.txt "$FZ" check --no-config -j 2 --ignore passages-shared-in-batch \
    --format "$fmt" "${out[@]}" "$dir" >out.txt 2>err.txt
  local rc=$?
  [ $rc -le 1 ] || bad "$fmt over $dir exited $rc: $(head -3 err.txt)"
  tail -1 rss.txt
}
for fmt in text gcc json sarif csv json-o; do
  a=$(peak "$fmt" few); b=$(peak "$fmt" many)
  if [ $((b - a)) -le $margin_kb ]; then ok "$fmt: 2,000 files peak ${b} KB, 200 files ${a} KB (within ${margin_kb} KB)"
  else bad "$fmt: 2,000 files peak ${b} KB, 200 files ${a} KB: grows with the number of files"; fi
  wa=$(peak "$fmt" few FZLINT_NO_STREAM=1); wb=$(peak "$fmt" many FZLINT_NO_STREAM=1)
  if [ $((wb - wa)) -gt $margin_kb ]; then ok "control: whole-document $fmt grows (${wa} → ${wb} KB)"
  else bad "control: whole-document $fmt did not grow (${wa} → ${wb} KB): the test cannot tell"; fi
done
finish
