#!/usr/bin/env python3
"""Seed corpus for fuzz_annotate (scripts/ci-extra): each text fixture as a .docx written here.

  make_annotate_seeds.py OUTDIR FIXTURE.txt...

The fixtures use tests/annotate/office_roundtrip.py's markup (one paragraph a line):
@auto / @auto2 (automatic numbering: the label is dropped and a w:numPr added), @cell (a
one-cell table row), [^NOTE] / [^e:NOTE] (a footnote / an endnote), {{c:COMMENT|TEXT}} (an
existing comment), {+TEXT+} / {-TEXT-} (tracked insertion / deletion). Each fixture gives two
seeds: the raw .docx (first byte 0x00, 0x02: with --track-fixes) and the wrapped form (first
byte 0x01 / 0x03: document.xml NUL footnotes.xml NUL comments.xml, see fuzz_annotate.cpp).
"""
import re
import sys
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
INLINE = re.compile(r"\[\^(.*?)\]|\{\{c:(.*?)\|(.*?)\}\}|\{\+(.*?)\+\}|\{-(.*?)-\}")
LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % esc(text)


def note_xml(kind, nid, text):
    return ('<w:%s w:id="%d"><w:p><w:r><w:%sRef/></w:r><w:r><w:tab/><w:t>%s</w:t></w:r></w:p></w:%s>'
            % (kind, nid, kind, esc(text), kind))


def build(lines):
    body, foot, end, comments = [], [], [], []
    ids = {"n": 2, "c": 0, "r": 100}
    for line in lines:
        ppr = ""
        for k, lvl in (("@auto2 ", 1), ("@auto ", 0), ("@cell ", -1)):
            if line.startswith(k):
                line = line[len(k):]
                if lvl >= 0:
                    line = line[LABEL.match(line).end():] if LABEL.match(line) else line
                    ppr = '<w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="1"/></w:numPr></w:pPr>' % lvl
                else:
                    ppr = "cell"
                break
        out, pos = [], 0
        for m in INLINE.finditer(line):
            out.append(run(line[pos:m.start()]))
            pos = m.end()
            if m.group(1) is not None:
                note, kind = m.group(1), "footnote"
                if note.startswith("e:"):
                    note, kind = note[2:], "endnote"
                nid = ids["n"]
                ids["n"] += 1
                (foot if kind == "footnote" else end).append(note_xml(kind, nid, note))
                out.append('<w:r><w:%sReference w:id="%d"/></w:r>' % (kind, nid))
            elif m.group(2) is not None:
                c = ids["c"]
                ids["c"] += 1
                comments.append('<w:comment w:id="%d" w:author="张三"><w:p>%s</w:p></w:comment>'
                                % (c, run(m.group(2))))
                out.append('<w:commentRangeStart w:id="%d"/>%s<w:commentRangeEnd w:id="%d"/>'
                           '<w:r><w:commentReference w:id="%d"/></w:r>' % (c, run(m.group(3)), c, c))
            elif m.group(4) is not None:
                ids["r"] += 1
                out.append('<w:ins w:id="%d" w:author="张三">%s</w:ins>' % (ids["r"], run(m.group(4))))
            else:
                ids["r"] += 1
                out.append('<w:del w:id="%d" w:author="张三"><w:r><w:delText>%s</w:delText></w:r></w:del>'
                           % (ids["r"], esc(m.group(5))))
        out.append(run(line[pos:]))
        p = "<w:p>%s%s</w:p>" % ("" if ppr == "cell" else ppr, "".join(out))
        body.append("<w:tbl><w:tr><w:tc>%s</w:tc></w:tr></w:tbl>" % p if ppr == "cell" else p)
    sep = ('<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/>'
           '</w:r></w:p></w:footnote>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s" xmlns:r="%s">'
           '<w:body>%s<w:sectPr/></w:body></w:document>' % (W, R, "".join(body)))
    fxml = '<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes xmlns:w="%s">%s%s</w:footnotes>' % (
        W, sep, "".join(foot))
    exml = '<?xml version="1.0" encoding="UTF-8"?>\n<w:endnotes xmlns:w="%s">%s</w:endnotes>' % (
        W, "".join(end))
    cxml = '<?xml version="1.0" encoding="UTF-8"?>\n<w:comments xmlns:w="%s">%s</w:comments>' % (
        W, "".join(comments))
    return doc, fxml, exml, cxml


NUMBERING = ('<?xml version="1.0" encoding="UTF-8"?>\n<w:numbering xmlns:w="%s"><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%%1、"/>'
             '<w:suff w:val="nothing"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt '
             'w:val="chineseCounting"/><w:lvlText w:val="（%%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>' % W)


def docx(doc, fxml, exml, cxml):
    types = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
             'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName='
             '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
             'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="%s/comments" Target="comments.xml"/>'
            '<Relationship Id="rId2" Type="%s/footnotes" Target="footnotes.xml"/><Relationship Id="rId3" '
            'Type="%s/endnotes" Target="endnotes.xml"/><Relationship Id="rId4" Type="%s/numbering" '
            'Target="numbering.xml"/></Relationships>' % ((R,) * 4))
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr("word/document.xml", doc)
        z.writestr("word/footnotes.xml", fxml)
        z.writestr("word/endnotes.xml", exml)
        z.writestr("word/comments.xml", cxml)
        z.writestr("word/numbering.xml", NUMBERING)
    return b.getvalue()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for src in sys.argv[2:]:
        lines = Path(src).read_text(encoding="utf-8").rstrip("\n").split("\n")
        doc, fxml, exml, cxml = build(lines)
        name = Path(src).stem
        pkg = docx(doc, fxml, exml, cxml)
        (out / (name + ".docx.seed")).write_bytes(b"\x00" + pkg)
        (out / (name + ".tracked.docx.seed")).write_bytes(b"\x02" + pkg)
        wrapped = "\0".join([doc, fxml, cxml]).encode("utf-8")
        (out / (name + ".xml.seed")).write_bytes(b"\x01" + wrapped)
        (out / (name + ".tracked-notes.xml.seed")).write_bytes(b"\x07" + wrapped)


if __name__ == "__main__":
    main()
