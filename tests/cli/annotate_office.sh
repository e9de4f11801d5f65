#!/usr/bin/env bash
# `fzlint annotate` checked with real office software (LibreOffice Writer, headless):
#   1. report fixtures written in text (tests/annotate/office_roundtrip.py make: automatic
#      Chinese-counting numbering, typed numbering, a table, a footnote, an existing comment,
#      existing tracked insertions/deletions) become .docx files saved by LibreOffice;
#   2. fzlint checks them (the findings must equal those on the .txt twin: the reader sees what
#      Word/LibreOffice show; the same for the fixtures saved as .odt) and annotates them, with and without --track-fixes;
#   3. LibreOffice reads the annotated files back (→ .fodt) and office_roundtrip.py verify checks:
#      text unchanged, one annotation per finding on exactly the quoted characters, existing
#      comments kept, and the text with fzlint's revisions accepted == `check --fix` on the twin;
#      footnotes/endnotes (notes-report.txt): read as the twin's NAME.notes.json, their findings
#      commented on the body character before the note's mark (the comment names 脚注N第M字 and
#      the quote: a range on or right after the mark makes LibreOffice show wrong notes), their
#      fixes tracked inside the note and, accepted, equal to the notes with the fixes applied.
#   4. LibreOffice's plain-text export of each .docx shows the same numbering labels as the twin
#      (typed-numbering.txt: a heading typed as 一、 followed by automatic numbering).
#   5. a .doc is converted through soffice by check and annotate themselves.
# Five LibreOffice runs by the test (each converts every file at once): it is slow to start.
# Env: FZLINT, FZ_SOURCE_DIR, FZ_SHARED_DIR. Without soffice or python3: SKIP (exit 77).
set -euo pipefail
if ! command -v soffice >/dev/null 2>&1; then
  echo "SKIP: soffice not installed (scripts/bootstrap --full installs libreoffice-writer-nogui)"
  exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
: "${FZLINT:?}" "${FZ_SOURCE_DIR:?}"
rt="$FZ_SOURCE_DIR/tests/annotate/office_roundtrip.py"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
lo() { timeout 600 soffice "-env:UserInstallation=file://$t/profile" --headless "$@" >"$t/lo.log" 2>&1 ||
         { cat "$t/lo.log"; echo "FAIL: soffice $*"; exit 1; }; }

