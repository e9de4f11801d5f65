#!/usr/bin/env bash
# issue 11: in a folder, an unreadable subfolder, a file of an unsupported type (.doc, .pdf,
# .wps) and a symlink loop are each listed — a `skipped` list in JSON, a SARIF notification, a
# line in text output, a row in the batch matrix — never dropped silently. An unreadable
# subfolder makes the run exit 2 (reports in it were not checked).
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
mkdir -p reps/sub
cp "$SRC/examples/sample-report.txt" reps/a.txt
: >reps/旧稿.doc; : >reps/扫描件.pdf; : >reps/草稿.wps
ln -s loop.txt reps/loop.txt
ln -s .. reps/sub/up
"$FZ" check --no-config --format json reps >out.json 2>err; rc=$?
python3 - out.json <<'PY' && ok "JSON lists every skipped path (exit $rc)" || bad "JSON skipped: $(cat out.json | head -c 400)"
import json, sys
d = json.load(open(sys.argv[1]))
sk = {s["path"]: s["reason"] for s in d.get("skipped", [])}
for want in ["reps/旧稿.doc", "reps/扫描件.pdf", "reps/草稿.wps", "reps/loop.txt", "reps/sub/up"]:
    assert want in sk, (want, sk)
assert "循环" in sk["reps/loop.txt"], sk
assert [f["path"] for f in d["files"]] == ["reps/a.txt"], d["files"]
PY
"$FZ" check --no-config --color never reps >out.txt 2>err
grep -q '^跳过: reps/旧稿.doc: 不支持的文件类型' out.txt && ok "text output has a line per skipped file" || bad "text: $(grep 跳过 out.txt)"
"$FZ" batch --no-config reps >m.csv 2>err
[ "$(grep -c '已跳过' m.csv)" = 5 ] && ok "batch matrix has a row per skipped path" || bad "csv: $(cat m.csv)"
"$FZ" check --no-config --format sarif reps >s.json 2>err
python3 -c "
import json; d=json.load(open('s.json')); n=d['runs'][0]['invocations'][0].get('toolExecutionNotifications',[])
assert sum('已跳过' in x['message']['text'] for x in n)==5, n" && ok "SARIF notifications list them" || bad "sarif notifications"
no_internal err "folder walk"

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  mkdir -p locked/secret; cp reps/a.txt locked/b.txt; cp reps/a.txt locked/secret/c.txt
  chmod 755 locked; chmod 700 locked/secret
  setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups \
    "$FZ" check --no-config --format json locked >out.json 2>err; rc=$?
  expect_rc "unreadable subfolder" 2 $rc
  python3 -c "
import json; d=json.load(open('out.json'))
assert any(s['path']=='locked/secret' for s in d.get('skipped',[])), d
assert [f['path'] for f in d['files']]==['locked/b.txt']" && ok "unreadable subfolder listed, the rest checked" \
    || bad "unreadable subfolder: $(head -c 400 out.json; cat err)"
else
  echo "SKIP: the unreadable-folder case needs root, nobody and setpriv"; exit 77
fi
finish
