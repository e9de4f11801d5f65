#!/usr/bin/env bash
# Browser tests of the `fzlint serve` page (CTest: serve-web). Debian's chromium, driven by
# puppeteer-core pinned in tests/web/package-lock.json (scripts/bootstrap --full installs both;
# puppeteer-core never downloads a browser). Exit 77 (SKIPPED) when either is missing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
chromium=${FZ_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then echo "SKIP: $chromium is not installed (scripts/bootstrap --full)"; exit 77; fi
if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
if [ ! -f "$here/node_modules/puppeteer-core/package.json" ]; then
  echo "SKIP: puppeteer-core is not installed in tests/web (scripts/bootstrap --full)"; exit 77
fi
export FZ_CHROMIUM=$chromium
exec node "$here/serve_page.js"
