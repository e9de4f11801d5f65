#!/usr/bin/env bash
# Install the peer linters fzlint is benchmarked against (bench/compare.sh), pinned by
# bench/peers/package-lock.json, from the npm registry (npm install with the committed lock).
#   bench/install-peers.sh [DIR]   install into DIR (default: bench/peers itself)
# With DIR, package.json, the lock file and the peer configs are copied there first, so the
# work tree stays clean. Prints the install folder on stdout (last line).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here/peers}
command -v npm >/dev/null || { echo "install-peers: npm is missing (apt-get install nodejs npm)" >&2; exit 2; }
mkdir -p "$dest"
if [ "$(cd "$dest" && pwd)" != "$here/peers" ]; then
  cp "$here/peers/package.json" "$here/peers/package-lock.json" "$here/peers/prh.yml" \
     "$here/peers/textlintrc.json" "$here/peers/.autocorrectrc" "$dest/"
fi
if [ ! -x "$dest/node_modules/.bin/textlint" ] || [ ! -x "$dest/node_modules/.bin/autocorrect" ] \
   || [ "$dest/package-lock.json" -nt "$dest/node_modules/.package-lock.json" ]; then
  echo "install-peers: npm install (locked) in $dest" >&2
  # `npm ci` refuses this lock: autocorrect-node lists optional per-platform packages (darwin,
  # win32) that the registry reachable here does not serve, so npm never records them and ci
  # calls the lock "out of sync". `npm install` with the committed lock installs exactly the
  # locked versions and skips the unavailable optional ones; --no-save keeps the lock untouched.
  (cd "$dest" && npm install --no-save --no-audit --no-fund --loglevel=error >&2)
fi
# Smoke check: each peer runs and finds the defect it is meant to find, so a broken install
# cannot silently time "no work".
probe=$(mktemp --suffix=.txt)
trap 'rm -f "$probe"' EXIT
printf '截止目前,我镇(社区)开展普法活动3次。\n' > "$probe"
if (cd "$dest" && node_modules/.bin/autocorrect --lint --config .autocorrectrc "$probe" >/dev/null 2>&1); then
  echo "install-peers: autocorrect found nothing in the probe" >&2; exit 1
fi
if (cd "$dest" && node_modules/.bin/textlint -c textlintrc.json "$probe" >/dev/null 2>&1); then
  echo "install-peers: textlint found nothing in the probe" >&2; exit 1
fi
echo "install-peers: autocorrect $(cd "$dest" && node_modules/.bin/autocorrect --version | awk '{print $2}'), textlint $(cd "$dest" && node_modules/.bin/textlint --version)" >&2
echo "$dest"
