#!/usr/bin/env bash
# issue 11: Markdown suppression directives must not make checking quadratic. 40,000
# `fzlint-disable-next-line` + finding pairs (2 MB) are checked by the CLI and by the language
# server (open + two edits, as keystrokes) under a CPU-time limit of 20 s each (ulimit -t: CPU
# seconds, not wall-clock; the quadratic version needed ~60 s of CPU for the CLI alone, the
# linear sweep needs ~1 s). Every finding must still be suppressed.
source "$(dirname "$0")/lib_safety.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
cd "$tmp"
python3 - <<'PY'
lines = ["# 一、总体情况", ""]
for i in range(40000):
    lines += ["<!-- fzlint-disable-next-line -->", "工作,成效", ""]
open("d.md", "w").write("\n".join(lines) + "\n")
PY
size=$(stat -c %s d.md)
(ulimit -t 20; "$FZ" check --no-config --select halfwidth-punctuation-in-chinese --format json d.md >out.json 2>err); rc=$?
expect_rc "CLI: 40,000 directive+finding pairs ($size bytes) within 20 s of CPU" 0 $rc
python3 -c "import json; d=json.load(open('out.json')); assert d['files'][0]['findings']==[]" \
  && ok "every finding suppressed" || bad "findings left: $(head -c 300 out.json)"

python3 - "$FZ" <<'PY'; rc=$?
import json, resource, subprocess, sys
def frame(o):
    b = json.dumps(o, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
text = open("d.md", encoding="utf-8").read()
uri = "file:///nonexistent-fzlint-test/d.md"
msgs = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}]
for v in (2, 3):  # two keystrokes at the end of the first heading
    msgs.append({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": v},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 7}, "end": {"line": 0, "character": 7}},
                            "text": "一"}]}})
msgs += [{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
limit = lambda: resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
p = subprocess.run([sys.argv[1], "lsp"], input=b"".join(frame(m) for m in msgs),
                   capture_output=True, preexec_fn=limit)
if p.returncode != 0:
    print("lsp exit", p.returncode, p.stderr.decode()[-300:]); sys.exit(1)
out, diags = p.stdout, []
while out:
    head, _, rest = out.partition(b"\r\n\r\n")
    n = int(head.split(b":")[1]); body = json.loads(rest[:n]); out = rest[n:]
    if body.get("method") == "textDocument/publishDiagnostics": diags.append(body["params"])
assert diags, "no diagnostics published"
last = diags[-1]["diagnostics"]
bad = [d for d in last if d.get("code") == "halfwidth-punctuation-in-chinese"]
assert not bad, "%d suppressed findings reported" % len(bad)
PY
expect_rc "LSP: open + two edits of the same document within 20 s of CPU, all suppressed" 0 $rc
finish
