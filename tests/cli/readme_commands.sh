#!/usr/bin/env bash
# Every command README.md shows is run, on the shared seed report, on the bundled sample and on
# a handful of the real published reports in fixtures/real/ — not only on fixtures written for
# a test (project rule). The README is read, not copied: a command added to it is run the next
# time this test runs, and a command this test cannot map to real inputs fails it (naming the
# line), so README and binary stay in agreement as both grow.
#
# What is read: every line of README.md's sh/bash/console fenced code blocks (comments after
# ` #` dropped), and every inline `fzlint …` code span in its prose. Placeholders are mapped:
#   报告.txt/.md/.docx, IN.docx, 节选.txt, 本年报告.txt …  → the pass's report in that form
#   (the seed; the sample; each chosen real report — .md and .docx are written from the text);
#   --previous 2023年报告.txt → another report; 各乡镇报告/, DIR → one folder holding the seed
#   (.txt and .docx), the sample and the real reports; -o X, --write-baseline X, --baseline X →
#   a scratch output folder; test-rules DIR → the shipped rules; explain ID → a real rule id.
# `fzlint lsp` and `fzlint serve` get a bounded run (LSP initialize/didOpen/shutdown/exit over
# stdio; serve on 127.0.0.1 with a free port: GET /healthz, POST /api/v1/check, SIGTERM).
# Lines that are not fzlint commands are matched against a short table (scripts/test is this
# suite; scripts/demo and the .deb lines install packages, so they are checked for existence
# and delegated to cli-package_deb); anything else fails as unmapped.
#
# Each command runs in its own scratch folder with fresh copies of its inputs (so --fix and
# annotate never touch repository files; the checkout's tracked files are compared before and
# after). Asserted: no crash (signal/exit ≥ 128, 'terminate called', sanitizer reports), the
# exit code a check is meant to have (0/1; 0 under --exit-zero; 2 never, the README shows no
# failing command), non-empty output where output is expected, files written where -o/
# --write-baseline is given, and that json/sarif/csv/html/docx outputs parse (html names each
# report it screened). Inputs are never modified except by --fix.
#
# Exit 77 (SKIPPED) when neither the seed nor any real report is present. Without the seed the
# passes run on the sample and the real reports; without fixtures/real/ that pass prints
# "skip - …" and the rest still runs.
set -uo pipefail
FZ=${FZLINT:?FZLINT must name the fzlint binary}
SRC=${FZ_SOURCE_DIR:?FZ_SOURCE_DIR must name the checkout}
SHARED=${FZ_SHARED_DIR:-$SRC/../shared}
command -v python3 >/dev/null || { echo "skip - python3 absent"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
exec python3 - "$FZ" "$SRC" "$SHARED/seeds/000_4cb5d7ebd9b6d720.txt" "$tmp" "${FZ_README:-$SRC/README.md}" <<'PY'
import csv, hashlib, io, json, os, re, shlex, shutil, signal, socket, subprocess, sys, threading
import tempfile, time, urllib.request, zipfile
from xml.sax.saxutils import escape

FZ, SRC, SEED, TMP, README = sys.argv[1:6]
SAMPLE = os.path.join(SRC, "examples", "sample-report.txt")
REAL = os.path.join(SRC, "fixtures", "real")
N_REAL = 4           # real reports given a pass of their own
MAX_FOLDER = 30      # real reports in the folder for 各乡镇报告/ and DIR
TIMEOUT = 30         # per command or answer; a hang is a failure, not a stuck ctest

fails, passes, skips = [], 0, []
def ok(msg):
    global passes; passes += 1; print("ok   - " + msg)
def bad(msg):
    fails.append(msg); print("FAIL - " + msg)
def skip(msg):
    skips.append(msg); print("skip - " + msg)

# ---------------------------------------------------------------- inputs
def write_docx(text, out):
    """A minimal .docx, one paragraph per line (python3's zipfile only)."""
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(l)
                   for l in text.splitlines())
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="%s"><w:body>%s</w:body></w:document>' % (W, body))

