#!/usr/bin/env bash
# issue 11: a failing read (EIO via a symlink to /proc/self/mem, /proc/self/mem itself, a
# dangling symlink, an unreadable .fzlint.toml or rule file) is an input
# error for that file: exit 2 at the end, the other files still checked, no crash. A failed
# write to standard output (/dev/full, a closed pipe, closed stdout) is exit 2 with a message
# whatever --exit-zero says. `check -` with stdin closed is an input error. A size error for a
# config file does not suggest --max-size. None of these reaches main's last-resort handler.
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
cp "$SRC/examples/sample-report.txt" good.txt
ln -s /proc/self/mem mem.txt
ln -s gone.txt dangling.txt


for bad in mem.txt /proc/self/mem dangling.txt; do
  "$FZ" check --no-config --format json "$bad" good.txt >out.json 2>err; rc=$?
  expect_rc "$bad with a good file" 2 $rc
  python3 - out.json "$bad" <<'PY' && ok "$bad: an input error, good.txt still checked" || bad "$bad: $(head -c 300 out.json; cat err)"
import json, sys
d = json.load(open(sys.argv[1]))
by = {f["path"]: f for f in d["files"]}
assert by[sys.argv[2]].get("error"), by
assert by["good.txt"]["findings"], "good.txt not checked"
PY
  no_internal err "$bad"
done

# An unreadable .fzlint.toml governs only its folder's files.
mkdir proj; cp good.txt proj/r.txt; ln -s /proc/self/mem proj/.fzlint.toml
"$FZ" check --format json proj/r.txt good.txt >out.json 2>err; rc=$?
expect_rc "unreadable .fzlint.toml" 2 $rc
grep -q 'proj/.fzlint.toml' err && ok "config read error named on stderr" || bad "config error: $(cat err)"
python3 -c "
import json; d=json.load(open('out.json')); by={f['path']:f for f in d['files']}
assert by['proj/r.txt'].get('error') and by['good.txt']['findings']" && ok "other files still checked" || bad "run stopped: $(head -c 300 out.json)"
no_internal err "unreadable config"

# An unreadable rule folder entry in a config.
mkdir -p rp/rules; cp good.txt rp/r.txt; printf 'rule_dirs = ["rules"]\n' >rp/.fzlint.toml
ln -s /proc/self/mem rp/rules/x.toml
"$FZ" check rp/r.txt >/dev/null 2>err; rc=$?
expect_rc "unreadable rule file" 2 $rc
no_internal err "unreadable rule file"

# Size errors tell the truth about which option changes the limit.
mkdir big; cp good.txt big/r.txt
{ printf 'ignore = []\n'; for i in $(seq 20000); do printf '# %080d\n' 0; done; } >big/.fzlint.toml
"$FZ" check big/r.txt >/dev/null 2>err; rc=$?
expect_rc "oversized .fzlint.toml" 2 $rc
grep -q 'max-size' err && bad "config size error suggests --max-size: $(cat err)" || ok "config size error does not suggest --max-size"
grep -q '上限' err && ok "config size error states the limit" || bad "message: $(cat err)"

# Standard input closed.
"$FZ" check --no-config - <&- >out.txt 2>err; rc=$?
expect_rc "check - with stdin closed" 2 $rc
grep -q '标准输入已关闭' out.txt err && ok "says stdin is closed" || bad "message: $(cat out.txt err)"

# Failed writes to standard output.
if [ -w /dev/full ]; then
  "$FZ" check --no-config --exit-zero good.txt >/dev/full 2>err; rc=$?
  expect_rc "> /dev/full with --exit-zero" 2 $rc
  grep -q '标准输出' err && ok "message on stderr" || bad "no message: $(cat err)"
  "$FZ" check --no-config --diff good.txt >/dev/full 2>err; rc=$?
  expect_rc "--diff > /dev/full" 2 $rc
  "$FZ" batch --no-config . >/dev/full 2>err; rc=$?
  expect_rc "batch > /dev/full" 2 $rc
fi
"$FZ" check --no-config --exit-zero good.txt >&- 2>err; rc=$?
expect_rc "stdout closed" 2 $rc
python3 - "$FZ" good.txt <<'PY'; rc=$?
import os, subprocess, sys
r, w = os.pipe()
os.close(r)  # the reader is gone before fzlint writes: a closed pipe
p = subprocess.run([sys.argv[1], "check", "--no-config", "--exit-zero", sys.argv[2]], stdout=w,
                   stderr=subprocess.PIPE)
sys.stderr.write(p.stderr.decode())
sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)
PY
expect_rc "closed pipe (no death by SIGPIPE)" 2 $rc
# The language server: an unreadable .fzlint.toml is a config error, not an empty config.
python3 - "$FZ" "$tmp/proj" <<'PY'; rc=$?
import json, subprocess, sys
def frame(o):
    b = json.dumps(o, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
uri = "file://" + sys.argv[2] + "/r.txt"
msgs = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "plaintext", "version": 1, "text": "一、总体情况\n工作,成效\n"}}},
        {"jsonrpc": "2.0", "id": 9, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
p = subprocess.run([sys.argv[1], "lsp"], input=b"".join(frame(m) for m in msgs), capture_output=True)
codes = [d.get("code") for part in p.stdout.split(b"Content-Length")[1:]
         for body in [json.loads(part.split(b"\r\n\r\n", 1)[1])]
         if body.get("method") == "textDocument/publishDiagnostics"
         for d in body["params"]["diagnostics"]]
sys.exit(0 if "config-error" in codes and p.returncode == 0 else 1)
PY
expect_rc "LSP: unreadable .fzlint.toml reported as a config error" 0 $rc
finish
