#!/usr/bin/env bash
# Validates fzlint's SARIF with the validators pinned in tests/sarif (installed by
# `scripts/bootstrap --full`, i.e. `npm ci --ignore-scripts` there):
#   1. JSON Schema: ajv against the SARIF 2.1.0 schema shipped in the multitool package
#      (needed because the multitool silently "succeeds" on a log it cannot deserialize);
#   2. `sarif-multitool validate`: any result of level error or warning fails (notes, such as
#      "consider message ids instead of text", are advice and are ignored).
# Logs checked: the printer's golden (fixtures/report/sarif.golden), always; and when $FZLINT
# is runnable, `fzlint check --format sarif` over fixtures/check/*.txt (else over the bundled
# sample), plus a run over a Chinese/Ext-B file name and an unreadable file (percent-encoded
# URIs, toolExecutionNotifications), and a folder printed file by file on two threads.
# Without the validators installed it prints "SKIP: …" and exits 77 (CTest reports Skipped).
set -uo pipefail
SRC=${FZ_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
pkg="$SRC/tests/sarif"
mt="$pkg/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ ! -d "$pkg/node_modules" ] || [ ! -f "$mt" ] || [ ! -d "$pkg/node_modules/ajv" ]; then
  echo "SKIP: SARIF validators not installed (run scripts/bootstrap --full, or: cd tests/sarif && npm ci --ignore-scripts)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed"
  exit 77
fi
# npm ci --ignore-scripts skips the package's postinstall `chmod u+x`.
[ -x "$mt" ] || chmod u+x "$mt" 2>/dev/null || { echo "FAIL - cannot make $mt executable"; exit 1; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1
fails=0; passes=0
ok()  { passes=$((passes+1)); echo "ok   - $1"; }
bad() { fails=$((fails+1)); echo "FAIL - $1"; }

# mt_check FILE.sarif — runs sarif-multitool; fails (and writes $tmp/problems.txt) on any result
# of level error or warning in its log (level defaults to warning) or any error notification.
mt_check() {
  rm -f "$tmp/result.sarif"
  "$mt" validate "$1" --output "$tmp/result.sarif" --log ForceOverwrite >"$tmp/mt.txt" 2>&1
  local rc=$?
  if [ $rc -ne 0 ] || [ ! -s "$tmp/result.sarif" ]; then
    { echo "sarif-multitool exited $rc"; cat "$tmp/mt.txt"; } >"$tmp/problems.txt"
    return 1
  fi
  node - "$tmp/result.sarif" >"$tmp/problems.txt" 2>&1 <<'JS'
const log = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
let n = 0;
for (const run of log.runs || []) {
  for (const r of run.results || []) {
    const level = r.level || 'warning';
    if (level !== 'error' && level !== 'warning') continue;
    const rule = (run.tool.driver.rules || [])[r.ruleIndex] || {};
    const tmpl = r.message.text ||
      ((rule.messageStrings || {})[r.message.id] || {}).text || r.message.id || '';
    const text = tmpl.replace(/\{(\d+)\}/g, (_, i) => (r.message.arguments || [])[i]);
    const reg = ((r.locations || [])[0] || {}).physicalLocation?.region || {};
    console.log(`${level} ${r.ruleId} (${reg.startLine}:${reg.startColumn}): ${text}`);
    n++;
  }
  for (const inv of run.invocations || [])
    for (const x of [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])])
      if ((x.level || 'warning') !== 'note') { console.log(`notification: ${x.message.text}`); n++; }
}
process.exit(n ? 1 : 0);
JS
}

# validate NAME FILE.sarif — both validators; prints the problems they find.
validate() {
  local name=$1 log=$2
  if node "$pkg/schema_check.js" "$log" >"$tmp/schema.txt" 2>&1; then
    ok "$name: JSON schema (SARIF 2.1.0)"
  else
    bad "$name: JSON schema"; sed 's/^/       /' "$tmp/schema.txt" | head -20
  fi
  if mt_check "$log"; then
    ok "$name: sarif-multitool validate (no errors or warnings)"
  else
    bad "$name: sarif-multitool validate"; sed 's/^/       /' "$tmp/problems.txt" | head -20
  fi
}

