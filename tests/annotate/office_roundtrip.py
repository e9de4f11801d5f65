#!/usr/bin/env python3
"""Round trip through LibreOffice for `fzlint annotate` (driven by tests/cli/annotate_office.sh).

  office_roundtrip.py make SRC OUTDIR
      SRC is a report in text with a little markup, one paragraph a line:
        @auto TEXT / @auto2 TEXT   a paragraph with automatic numbering (level 1: 一、, level 2:
                                   （一）); TEXT starts with the label Word will show, which is
                                   kept in the .txt twin and dropped from the document
        @cell TEXT                 a one-cell table row (consecutive rows form one table)
        [^NOTE] / [^e:NOTE]        a footnote / an endnote: not in the body of the twin; its text
                                   goes to NAME.notes.json (footnotes, endnotes: each its text
                                   after a tab — LibreOffice's .docx puts one after the note's
                                   number — and the body character just before its mark)
        {{c:COMMENT|TEXT}}         an existing comment by 张三 on TEXT
        {+TEXT+} / {-TEXT-}        an existing tracked insertion / deletion by 张三
      Writes OUTDIR/NAME.fodt (for LibreOffice to turn into .docx) and OUTDIR/NAME.txt, the text
      fzlint must see in that .docx, line for paragraph (and NAME.notes.json when it has notes:
      the lines fzlint reads after the body).

  office_roundtrip.py verify TWIN.txt FINDINGS.json PLAIN.fodt TRACKED.fodt ORIGINAL.fodt FIXED.txt
                            [NOTES.json INNOTES.fodt]
      PLAIN/TRACKED are LibreOffice's reading of `annotate` and `annotate --track-fixes` output,
      ORIGINAL its reading of the .docx before annotation, FIXED `check --fix` on the twin.
      Checks: the text is unchanged; fzlint's annotations == findings; each covers the quoted
      characters; accepting the revisions gives FIXED. With NOTES (the twin's note lines): the
      notes' text is as fzlint read it and unchanged; a finding in a note is commented in the
      body on the character just before the note's mark (the comment names 脚注N/尾注N, the
      character and the quote), and in INNOTES (`annotate --comments-in-notes`, when LibreOffice could open it) on
      the quoted characters inside the note; accepting the revisions in the notes gives the
      notes with every fix applied. Exit 1 with a reason on failure.

  office_roundtrip.py labels TWIN.txt LIBREOFFICE.txt
      LIBREOFFICE.txt is LibreOffice's plain-text export of the .docx, where automatic numbering
      appears as the labels it shows. Each paragraph's label (一、, （一）, or none) must be the
      twin's: the numbers fzlint renders are the ones the office software shows (a heading typed
      by hand as 一、 does not advance the automatic counter in Word or LibreOffice).
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(tag):
    p, l = tag.split(":")
    return "{%s}%s" % (NS[p], l)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- make -----------------------------------------------------------------------------------

INLINE = re.compile(r"\[\^(.*?)\]|\{\{c:(.*?)\|(.*?)\}\}|\{\+(.*?)\+\}|\{-(.*?)-\}")


class Maker:
    def __init__(self):
        self.changes = []
        self.n = 0
        self.footnotes, self.endnotes = [], []

    def inline(self, line):
        """(ODF body markup, twin text)"""
        out, twin, pos = [], [], 0
        for m in INLINE.finditer(line):
            out.append(esc(line[pos:m.start()]))
            twin.append(line[pos:m.start()])
            pos = m.end()
            self.n += 1
            if m.group(1) is not None:
                note, cls = m.group(1), "footnote"
                if note.startswith("e:"):
                    note, cls = note[2:], "endnote"
                before = (twin[-1] if twin else "")[-1:]  # the character the comment goes on
                (self.footnotes if cls == "footnote" else self.endnotes).append(
                    {"text": "\t" + note, "before": before})
                out.append('<text:note text:id="ftn%d" text:note-class="%s"><text:note-citation>%d'
                           '</text:note-citation><text:note-body><text:p>%s</text:p></text:note-body>'
                           '</text:note>' % (self.n, cls, self.n, esc(note)))
            elif m.group(2) is not None:
                out.append('<office:annotation office:name="c%d"><dc:creator>张三</dc:creator>'
                           '<dc:date>2026-01-05T09:00:00</dc:date><text:p>%s</text:p></office:annotation>'
                           '%s<office:annotation-end office:name="c%d"/>'
                           % (self.n, esc(m.group(2)), esc(m.group(3)), self.n))
                twin.append(m.group(3))
            elif m.group(4) is not None:
                self.changes.append('<text:changed-region xml:id="ct%d" text:id="ct%d"><text:insertion>'
                                    '<office:change-info><dc:creator>张三</dc:creator><dc:date>'
                                    '2026-01-05T09:00:00</dc:date></office:change-info></text:insertion>'
                                    '</text:changed-region>' % (self.n, self.n))
                out.append('<text:change-start text:change-id="ct%d"/>%s<text:change-end text:change-id="ct%d"/>'
                           % (self.n, esc(m.group(4)), self.n))
                twin.append(m.group(4))
            else:
                self.changes.append('<text:changed-region xml:id="ct%d" text:id="ct%d"><text:deletion>'
                                    '<office:change-info><dc:creator>张三</dc:creator><dc:date>'
                                    '2026-01-05T09:00:00</dc:date></office:change-info><text:p>%s</text:p>'
                                    '</text:deletion></text:changed-region>' % (self.n, self.n, esc(m.group(5))))
                out.append('<text:change text:change-id="ct%d"/>' % self.n)
        out.append(esc(line[pos:]))
        twin.append(line[pos:])
        return "".join(out), "".join(twin)


NOTE_LABEL = re.compile(r"^(?:脚注|尾注)\d+(?:第\d+段)?第\d+字")
LABEL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def make(src, outdir):
    lines = Path(src).read_text(encoding="utf-8").rstrip("\n").split("\n")
    mk = Maker()
    body, twin, table = [], [], []

    def flush_table():
        if table:
            body.append('<table:table table:name="表%d"><table:table-column/>' % len(body)
                        + "".join('<table:table-row><table:table-cell office:value-type="string">'
                                  '<text:p>%s</text:p></table:table-cell></table:table-row>' % c for c in table)
                        + "</table:table>")
            table.clear()

    for line in lines:
        kind = None
        for k in ("@auto2 ", "@auto ", "@cell "):
            if line.startswith(k):
                kind, line = k.strip(), line[len(k):]
                break
        markup, text = mk.inline(line)
        twin.append(text)
        if kind == "@cell":
            table.append(markup)
            continue
        flush_table()
        if kind in ("@auto", "@auto2"):
            label = LABEL.match(markup)
            assert label, "an @auto line must start with its label: " + line
            markup = markup[label.end():]
            item = '<text:list-item><text:p text:style-name="Body">%s</text:p></text:list-item>' % markup
            if kind == "@auto2":
                item = '<text:list-item><text:list>%s</text:list></text:list-item>' % item
            body.append('<text:list text:style-name="ZhList" text:continue-numbering="true">%s</text:list>' % item)
        else:
            body.append('<text:p text:style-name="Body">%s</text:p>' % markup)
    flush_table()
    name = Path(src).stem
    levels = ""
    for lvl, (pre, suf) in enumerate([("", "、"), ("（", "）")], 1):
        levels += ('<text:list-level-style-number text:level="%d" style:num-prefix="%s" style:num-suffix="%s" '
                   'style:num-format="一, 二, 三, ..."><style:list-level-properties '
                   'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment '
                   'text:label-followed-by="nothing"/></style:list-level-properties>'
                   '</text:list-level-style-number>' % (lvl, pre, suf))
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<office:document xmlns:office="%(office)s" xmlns:text="%(text)s" xmlns:table="%(table)s" '
           'xmlns:style="%(style)s" xmlns:fo="%(fo)s" xmlns:dc="%(dc)s" office:version="1.3" '
           'office:mimetype="application/vnd.oasis.opendocument.text">' % NS
           + '<office:styles><style:style style:name="Body" style:family="paragraph"/></office:styles>'
           + '<office:automatic-styles><text:list-style style:name="ZhList">%s</text:list-style>'
             '</office:automatic-styles>' % levels
           + '<office:body><office:text>'
           + ('<text:tracked-changes text:track-changes="false">%s</text:tracked-changes>' % "".join(mk.changes)
              if mk.changes else "")
           + "".join(body) + "</office:text></office:body></office:document>\n")
    out = Path(outdir)
    (out / (name + ".fodt")).write_text(doc, encoding="utf-8")
    (out / (name + ".txt")).write_text("\n".join(twin) + "\n", encoding="utf-8")
    if mk.footnotes or mk.endnotes:
        (out / (name + ".notes.json")).write_text(
            json.dumps({"footnotes": mk.footnotes, "endnotes": mk.endnotes}, ensure_ascii=False),
            encoding="utf-8")


# ---- read LibreOffice's .fodt -----------------------------------------------------------------

class Reader:
    """Paragraph texts of the body (tables included; notes, annotation bodies and the
    tracked-changes region excluded), and the text each annotation covers."""

    def __init__(self, path):
        self.root = ET.parse(path).getroot()
        self.paras = []        # accepted text per paragraph
        self.notes = []        # accepted text per paragraph of the notes (footnotes, endnotes)
        self.note_kind = []    # "footnote" / "endnote" per paragraph of self.notes
        self.open = {}         # annotation name → [creator, text, covered parts]
        self.annotations = []  # (creator, comment text, covered text)
        self.in_del = set()    # open deletions (LibreOffice keeps deleted text in the body
                               # between change-start and change-end)
        self.deleted = set(
            r.get(q("text:id")) for r in self.root.iter(q("text:changed-region"))
            if r.find(q("text:deletion")) is not None)
        body = self.root.find(q("office:body")).find(q("office:text"))
        self.walk(body)

    def add(self, s):
        if s and not self.in_del:
            self.paras[-1] += s
            for a in self.open.values():
                a[2].append(s)

    def inline(self, el):
        self.add(el.text or "")
        for c in el:
            tag = c.tag
            if tag == q("text:s"):
                self.add(" " * int(c.get(q("text:c"), "1")))
            elif tag == q("text:tab"):
                self.add("\t")
            elif tag == q("text:line-break"):
                self.add(" ")
            elif tag == q("text:change-start") and c.get(q("text:change-id")) in self.deleted:
                self.in_del.add(c.get(q("text:change-id")))
            elif tag == q("text:change-end"):
                self.in_del.discard(c.get(q("text:change-id")))
            elif tag == q("text:note"):
                # Its paragraphs go to self.notes (annotations inside are collected as usual);
                # annotations open around the note cover nothing of it.
                paras, opened = self.paras, self.open
                self.paras, self.open = [], {}
                for p in c.iter(q("text:p")):
                    self.paras.append("")
                    self.inline(p)
                self.notes.append(self.paras)
                self.note_kind.append(c.get(q("text:note-class")))
                self.paras, self.open = paras, opened
            elif tag in (q("text:tracked-changes"), q("text:bookmark"),
                         q("text:bookmark-start"), q("text:bookmark-end"), q("text:change"),
                         q("text:change-start")):
                pass  # a deletion as a text:change marker: its text is not in the body
            elif tag == q("office:annotation"):
                creator = "".join(c.find(q("dc:creator")).itertext()) if c.find(q("dc:creator")) is not None else ""
                body = "\n".join("".join(p.itertext()) for p in c.iter(q("text:p")))
                name = c.get(q("office:name"))
                if name:
                    self.open[name] = [creator, body, []]
                else:
                    self.annotations.append((creator, body, ""))
            elif tag == q("office:annotation-end"):
                a = self.open.pop(c.get(q("office:name")), None)
                if a:
                    self.annotations.append((a[0], a[1], "".join(a[2])))
            else:
                self.inline(c)
            self.add(c.tail or "")

    def walk(self, el):
        for c in el:
            if c.tag == q("text:tracked-changes"):
                continue
            if c.tag in (q("text:p"), q("text:h")):
                if self.paras:
                    for a in self.open.values():
                        a[2].append("\n")
                self.paras.append("")
                self.inline(c)
            else:
                self.walk(c)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def note_lines(reader):
    """Paragraphs of the notes in fzlint's order: footnotes, then endnotes (each in text order)."""
    out = []
    for kind in ("footnote", "endnote"):
        for k, ps in zip(reader.note_kind, reader.notes):
            if k == kind:
                out += ps
    return out


