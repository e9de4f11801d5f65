#!/usr/bin/env bash
# Whole-process checks of `fzlint lsp` over real pipes: stdout carries nothing but well-framed
# JSON-RPC (every byte accounted for by a Content-Length header; logs go to stderr), the exit
# code follows LSP (0 after shutdown+exit, 1 for exit without shutdown or a client that
# disappears), malformed input never kills the process, a client that stops reading does not
# hang it, and diagnostics come from the buffer sent, not from the file on disk.
# Env: FZLINT (binary).
set -u
: "${FZLINT:?FZLINT must point to the fzlint binary}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fail=1; }

# msg BODY → one framed message
msg() { printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$1" | LC_ALL=C wc -c)" "$1"; }
INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
INITD='{"jsonrpc":"2.0","method":"initialized","params":{}}'
SHUT='{"jsonrpc":"2.0","id":9,"method":"shutdown"}'
EXIT='{"jsonrpc":"2.0","method":"exit"}'

# frames FILE → prints the number of messages, or "BAD <offset>" when a byte is not part of a
# correctly framed message whose body is a JSON object.
frames() {
  LC_ALL=C awk 'BEGIN { RS = "\001" } {
    s = $0; n = 0; off = 0
    while (length(s) > 0) {
      if (!match(s, /^Content-Length: [0-9]+\r\n\r\n/)) { print "BAD " off; exit }
      len = substr(s, 17, RLENGTH - 20) + 0
      body = substr(s, RLENGTH + 1, len)
      if (length(body) != len || substr(body, 1, 1) != "{" || substr(body, len, 1) != "}") { print "BAD " off; exit }
      s = substr(s, RLENGTH + len + 1); off += RLENGTH + len; n++
    }
    print n
  }' "$1"
}

run() {  # run NAME < input → $work/NAME.out, $work/NAME.err, $work/NAME.rc
  timeout 30 "$FZLINT" lsp >"$work/$1.out" 2>"$work/$1.err"
  echo $? >"$work/$1.rc"
}

# 1. A normal session; the file on disk says something else than the buffer.
printf '磁盘上的文件，，没有误用词。\n' >"$work/r.txt"
text='截止目前，，已完成。'
{ msg "$INIT"; msg "$INITD"
  msg "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file://$work/r.txt\",\"languageId\":\"plaintext\",\"version\":1,\"text\":\"$text\"}}}"
  msg "$SHUT"; msg "$EXIT"; } | run normal
[ "$(cat "$work/normal.rc")" = 0 ] && ok "shutdown + exit → exit code 0" || bad "shutdown + exit → exit code $(cat "$work/normal.rc")"
n=$(frames "$work/normal.out")
[ "$n" = 3 ] && ok "stdout is exactly 3 framed messages (initialize, publishDiagnostics, shutdown)" || bad "stdout framing: $n"
grep -q '"code":"misused-term"' "$work/normal.out" && ok "diagnostics come from the buffer (misused-term in the sent text)" || bad "no misused-term diagnostic from the buffer"
grep -q 'positionEncoding' "$work/normal.err" && ok "logs go to stderr" || bad "no log line on stderr"

# 2. exit without shutdown → 1; EOF without shutdown (client gone) → 1, cleanly.
{ msg "$INIT"; msg "$EXIT"; } | run noshut
[ "$(cat "$work/noshut.rc")" = 1 ] && ok "exit without shutdown → exit code 1" || bad "exit without shutdown → $(cat "$work/noshut.rc")"
{ msg "$INIT"; printf 'Content-Length: 80\r\n\r\n{"jsonrpc":'; } | run eof
[ "$(cat "$work/eof.rc")" = 1 ] && ok "client disappears mid-message → exit code 1" || bad "EOF mid-message → $(cat "$work/eof.rc")"
[ "$(frames "$work/eof.out")" = 1 ] && ok "…after answering what it had received" || bad "EOF session output: $(frames "$work/eof.out")"

# 3. Garbage of every kind (3000 pseudo-random bytes, fixed seed, then malformed messages): answered or skipped, never a crash (exit code < 128), framing intact.
{ LC_ALL=C awk 'BEGIN { srand(42); for (i = 0; i < 3000; i++) printf "%c", int(rand() * 256) }'; printf '\r\n\r\n'; msg '{not json'; msg '[1,2]'; msg '"x"'
  printf 'Content-Length: -5\r\n\r\n'; printf 'Content-Length: 99999999999999999999999\r\n\r\n{}'
  msg "$INIT"; msg '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nope"},"position":{"line":-1}}}'
  msg '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///x.txt","languageId":"plaintext","version":1,"text":"\u0000\ufffd\ud840\udc00截止目前"}}}'
  msg "$SHUT"; msg "$EXIT"; } | run garbage
rc=$(cat "$work/garbage.rc")
[ "$rc" = 0 ] && ok "random bytes and malformed messages, then a proper shutdown → exit code 0" || bad "garbage session exit code $rc"
n=$(frames "$work/garbage.out")
case "$n" in BAD*|0) bad "garbage session stdout framing: $n";; *) ok "garbage session stdout: $n well-framed messages";; esac
grep -q '"id":9,"jsonrpc":"2.0","result":null' "$work/garbage.out" && ok "shutdown still answered after the garbage" || bad "shutdown not answered after garbage"

# 4. A client that stops reading: the server must notice (EPIPE, not SIGPIPE death or a hang).
{ msg "$INIT"; for i in $(seq 1 200); do
    msg "{\"jsonrpc\":\"2.0\",\"id\":$((i + 10)),\"method\":\"nope/$i\"}"; done; sleep 1; } |
  timeout 30 "$FZLINT" lsp 2>/dev/null | head -c 100 >/dev/null
rc=${PIPESTATUS[1]}
[ "$rc" -lt 124 ] && ok "reader gone → server ends by itself (exit code $rc)" || bad "reader gone → exit code $rc (hang or signal)"

[ "$fail" = 0 ] && echo "lsp_stdio: all checks passed"
exit "$fail"
