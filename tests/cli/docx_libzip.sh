#!/usr/bin/env bash
# issue 16: fzlint opens libzip on the first .docx it reads or writes (src/ingest/libzip.h), so a
# run over .txt/.md never maps libzip nor the libcrypto, bzip2 and zlib it brings. Checked:
#   * the fzlint binary does not link libzip (ldd), and a .txt run loads no libzip (LD_DEBUG);
#   * a .docx run loads it and reads the document (findings with line numbers);
#   * with the library missing (FZLINT_LIBZIP names a file that does not exist) a .docx gets a
#     clear Chinese message naming the library and the package to install, exit 2, and the next
#     file (.txt) in the same run is still checked; `annotate` refuses the same way, writes no
#     output and leaves the original byte-identical.
source "$(dirname "$0")/lib_safety.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
cd "$tmp"
python3 - <<'PY'
import zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
paras = ["某镇2024年法治政府建设年度报告", "一、主要举措和成效", "（一）加强组织领导。全年召开会议3次,成效明显。"]
body = "".join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in paras)
with zipfile.ZipFile("报告.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT); z.writestr("_rels/.rels", RELS)
    z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body))
PY
printf '一、总体情况\n我们完成了工作,成效明显。\n' > 草稿.txt

libs=$(ldd "$FZ" 2>&1)
case "$libs" in *libzip*) bad "fzlint links libzip: $(echo "$libs" | grep libzip)" ;; *) ok "fzlint does not link libzip" ;; esac
LD_DEBUG=files "$FZ" check --no-config 草稿.txt >out.txt 2>ld.txt; rc=$?
expect_rc ".txt checked" 1 $rc
grep -q 'file=libzip' ld.txt && bad ".txt run loaded libzip" || ok ".txt run loads no libzip"
LD_DEBUG=files "$FZ" check --no-config --format gcc 报告.docx >out.txt 2>ld.txt; rc=$?
expect_rc ".docx checked" 1 $rc
grep -q 'file=libzip' ld.txt && ok ".docx run loads libzip on demand" || bad ".docx run did not load libzip"
grep -qE '^报告\.docx:第3段:第[0-9]+字: .*halfwidth' out.txt && ok ".docx read through the loaded libzip (the half-width comma in paragraph 3)" \
  || bad ".docx findings: $(head -3 out.txt)"

FZLINT_LIBZIP="$tmp/无此库/libzip.so.4" "$FZ" check --no-config --format gcc 报告.docx 草稿.txt >out.txt 2>err.txt; rc=$?
expect_rc "missing libzip: the .docx is a read error" 2 $rc
# gcc format reports a file it cannot read in its own stream, as 报告.docx: error: …
cat out.txt err.txt > all.txt
grep -q '^报告\.docx: error: 无法加载 libzip' all.txt && grep -q '无此库/libzip.so.4' all.txt && grep -q 'apt install libzip4' all.txt \
  && ok "missing libzip: message names the library and the package ($(grep -m1 libzip all.txt | cut -c1-100))" \
  || bad "missing libzip: message: $(cat err.txt out.txt | head -3)"
grep -qE '^草稿\.txt:2:[0-9]+: ' out.txt && ok "missing libzip: the next file is still checked" || bad "next file not checked: $(head -3 out.txt)"
no_internal err.txt "missing libzip (check)"

cp 报告.docx 原件.docx
FZLINT_LIBZIP="$tmp/无此库/libzip.so.4" "$FZ" annotate --no-config 报告.docx >out.txt 2>err.txt; rc=$?
expect_rc "missing libzip: annotate refuses" 2 $rc
grep -q '无法加载 libzip' err.txt && ok "missing libzip: annotate says why" || bad "annotate message: $(cat err.txt | head -3)"
[ ! -e 报告.fzlint.docx ] && ok "missing libzip: annotate writes no output" || bad "annotate wrote 报告.fzlint.docx"
cmp -s 报告.docx 原件.docx && ok "missing libzip: the original is untouched" || bad "the original changed"
no_internal err.txt "missing libzip (annotate)"
finish