mkdir -p "$t/src"
cp "$FZ_SOURCE_DIR"/fixtures/annotate/*.txt "$t/src/"
cp "$FZ_SOURCE_DIR/examples/sample-report.txt" "$t/src/sample-report.txt"
seed="${FZ_SHARED_DIR:-$FZ_SOURCE_DIR/../shared}/seeds/000_4cb5d7ebd9b6d720.txt"
# A git worktree sits one level deeper than the checkout the shared folder is beside.
[ -f "$seed" ] || seed="$FZ_SOURCE_DIR/../../shared/seeds/000_4cb5d7ebd9b6d720.txt"
if [ -f "$seed" ]; then cp "$seed" "$t/src/seed.txt"; else echo "note: seed report absent, not used"; fi
names=()
for f in "$t"/src/*.txt; do
  n=$(basename "$f" .txt)
  names+=("$n")
  python3 "$rt" make "$f" "$t"
done

(cd "$t" && lo --convert-to 'docx:MS Word 2007 XML' --outdir "$t" "${names[@]/%/.fodt}")
(cd "$t" && lo --convert-to odt --outdir "$t" "${names[@]/%/.fodt}")
todo=()
for n in "${names[@]}"; do
  [ -s "$t/$n.docx" ] || { echo "FAIL: LibreOffice wrote no $n.docx"; exit 1; }
  "$FZLINT" check --no-config --format json "$t/$n.docx" >"$t/$n.json" || [ $? -eq 1 ]
  "$FZLINT" check --no-config --format json "$t/$n.txt" >"$t/$n.twin.json" || [ $? -eq 1 ]
  "$FZLINT" check --no-config --format json "$t/$n.odt" >"$t/$n.odt.json" || [ $? -eq 1 ]
  # The reader sees in LibreOffice's .docx what the twin says (same rules, lines, columns).
  # So does the .odt reader in LibreOffice's .odt of the same fixture.
  python3 - "$t/$n.json" "$t/$n.twin.json" "$t/$n.odt.json" <<'PY'
import json, sys
# Findings in footnotes/endnotes ("note") are the .docx reader's alone: the twin has no notes,
# and the .odt reader does not read them yet.
key = lambda p: [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"])
                 for f in json.load(open(p, encoding="utf-8"))["files"][0]["findings"] if "note" not in f]
d, t, o = key(sys.argv[1]), key(sys.argv[2]), key(sys.argv[3])
if d != t:
    sys.exit("FAIL: findings on the .docx differ from the twin:\n%s\n%s" % (d, t))
if o != t:
    sys.exit("FAIL: findings on the .odt differ from the twin:\n%s\n%s" % (o, t))
PY
  cp "$t/$n.docx" "$t/$n.orig.docx"
  "$FZLINT" annotate --no-config "$t/$n.docx" -o "$t/$n.plain.docx"
  "$FZLINT" annotate --no-config --track-fixes "$t/$n.docx" -o "$t/$n.tracked.docx"
  if [ -f "$t/$n.notes.json" ]; then
    "$FZLINT" annotate --no-config --comments-in-notes "$t/$n.docx" -o "$t/$n.innotes.docx"
  fi
  cmp "$t/$n.docx" "$t/$n.orig.docx"  # the input is untouched
  cp "$t/$n.txt" "$t/$n.fixed.txt"
  "$FZLINT" check --no-config --fix "$t/$n.fixed.txt" >/dev/null 2>&1 || true
  todo+=("$n.orig.docx" "$n.plain.docx" "$n.tracked.docx")
done

(cd "$t" && lo --convert-to fodt --outdir "$t" "${todo[@]}")
# Comments inside notes (--comments-in-notes, for Word): LibreOffice 7.4 cannot open such a
# .docx at all ("source file could not be loaded"), which is why the default puts them on the
# note's reference mark. Tried one by one, tolerated; verified when a newer version opens them.
for n in "${names[@]}"; do
  [ -f "$t/$n.innotes.docx" ] || continue
  (cd "$t" && timeout 600 soffice "-env:UserInstallation=file://$t/profile" --headless --convert-to fodt \
     --outdir "$t" "$n.innotes.docx" >"$t/lo.log" 2>&1) || true
  [ -s "$t/$n.innotes.fodt" ] || echo "note: LibreOffice could not open $n.innotes.docx (comments inside notes; Word shows them)"
done
(cd "$t" && lo --convert-to 'txt:Text (encoded):UTF8' --outdir "$t" "${names[@]/%/.orig.docx}")
for n in "${names[@]}"; do
  echo "== $n"
  python3 "$rt" labels "$t/$n.txt" "$t/$n.orig.txt"
  python3 "$rt" verify "$t/$n.txt" "$t/$n.json" "$t/$n.plain.fodt" "$t/$n.tracked.fodt" \
    "$t/$n.orig.fodt" "$t/$n.fixed.txt" "$t/$n.notes.json" "$t/$n.innotes.fodt"
done
# 5. A legacy .doc (saved by LibreOffice as Word 97): check and annotate convert it through
#    soffice in a private folder and must find what they find in the .docx.
mkdir -p "$t/doc"
(cd "$t" && lo --convert-to 'doc:MS Word 97' --outdir "$t/doc" office-report.fodt)
"$FZLINT" check --no-config --format json "$t/doc/office-report.doc" >"$t/doc.json" || [ $? -eq 1 ]
python3 - "$t/doc.json" "$t/office-report.json" <<'PY'
import json, sys
key = lambda p: [(f["rule"], f["line"], f["column"])
                 for f in json.load(open(p, encoding="utf-8"))["files"][0]["findings"]]
d, x = key(sys.argv[1]), key(sys.argv[2])
if not d or d != x:
    sys.exit("FAIL: findings on the .doc differ from the .docx:\n%s\n%s" % (d, x))
print("ok: .doc converted through soffice, %d findings as in the .docx" % len(d))
PY
"$FZLINT" annotate --no-config "$t/doc/office-report.doc"
[ -s "$t/doc/office-report.fzlint.docx" ] || { echo "FAIL: no annotated copy of the .doc"; exit 1; }
[ ! -e "$t/doc/office-report.fzlint.doc" ] || { echo "FAIL: the copy of a .doc must be a .docx"; exit 1; }
echo "PASS: annotate round trip through LibreOffice (${names[*]}; .doc)"
