#!/usr/bin/env bash
# issue 16: `check DIR` with the default rules — the batch comparison passages-shared-in-batch
# on — keeps per report only the comparison's index entries (fingerprints) and the offsets of
# what it spooled (cli/batch_spool.h), never the text, tree or analysis: 2,000 reports peak
# within 8 MiB of 500 (GNU time's maximum resident set size: memory, not wall-clock), for json
# and text, and for `batch`'s CSV matrix past its in-memory budget. Control:
# FZLINT_COMPARE_IN_MEMORY=1 (every report held until the comparison ends, the path
# `check --previous` and a small batch take) grows by more than that, so the test can fail.
# The two paths print the same bytes, including the findings of the pairs of reports that share
# a paragraph (each report here shares one with its pair), and so does a run whose temporary
# file cannot be created (it keeps the reports in memory and says so).
source "$(dirname "$0")/lib_safety.bash"
[ -x /usr/bin/time ] || { echo "SKIP: GNU time (package time) not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
# ASan keeps freed memory in its quarantine and TSan shadows every byte: peaks mean nothing there.
if [[ "$(ldd "$FZ" 2>/dev/null)" == *libasan* || "$(ldd "$FZ" 2>/dev/null)" == *libtsan* ]]; then  # not `ldd | grep -q`: SIGPIPE under pipefail
  echo "SKIP: peak memory is not measured in a sanitizer build"; exit 77
fi
cd "$tmp"
mkdir few many
# Report i (≈ 6 KB): the sample report, a paragraph it shares with report i^1 (its pair) and 12
# of its own, drawn from 120 Han characters by a generator seeded with the pair / the report. Held
# texts alone would grow the peak by ≈ 9 MB over the 1,500 extra reports, more than the margin.
awk -v n=2000 -v sample="$SRC/examples/sample-report.txt" '
  BEGIN {
    while ((getline line < sample) > 0) body = body line "\n"
    split("政 府 法 治 建 设 行 政 执 法 监 督 制 度 改 革 推 进 依 决 策 公 开 服 务 群 众 基 层 治 理 社 会 安 全 稳 定 经 济 发 展 规 划 项 目 资 金 管 审 批 许 可 检 查 案 件 办 理 复 议 诉 讼 调 解 纠 纷 矛 盾 化 宣 传 教 育 培 训 干 部 队 伍 责 任 考 核 评 价 信 息 数 据 平 台 网 络 系 统 标 准 规 范 程 序 文 件 合 性 备 案 清 单 权 力 运 行 约 束 问 题 整 改 落 实 措 施 成 效 明 显 提 升 完 善 健 全 加 强 深 化 持 续 优 营 商 环 境", han, " ")
    nh = length(han)
  }
  function para(seed, len,   s, k, x) {  # character k from a hash of (seed, k): no two seeds share a run
    s = ""
    for (k = 0; k < len; k++) { x = sin(seed * 12.9898 + k * 78.233) * 43758.5453; x -= int(x); if (x < 0) x += 1; s = s han[int(x * nh) % nh + 1] }
    return s "。"
  }
  END {}
  BEGIN {
    for (i = 0; i < n; i++) {
      f = sprintf("many/r%04d.txt", i)
      printf "%s\n%s\n", body, para(int(i / 2) + 1, 90) > f
      for (k = 0; k < 12; k++) printf "%s\n", para(100000 + i * 13 + k, 90) > f
      close(f)
    }
  }'
for f in many/r0[0-4]*.txt; do cp "$f" few/; done
[ "$(ls few | wc -l)" = 500 ] || bad "500 reports in few/"
margin_kb=8192
peak() {  # peak FORMAT DIR [env…] → KB; output in out.FORMAT
  local fmt=$1 dir=$2; shift 2
  env "$@" /usr/bin/time -f '%M' -o rss.txt "$FZ" check --no-config -j 2 --format "$fmt" "$dir" >"out.$fmt" 2>err.txt
  local rc=$?
  [ $rc -le 1 ] || bad "$fmt over $dir exited $rc: $(head -3 err.txt)"
  tail -1 rss.txt
}
for fmt in json text; do
  a=$(peak "$fmt" few); b=$(peak "$fmt" many); cp "out.$fmt" "bounded.$fmt"
  if [ $((b - a)) -le $margin_kb ]; then ok "$fmt: 2,000 reports peak ${b} KB, 500 reports ${a} KB (within ${margin_kb} KB)"
  else bad "$fmt: 2,000 reports peak ${b} KB, 500 reports ${a} KB: the comparison holds something per report"; fi
  wa=$(peak "$fmt" few FZLINT_COMPARE_IN_MEMORY=1); wb=$(peak "$fmt" many FZLINT_COMPARE_IN_MEMORY=1)
  if [ $((wb - wa)) -gt $margin_kb ]; then ok "control: the comparison in memory grows (${wa} → ${wb} KB)"
  else bad "control: the comparison in memory did not grow (${wa} → ${wb} KB): the test cannot tell"; fi
  cmp -s "bounded.$fmt" "out.$fmt" && ok "$fmt: bounded and in-memory comparisons print the same bytes" \
    || bad "$fmt: bounded and in-memory comparisons differ"
done
# batch --format csv (the matrix): past FZLINT_BATCH_IN_MEMORY_BYTES of input (16 MiB by
# default; 0 here) it takes the same bounded path, row by row; below it, the reports are
# compared in memory (the control). Same bytes either way.
bpeak() {  # bpeak DIR [env…] → KB; matrix in m.csv
  local dir=$1; shift
  env "$@" /usr/bin/time -f '%M' -o rss.txt "$FZ" batch --no-config -j 2 "$dir" -o m.csv 2>err.txt
  local rc=$?
  [ $rc -le 1 ] || bad "batch over $dir exited $rc: $(head -3 err.txt)"
  tail -1 rss.txt
}
a=$(bpeak few FZLINT_BATCH_IN_MEMORY_BYTES=0); b=$(bpeak many FZLINT_BATCH_IN_MEMORY_BYTES=0); cp m.csv bounded.csv
if [ $((b - a)) -le $margin_kb ]; then ok "batch matrix: 2,000 reports peak ${b} KB, 500 reports ${a} KB (within ${margin_kb} KB)"
else bad "batch matrix: 2,000 reports peak ${b} KB, 500 reports ${a} KB: the comparison holds something per report"; fi
wa=$(bpeak few); wb=$(bpeak many)
if [ $((wb - wa)) -gt $margin_kb ]; then ok "control: the batch matrix under 16 MiB of input is compared in memory (${wa} → ${wb} KB)"
else bad "control: the in-memory batch matrix did not grow (${wa} → ${wb} KB): the test cannot tell"; fi
cmp -s bounded.csv m.csv && ok "batch matrix: bounded and in-memory comparisons write the same bytes" \
  || bad "batch matrix: bounded and in-memory comparisons differ"
[ "$(grep -c '需修改\|通过' bounded.csv)" = 2000 ] && ok "batch matrix: a row per report" || bad "batch matrix rows: $(wc -l <bounded.csv)"

# Every report shares its pair's paragraph: each draws a finding naming its pair.
python3 - bounded.json <<'PY' && ok "every report draws a shared-passage finding naming its pair" || bad "shared-passage findings missing"
import json, sys
files = json.load(open(sys.argv[1]))["files"]
assert len(files) == 2000, len(files)
for f in files:
    i = int(f["path"][-8:-4])
    pair = "many/r%04d.txt" % (i ^ 1)
    assert any(x["rule"] == "passages-shared-in-batch" and x["related"][0]["path"] == pair for x in f["findings"]), f["path"]
PY
# No temporary file: the reports stay in memory, the run says so, the output is the same.
TMPDIR="$tmp/none" "$FZ" check --no-config -j 2 --format json many >nospool.json 2>nospool.err
[ $? -le 1 ] && cmp -s nospool.json bounded.json && ok "no temporary file: same output" || bad "no temporary file: output differs"
grep -q '无法创建临时文件' nospool.err && grep -q '留在内存中' nospool.err && ok "no temporary file: said so (Chinese)" \
  || bad "no temporary file: not said: $(head -3 nospool.err)"
no_internal nospool.err "no temporary file"
finish
