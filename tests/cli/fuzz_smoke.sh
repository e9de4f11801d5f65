#!/usr/bin/env bash
# Robustness of the whole program on hostile input (the fuzzers' regression net in the normal
# test run, which has no clang): fzlint must never crash, hang or print malformed output.
#   * every input in fixtures/regressions/ (crash reproducers found by the fuzzers, named
#     <target>-<hash>; see scripts/ci-extra) is replayed through `fzlint check` as .txt, .md and
#     .docx, and the LSP ones through `fzlint lsp`;
#   * a fixed set of adversarial inputs made here: random bytes, truncated UTF-8, lone
#     surrogates in UTF-16, NUL bytes, BOM only, one 2 MB line, 20,000 headings, 5,000 nested
#     brackets and quotes, deep Markdown nesting, a broken .docx (zip header, zip bomb-like entry
#     names), numbers with 10,000 digits, an oversize file (limit refusal).
# Each must exit 0, 1 or 2 (never a signal), within a generous hang limit, and --format json
# output (when there is any) must parse. Exit 2 must come with a message on stderr.
set -uo pipefail
FZ=${FZLINT:?FZLINT must name the fzlint binary}
SRC=${FZ_SOURCE_DIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
ok()  { passes=$((passes+1)); echo "ok   - $1"; }
bad() { fails=$((fails+1)); echo "FAIL - $1"; }
hang_limit=120  # seconds; a hang detector, not a timing assertion
known="$SRC/fuzz/known-crashes.txt"  # crashes reported to their owner, not fixed yet
is_known() { [ -f "$known" ] && grep -qE "^$(printf '%s' "$1" | sed 's/[.[\*^$]/\\&/g')[[:space:]]" "$known"; }
xfails=0

# check_one NAME FILE [extra args]: run `fzlint check --format json` and judge the outcome.
# A crash of an input listed in fuzz/known-crashes.txt is an xfail; every other one fails.
check_one() {
  local name=$1 file=$2; shift 2
  local key; key=$(basename "$file"); [ -n "${KEY:-}" ] && key=$KEY
  timeout -s KILL $hang_limit "$FZ" check --no-config --format json "$@" "$file" >"$tmp/out.json" 2>"$tmp/err.txt"
  local rc=$?
  if [ $rc -eq 137 ]; then bad "$name: no answer within ${hang_limit}s (hang?)"; return; fi
  if [ $rc -gt 2 ]; then
    if is_known "$key"; then xfails=$((xfails+1)); echo "xfail - $name: exit $rc, known crash (fuzz/known-crashes.txt)"
    else bad "$name: exit $rc (crash?): $(head -c 300 "$tmp/err.txt")"; fi
    return
  fi
  if is_known "$key"; then echo "XPASS - $name no longer crashes: remove '$key' from fuzz/known-crashes.txt"; fi
  if [ $rc -eq 2 ] && [ ! -s "$tmp/err.txt" ] && ! grep -q '"error"' "$tmp/out.json" 2>/dev/null; then
    bad "$name: exit 2 without a message"; return
  fi
  if [ -s "$tmp/out.json" ] && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json" 2>/dev/null; then
    bad "$name: --format json output does not parse"; return
  fi
  ok "$name (exit $rc)"
}

# 1. Adversarial inputs, generated deterministically.
python3 - "$tmp" <<'PY'
import os, random, sys, zipfile, io
d = sys.argv[1]
r = random.Random(20260101)
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
w("empty.txt", b"")
w("bom-only.txt", b"\xef\xbb\xbf")
w("bom16-only.txt", b"\xff\xfe")
w("random-bytes.txt", bytes(r.randrange(256) for _ in range(65536)))
w("random-high.txt", bytes(r.randrange(128, 256) for _ in range(65536)))
w("nul-bytes.txt", "一、主要举措和成效\n".encode() + b"\x00" * 100)
w("truncated-utf8.txt", "某镇2024年法治政府建设年度报告\n一、主要举措".encode()[:-1])
w("lone-cr.txt", "标题\r一、成效\r（一）加强领导。\r" * 500)
w("utf16-odd.txt", b"\xff\xfe" + "一、主要举措".encode("utf-16-le") + b"\x00\xd8\x41")  # lone surrogate, odd length
w("gb18030-mixed.txt", "一、主要举措和成效\n".encode("gb18030") + "（一）加强领导\n".encode("utf-8"))
w("long-line.txt", "法治" * 1_000_000)
w("many-headings.txt", "".join(f"{'一二三四五六七八九十'[i % 10]}、标题{i}\n（一）子标题。正文。\n1.第三级\n（1）第四级\n" for i in range(5000)))
w("nested-brackets.txt", "（" * 5000 + "“" * 5000 + "《" * 5000 + "文本" + "》" * 4999 + "”" * 5001 + "）")
w("enum-storm.txt", "一、主要举措和成效\n" + "".join(f"{i}是" for i in ["一", "二", "三"] * 10000) + "。\n")
w("big-number.txt", "一、主要举措和成效\n全年开展" + "9" * 10000 + "余次，" + "百分之" + "九" * 5000 + "。\n")
w("ext-b.txt", "𠀀𪚥镇2024年法治政府建设年度报告\n一、主要举措和成效\n（一）𠮷𨱏。全年3次。\n" * 200)
w("deep.md", "> " * 3000 + "一、主要举措\n" + "".join("  " * i + "- 项\n" for i in range(2000)) + "<!-- fzlint-disable" * 100)
w("md-html.md", "<!--" * 2000 + "\n# 一、标题\n```\n" * 500 + "**" * 3000)
w("not-a-zip.docx", b"PK\x03\x04" + bytes(r.randrange(256) for _ in range(4096)))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
               + "<w:p><w:r><w:t>" * 3000 + "一、主要举措" + "</w:t></w:r></w:p>" * 10 + "</w:body>")
    z.writestr("word/" + "a/" * 200 + "x.xml", "0" * 1_000_000)  # compresses to almost nothing