def write_md(text, out):
    """Markdown of a plain-text report: the title a # heading, every line its own paragraph."""
    lines = [l.strip() for l in text.lstrip("\ufeff").splitlines() if l.strip()]
    md = ["# " + lines[0]] + lines[1:] if lines else []
    open(out, "w", encoding="utf-8").write("\n\n".join(md) + "\n")

def read_text(path):
    return open(path, encoding="utf-8-sig").read()

def materialise(report, name, dest):
    """Write `report` (a .txt path) as dest/name in the form name's extension asks for."""
    path = os.path.join(dest, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ext = os.path.splitext(name)[1]
    if ext == ".txt": shutil.copyfile(report, path)
    elif ext == ".md": write_md(read_text(report), path)
    elif ext == ".docx": write_docx(read_text(report), path)
    else: raise ValueError("no way to write a %s input" % ext)
    return path

reports = []   # (label, path) — one pass each
if os.path.isfile(SEED): reports.append(("seed", SEED))
else: skip("shared seed report absent (%s): passes run on the sample and real reports" % SEED)
if os.path.isfile(SAMPLE): reports.append(("sample", SAMPLE))
real_all = []
manifest = os.path.join(REAL, "manifest.tsv")
if os.path.isfile(manifest):
    rows = [l.rstrip("\n").split("\t") for l in open(manifest, encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    head, rows = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(head)}
    rows = [r for r in rows if os.path.isfile(os.path.join(REAL, r[col["file"]]))]
    # A handful of different kinds: the first report of each level/type, as found and restored
    # in turn. The folder gets the as-found texts only (restored ones are near-copies of them).
    seen, chosen = set(), []
    for r in rows:
        key = (r[col["level"]], r[col["type"]]) if "level" in col and "type" in col else r[col["file"]]
        want = "restored" if len(chosen) % 2 else "as-found"
        if key in seen or ("variant" in col and r[col["variant"]] != want): continue
        seen.add(key); chosen.append(os.path.join(REAL, r[col["file"]]))
    for p in chosen[:N_REAL]:
        reports.append(("real:" + os.path.basename(p), p))
    real_all = [os.path.join(REAL, r[col["file"]]) for r in rows
                if "variant" not in col or r[col["variant"]] != "restored"][:MAX_FOLDER]
elif os.path.isdir(REAL):
    real_all = sorted(os.path.join(REAL, f) for f in os.listdir(REAL) if f.endswith(".txt"))[:MAX_FOLDER]
    for p in real_all[:N_REAL]: reports.append(("real:" + os.path.basename(p), p))
if not real_all:
    skip("fixtures/real/ absent: the real-report pass is not run")
if not any(l == "seed" or l.startswith("real:") for l, _ in reports):
    print("skip - neither the shared seed nor any real report is present"); sys.exit(77)

# The folder for 各乡镇报告/ and DIR: the seed as .txt and .docx, the sample, every real report
# (two of them as .docx too).
FOLDER_SRC = os.path.join(TMP, "folder-src")
os.makedirs(FOLDER_SRC)
folder_files = []
def add_to_folder(report, name):
    folder_files.append(os.path.basename(materialise(report, name, FOLDER_SRC)))
if os.path.isfile(SEED):
    add_to_folder(SEED, "种子报告.txt"); add_to_folder(SEED, "种子报告-Word版.docx")
add_to_folder(SAMPLE, "甲镇.txt")
for i, p in enumerate(real_all):
    stem = os.path.basename(p)[:-4]
    add_to_folder(p, stem + ".txt")
    if i < 2: add_to_folder(p, stem + "-Word版.docx")

# ---------------------------------------------------------------- the README
def readme_commands(path):
    """(lineno, text, where) for each command line of sh fenced blocks and inline fzlint spans."""
    out, fence = [], None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        s = line.rstrip("\n")
        m = re.match(r"^\s*```\s*([\w-]*)", s)
        if m:
            fence = None if fence is not None else m.group(1).lower()
            continue
        if fence is not None:
            if fence not in ("", "sh", "bash", "console", "shell", "shell-session"): continue
            s = re.sub(r"(^|\s)#.*$", "", s).strip()
            if s.startswith("$ "): s = s[2:]
            if s: out.append((n, s, "block"))
        else:
            for span in re.findall(r"`(fzlint(?:\s[^`]*)?)`", s):
                out.append((n, span.strip(), "inline"))
    return out

def expand(cmd):
    """`a|b` alternatives of an option value and `[opt]` optional parts → concrete commands."""
    m = re.search(r"\[([^\]]+)\]", cmd)
    if m:
        return expand((cmd[:m.start()] + cmd[m.end():]).strip()) + \
               expand(cmd[:m.start()] + m.group(1) + cmd[m.end():])
    m = re.search(r"(?<=\s)([\w-]+(?:\|[\w-]+)+)(?=\s|$)", cmd)
    if m:
        return [r for alt in m.group(1).split("|")
                for r in expand(cmd[:m.start()] + alt + cmd[m.end():])]
    return [cmd]

INPUT_RE = re.compile(r"^(报告|IN|节选|本年报告|上年报告|\d{4}年报告)\.(txt|md|docx)$")
FOLDER_RE = re.compile(r"^(各乡镇报告/?|DIR/?)$")
OUTPUT_RE = re.compile(r"^[\w\u4e00-\u9fff.-]+(\.(json|sarif|csv|html|docx|txt|md)|/)$")
VALUE_OPTS = {"--format", "-o", "--output", "--baseline", "--write-baseline", "--previous",
              "--host", "--port", "--fail-on", "--year", "--select", "--ignore", "--severity",
              "--min-severity", "-j", "--stdin-filename", "--config", "--rules", "--max-size"}

class Unmapped(Exception): pass

def has_sub(sub, _cache={}):
    if sub not in _cache:
        r = subprocess.run([FZ, sub, "--help"], capture_output=True, timeout=TIMEOUT)
        _cache[sub] = (r.returncode == 0, r.stdout.decode("utf-8", "replace"))
    return _cache[sub]

def rule_id(_cache=[]):
    if not _cache:
        r = subprocess.run([FZ, "rules", "--format", "json"], capture_output=True, timeout=TIMEOUT)
        ids = []
        try: ids = [x["id"] for x in json.loads(r.stdout)]
        except Exception:
            r = subprocess.run([FZ, "rules"], capture_output=True, timeout=TIMEOUT)
            ids = re.findall(r"^\s*([a-z][a-z0-9-]+)\s", r.stdout.decode("utf-8", "replace"), re.M)
        _cache.append(ids[0] if ids else "shortcomings-without-causes")
    return _cache[0]

def plan(argv, report, previous, work, outdir):
    """Map README argv to a concrete one. Returns (argv, info) or raises Unmapped."""
    sub = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else None
    res, info = [FZ], {"inputs": [], "outputs": [], "outdirs": [], "format": "text",
                       "sub": sub, "folder": False, "stdout_json": False}
    i = 1
    while i < len(argv):
        t = argv[i]
        if t in VALUE_OPTS or (t.startswith("--") and "=" in t):
            if "=" in t: opt, val = t.split("=", 1); i += 1
            else:
                opt = t
                if i + 1 >= len(argv): raise Unmapped("%s has no value" % t)
                val = argv[i + 1]; i += 2
            if opt in ("-o", "--output", "--write-baseline", "--baseline"):
                if not OUTPUT_RE.match(val) or "/" in val.rstrip("/"):
                    raise Unmapped("output name %r" % val)
                p = os.path.join(outdir, val.rstrip("/"))
                if val.endswith("/"): info["outdirs"].append(p); p += "/"
                elif opt != "--baseline": info["outputs"].append((opt, p))
                val = p
            elif opt == "--previous":
                if not INPUT_RE.match(val): raise Unmapped("--previous %r" % val)
                val = materialise(previous, "上年/" + val, work)
            elif opt == "--host": val = "127.0.0.1"   # servers bind loopback in tests
            elif opt in ("--rules", "--config"):        # a path of the checkout, or unmapped
                if not os.path.exists(os.path.join(SRC, val)): raise Unmapped("%s %r" % (opt, val))
                val = os.path.join(SRC, val)
            elif opt == "--format": info["format"] = val
            res += [opt, val]
            continue
        if t.startswith("-") and t != "-":
            res.append(t); i += 1; continue
        if i == 1 or (sub and i == 2 and t == sub):
            res.append(t); i += 1; continue
        if sub == "explain":
            res.append(rule_id() if t == "ID" else t)
        elif sub == "test-rules" and FOLDER_RE.match(t):
            res.append(os.path.join(SRC, "rules"))
        elif INPUT_RE.match(t):
            p = materialise(report, t, work); info["inputs"].append(p); res.append(p)
        elif FOLDER_RE.match(t):
            d = os.path.join(work, "各乡镇报告")
            shutil.copytree(FOLDER_SRC, d)
            info["folder"] = True
            info["inputs"] += [os.path.join(d, f) for f in folder_files]
            res.append(d + "/")
        else:
            raise Unmapped("argument %r" % t)
        i += 1
    return res, info

def digest(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest() if os.path.isfile(p) else None

def crashed(rc, err):
    if rc < 0 or rc >= 128: return "exit %d (signal/abort)" % rc
    for pat in ("terminate called", "AddressSanitizer", "LeakSanitizer", "ThreadSanitizer",
                "UndefinedBehaviorSanitizer", "runtime error:", "Segmentation fault"):
        if pat in err: return "stderr has %r" % pat
    return None

def check_output(label, fmt, data, names):
    """Does `data` (bytes) parse as `fmt`? Returns an error text or None."""
    try:
        if fmt in ("json", "sarif"):
            d = json.loads(data.decode("utf-8"))
            if fmt == "sarif" and not d.get("runs"): return "SARIF without runs"
            if fmt == "json" and isinstance(d, dict) and "files" in d and not d["files"]:
                return "JSON lists no files"
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            if len(rows) < 2: return "CSV has %d rows" % len(rows)
        elif fmt == "html":
            h = data.decode("utf-8")
            if "<html" not in h.lower(): return "no <html>"
            missing = [n for n in names if n not in h and escape(n) not in h]
            if missing: return "HTML does not name %s" % ", ".join(missing)
        elif fmt in ("docx", "docx+comments"):
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if z.testzip() is not None or "word/document.xml" not in z.namelist():
                    return "not a valid .docx"
                if fmt == "docx+comments" and "word/comments.xml" not in z.namelist():
                    return "annotated copy has no comments part"
    except Exception as e:
        return "%s does not parse: %s" % (fmt, str(e)[:200])
    return None

def fmt_of(path, fmt):
    ext = os.path.splitext(path)[1].lstrip(".")
    return ext if ext in ("json", "sarif", "csv", "html", "docx") else fmt

missing_subs = set()
def run_cmd(readme_line, cmd, where, label, report, previous):
    """Run one README command on one report. Returns True if it ran (mapped)."""
    argv = shlex.split(cmd)
    sub = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else None
    tag = "%s [README:%d] %s" % (label, readme_line, cmd)
    if sub in ("lsp", "serve"):
        return True   # bounded runs below
    if sub and not has_sub(sub)[0]:
        # Map it all the same, so a placeholder this test does not know is named now.
        try: plan(argv, report or SAMPLE, previous or SAMPLE, tempfile.mkdtemp(dir=TMP), TMP)
        except Unmapped as e:
            bad("README:%d cannot be mapped to real inputs (%s): %s" % (readme_line, e, cmd)); return False
        if sub not in missing_subs:
            missing_subs.add(sub)
            bad("README:%d `fzlint %s`: not yet in this build (`fzlint %s --help` fails)" % (readme_line, sub, sub))
        return True
    # An inline mention without an input (`fzlint batch`, `fzlint batch --partial`,
    # `fzlint docs`): the subcommand exists and knows each option shown.
    if where == "inline" and sub in (None, "check", "batch", "annotate", "docs", "parse") \
       and not any(INPUT_RE.match(a) or FOLDER_RE.match(a) for a in argv[2:]) \
       and not (sub == "docs" and "--man" in argv):
        helptext = has_sub(sub)[1] if sub else subprocess.run([FZ, "--help"], capture_output=True).stdout.decode()
        unknown = [a for a in argv[2:] if a.startswith("--") and a.split("=")[0] not in helptext]
        if unknown: bad("%s: option(s) %s not in `fzlint %s --help`" % (tag, " ".join(unknown), sub))
        else: ok("%s: mentioned subcommand/options exist" % tag)
        return True
    n = run_cmd.counter = getattr(run_cmd, "counter", 0) + 1
    work = os.path.join(TMP, "run%03d" % n); os.makedirs(work)
    outdir = os.path.join(TMP, "out-" + re.sub(r"\W", "_", label)); os.makedirs(outdir, exist_ok=True)
    try:
        real_argv, info = plan(argv, report, previous, work, outdir)
    except Unmapped as e:
        bad("README:%d cannot be mapped to real inputs (%s): %s" % (readme_line, e, cmd))
        return False
    for d in info["outdirs"]: os.makedirs(d, exist_ok=True)
    before = {p: digest(p) for p in info["inputs"]}
    try:
        r = subprocess.run(real_argv, cwd=work, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        bad("%s: no answer in %d s" % (tag, TIMEOUT)); return True
    out, err = r.stdout, r.stderr.decode("utf-8", "replace")
    problems = []
    c = crashed(r.returncode, err)
    if c: problems.append(c)
    # Exit codes the README promises.
    if sub in ("check", "batch"):
        want = {0} if "--exit-zero" in argv else {0, 1}
    else:
        want = {0}
    if r.returncode not in want:
        problems.append("exit %d, expected %s: %s" % (r.returncode, "/".join(map(str, sorted(want))), err.strip()[:300]))
    fixing = "--fix" in argv or "--in-place" in argv
    names = [os.path.basename(p) for p in info["inputs"]]
    if not fixing:
        changed = [p for p in info["inputs"] if digest(p) != before[p]]
        if changed: problems.append("modified its input %s" % ", ".join(map(os.path.basename, changed)))
    else:
        for p in info["inputs"]:
            if not os.path.isfile(p) or os.path.getsize(p) == 0: problems.append("--fix lost %s" % p)
            elif p.endswith((".txt", ".md")):
                try: open(p, encoding="utf-8-sig").read()
                except UnicodeDecodeError: problems.append("--fix left %s not UTF-8" % p)
    # Output where output is expected.
    to_stdout = not any(o in ("-o", "--output") for o, _ in info["outputs"]) and not info["outdirs"]
    if to_stdout and sub not in ("annotate",) and not fixing and "--write-baseline" not in argv:
        # gcc lines and a diff are empty when there is nothing at the failing level / to fix.
        quiet_ok = (info["format"] == "gcc" or "--diff" in argv) and r.returncode == 0
        if not out.strip() and not quiet_ok: problems.append("no output")
        elif info["format"] in ("json", "sarif", "csv") or (sub == "batch" and info["format"] == "html"):
            e = check_output(tag, info["format"], out, names)
            if e: problems.append("stdout: " + e)
    for opt, p in info["outputs"]:
        if not os.path.isfile(p) or os.path.getsize(p) == 0:
            problems.append("%s %s not written" % (opt, os.path.basename(p))); continue
        f = "json" if opt == "--write-baseline" else fmt_of(p, info["format"])
        if f == "docx" and sub == "annotate" and "--min-severity" not in argv: f = "docx+comments"
        e = check_output(tag, f, open(p, "rb").read(), names)
        if e: problems.append("%s: %s" % (os.path.basename(p), e))
    for d in info["outdirs"]:
        docx_in = [n for n in names if n.endswith(".docx")]
        got = [f for f in os.listdir(d) if f.endswith(".docx")] if os.path.isdir(d) else []
        if sub == "annotate" and len(got) < len(docx_in):
            problems.append("%s/ holds %d .docx for %d .docx inputs" % (os.path.basename(d), len(got), len(docx_in)))
        for f in got:
            e = check_output(tag, "docx", open(os.path.join(d, f), "rb").read(), [])
            if e: problems.append("%s: %s" % (f, e))
    if sub == "annotate" and not info["outputs"] and not info["outdirs"] and r.returncode == 0:
        for p in info["inputs"]:
            q = p[:-5] + ".fzlint.docx"
            if not os.path.isfile(q): problems.append("%s not written beside the input" % os.path.basename(q))
            else:
                e = check_output(tag, "docx" if "--min-severity" in argv else "docx+comments", open(q, "rb").read(), [])
                if e: problems.append("%s: %s" % (os.path.basename(q), e))
    if problems: bad("%s: %s" % (tag, "; ".join(problems)))
    else: ok("%s (exit %d)" % (tag, r.returncode))
    return True

# ---------------------------------------------------------------- bounded runs: lsp, serve
def frame(obj):
    b = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(b) + b

def read_frame(stream):
    length = None
    while True:
        line = stream.readline()
        if not line: return None
        line = line.strip()
        if not line: break
        if line.lower().startswith(b"content-length:"): length = int(line.split(b":")[1])
    return json.loads(stream.read(length)) if length is not None else None

def lsp_run(readme_line, reps):
    """initialize; didOpen of every report; diagnostics published for each; shutdown; exit."""
    tag = "[README:%d] fzlint lsp on %d reports" % (readme_line, len(reps))
    p = subprocess.Popen([FZ, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=TMP)
    got, problems = {}, []
    def reader():
        while True:
            m = read_frame(p.stdout)
            if m is None: return
            if "id" in m and "method" not in m: got[m["id"]] = m
            elif m.get("method") == "textDocument/publishDiagnostics":
                got.setdefault("diags", []).append(m["params"])
    th = threading.Thread(target=reader, daemon=True); th.start()
    def wait_for(key, secs=TIMEOUT, pred=None):
        pred = pred or (lambda: key in got)
        end = time.monotonic() + secs
        while not pred() and time.monotonic() < end and p.poll() is None: time.sleep(0.02)
        return pred()
    uris = {"file:///tmp/fzlint-readme/%d/报告.txt" % i: l for i, (l, _) in enumerate(reps)}
    def seen(): return {d.get("uri") for d in got.get("diags", [])}
    try:
        p.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                             "params": {"processId": None, "rootUri": None, "capabilities": {}}})); p.stdin.flush()
        if not wait_for(1) or "capabilities" not in got[1].get("result", {}): problems.append("no initialize result")
        if not problems:
            p.stdin.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
            for uri, (_, report) in zip(uris, reps):
                p.stdin.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
                    "uri": uri, "languageId": "plaintext", "version": 1, "text": read_text(report)}}}))
            p.stdin.flush()
            if not wait_for(None, pred=lambda: set(uris) <= seen()):
                problems.append("no publishDiagnostics for %s" % ", ".join(uris[u] for u in uris if u not in seen()))
        if not problems:
            p.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})); p.stdin.flush()
            if not wait_for(2): problems.append("no shutdown answer")
        if problems: p.kill()   # one missing answer is enough: do not wait out the others
        else: p.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"})); p.stdin.close()
        rc = p.wait(timeout=TIMEOUT)
    except (BrokenPipeError, subprocess.TimeoutExpired) as e:
        p.kill(); rc = p.wait(); problems.append("%s" % type(e).__name__)
    err = p.stderr.read().decode("utf-8", "replace")
    c = crashed(rc, err)
    if c and rc != -signal.SIGKILL: problems.append(c)
    elif rc != 0 and not problems: problems.append("exit %d after shutdown/exit" % rc)
    if problems: bad("%s: %s" % (tag, "; ".join(problems)))
    else:
        last = {d["uri"]: len(d.get("diagnostics", [])) for d in got["diags"]}
        ok("%s: initialize, didOpen → diagnostics %s, shutdown, exit 0"
           % (tag, ", ".join("%s %d" % (uris[u], last[u]) for u in uris)))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def multipart(name, data):
    b = "----fzlint-readme-test"
    body = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (b, name)).encode() + data + ("\r\n--%s--\r\n" % b).encode()
    return body, "multipart/form-data; boundary=" + b

