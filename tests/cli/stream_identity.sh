#!/usr/bin/env bash
# issue 16: `check` printing file by file writes exactly what the whole-document printers wrote
# (FZLINT_NO_STREAM=1 takes that path): same stdout, stderr, exit code and files left behind,
# for text, gcc, json, sarif and csv, on one and on three threads (output in input order), with
# and without batch comparison, under --statistics, --partial, --baseline, --write-baseline,
# --diff, --fix --diff, -o and standard input, over a folder with a skipped .doc, an
# undecodable file and a missing path. The report goldens (fixtures/report) prove the printers
# themselves; this proves the pipeline around them.
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
mkdir -p in/sub
cp "$SRC/examples/sample-report.txt" in/a.txt
seed="${FZ_SHARED_DIR:-}/seeds/000_4cb5d7ebd9b6d720.txt"
[ -f "$seed" ] && cp "$seed" in/seed.txt
cp "$SRC"/fixtures/check/*.txt in/sub/ 2>/dev/null
fixable >in/sub/fixable.txt
echo x >in/old.doc
printf '\xff\xfe\x00bad' >in/bad.txt
"$FZ" check --no-config --write-baseline base.json in >/dev/null 2>&1  # paths in/…, as below

# same NAME ARGS… — runs ARGS in a fresh copy of in/ both ways and compares everything.
same() {
  local name=$1; shift
  for way in stream whole; do
    rm -rf w out.x; mkdir w; cp -r in w/in; cp base.json w.base.json
    if [ $way = whole ]; then
      (cd w && FZLINT_NO_STREAM=1 "$FZ" "$@" <in/a.txt >../o.$way 2>../e.$way; echo "exit $?" >>../e.$way)
    else
      (cd w && "$FZ" "$@" <in/a.txt >../o.$way 2>../e.$way; echo "exit $?" >>../e.$way)
    fi
    [ -f out.x ] && mv out.x x.$way || : >x.$way
    cp w.base.json b.$way; rm -rf w.$way; mv w w.$way
  done
  if cmp -s o.stream o.whole && cmp -s e.stream e.whole && cmp -s x.stream x.whole && cmp -s b.stream b.whole &&
     diff -r w.stream w.whole >/dev/null; then
    ok "$name ($(wc -c <o.stream) bytes, $(tail -1 e.stream))"
  else
    bad "$name differs"; diff o.whole o.stream | head -5; diff e.whole e.stream | head -5
  fi
}
for fmt in text gcc json sarif csv; do
  for cmp in "" "--ignore passages-shared-in-batch"; do
    tag="$fmt${cmp:+ (no batch comparison)}"
    same "$tag" check --no-config $cmp --format "$fmt" in missing.txt
    same "$tag -j 3 --statistics" check --no-config $cmp -j 3 --statistics --format "$fmt" in
    same "$tag --baseline --write-baseline" check --no-config $cmp --format "$fmt" --baseline ../base.json \
      --write-baseline ../w.base.json in
    grep -q '个问题上一轮已指出' e.stream || bad "$tag: the baseline matched nothing (the case proves little)"
    same "$tag --baseline = --write-baseline" check --no-config $cmp --format "$fmt" --baseline ../w.base.json \
      --write-baseline ../w.base.json in
    same "$tag --diff" check --no-config $cmp --format "$fmt" --diff in
    same "$tag --fix --diff" check --no-config $cmp --format "$fmt" --fix --diff in
    [ -n "$cmp" ] && continue  # the rest do not depend on it
    same "$tag --partial" check --no-config --partial --format "$fmt" in
    same "$tag -o" check --no-config --format "$fmt" -o ../out.x in
    same "$tag stdin" check --no-config --format "$fmt" --stdin-filename a.txt -
  done
done
finish
