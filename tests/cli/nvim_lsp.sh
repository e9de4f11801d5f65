#!/usr/bin/env bash
# Real-editor test of `fzlint lsp`: headless Neovim (Debian's 0.7) starts the server for a report
# (tests/nvim/report.txt), and tests/nvim/lsp_init.lua writes down the diagnostics Neovim holds
# (vim.diagnostic.get()), after opening and after an edit typed into the buffer, plus hover and
# code-action answers. Checked here: rule ids, lines and columns — on a line where an Ext-B
# character (𠀀, 2 UTF-16 units, 4 bytes) precedes the findings, so a server that counted code
# points instead of UTF-16 units would land one character off — and a clean shutdown.
# Env: FZLINT (binary), FZ_SOURCE_DIR (repo root). Without nvim: SKIP, exit 77 (CTest: Skipped).
set -u
if ! command -v nvim >/dev/null 2>&1; then
  echo "SKIP: nvim not installed (scripts/bootstrap --full installs it)"
  exit 77
fi
: "${FZLINT:?FZLINT must point to the fzlint binary}"
: "${FZ_SOURCE_DIR:?FZ_SOURCE_DIR must point to the repository}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Its own folder, so no .fzlint.toml of the repository applies: shipped rules only.
cp "$FZ_SOURCE_DIR/tests/nvim/report.txt" "$work/report.txt"
report="$work/report.txt"

fail=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi
}

echo "nvim: $(nvim --version | head -1); server: $FZLINT lsp"
FZLINT="$FZLINT" FZ_REPORT="$report" FZ_OUT="$work/out" FZ_DOCS_URI="https://example.org/rules.html" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
  -c "luafile $FZ_SOURCE_DIR/tests/nvim/lsp_init.lua" >"$work/nvim.log" 2>&1
rc=$?
check "nvim ran the driver and quit normally (rc=$rc)" test "$rc" -eq 0
if [ ! -s "$work/out.tsv" ]; then
  echo "FAIL - no output from the Neovim driver"; cat "$work/nvim.log"; exit 1
fi
echo "--- what Neovim received"
cat "$work/out.tsv"
echo "---"
check "no driver errors" bash -c "! grep -q '^error' '$work/out.tsv'"

# Expected positions, computed from the file itself: 0-based line of the Ext-B line with the
# findings, and the byte column of each offending text in it (Neovim's diagnostic columns are
# byte columns, converted from the server's UTF-16 positions).
lnum=$(( $(grep -n '截止目前' "$report" | head -1 | cut -d: -f1) - 1 ))
line=$(sed -n "$((lnum + 1))p" "$report")
case "$line" in *𠀀*截止目前*) ;; *) echo "FAIL - fixture: no Ext-B character before the finding"; exit 1;; esac
bytes() { printf '%s' "$1" | LC_ALL=C wc -c | tr -d ' '; }
col_term=$(bytes "${line%%截止目前*}")
col_dup=$(bytes "${line%%，，*}")
end_term=$((col_term + $(bytes 截止目前)))
sev_warn=2  # vim.diagnostic.severity.WARN

check "misused-term at line $lnum, bytes $col_term–$end_term (after 𠀀)" \
  bash -c "grep -qP '^opened\tmisused-term\t$lnum\t$col_term\t$lnum\t$end_term\t[0-9]\tfzlint$' '$work/out.tsv'"
check "doubled-punctuation at line $lnum, byte $col_dup" \
  bash -c "grep -qP '^opened\tdoubled-punctuation\t$lnum\t$col_dup\t$lnum\t$((col_dup + 6))\t[0-9]\tfzlint$' '$work/out.tsv'"
check "every diagnostic has source fzlint" bash -c "! grep -P '^(opened|edited)\t' '$work/out.tsv' | grep -vqP '\tfzlint$'"
check "report-length diagnostic on the title line (line 0)" \
  bash -c "grep -qP '^opened\treport-length-out-of-range\t0\t0\t' '$work/out.tsv'"
# After typing 𪚥 (4 bytes) after the line's heading marker, both findings moved by exactly 4 bytes.
check "after the edit misused-term moved to byte $((col_term + 4))" \
  bash -c "grep -qP '^edited\tmisused-term\t$lnum\t$((col_term + 4))\t$lnum\t$((end_term + 4))\t' '$work/out.tsv'"
check "after the edit doubled-punctuation moved to byte $((col_dup + 4))" \
  bash -c "grep -qP '^edited\tdoubled-punctuation\t$lnum\t$((col_dup + 4))\t' '$work/out.tsv'"
check "hover shows the rule id and the docs link" \
  bash -c "grep -P '^hover\t' '$work/out.tsv' | grep -q 'misused-term' && grep -P '^hover\t' '$work/out.tsv' | grep -q 'example.org/rules.html#misused-term'"
# The quick fix replaces exactly the term. Its range is in UTF-16 units on the edited line
# (𪚥 and 𠀀 count 2 each): computed here with iconv, independently of the server.
edited="${line:0:3}𪚥${line:3}"
u16() { printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE | LC_ALL=C wc -c | awk '{print $1 / 2}'; }
u_term=$(u16 "${edited%%截止目前*}")
check "quick fix replaces 截止目前 (UTF-16 $u_term–$((u_term + 4))) by 截至目前" \
  bash -c "grep -qP '^action\t[^\t]*\t$lnum\t$u_term\t$((u_term + 4))\t截至目前\$' '$work/out.tsv'"
check "server exited with 0 after shutdown/exit" bash -c "grep -qxP 'exit\t0' '$work/out.tsv'"
if [ "$fail" -ne 0 ]; then echo "--- nvim log"; cat "$work/nvim.log"; exit 1; fi
echo "nvim_lsp: all checks passed"