w("broken-xml.docx", buf.getvalue())
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    z.writestr("[Content_Types].xml", "x")
w("no-document.docx", buf.getvalue())
w("oversize.txt", "法" * (6 << 20))  # 18 MB: over the default size limit
PY
for f in "$tmp"/*.txt "$tmp"/*.md "$tmp"/*.docx; do
  check_one "adversarial $(basename "$f")" "$f"
done

# 2. The oversize file is refused with a message, not read whole (limit enforced).
timeout -s KILL $hang_limit "$FZ" check --no-config --color never "$tmp/oversize.txt" >"$tmp/err.txt" 2>&1; rc=$?
if [ $rc -eq 2 ] && grep -q '16777216' "$tmp/err.txt"; then ok "oversize file refused with the limit named (exit 2: $(head -1 "$tmp/err.txt"))"
else bad "oversize file: expected exit 2 with a message, got exit $rc"; fi

# 3. Regression inputs found by the fuzzers (fixtures/regressions/<target>-<hash>).
n=0
if [ -d "$SRC/fixtures/regressions" ]; then
  for f in "$SRC"/fixtures/regressions/*; do
    [ -f "$f" ] || continue
    n=$((n+1)); base=$(basename "$f")
    case "$base" in
      lsp-*)
        timeout -s KILL $hang_limit "$FZ" lsp <"$f" >/dev/null 2>"$tmp/err.txt"; rc=$?
        if [ $rc -le 1 ]; then ok "regression $base through fzlint lsp (exit $rc)"
        else bad "regression $base: fzlint lsp exit $rc: $(head -c 300 "$tmp/err.txt")"; fi ;;
      rules_toml-*)
        mkdir -p "$tmp/r-$base"; cp "$f" "$tmp/r-$base/user.toml"
        timeout -s KILL $hang_limit "$FZ" rules --rules "$tmp/r-$base" >/dev/null 2>"$tmp/err.txt"; rc=$?
        if [ $rc -le 2 ]; then ok "regression $base as a rule file (exit $rc)"
        else bad "regression $base: fzlint rules exit $rc: $(head -c 300 "$tmp/err.txt")"; fi ;;
      *)
        for ext in txt md docx; do
          cp "$f" "$tmp/reg.$ext"; KEY="$base.$ext" check_one "regression $base as .$ext" "$tmp/reg.$ext"
        done ;;
    esac
  done
fi
echo "# replayed $n fuzz regression input(s)"

[ $xfails -gt 0 ] && echo "# $xfails known crash(es) not fixed yet (fuzz/known-crashes.txt)"
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