def serve_run(readme_line, cmd, reps):
    """Start on loopback, GET /healthz, POST /api/v1/check each report (JSON) and the first as
    an uploaded .docx, then SIGTERM."""
    tag = "[README:%d] %s" % (readme_line, cmd)
    argv = shlex.split(cmd)
    port = free_port()
    real = [FZ, "serve"]
    i = 2
    while i < len(argv):
        if argv[i] in ("--host", "--port"): i += 2; continue
        real.append(argv[i]); i += 1
    real += ["--host", "127.0.0.1", "--port", str(port)]   # loopback, a free port
    p = subprocess.Popen(real, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=TMP, stdin=subprocess.DEVNULL)
    base = "http://127.0.0.1:%d" % port
    problems = []
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    end, up = time.monotonic() + TIMEOUT, False
    while time.monotonic() < end and p.poll() is None:
        try:
            with opener.open(base + "/healthz", timeout=5) as r: up = r.status == 200
            if up: break
        except Exception: time.sleep(0.05)
    if not up: problems.append("GET /healthz never answered 200")
    else:
        counts = []
        docx = os.path.join(TMP, "serve-upload.docx"); write_docx(read_text(reps[0][1]), docx)
        posts = [(l, json.dumps({"text": read_text(r), "filename": "报告.txt"}, ensure_ascii=False).encode(),
                  "application/json") for l, r in reps]
        posts.append((reps[0][0] + " .docx", *multipart("报告.docx", open(docx, "rb").read())))
        for l, body, ctype in posts:
            req = urllib.request.Request(base + "/api/v1/check", data=body, method="POST",
                                         headers={"Content-Type": ctype})
            try:
                with opener.open(req, timeout=TIMEOUT) as r:
                    d = json.loads(r.read().decode("utf-8"))
                    if r.status != 200 or not d.get("files"): problems.append("%s: answer has no files" % l)
                    else: counts.append("%s %d" % (l, len(d["files"][0].get("findings", []))))
            except Exception as e:
                problems.append("POST /api/v1/check %s: %s" % (l, str(e)[:200]))
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try: rc = p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired: p.kill(); rc = p.wait(); problems.append("SIGTERM did not stop it")
    else: rc = p.returncode; problems.append("exited by itself (%d)" % rc)
    err = p.stderr.read().decode("utf-8", "replace")
    for pat in ("terminate called", "Sanitizer", "runtime error:"):
        if pat in err: problems.append("stderr has %r" % pat)
    if rc not in (0, -signal.SIGTERM, 128 + signal.SIGTERM) and not problems:
        problems.append("exit %d on SIGTERM" % rc)
    if problems: bad("%s: %s" % (tag, "; ".join(problems)))
    else: ok("%s: /healthz 200, /api/v1/check → findings %s, SIGTERM stops it" % (tag, ", ".join(counts)))

