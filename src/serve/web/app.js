// fzlint serve — the checking page. Vanilla JavaScript (ES5 syntax with fetch, Promise and FormData:
// no framework, no build step, nothing fetched from elsewhere), so the browsers county offices have
// (Chromium-based 360/QQ, often an older Chromium core) run it. CSS avoids post-2020 features too.
//
// Flow: a file (chosen or dropped) is POSTed to /api/v1/check as multipart; pasted or edited text
// as JSON, again after each pause in typing. The answer is check's JSON (findings with UTF-8 byte
// offsets into "text") plus "outline" (the section tree). Findings are painted on a backdrop under
// the textarea, listed by category, and explained from /api/v1/rules/{id}.
'use strict';

(function () {
  var RECHECK_DELAY_MS = 700;
  var MAX_HIGHLIGHT = 400; // longer spans (a whole section, the whole report) are listed, not painted
  var SEVERITY_ZH = { error: '错误', warning: '警告', info: '提示' };
  var SEVERITY_RANK = { error: 2, warning: 1, info: 0 };

  var $ = function (id) { return document.getElementById(id); };
  var textArea = $('text');
  var backdrop = $('backdrop');

  var state = {
    name: '粘贴文本.txt',   // the document's file name (decides the format on the server)
    file: null,              // the uploaded File, for /api/v1/annotate
    docx: false,             // .docx uploads are shown read-only (the text is Word's paragraphs)
    result: null,            // the last /api/v1/check answer that matches the shown text
    findings: [],            // its findings, each with .start/.end in UTF-16 indices
    categories: {},          // category id → Chinese label (from /api/v1/version)
    requiredRules: [],       // rules of category required-section: the statutory parts
    explain: {},             // rule id → /api/v1/rules/{id} answer (cached)
    seq: 0,                  // request sequence: only the newest answer is shown
    timer: null,
    active: -1
  };

  // ---------- small helpers ----------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var toastTimer = null;
  function toast(msg, isError) {
    var t = $('toast');
    t.textContent = msg;
    t.className = 'toast' + (isError ? ' error' : '');
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.hidden = true; }, isError ? 8000 : 3500);
  }

  function setSummary(cls, text) {
    var s = $('summary');
    s.className = 'summary ' + cls;
    s.textContent = text;
  }

  function baseName(name) {
    var dot = name.lastIndexOf('.');
    return dot > 0 ? name.slice(0, dot) : name;
  }

  function extOf(name) {
    var dot = name.lastIndexOf('.');
    return dot >= 0 ? name.slice(dot).toLowerCase() : '';
  }

  // UTF-8 byte offsets → UTF-16 indices of `text`, for a list of offsets, in one pass.
  function byteOffsetsToIndices(text, offsets) {
    var sorted = offsets.slice().sort(function (a, b) { return a - b; });
    var map = {};
    var bytes = 0, i = 0, k = 0;
    while (k < sorted.length) {
      if (bytes >= sorted[k] || i >= text.length) { map[sorted[k]] = i; k++; continue; }
      var c = text.charCodeAt(i);
      if (c < 0x80) { bytes += 1; i += 1; }
      else if (c < 0x800) { bytes += 2; i += 1; }
      else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.length) { bytes += 4; i += 2; }
      else { bytes += 3; i += 1; }
    }
    return map;
  }

  function api(path, options) {
    return fetch(path, options).then(function (res) {
      return res.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        return { status: res.status, data: data, response: res };
      });
    });
  }

  function errorText(r) {
    if (r.data && r.data.error) return r.data.error;
    if (r.data && r.data.files && r.data.files[0] && r.data.files[0].error) return r.data.files[0].error;
    return '服务器返回 ' + r.status;
  }

  // ---------- checking ----------

  function checkText() {
    var text = textArea.value;
    if (!text.trim()) { clearResult(); return; }
    send(api('/api/v1/check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: text, filename: state.name })
    }), text);
  }

  function checkFile(file) {
    var ext = extOf(file.name);
    if (['.txt', '.md', '.markdown', '.docx'].indexOf(ext) < 0) {
      toast('不支持的文件类型“' + ext + '”：请上传 .txt、.md 或 .docx（WPS/Word 文件请另存为 .docx）', true);
      return;
    }
    $('toast').hidden = true;
    state.name = file.name;
    state.file = file;
    state.docx = ext === '.docx';
    $('doc-name').textContent = file.name;
    $('doc-note').textContent = state.docx
      ? 'Word 文档只读显示；请在 Word 中修改，或下载批注版'
      : '可直接在下方编辑，停顿片刻后自动重新检查';
    textArea.readOnly = state.docx;
    var form = new FormData();
    form.append('file', file, file.name);
    send(api('/api/v1/check', { method: 'POST', body: form }), null);
  }

  // `sentText` is the text sent (null for an upload: the answer carries the decoded text).
  function send(promise, sentText) {
    var mySeq = ++state.seq;
    setSummary('busy', '正在检查…');
    promise.then(function (r) {
      if (mySeq !== state.seq) return; // a newer request was sent meanwhile
      if (r.status !== 200 || !r.data || !r.data.files) {
        setSummary('err', '无法检查');
        toast(errorText(r), true);
        return;
      }
      if (sentText === null) {
        textArea.value = r.data.text;
        textArea.scrollTop = 0;
      } else if (textArea.value !== sentText) {
        return; // edited since: the debounced re-check will follow
      }
      show(r.data);
    }).catch(function () {
      if (mySeq !== state.seq) return;
      setSummary('err', '无法连接服务器');
      toast('无法连接检查服务，请检查网络或联系管理员', true);
    });
  }

  function scheduleRecheck() {
    clearTimeout(state.timer);
    state.result = null;
    updateButtons();
    state.timer = setTimeout(checkText, RECHECK_DELAY_MS);
  }

  function clearResult() {
    state.result = null;
    state.findings = [];
    backdrop.textContent = '';
    $('findings').innerHTML = '<p class="muted">暂无</p>';
    $('findings-count').textContent = '';
    $('tree').innerHTML = '<p class="muted">检查后显示报告的层次结构</p>';
    $('parts').innerHTML = '<li class="muted">检查后显示</li>';
    $('detail').hidden = true;
    setSummary('idle', '请上传或粘贴报告');
    updateButtons();
  }

  // ---------- showing a result ----------

  function show(data) {
    var text = textArea.value;
    var file = data.files[0];
    var offsets = [];
    file.findings.forEach(function (f) {
      offsets.push(f.offset, f.end_offset);
      (f.fixes || []).forEach(function (fx) { offsets.push(fx.offset, fx.end_offset); });
    });
    collectOutlineOffsets(data.outline, offsets);
    var map = byteOffsetsToIndices(text, offsets);
    state.result = data;
    state.indexOf = map;
    state.findings = file.findings.map(function (f, i) {
      return { f: f, i: i, start: map[f.offset], end: map[f.end_offset] };
    });
    state.active = -1;
    $('detail').hidden = true;
    $('findings').scrollTop = 0;
    paintHighlights(text);
    renderSummary(file);
    renderFindings();
    renderParts(file);
    renderTree(data.outline);
    updateButtons();
  }

  function renderSummary(file) {
    var n = { error: 0, warning: 0, info: 0 };
    file.findings.forEach(function (f) { n[f.severity]++; });
    var pass = n.error === 0 && n.warning === 0;
    setSummary(pass ? 'pass' : 'fail', (pass ? '通过' : '需修改') + '：错误 ' + n.error + '，警告 ' + n.warning + '，提示 ' + n.info);
    $('findings-count').textContent = '（' + file.findings.length + '）';
  }

  // The backdrop holds the same text as the textarea, with <mark>s where findings are; where
  // findings overlap, the most severe colour wins.
  function paintHighlights(text) {
    var bounds = [0, text.length];
    var spans = [];
    state.findings.forEach(function (x) {
      var s = x.start, e = x.end;
      if (s === undefined || e === undefined) return;
      if (e === s) { // a point: mark the character after it (or before, at the end)
        if (s < text.length) e = s + 1; else if (s > 0) s = s - 1; else return;
      }
      if (e - s > MAX_HIGHLIGHT) return;
      spans.push({ s: s, e: e, x: x });
      bounds.push(s, e);
    });
    bounds = bounds.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    for (var b = 0; b + 1 < bounds.length; b++) {
      var s = bounds[b], e = bounds[b + 1];
      var best = null;
      for (var k = 0; k < spans.length; k++) {
        var sp = spans[k];
        if (sp.s <= s && sp.e >= e && (!best || SEVERITY_RANK[sp.x.f.severity] > SEVERITY_RANK[best.x.f.severity])) best = sp;
      }
      var piece = text.slice(s, e);
      if (best) {
        var m = el('mark', 'sev-' + best.x.f.severity, piece);
        m.setAttribute('data-finding', best.x.i);
        frag.appendChild(m);
      } else {
        frag.appendChild(document.createTextNode(piece));
      }
    }
    // A trailing newline needs a character after it to take up a line, as in the textarea.
    frag.appendChild(document.createTextNode('\n '));
    backdrop.textContent = '';
    backdrop.appendChild(frag);
    backdrop.scrollTop = textArea.scrollTop;
  }

  function lineCol(f) { return '第 ' + f.line + ' 行'; }

  function renderFindings() {
    var box = $('findings');
    box.textContent = '';
    if (!state.findings.length) {
      box.appendChild(el('p', 'muted', '没有发现问题。'));
      return;
    }
    var groups = {};
    var order = [];
    state.findings.forEach(function (x) {
      var c = x.f.category;
      if (!groups[c]) { groups[c] = []; order.push(c); }
      groups[c].push(x);
    });
    // Groups in the category vocabulary's order (input, structure, required parts, … format).
    var vocab = Object.keys(state.categories);
    order.sort(function (a, b) { return vocab.indexOf(a) - vocab.indexOf(b); });
    order.forEach(function (c) {
      var g = el('div', 'group');
      g.appendChild(el('h3', null, (state.categories[c] || c) + '（' + groups[c].length + '）'));
      groups[c].forEach(function (x) {
        var btn = el('button', 'finding sev-' + x.f.severity);
        btn.type = 'button';
        btn.setAttribute('data-finding', x.i);
        btn.appendChild(el('span', 'badge sev-' + x.f.severity, SEVERITY_ZH[x.f.severity]));
        btn.appendChild(el('span', 'loc', lineCol(x.f)));
        btn.appendChild(document.createTextNode(x.f.message));
        btn.addEventListener('click', function () { select(x.i, true); });
        g.appendChild(btn);
      });
      box.appendChild(g);
    });
  }

  // The statutory parts are the rules of category required-section: present when their rule
  // ran and found nothing missing (their titles read 缺少“…”部分).
  function renderParts(file) {
    var ul = $('parts');
    ul.textContent = '';
    var missing = {};
    file.findings.forEach(function (f) { if (f.category === 'required-section') missing[f.rule] = true; });
    state.requiredRules.forEach(function (r) {
      var m = /“(.+)”/.exec(r.title);
      var name = m ? m[1] : r.title;
      var li = el('li', missing[r.id] ? 'missing' : 'ok', name + (missing[r.id] ? '（缺少）' : ''));
      li.title = r.source;
      ul.appendChild(li);
    });
    if (!state.requiredRules.length) ul.appendChild(el('li', 'muted', '（未启用法定部分规则）'));
  }

  function collectOutlineOffsets(outline, out) {
    if (!outline) return;
    (function walk(secs) {
      (secs || []).forEach(function (s) { out.push(s.heading_span[0]); walk(s.children); });
    })(outline.sections);
  }

  function renderTree(outline) {
    var box = $('tree');
    box.textContent = '';
    if (!outline) return;
    if (outline.title) box.appendChild(el('div', null, '标题：' + outline.title.text));
    var build = function (secs) {
      var ul = el('ul');
      secs.forEach(function (s) {
        var li = el('li');
        var a = el('a');
        a.appendChild(el('span', 'marker', s.marker.text));
        a.appendChild(document.createTextNode(s.title));
        a.addEventListener('click', function () {
          var at = state.indexOf[s.heading_span[0]];
          if (at !== undefined) scrollToIndex(at, at + s.marker.text.length);
        });
        li.appendChild(a);
        if (s.children && s.children.length) li.appendChild(build(s.children));
        ul.appendChild(li);
      });
      return ul;
    };
    if (outline.sections && outline.sections.length) box.appendChild(build(outline.sections));
    else box.appendChild(el('p', 'muted', '没有识别到“一、”“（一）”等层次标题'));
  }

  // ---------- selecting a finding ----------

  function scrollToIndex(start, end) {
    var probe = null;
    // Find the backdrop position of `start` with a temporary marker in a copy of the text.
    var text = textArea.value;
    var clone = backdrop.cloneNode(false);
    clone.style.visibility = 'hidden';
    clone.appendChild(document.createTextNode(text.slice(0, start)));
    probe = el('span', null, '|');
    clone.appendChild(probe);
    clone.appendChild(document.createTextNode(text.slice(start) + '\n '));
    backdrop.parentNode.appendChild(clone);
    var top = probe.offsetTop;
    backdrop.parentNode.removeChild(clone);
    textArea.scrollTop = Math.max(0, top - textArea.clientHeight / 3);
    backdrop.scrollTop = textArea.scrollTop;
    try { textArea.setSelectionRange(start, end); } catch (e) { /* read-only in some browsers */ }
  }

  function select(i, scroll) {
    var x = state.findings[i];
    if (!x) return;
    state.active = i;
    var marks = backdrop.querySelectorAll('mark.current');
    for (var k = 0; k < marks.length; k++) marks[k].classList.remove('current');
    var mark = backdrop.querySelector('mark[data-finding="' + i + '"]');
    if (mark) mark.classList.add('current');
    var items = document.querySelectorAll('.finding');
    for (var j = 0; j < items.length; j++) {
      var on = items[j].getAttribute('data-finding') === String(i);
      items[j].classList.toggle('active', on);
      if (on && !scroll) items[j].scrollIntoView({ block: 'nearest' }); // chosen in the text: show it in the list
    }
    if (scroll && x.start !== undefined) scrollToIndex(x.start, x.end);
    showDetail(x);
  }

  function showDetail(x) {
    var f = x.f;
    var body = $('detail-body');
    body.textContent = '';
    var h = el('h3');
    h.appendChild(el('span', 'badge sev-' + f.severity, SEVERITY_ZH[f.severity]));
    h.appendChild(document.createTextNode(f.message));
    body.appendChild(h);
    var dl = el('dl');
    var add = function (term, text) {
      if (!text) return;
      dl.appendChild(el('dt', null, term));
      dl.appendChild(el('dd', null, text));
    };
    add('位置', '第 ' + f.line + ' 行第 ' + f.column + ' 列' + (f.section ? '（' + f.section + '）' : ''));
    if (f.fixes && f.fixes.length) {
      var text = textArea.value;
      add('建议', f.fixes.map(function (fx) {
        var was = text.slice(state.indexOf[fx.offset], state.indexOf[fx.end_offset]);
        if (fx.replacement === '') return '删除“' + was + '”';
        if (was === '') return '插入“' + fx.replacement + '”';
        return '把“' + was + '”改为“' + fx.replacement + '”';
      }).join('；') + (state.docx ? '（请在 Word 中修改）' : '（可用“应用安全修复”自动修改）'));
    }
    body.appendChild(dl);
    var rid = el('div', 'rule-id', '规则：' + f.rule);
    body.appendChild(rid);
    $('detail').hidden = false;
    explain(f.rule).then(function (r) {
      if (state.active !== x.i || !r) return;
      add('检查内容', r.description);
      add('理由', r.rationale);
      add('依据', r.source);
      if (r.examples && r.examples.good && r.examples.good.length) add('正确写法示例', r.examples.good[0]);
    });
  }

  function explain(id) {
    if (state.explain[id]) return Promise.resolve(state.explain[id]);
    return api('/api/v1/rules/' + encodeURIComponent(id)).then(function (r) {
      if (r.status !== 200) return null;
      state.explain[id] = r.data;
      return r.data;
    }).catch(function () { return null; });
  }

  // A click in the text selects the finding under the caret.
  function findingAtCaret() {
    var at = textArea.selectionStart;
    var best = -1;
    state.findings.forEach(function (x) {
      if (x.start === undefined || x.end - x.start > MAX_HIGHLIGHT) return;
      if (x.start <= at && at <= x.end && (best < 0 || SEVERITY_RANK[x.f.severity] > SEVERITY_RANK[state.findings[best].f.severity])) best = x.i;
    });
    if (best >= 0) select(best, false);
  }

  // ---------- buttons ----------

  function updateButtons() {
    var has = !!state.result;
    var fixable = has && !state.docx && state.findings.some(function (x) { return x.f.fixes && x.f.fixes.length; });
    $('btn-fix').disabled = !fixable;
    $('btn-download').disabled = state.docx || !textArea.value;
    $('btn-annotate').disabled = !state.docx || !state.file;
    $('btn-copy').disabled = !has;
  }

  function applyFixes() {
    var text = textArea.value;
    $('btn-fix').disabled = true;
    api('/api/v1/fix', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: text, filename: state.name })
    }).then(function (r) {
      if (r.status !== 200) { toast(errorText(r), true); updateButtons(); return; }
      if (textArea.value !== text) return; // edited meanwhile
      textArea.value = r.data.text;
      toast('已应用 ' + r.data.applied + ' 处安全修复' + (r.data.skipped ? '（' + r.data.skipped + ' 处与其他修改重叠，未应用）' : ''));
      checkText();
    }).catch(function () { toast('无法连接检查服务', true); updateButtons(); });
  }

  function download(blob, name) {
    var a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
  }

  function downloadText() {
    var ext = extOf(state.name) === '.md' ? '.md' : '.txt';
    // UTF-8 with a byte-order mark, so Notepad and WPS on Windows read it right.
    download(new Blob(['\ufeff' + textArea.value], { type: 'text/plain;charset=utf-8' }), baseName(state.name) + '（修改后）' + ext);
  }

  function downloadAnnotated() {
    if (!state.file) return;
    var form = new FormData();
    form.append('file', state.file, state.file.name);
    $('btn-annotate').disabled = true;
    fetch('/api/v1/annotate', { method: 'POST', body: form }).then(function (res) {
      if (res.status === 200) {
        return res.blob().then(function (b) { download(b, baseName(state.name) + '（批注）.docx'); });
      }
      return res.text().then(function (t) {
        var msg = '无法生成批注版';
        try { msg = JSON.parse(t).error || msg; } catch (e) { /* not JSON */ }
        toast(msg, true);
      });
    }).catch(function () { toast('无法连接检查服务', true); })
      .then(updateButtons);
  }

  function findingsAsText() {
    var lines = [state.name + '：' + $('summary').textContent];
    state.findings.forEach(function (x) {
      var f = x.f;
      lines.push('第' + f.line + '行第' + f.column + '列 [' + SEVERITY_ZH[f.severity] + '] ' + f.message + '（' + f.rule + '）');
    });
    return lines.join('\n') + '\n';
  }

  function copyFindings() {
    var text = findingsAsText();
    var done = function () { toast('问题清单已复制，可粘贴到 Word 或微信中'); };
    // navigator.clipboard needs a secure context (https or localhost); plain http on the
    // intranet falls back to a hidden textarea and execCommand.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { legacyCopy(text) ? done() : toast('复制失败', true); });
    } else if (legacyCopy(text)) {
      done();
    } else {
      toast('复制失败：浏览器不允许访问剪贴板', true);
    }
  }

  function legacyCopy(text) {
    var t = el('textarea');
    t.value = text;
    t.style.position = 'fixed';
    t.style.top = '-1000px';
    document.body.appendChild(t);
    t.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(t);
    return ok;
  }

  // ---------- wiring ----------

  function init() {
    textArea.addEventListener('input', function () {
      if (state.docx) return;
      backdrop.textContent = textArea.value + '\n '; // keep wrapping aligned until the re-check
      scheduleRecheck();
    });
    textArea.addEventListener('scroll', function () { backdrop.scrollTop = textArea.scrollTop; });
    textArea.addEventListener('click', findingAtCaret);
    textArea.addEventListener('paste', function () {
      if (!state.file) return;
      state.file = null; // pasted text replaces the upload's text: it is no longer that file
    });
    $('file').addEventListener('change', function (e) {
      if (e.target.files && e.target.files[0]) checkFile(e.target.files[0]);
      e.target.value = '';
    });
    $('btn-fix').addEventListener('click', applyFixes);
    $('btn-download').addEventListener('click', downloadText);
    $('btn-annotate').addEventListener('click', downloadAnnotated);
    $('btn-copy').addEventListener('click', copyFindings);
    $('btn-new').addEventListener('click', function () {
      state.name = '粘贴文本.txt';
      state.file = null;
      state.docx = false;
      state.seq++;
      textArea.readOnly = false;
      textArea.value = '';
      $('doc-name').textContent = '粘贴文本';
      $('doc-note').textContent = '可直接在下方编辑，停顿片刻后自动重新检查';
      clearResult();
      textArea.focus();
    });
    $('detail-close').addEventListener('click', function () { $('detail').hidden = true; });

    var depth = 0;
    document.addEventListener('dragenter', function (e) { e.preventDefault(); depth++; $('drop-hint').hidden = false; });
    document.addEventListener('dragleave', function () { if (--depth <= 0) { depth = 0; $('drop-hint').hidden = true; } });
    document.addEventListener('dragover', function (e) { e.preventDefault(); });
    document.addEventListener('drop', function (e) {
      e.preventDefault();
      depth = 0;
      $('drop-hint').hidden = true;
      var files = e.dataTransfer && e.dataTransfer.files;
      if (files && files.length) checkFile(files[0]);
    });

    api('/api/v1/version').then(function (r) {
      if (r.status !== 200) return;
      (r.data.categories || []).forEach(function (c) { state.categories[c.id] = c.label; });
      document.title = '法治政府建设年度报告检查 · fzlint ' + r.data.version;
    });
    api('/api/v1/rules').then(function (r) {
      if (r.status !== 200) return;
      state.requiredRules = r.data.filter(function (x) { return x.category === 'required-section'; });
    });
    updateButtons();
  }

  init();
})();