# 0. The validators themselves catch a broken log (a test that cannot fail proves nothing).
cat >"$tmp/broken.sarif" <<'EOF'
{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"fzlint","version":"0.1.0","informationUri":"https://example.org"}},"results":[{"ruleId":"x","level":"bogus","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.txt"},"region":{"startLine":0}}}]}]}]}
EOF
if node "$pkg/schema_check.js" "$tmp/broken.sarif" >/dev/null 2>&1; then bad "schema check accepts a broken log"
else ok "schema check rejects a broken log"; fi
# Schema-valid, but the multitool warns (SARIF2005: no informationUri).
cat >"$tmp/advice.sarif" <<'EOF'
{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"fzlint","version":"0.1.0"}},"results":[]}]}
EOF
if mt_check "$tmp/advice.sarif"; then bad "multitool check ignores a warning"
else ok "multitool check reports a warning ($(head -1 "$tmp/problems.txt" | cut -c1-60))"; fi

# 1. The printer's golden.
cp "$SRC/fixtures/report/sarif.golden" "$tmp/golden.sarif"   # the multitool wants .sarif
validate "report golden" "$tmp/golden.sarif"

# 2. The real binary, when there is one.
if [ -n "${FZLINT:-}" ] && [ -x "$FZLINT" ]; then
  shopt -s nullglob
  inputs=("$SRC"/fixtures/check/*.txt)
  [ ${#inputs[@]} -eq 0 ] && [ -f "$SRC/examples/sample-report.txt" ] && inputs=("$SRC/examples/sample-report.txt")
  if [ ${#inputs[@]} -gt 0 ]; then
    (cd "$SRC" && "$FZLINT" check --no-config --format sarif "${inputs[@]/#$SRC\//}") >"$tmp/check.sarif" 2>"$tmp/err.txt"
    rc=$?
    if [ $rc -le 2 ] && [ -s "$tmp/check.sarif" ]; then validate "fzlint check (${#inputs[@]} files)" "$tmp/check.sarif"
    else bad "fzlint check --format sarif exited $rc: $(head -3 "$tmp/err.txt")"; fi
  fi
  # A Chinese file name with an Ext-B character and a space, and a file that cannot be read.
  mkdir -p "$tmp/w/报告"
  src="${inputs[0]:-$SRC/examples/sample-report.txt}"
  if [ -f "$src" ]; then
    cp "$src" "$tmp/w/报告/𠀀镇 2024.txt"
    printf 'x\0y' >"$tmp/w/报告/坏.txt"   # NUL bytes: not text, cannot be checked
    (cd "$tmp/w" && "$FZLINT" check --no-config --format sarif "报告/𠀀镇 2024.txt" "报告/坏.txt") \
      >"$tmp/names.sarif" 2>"$tmp/err.txt"
    rc=$?
    if [ -s "$tmp/names.sarif" ]; then
      validate "fzlint check (CJK names, unreadable file)" "$tmp/names.sarif"
      if node -e '
        const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0];
        const uris = r.artifacts.map(a => a.location.uri);
        if (!uris.includes("%E6%8A%A5%E5%91%8A/%F0%A0%80%80%E9%95%87%202024.txt")) throw new Error("uris: " + uris);
        if (r.invocations[0].executionSuccessful !== false) throw new Error("executionSuccessful should be false");
      ' "$tmp/names.sarif" 2>"$tmp/node.txt"; then ok "percent-encoded URIs and a failed-file notification"
      else bad "URIs/notifications: $(head -3 "$tmp/node.txt")"; fi
    else
      bad "fzlint check on CJK names exited $rc with no output: $(head -3 "$tmp/err.txt")"
    fi
  fi
  # Printed file by file (issue #16: artifacts and results spooled to a temporary file and
  # copied behind the rules they index): two threads, no batch comparison, a folder with a
  # skipped .doc, a missing file and an unreadable one.
  if [ ${#inputs[@]} -gt 0 ]; then
    mkdir -p "$tmp/s/d"
    cp "${inputs[@]}" "$tmp/s/d/"; echo x >"$tmp/s/d/旧.doc"; printf 'x\0y' >"$tmp/s/d/坏.txt"
    (cd "$tmp/s" && "$FZLINT" check --no-config -j 2 --ignore passages-shared-in-batch --format sarif d 无.txt) \
      >"$tmp/stream.sarif" 2>"$tmp/err.txt"
    if [ -s "$tmp/stream.sarif" ]; then validate "fzlint check, streamed (-j 2, skipped, missing, unreadable)" "$tmp/stream.sarif"
    else bad "streamed fzlint check --format sarif gave no output: $(head -3 "$tmp/err.txt")"; fi
  fi
else
  echo "note: FZLINT not set or not executable; validated the golden only"
fi

echo "sarif_validate: $passes passed, $fails failed"
[ $fails -eq 0 ]
