#!/usr/bin/env bash
# The Debian package as an office installs it (issue #13). cpack builds fzlint_VERSION_amd64.deb
# from this build tree; checked:
#   * the file list (binary, man page, bash completion, docs, rule-pack docs) and the name;
#   * Depends from dpkg-shlibdeps: present, and every dependency satisfied on this Debian
#     machine (the package names and versions are real ones);
#   * the packaged binary is stripped (its size is printed);
#   * dpkg installs it into an empty root with its own admindir (no chroot needed), and the
#     installed binary, run with the build tree off PATH and from outside it, has no build-tree
#     path in ldd, no missing library, prints its version, checks the bundled sample, and has
#     its man page; dpkg then removes it cleanly.
# Without cpack or dpkg-deb (not a Debian machine): SKIP, exit 77.
set -uo pipefail
FZ=${FZLINT:?}; SRC=${FZ_SOURCE_DIR:?}; BIN=${FZ_BINARY_DIR:?}
for tool in cpack dpkg-deb dpkg dpkg-shlibdeps; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool not installed (scripts/bootstrap installs dpkg-dev)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
ok()  { passes=$((passes+1)); echo "ok   - $1"; }
bad() { fails=$((fails+1)); echo "FAIL - $1"; }

version=$("$FZ" --version | head -1 | awk '{print $2}')
arch=$(dpkg --print-architecture)
# Build the package into a fresh folder (cpack runs `cmake --install` of this build, stripped).
if ! cpack --config "$BIN/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1; then
  bad "cpack failed: $(tail -5 "$tmp/cpack.log")"; echo "$passes passed, $fails failed"; exit 1
fi
deb="$tmp/pkg/fzlint_${version}_${arch}.deb"
[ -f "$deb" ] && ok "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)" || { bad "no $deb: $(ls "$tmp/pkg")"; exit 1; }

dpkg-deb --contents "$deb" | awk '{print $6}' >"$tmp/files.txt"
for f in ./usr/bin/fzlint ./usr/lib/fzlint/fzlint-serve ./usr/share/man/man1/fzlint.1.gz ./usr/share/bash-completion/completions/fzlint \
         ./usr/share/doc/fzlint/README.md ./usr/share/doc/fzlint/rules.md ./usr/share/doc/fzlint/editors.md \
         ./usr/share/doc/fzlint/rule-pack.md; do
  grep -qx -- "$f" "$tmp/files.txt" && ok "package has $f" || bad "package lacks $f"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "note - Depends: $depends"
# libc6 and ICU (fzlint-serve's) from dpkg-shlibdeps; libzip4 named by hand, since fzlint opens it
# only for .docx (cmake/Deps.cmake) and dpkg-shlibdeps cannot see it.
echo "$depends" | grep -q 'libc6' && echo "$depends" | grep -q 'libicu' && echo "$depends" | grep -q 'libzip4' \
  && ok "Depends come from the binaries' libraries, with libzip4 (opened at run time)" || bad "Depends incomplete: '$depends'"
# Every dependency (each alternative list needs one satisfied member) is met on this machine.
unmet=""
IFS=',' read -ra deps <<<"$depends"
for d in "${deps[@]}"; do
  met=0
  IFS='|' read -ra alts <<<"$d"
  for a in "${alts[@]}"; do
    name=$(echo "$a" | awk '{print $1}'); rel=$(echo "$a" | sed -n 's/.*(\(.*\) \(.*\)).*/\1/p'); want=$(echo "$a" | sed -n 's/.*(\(.*\) \(.*\)).*/\2/p')
    have=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null) || continue
    [ -z "$rel" ] && { met=1; break; }
    dpkg --compare-versions "$have" "$rel" "$want" && { met=1; break; }
  done
  [ $met = 1 ] || unmet="$unmet $d"
done
[ -z "$unmet" ] && ok "every Depends entry is satisfied by an installed Debian package" || bad "unsatisfiable Depends:$unmet"

# Install into an empty root with its own dpkg database (no chroot, no root's database touched).
root="$tmp/root"; mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
if dpkg --root="$root" --log=/dev/null --force-depends --force-not-root -i "$deb" >"$tmp/dpkg.log" 2>&1; then
  ok "dpkg -i into an empty root"