# ---------------------------------------------------------------- other lines of the README
def other_line(n, s):
    """Lines that are not fzlint commands: a fixed table. Returns a message or raises Unmapped."""
    t = re.sub(r"^sudo\s+", "", s)
    if re.fullmatch(r"scripts/test(\s.*)?", t):
        return "scripts/test is the suite this test belongs to: not run from inside it"
    if re.fullmatch(r"scripts/demo(\s.*)?", t):
        p = os.path.join(SRC, "scripts/demo")
        if not os.access(p, os.X_OK): raise Unmapped("scripts/demo is not an executable file")
        if subprocess.run(["bash", "-n", p]).returncode: raise Unmapped("scripts/demo has a syntax error")
        if "sample-report.txt" not in open(p, encoding="utf-8").read(): raise Unmapped("scripts/demo does not check the sample")
        return "scripts/demo installs packages and builds: syntax-checked; its check of the sample runs in the sample pass"
    deb = os.path.join(SRC, "tests/cli/package_deb.sh")
    m = re.fullmatch(r"\(cd build && cpack\)|apt(?:-get)? install \./build/package/fzlint_([\d.]+)_amd64\.deb|apt(?:-get)? remove fzlint|dpkg -r fzlint", t)
    if m:
        if not os.path.isfile(deb): raise Unmapped("package line but tests/cli/package_deb.sh is gone")
        if m.group(1):
            cm = open(os.path.join(SRC, "CMakeLists.txt"), encoding="utf-8").read()
            v = re.search(r"project\([^)]*VERSION\s+([\d.]+)", cm)
            if v and v.group(1) != m.group(1):
                raise Unmapped("README's package is %s but CMakeLists.txt says %s" % (m.group(1), v.group(1)))
        return "installs a package: run by cli-package_deb (dpkg into an empty root)"
    raise Unmapped("not an fzlint command this test knows how to run")

