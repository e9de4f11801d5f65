#!/usr/bin/env bash
# issue 11: rule packs from --rules / rule_dirs have total bounds (files, bytes, patterns, folder
# depth), each with a clear error, checked before anything is compiled; a rule_dirs entry that
# escapes the configuration's folder tree is refused before anything is walked; a symlink loop
# in a rule folder is not followed. CPU time is capped with ulimit -t (CPU seconds, not
# wall-clock): the unbounded version compiled a 4 MiB pack for ~20 s and 580 MB.
source "$(dirname "$0")/lib_safety.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
cd "$tmp"
cp "$SRC/examples/sample-report.txt" r.txt
python3 - <<'PY'
import os, random
random.seed(1)
chars = [chr(c) for c in range(0x4e00, 0x4e00 + 3000)]
def rule(i, pats):
    return ('id = "x-%s"\ncategory = "terms"\nseverity = "info"\nkind = "pattern"\nscope = "document"\n'
            'title = "t"\nmessage = "m"\ndescription = "d"\nrationale = "r"\nsource = "s"\npatterns = [%s]\n'
            '[examples]\nbad = ["x"]\ngood = ["y"]\n') % (i, ",".join("'%s'" % p for p in pats))
os.makedirs("big"); total = 0; i = 0
while total < 4 * 1024 * 1024 - 40000:  # ~110 files × 900 patterns, within the file/byte bounds
    body = rule(i, ["".join(random.choice(chars) for _ in range(5)) + "[一二三]?" +
                    "".join(random.choice(chars) for _ in range(4)) for _ in range(900)])
    open("big/p%03d.toml" % i, "w").write(body); total += len(body.encode()); i += 1
os.makedirs("many")
for i in range(300): open("many/p%03d.toml" % i, "w").write(rule("m%d" % i, ["甲乙丙%d" % i]))
d = "deep/" + "/".join("d%d" % k for k in range(10)); os.makedirs(d)
open(d + "/r.toml", "w").write(rule("deep", ["甲乙丙"]))
os.makedirs("looped"); open("looped/r.toml", "w").write(rule("loop", ["甲乙丙"]))
os.symlink(".", "looped/again")
PY

run() { # name expected-rc message-regex args...
  local name=$1 want=$2 re=$3; shift 3
  (ulimit -t 10; /usr/bin/time -f '%M' -o rss.txt "$FZ" "$@" >out.txt 2>err); local rc=$?
  expect_rc "$name" "$want" $rc
  if [ -n "$re" ]; then grep -Eq "$re" err && ok "$name: $(grep -Eo "$re" err | head -1)" || bad "$name message: $(head -c 300 err)"; fi
  no_internal err "$name"
}
[ -x /usr/bin/time ] || { echo "SKIP: GNU time not installed"; exit 77; }
run "4 MiB pack of 99,000 patterns" 2 '模式合计超过上限' check --no-config --rules big r.txt
kb=$(tail -1 rss.txt)
# not `ldd | grep -q`: under pipefail, grep exiting early gives ldd a SIGPIPE on a loaded machine
if [[ "$(ldd "$FZ" 2>/dev/null)" == *libasan* ]]; then echo "SKIP - peak memory (${kb} KB) is not measured under ASan (its quarantine holds freed memory)"
else [ "$kb" -le 204800 ] && ok "refused within 200 MB (${kb} KB)" || bad "took ${kb} KB"; fi
run "300 rule files" 2 '规则文件总数超过 [0-9]+' rules --rules many
run "rule folder 10 levels deep" 2 '层级超过 [0-9]+' rules --rules deep
run "symlink loop in a rule folder" 0 '' rules --rules looped

mkdir -p proj/a; cp r.txt proj/a/r.txt
printf 'rule_dirs = ["../../.."]\n' >proj/a/.fzlint.toml
run "rule_dirs escaping the config's folder" 2 '不在配置文件所在目录' check proj/a/r.txt
printf 'rule_dirs = ["/"]\n' >proj/a/.fzlint.toml
run "rule_dirs naming /" 2 '不在配置文件所在目录' check proj/a/r.txt
mkdir -p proj/a/rules; cp many/p000.toml proj/a/rules/
printf 'rule_dirs = ["rules"]\n' >proj/a/.fzlint.toml
run "rule_dirs inside the config's folder" 0 '' check --format gcc proj/a/r.txt
finish