else bad "dpkg -i failed: $(tail -3 "$tmp/dpkg.log")"; fi
inst="$root/usr/bin/fzlint"
if [ -x "$inst" ]; then
  size=$(stat -c %s "$inst")
  echo "note - installed binary: $size bytes (build tree's: $(stat -c %s "$FZ") bytes)"
  if file "$inst" 2>/dev/null | grep -q 'not stripped'; then bad "installed binary is not stripped"
  elif readelf -S "$inst" 2>/dev/null | grep -q '\.debug_info'; then bad "installed binary has debug info"
  else ok "installed binary is stripped ($((size / 1024)) KiB)"; fi
  ldd "$inst" >"$tmp/ldd.txt" 2>&1
  grep -q 'not found' "$tmp/ldd.txt" && bad "missing libraries: $(grep 'not found' "$tmp/ldd.txt")" || ok "ldd: every library found"
  grep -qF "$BIN" "$tmp/ldd.txt" && bad "ldd shows the build tree: $(grep -F "$BIN" "$tmp/ldd.txt")" || ok "ldd: no build-tree path"
  readelf -d "$inst" 2>/dev/null | grep -E 'RPATH|RUNPATH' | grep -qF "$BIN" && bad "RPATH/RUNPATH names the build tree" || ok "no build-tree RPATH"
  # Run it as a user would: build tree off PATH, from another folder, no config found.
  mkdir -p "$tmp/office"; cp "$SRC/examples/sample-report.txt" "$tmp/office/报告.txt"
  (cd "$tmp/office" && env -i PATH="$root/usr/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 fzlint --version) >"$tmp/v.txt" 2>&1 \
    && grep -q "^fzlint $version" "$tmp/v.txt" && ok "installed fzlint --version: $(head -1 "$tmp/v.txt")" || bad "installed --version: $(cat "$tmp/v.txt")"
  (cd "$tmp/office" && env -i PATH="$root/usr/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 fzlint check --format gcc 报告.txt) >"$tmp/c.txt" 2>&1; rc=$?
  { [ $rc -le 1 ] && grep -qE '^报告.txt:[0-9]+:[0-9]+: ' "$tmp/c.txt"; } && ok "installed fzlint check on the sample (exit $rc, $(wc -l <"$tmp/c.txt") findings)" \
    || bad "installed fzlint check: exit $rc: $(head -3 "$tmp/c.txt")"
  # A .docx: the installed fzlint opens libzip (not linked) from the system on demand.
  python3 - "$tmp/office/报告.docx" <<'PY' 2>/dev/null
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
body = "".join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in ["一、主要举措和成效", "全年召开会议3次,成效明显。"])
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body))
PY
  if [ -f "$tmp/office/报告.docx" ]; then
    (cd "$tmp/office" && env -i PATH="$root/usr/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 fzlint check --format gcc 报告.docx) >"$tmp/d.txt" 2>&1; rc=$?
    { [ $rc -eq 1 ] && grep -qE '^报告.docx:第2段:' "$tmp/d.txt"; } && ok "installed fzlint reads a .docx (libzip opened on demand)" \
      || bad "installed fzlint on a .docx: exit $rc: $(head -3 "$tmp/d.txt")"
  else echo "note - no python3: the installed .docx run is not checked"; fi
  # `fzlint serve` hands over to the installed fzlint-serve: a configuration file that does not
  # exist is reported by fzlint-serve (fzlint itself never reads it), so this proves the hand-over
  # without opening a port.
  (cd "$tmp/office" && env -i PATH="$root/usr/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 fzlint serve --port 0 --config 无此配置.toml) >"$tmp/s.txt" 2>&1; rc=$?
  { [ $rc -eq 2 ] && grep -q '无此配置.toml' "$tmp/s.txt" && ! grep -q '找不到 serve 组件' "$tmp/s.txt"; } \
    && ok "installed fzlint serve runs lib/fzlint/fzlint-serve" || bad "installed fzlint serve: exit $rc: $(head -3 "$tmp/s.txt")"
  ldd "$inst" | grep -qE 'libssl|libcpp-httplib' && bad "fzlint itself loads the HTTP library: $(ldd "$inst" | grep -E 'libssl|httplib')" \
    || ok "fzlint does not load the HTTP library or OpenSSL (only fzlint-serve does)"
  gzip -dc "$root/usr/share/man/man1/fzlint.1.gz" >"$tmp/fzlint.1" 2>/dev/null
  { grep -q '^\.TH FZLINT 1' "$tmp/fzlint.1" && grep -q 'fail\\-on' "$tmp/fzlint.1" && grep -q 'missing\\-next\\-year\\-plan' "$tmp/fzlint.1"; } \
    && ok "man page has the options and the rules" || bad "man page incomplete"
  if command -v groff >/dev/null 2>&1; then
    # Every warning except line breaking/filling, which Chinese text without spaces always draws.
    groff -k -Tutf8 -man -ww -z "$tmp/fzlint.1" 2>&1 | grep -vE "cannot adjust line|can't break line" >"$tmp/groff.txt"
    [ ! -s "$tmp/groff.txt" ] && ok "man page renders without warnings" || bad "groff: $(head -3 "$tmp/groff.txt")"
  fi
  bash -n "$root/usr/share/bash-completion/completions/fzlint" && ok "bash completion parses" || bad "bash completion syntax"
else bad "no installed binary at $inst"; fi
dpkg --root="$root" --log=/dev/null --force-not-root -r fzlint >"$tmp/rm.log" 2>&1 && [ ! -e "$inst" ] \
  && ok "dpkg -r removes it" || bad "dpkg -r: $(tail -3 "$tmp/rm.log")"

# Without a package manager (README): cmake --install --strip into a prefix.
if cmake --install "$BIN" --strip --prefix "$tmp/local" >"$tmp/inst.log" 2>&1 && [ -x "$tmp/local/bin/fzlint" ] \
   && [ -f "$tmp/local/share/man/man1/fzlint.1.gz" ] && [ -f "$tmp/local/share/bash-completion/completions/fzlint" ] \
   && [ -f "$tmp/local/share/doc/fzlint/rules.md" ]; then
  "$tmp/local/bin/fzlint" check --no-config "$SRC/examples/sample-report.txt" >/dev/null 2>&1; rc=$?
  [ $rc -le 1 ] && ok "cmake --install --strip --prefix: binary, man page, completion, docs; runs (exit $rc)" || bad "installed-by-cmake fzlint exits $rc"
else bad "cmake --install: $(tail -3 "$tmp/inst.log")"; fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