# ---------------------------------------------------------------- main
def git_state():
    r = subprocess.run(["git", "-C", SRC, "status", "--porcelain", "--untracked-files=no"], capture_output=True)
    return r.stdout if r.returncode == 0 else None

state0 = git_state()
t0 = time.monotonic()
cmds = readme_commands(README)
if not any(re.match(r"fzlint(\s|$)", c[1]) for c in cmds):
    bad("no fzlint command found in %s's code blocks: the README's layout changed?" % README)
fz_lines, mapped_lines, unmapped_lines = 0, set(), set()
lsp_lines, serve_lines = [], []
for n, s, where in cmds:
    if not re.match(r"fzlint(\s|$)", s):
        if where == "inline": continue
        try: ok("README:%d `%s`: %s" % (n, s, other_line(n, s))); mapped_lines.add(n)
        except Unmapped as e: bad("README:%d `%s` cannot be run by this test: %s" % (n, s, e)); unmapped_lines.add(n)
        continue
    fz_lines += 1
    for c in expand(s):
        argv = shlex.split(c)
        sub = argv[1] if len(argv) > 1 else None
        if sub == "lsp": lsp_lines.append(n); continue
        if sub == "serve":
            if has_sub("serve")[0]: serve_lines.append((n, c))
            else: run_cmd(n, c, where, "-", None, None)
            continue
        # Commands on a folder (or on no input) run once; single-report ones once per report.
        single = any(INPUT_RE.match(a) for a in argv[2:])
        passes_for = reports if single else reports[:1]
        for label, rep in passes_for:
            prev = SAMPLE if rep != SAMPLE else (real_all[0] if real_all else SEED)
            if not run_cmd(n, c, where, label if single else ("folder" if any(FOLDER_RE.match(a) for a in argv[2:]) else "-"), rep, prev):
                unmapped_lines.add(n); break

rep0 = reports[0][1]
if lsp_lines:
    if has_sub("lsp")[0]: lsp_run(lsp_lines[0], reports)
    else: bad("README:%d `fzlint lsp`: not yet in this build" % lsp_lines[0])
seen_serve = set()
for n, c in serve_lines:
    key = re.sub(r"\s+--(host|port)\s+\S+", "", c)
    if key in seen_serve: ok("README:%d %s: same run as above (host/port mapped to loopback)" % (n, c)); continue
    seen_serve.add(key); serve_run(n, c, reports)

if state0 is not None and git_state() != state0:
    bad("the checkout's tracked files changed while the README's commands ran")

print("# %d README command lines (%d fzlint), %d reports (%s), folder of %d files, %.1f s"
      % (len([c for c in cmds if c[2] == "block" or c[1].startswith("fzlint")]), fz_lines, len(reports),
         ", ".join(l for l, _ in reports), len(folder_files), time.monotonic() - t0))
for s in skips: print("# skipped: " + s)
if unmapped_lines:
    print("# unmapped README lines: " + ", ".join(map(str, sorted(unmapped_lines))))
print("# %d passed, %d failed" % (passes, len(fails)))
sys.exit(1 if fails else 0)
PY