def apply_fixes(text, findings, begin):
    """`text` with every fix at or after byte `begin` applied (non-overlapping, as --fix)."""
    b = text.encode("utf-8")
    fixes = sorted((x["offset"], x["end_offset"], x["replacement"]) for f in findings
                   for x in f.get("fixes", []) if x["offset"] >= begin)
    out, pos = [], 0
    for o, e, r in fixes:
        if o < pos:
            continue
        out += [b[pos:o], r.encode("utf-8")]
        pos = e
    out.append(b[pos:])
    return b"".join(out).decode("utf-8")


def verify(twin_path, json_path, plain, tracked, original, fixed_path, notes_path=None, innotes=None):
    twin = Path(twin_path).read_text(encoding="utf-8").rstrip("\n").split("\n")
    fixed = Path(fixed_path).read_text(encoding="utf-8").rstrip("\n").split("\n")
    findings = json.loads(Path(json_path).read_text(encoding="utf-8"))["files"][0]["findings"]
    orig, ann, trk = Reader(original), Reader(plain), Reader(tracked)
    notes = (json.loads(Path(notes_path).read_text(encoding="utf-8"))
             if notes_path and Path(notes_path).exists() else None)
    in_notes = [f for f in findings if "note" in f]
    findings = [f for f in findings if "note" not in f]
    if in_notes and not notes:
        fail("findings in notes of a document without notes: %r" % in_notes)
    if notes:
        verify_notes(twin, notes, in_notes, orig, ann, trk, innotes)

    # fzlint read the .docx LibreOffice wrote as the twin says (labels of automatic numbering
    # included): the twin is the ground truth for the quotes below.
    label = [(LABEL.match(t).end() if LABEL.match(t) and not o.startswith(t[:LABEL.match(t).end()]) else 0)
             for t, o in zip(twin, orig.paras)] if len(twin) == len(orig.paras) else None
    if label is None:
        fail("LibreOffice shows %d paragraphs, the twin has %d" % (len(orig.paras), len(twin)))
    for i, (t, o) in enumerate(zip(twin, orig.paras)):
        if t[label[i]:] != o:
            fail("paragraph %d: LibreOffice shows %r, fzlint's twin says %r" % (i + 1, o, t))

    # 1. Text unchanged by annotate.
    if ann.paras != orig.paras:
        for i, (a, o) in enumerate(zip(ann.paras, orig.paras)):
            if a != o:
                fail("annotate changed paragraph %d: %r → %r" % (i + 1, o, a))
        fail("annotate changed the number of paragraphs")

    # 2. One fzlint annotation per finding; existing ones kept.
    ours = [a for a in ann.annotations if a[0] == "fzlint"]
    theirs = [a for a in ann.annotations if a[0] != "fzlint"]
    if len(ours) != len(findings) + len(in_notes):
        fail("%d fzlint annotations for %d findings" % (len(ours), len(findings) + len(in_notes)))
    ours = [a for a in ours if not NOTE_LABEL.match(a[1])]  # those of the notes: verify_notes
    if len(theirs) != len([a for a in orig.annotations]):
        fail("existing annotations: %d before, %d after" % (len(orig.annotations), len(theirs)))

    # 3. Each covers the quoted characters (in the order of the findings).
    def quote(f):
        if f["offset"] == f["end_offset"] == 0:  # whole document: the title
            i = next(i for i, t in enumerate(twin) if t.strip())
            return twin[i][label[i]:]
        l0, c0, l1, c1 = f["line"] - 1, f["column"] - 1, f["end_line"] - 1, f["end_column"] - 1
        if l1 > l0 and c1 == 0:
            l1, c1 = l1 - 1, len(twin[l1 - 1])
        c0 = max(c0, label[l0])
        if f["offset"] == f["end_offset"] or (l0 == l1 and c1 <= c0):
            return twin[l0][label[l0]:]
        parts = []
        for l in range(l0, l1 + 1):
            s = twin[l]
            parts.append(s[(c0 if l == l0 else label[l]):(c1 if l == l1 else len(s))])
        return "\n".join(parts)

    by_rule = {}
    for a in ours:
        m = re.search(r"规则：(\S+)", a[1])
        if not m:
            fail("annotation without a rule id: %r" % a[1])
        by_rule.setdefault(m.group(1), []).append(a)
    for f in findings:
        cands = by_rule.get(f["rule"], [])
        want = quote(f)
        hit = next((a for a in cands if a[2] == want and f["message"] in a[1]), None)
        if not hit:
            fail("%s: no annotation covers %r (covered: %r)" % (f["rule"], want, [a[2] for a in cands]))
        cands.remove(hit)

    # 4. Accepting fzlint's revisions gives `check --fix` on the twin.
    if len(trk.paras) != len(fixed):
        fail("tracked: %d paragraphs, fixed twin %d" % (len(trk.paras), len(fixed)))
    for i, (t, x) in enumerate(zip(trk.paras, fixed)):
        if t != x[label[i]:]:
            fail("accepted paragraph %d is %r, check --fix gives %r" % (i + 1, t, x[label[i]:]))
    trk_ours = sum(1 for a in trk.annotations if a[0] == "fzlint")
    if trk_ours != len(findings) + len(in_notes):
        fail("tracked copy: %d annotations for %d findings" % (trk_ours, len(findings)))
    revisions = sum(1 for r in trk.root.iter(q("text:changed-region"))
                    if (r.find(".//" + q("dc:creator")) is not None
                        and "".join(r.find(".//" + q("dc:creator")).itertext()) == "fzlint"))
    fixes = sum(len(f.get("fixes", [])) for f in findings + in_notes)
    print("ok: %d paragraphs, %d annotations, %d fzlint changed regions for %d fixes"
          % (len(orig.paras), len(ours), revisions, fixes))
    if fixes and not revisions:
        fail("no fzlint revision in the tracked copy")


