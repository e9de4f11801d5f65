#!/usr/bin/env bash
# issue 11: a small .docx must not take big resources. The .docx reader bounds its work while
# the text is built (numbering labels, empty paragraphs, XML nodes), so peak memory of any
# .docx, accepted or refused, stays within docs/limits.md's bound: 12 × M + 16 MiB, M being
# --max-size (the extracted-text limit). Measured with GNU time's maximum resident set size
# (a memory bound, not a wall-clock one). The amplification inputs are also fuzz seeds
# (fuzz/seeds/docx/).
source "$(dirname "$0")/lib_safety.bash"
[ -x /usr/bin/time ] || { echo "SKIP: GNU time (package time) not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
cd "$tmp"
M=$((4 << 20))
limit_kb=$(( (12 * M + (16 << 20)) / 1024 ))
# An ASan build (scripts/ci-extra) keeps freed memory in its quarantine: peaks mean nothing there.
# ldd into a variable first: `ldd | grep -q` under pipefail fails when grep exits before ldd has
# written everything (SIGPIPE), which a loaded machine makes likely.
asan=0; case "$(ldd "$FZ" 2>/dev/null)" in *libasan*) asan=1 ;; esac
python3 - "$M" <<'PY'
import sys, zipfile
M = int(sys.argv[1])
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
def doc(body): return '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
def write(name, document, numbering=None):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", document)
        if numbering: z.writestr("word/numbering.xml", numbering)
# 1. A lvlText of "%1" × 4000 under w:start 999999, used by 20,000 paragraphs (~6 KB zipped).
num = ('<?xml version="1.0" encoding="UTF-8"?><w:numbering %s><w:abstractNum w:abstractNumId="1">'
       '<w:lvl w:ilvl="0"><w:start w:val="999999"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%s"/>'
       '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>') % (W, "%1" * 4000)
write("numbering.docx", doc('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>' * 20000), num)
# 2. Empty paragraphs up to the decompressed-XML cap (8 M).
write("empty.docx", doc("<w:p/>" * ((8 * M - 200) // 6)))
# 3. Empty paragraphs just under the node limit (M/8 + 64 Ki): parsed, then stopped by the text budget.
write("dense.docx", doc("<w:p/>" * (M // 8 + 60000)))
# 4. One run of text as long as the XML cap allows.
write("text.docx", doc("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % ("字" * ((8 * M - 300) // 3))))
# 5. An ordinary document, accepted.
write("ok.docx", doc("".join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p for p in
      ["某镇2024年法治政府建设年度报告", "一、主要举措和成效", "（一）加强组织领导。全年召开会议3次。"])))
# 6. .odt shares the budget: text:s c="1000" repeated just under the node limit.
O = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>%s</text:p>'
     '</office:text></office:body></office:document-content>') % ('<text:s text:c="1000"/>' * (M // 16))
with zipfile.ZipFile("spaces.odt", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text"); z.writestr("content.xml", O)
PY
for f in numbering empty dense text ok spaces; do
  in=$f.docx; [ -e "$f.odt" ] && in=$f.odt
  /usr/bin/time -f '%M' -o rss.txt "$FZ" check --no-config --max-size "$M" --format json "$in" >out.json 2>err; rc=$?
  kb=$(tail -1 rss.txt)
  if [ $asan = 1 ]; then echo "SKIP - $in: peak memory (${kb} KB) is not measured under ASan (its quarantine holds freed memory)"
  else [ "$kb" -le "$limit_kb" ] && ok "$in: peak ${kb} KB ≤ ${limit_kb} KB (exit $rc)" || bad "$in: peak ${kb} KB > ${limit_kb} KB"; fi
  if [ $f = ok ]; then
    expect_rc "$in accepted" 1 $rc
  else
    expect_rc "$in refused" 2 $rc
    grep -q '上限' out.json && ok "$in: the error states the limit" || bad "$in message: $(head -c 300 out.json)"
  fi
  no_internal err "$in"
done
finish
