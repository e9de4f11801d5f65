#!/usr/bin/env bash
# issue 11: Markdown --fix never changes text inside code spans, fenced code or HTML comments
# (nor inline HTML); the prose around them is still fixed.
source "$(dirname "$0")/lib_safety.bash"
cd "$tmp"
cat >r.md <<'MD'
# 一、总体情况

工作,成效<!--注释,这里-->明显，`代码,这里`和``代码,`两段``，<span title="标题,属性">内容</span>。

<!--
多行注释,这里
-->

```
代码,块内
```
MD
"$FZ" check --fix --no-config r.md >/dev/null 2>err; rc=$?
grep -q '^工作，成效' r.md && ok "prose fixed" || bad "prose not fixed: $(sed -n 3p r.md)"
grep -q '<!--注释,这里-->' r.md && ok "inline HTML comment untouched" || bad "comment changed: $(sed -n 3p r.md)"
grep -q '`代码,这里`' r.md && ok "code span untouched" || bad "code span changed"
grep -q '``代码,`两段``' r.md && ok "double-backtick code span untouched" || bad "code span changed"
grep -q 'title="标题,属性"' r.md && ok "inline HTML untouched" || bad "inline HTML changed"
grep -q '^多行注释,这里$' r.md && grep -q '^代码,块内$' r.md && ok "block comment and fence untouched" || bad "block changed"
no_internal err "markdown fix"
finish