def verify_notes(twin, notes_json, found, orig, ann, trk, innotes):
    notes = [n["text"] for n in notes_json["footnotes"] + notes_json["endnotes"]]
    lo = [t.lstrip("\t") for t in note_lines(orig)]
    if lo != [t.lstrip("\t") for t in notes]:
        fail("LibreOffice shows the notes %r, fzlint's twin says %r" % (lo, notes))
    if note_lines(ann) != note_lines(orig):
        fail("annotate changed the notes: %r → %r" % (note_lines(orig), note_lines(ann)))
    lines = twin + notes

    def quote(f):
        l, c0, c1 = f["line"] - 1, f["column"] - 1, f["end_column"] - 1
        return lines[l][c0:c1] if f["end_line"] == f["line"] else lines[l][c0:]

    ours = [a for a in ann.annotations if a[0] == "fzlint"]
    for f in found:
        label = "%s第%d字" % (f["note"], f["char"])
        hit = [a for a in ours if a[1].startswith(label) and f["message"] in a[1]
               and ("“%s”" % quote(f)) in a[1].split("\n")[0]]
        if not hit:
            fail("%s: no comment names %s and “%s” (have %r)" % (f["rule"], label, quote(f),
                                                               [a[1].split("\n")[0] for a in ours]))
        kind, k = f["note"][:2], int(f["note"][2:])
        mark = notes_json["footnotes" if kind == "脚注" else "endnotes"][k - 1]["before"]
        if hit[0][2] != mark:
            fail("%s: the comment should cover %r, the character before the note's mark; covers %r"
                 % (f["rule"], mark, hit[0][2]))
    # Accepting the revisions in the notes gives every fix applied (byte offsets of the .docx text:
    # the body lines, then the note lines).
    body_bytes = len(("\n".join(twin) + "\n").encode("utf-8"))
    want = apply_fixes("\n".join(lines), found, body_bytes).split("\n")[len(twin):]
    got = note_lines(trk)
    if [t.lstrip("\t") for t in got] != [t.lstrip("\t") for t in want]:
        fail("accepted notes are %r, the notes with the fixes applied %r" % (got, want))
    print("ok: %d note paragraphs, %d findings in notes beside their reference marks, revisions in notes"
          " accepted as fixed" % (len(notes), len(found)))
    if innotes and Path(innotes).exists():
        inside = Reader(innotes)
        mine = [a for a in inside.annotations if a[0] == "fzlint"]
        for f in found:
            if not any(a[2] == quote(f) and f["message"] in a[1] for a in mine):
                fail("--comments-in-notes: %s: no annotation covers %r inside the note (covered: %r)"
                     % (f["rule"], quote(f), [a[2] for a in mine]))
        print("ok: --comments-in-notes: each finding in a note covers its characters inside the note")


def labels(twin_path, lo_path):
    twin = Path(twin_path).read_text(encoding="utf-8").rstrip("\n").split("\n")
    lo = Path(lo_path).read_text(encoding="utf-8-sig").rstrip("\n").split("\n")
    if len(lo) != len(twin):
        fail("LibreOffice's text has %d paragraphs, the twin %d" % (len(lo), len(twin)))
    for i, (t, l) in enumerate(zip(twin, lo)):
        lt, ll = LABEL.match(t), LABEL.match(l.lstrip())
        lt, ll = lt.group(0) if lt else "", ll.group(0) if ll else ""
        if lt != ll:
            fail("paragraph %d: LibreOffice shows the label %r, fzlint's twin %r" % (i + 1, ll, lt))
    print("ok: %d paragraphs, numbering labels as LibreOffice shows them" % len(twin))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "labels":
        labels(sys.argv[2], sys.argv[3])
        sys.exit(0)
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (8, 9, 10) and sys.argv[1] == "verify":
        verify(*sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)
