// A single self-contained HTML page (inline CSS and a few lines of ES5 script, no external
// resource: it must open offline on a government intranet) with:
//  * the summary counts;
//  * the batch matrix (files × categories, like the CSV), each cell coloured by the worst
//    severity in it; click a column header to sort (numbers numerically, text by zh-CN collation);
//  * each file's findings in a collapsible <details>, with line:col, severity, the rule id linked
//    to the glossary, the message, the section, the source line with the span in <mark>, fixes
//    and related locations;
//  * a glossary of the rules referenced (title, description, rationale, source) from RuleInfo;
//  * the screening date, the fzlint and rule-pack versions and the rules' hash (Options), and
//    what 通过 / 需修改 mean at the --fail-on level used;
//  * a filter box (text, category, severity, verdict) that hides matrix rows, files and findings;
//  * a print stylesheet: A4, the matrix on the first page, each report's findings from a new page.
// Everything taken from input is HTML-escaped and rendered with render_line (no raw control or
// bidi characters). Output is deterministic (no timestamps), so it has a golden like the others.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include "report/common.h"
#include "report/display.h"
#include "report/report.h"
#include "text/utf8.h"

namespace fz::report {

namespace {

constexpr size_t kContextCp = 30;  // code points shown before and after a span
constexpr size_t kSpanCp = 80;     // code points of the span itself

std::string esc(std::string_view s) {
  const std::string r = render_line(s);
  std::string out;
  out.reserve(r.size());
  for (char c : r) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// An HTML id/fragment for a rule id: ASCII letters, digits, '-' and '_' kept, others hex-escaped.
std::string anchor(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (unsigned char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')
      out += static_cast<char>(c);
    else
      out += fmt::format("_{:02x}", c);
  }
  return out;
}

std::string_view sev_class(Severity s) {
  switch (s) {
    case Severity::Error: return "e";
    case Severity::Warning: return "w";
    case Severity::Info: return "i";
  }
  return "w";
}

/// The first line of `span` with the span in <mark> (an empty span as a caret mark).
std::string excerpt(const detail::FileView& v, ByteSpan span) {
  const ByteSpan s = v.clamp(span);
  const uint32_t line = v.range(s).line;
  const ByteSpan ls = v.line_span(line);
  const uint32_t b = std::clamp(s.begin, ls.begin, ls.end);
  const uint32_t e = std::clamp(s.end, b, ls.end);
  const std::string_view t = v.text();
  std::string out = esc(text::clip(t.substr(ls.begin, b - ls.begin), kContextCp, "…", true));
  if (e == b) out += "<mark class=\"pt\"></mark>";
  else out += "<mark>" + esc(text::clip(t.substr(b, e - b), kSpanCp, "…", false)) + "</mark>";
  out += esc(text::clip(t.substr(e, ls.end - e), kContextCp, "…", false));
  return out;
}

constexpr std::string_view kStyle = R"(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em}
.summary{font-size:1.05em}.summary b{padding:0 .3em}
table.matrix{border-collapse:collapse;font-size:.9em}
.matrix th,.matrix td{border:1px solid #ccc;padding:.25em .5em;text-align:center;white-space:nowrap}
.matrix th{background:#f3f3f3;cursor:pointer;user-select:none;white-space:normal;min-width:2.2em;max-width:4.5em;vertical-align:bottom}
.matrix th[data-dir=asc]::after{content:" ▲"}.matrix th[data-dir=desc]::after{content:" ▼"}
.matrix td.t{text-align:left;white-space:normal;min-width:14em}
td.e,li.e .sev{background:#fde0e0;color:#b71c1c}td.w,li.w .sev{background:#fff4cc;color:#7a5d00}
td.i,li.i .sev{background:#e3f0fd;color:#0d47a1}td.z{color:#aaa}td.bad{background:#eee;color:#555}
.st-pass{color:#1b5e20}.st-fix{color:#b71c1c;font-weight:bold}.st-bad{color:#555}
details{margin:.6em 0;border:1px solid #ddd;border-radius:4px;padding:.3em .8em}
summary{cursor:pointer;font-weight:bold}
ol.findings{padding-left:1.5em}ol.findings li{margin:.5em 0}
.loc{font-family:monospace;color:#555}.sev{padding:0 .3em;border-radius:3px}
pre.src{background:#f7f7f7;padding:.3em .6em;margin:.2em 0;white-space:pre-wrap;word-break:break-all}
mark{background:#ffd54f}mark.pt{border-left:2px solid #d32f2f;background:none}
.meta{color:#444;font-size:.92em}.verdict{border-left:3px solid #1b5e20;padding:.2em .8em;background:#f4faf4}
.filter{margin:1em 0;padding:.5em;background:#f7f7f7;border:1px solid #ddd;border-radius:4px}
.filter input,.filter select{font-size:1em;margin-right:.6em}.hidden{display:none !important}
@media print{
@page{size:A4;margin:12mm}
body{margin:0;font-size:9pt}.filter,.no-print{display:none !important}
table.matrix{font-size:7pt;width:100%;table-layout:auto;page-break-inside:avoid}
.matrix th,.matrix td{padding:1px 2px}.matrix td.t{min-width:0}
.matrix th{max-width:none;cursor:auto}.matrix th::after{content:"" !important}
#matrix-page{page-break-after:always}
section{page-break-before:always}details{border:none;padding:0}summary{list-style:none}
pre.src{background:none;border-left:2px solid #999}mark{background:#ddd}
a{color:inherit;text-decoration:none}
}
.note{color:#444;font-size:.92em}.err{color:#b71c1c}
dt{font-weight:bold;margin-top:.6em;font-family:monospace}dd{margin-left:1.5em}
)";

constexpr std::string_view kScript = R"(
(function(){
  var ths=document.querySelectorAll('table.matrix th');
  for(var i=0;i<ths.length;i++)(function(th,col){
    th.addEventListener('click',function(){
      var tb=th.parentNode.parentNode.parentNode.tBodies[0];
      var rows=Array.prototype.slice.call(tb.rows);
      var asc=th.getAttribute('data-dir')!=='asc';
      for(var k=0;k<ths.length;k++)ths[k].removeAttribute('data-dir');
      th.setAttribute('data-dir',asc?'asc':'desc');
      function key(r){var c=r.cells[col];if(!c)return '';var v=c.getAttribute('data-v');return v===null?c.textContent:v;}
      rows.sort(function(a,b){
        var x=key(a),y=key(b),nx=parseFloat(x),ny=parseFloat(y),c;
        if(!isNaN(nx)&&!isNaN(ny))c=nx-ny;else if(isNaN(nx)!==isNaN(ny))c=isNaN(nx)?1:-1;
        else c=x.localeCompare(y,'zh-CN');
        return asc?c:-c;
      });
      for(var j=0;j<rows.length;j++)tb.appendChild(rows[j]);
    });
  })(ths[i],i);
  // Filter: text (file, title or a finding's text), category, severity, verdict.
  var q=document.getElementById('f-text'),fc=document.getElementById('f-cat'),
      fs=document.getElementById('f-sev'),fv=document.getElementById('f-verdict');
  if(!q)return;
  var head=document.querySelectorAll('table.matrix thead th'),colOf={};
  for(var h=0;h<head.length;h++)colOf[head[h].getAttribute('data-key')||'']=h;
  function apply(){
    var t=q.value.trim().toLowerCase(),c=fc.value,s=fs.value,v=fv.value;
    var rows=document.querySelectorAll('table.matrix tbody tr'),shown=0;
    for(var r=0;r<rows.length;r++){
      var row=rows[r],cells=row.cells,id=row.getAttribute('data-file'),sec=document.getElementById(id);
      var lis=sec?sec.querySelectorAll('li[data-cat]'):[],any=false;
      for(var k=0;k<lis.length;k++){
        var li=lis[k],ok=(!c||li.getAttribute('data-cat')===c)&&(!s||li.classList.contains(s))&&
          (!t||li.textContent.toLowerCase().indexOf(t)>=0||row.textContent.toLowerCase().indexOf(t)>=0);
        li.classList.toggle('hidden',!ok);any=any||ok;
      }
      var cellOk=function(key){var i=colOf[key];return i===undefined||parseInt(cells[i].textContent,10)>0;};
      var keep=(!v||cells[cells.length-1].getAttribute('data-verdict')===v)&&(!c||cellOk('cat-'+c))&&
        (!s||cellOk('sev-'+s))&&(!t||any||row.textContent.toLowerCase().indexOf(t)>=0);
      row.classList.toggle('hidden',!keep);if(sec)sec.classList.toggle('hidden',!keep);if(keep)shown++;
    }
    document.getElementById('f-count').textContent='显示 '+shown+' / '+rows.length+' 份报告';
  }
  q.addEventListener('input',apply);fc.addEventListener('change',apply);
  fs.addEventListener('change',apply);fv.addEventListener('change',apply);
  // Printing: every report's findings, expanded, whatever the screen state.
  window.addEventListener('beforeprint',function(){
    var d=document.querySelectorAll('details');for(var i=0;i<d.length;i++)d[i].open=true;});
})();
)";

void write_matrix(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  out += "<h2>检查矩阵</h2>\n<table class=\"matrix\">\n<thead><tr><th>文件</th><th>标题</th><th>年度</th>"
         "<th data-key=\"sev-e\">错误</th><th data-key=\"sev-w\">警告</th><th data-key=\"sev-i\">提示</th>";
  for (int c = 0; c < kCategoryCount; ++c)
    out += fmt::format("<th data-key=\"cat-{}\">{}</th>", to_string(static_cast<Category>(c)),
                       esc(label_zh(static_cast<Category>(c))));
  out += "<th>状态</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < files.size(); ++i) {
    const FileReport& f = files[i];
    out += fmt::format("<tr data-file=\"file-{0}\"><td class=\"t\"><a href=\"#file-{0}\">{1}</a></td><td class=\"t\">{2}</td><td>{3}</td>",
                       i + 1, esc(f.path), esc(f.title), f.report_year > 0 ? std::to_string(f.report_year) : "");
    if (f.error) {
      // One cell per column (no colspan), so sorting by any column reads the right cell.
      for (int k = 0; k < 3 + kCategoryCount; ++k) out += "<td class=\"bad\">—</td>";
      out += fmt::format("<td class=\"st-bad\" data-v=\"3\" data-verdict=\"bad\" title=\"{}\">{}</td></tr>\n",
                         esc(detail::error_text(f)), detail::error_status(f));
      continue;
    }
    const detail::Counts c = detail::count(f.findings);
    const std::array<Severity, 3> sevs{Severity::Error, Severity::Warning, Severity::Info};
    for (Severity s : sevs) {
      const size_t n = c.of(s);
      out += fmt::format("<td class=\"{}\">{}</td>", n ? sev_class(s) : "z", n);
    }
    std::array<size_t, kCategoryCount> n{};
    std::array<int, kCategoryCount> worst;
    worst.fill(-1);
    for (const auto& x : f.findings) {
      const auto k = static_cast<size_t>(x.category);
      if (k >= n.size()) continue;
      ++n[k];
      worst[k] = std::max(worst[k], static_cast<int>(x.severity));
    }
    for (size_t k = 0; k < n.size(); ++k)
      out += fmt::format("<td class=\"{}\">{}</td>", worst[k] < 0 ? "z" : sev_class(static_cast<Severity>(worst[k])),
                         n[k]);
    out += detail::needs_revision(f, opts.fail_on)
               ? "<td class=\"st-fix\" data-v=\"2\" data-verdict=\"fix\">需修改</td></tr>\n"
               : "<td class=\"st-pass\" data-v=\"1\" data-verdict=\"pass\">通过</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
}

void write_file(std::string& out, const FileReport& f, size_t i) {
  out += fmt::format("<section id=\"file-{}\">\n<details{}>\n<summary>{}", i + 1, f.findings.empty() ? "" : " open",
                     esc(f.path));
  if (!f.title.empty()) out += fmt::format(" — {}", esc(f.title));
  if (f.error) {
    out += "</summary>\n";
    out += fmt::format("<p class=\"err\">无法检查此文件：{}</p>\n</details>\n</section>\n", esc(detail::error_text(f)));
    return;
  }
  const detail::Counts c = detail::count(f.findings);
  out += fmt::format("（错误 {}，警告 {}，提示 {}）{}</summary>\n", c.of(Severity::Error), c.of(Severity::Warning),
                     c.of(Severity::Info), f.partial ? " 〔按摘录/节选检查，未检查全文规则〕" : "");
  if (f.findings.empty()) {
    out += "<p>未发现问题。</p>\n</details>\n</section>\n";
    return;
  }
  const detail::FileView v(f);
  out += "<ol class=\"findings\">\n";
  for (const auto& x : f.findings) {
    const detail::Range r = v.range(x.span);
    out += fmt::format(
        "<li class=\"{}\" data-cat=\"{}\"><span class=\"loc\">{}</span> <span class=\"sev\">{}</span> "
        "<a href=\"#{}\">{}</a> {}\n",
        sev_class(x.severity), to_string(x.category), esc(detail::place(f, r.line, r.column)),
        label_zh(x.severity), anchor("rule-", x.rule), esc(x.rule),
        esc(x.message));
    out += fmt::format("<pre class=\"src\">{}</pre>\n", excerpt(v, x.span));
    if (!x.section.empty()) out += fmt::format("<div class=\"note\">所在部分：{}</div>\n", esc(x.section));
    if (!x.fixes.empty())
      out += fmt::format("<div class=\"note\">修复建议：{}</div>\n", esc(detail::describe_fixes(v, x)));
    for (const auto& rel : x.related) {
      if (rel.elsewhere()) {
        out += fmt::format("<div class=\"note\">相关位置 <span class=\"loc\">{}:{}:{}</span>：{}</div>\n",
                           esc(rel.path), rel.line, rel.column, esc(rel.message));
        continue;
      }
      const detail::Range rr = v.range(rel.span);
      out += fmt::format("<div class=\"note\">相关位置 <span class=\"loc\">{}</span>：{}</div>\n",
                         esc(detail::place(f, rr.line, rr.column)), esc(rel.message));
    }
    out += "</li>\n";
  }
  out += "</ol>\n</details>\n</section>\n";
}

void write_glossary(std::string& out, const std::vector<FileReport>& files, const std::vector<RuleInfo>& rules,
                    const Options& opts) {
  std::set<std::string> ids;
  for (const auto& f : files)
    for (const auto& x : f.findings) ids.insert(x.rule);
  out += "<h2 id=\"rules\">规则说明</h2>\n";
  if (ids.empty()) {
    out += "<p>本次检查未涉及任何规则。</p>\n";
    return;
  }
  out += "<dl>\n";
  for (const auto& id : ids) {
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == id; });
    out += fmt::format("<dt id=\"{}\">{}", anchor("rule-", id), esc(id));
    if (it != rules.end() && !it->title.empty()) out += fmt::format(" — {}", esc(it->title));
    out += "</dt>\n<dd>";
    if (it == rules.end()) {
      out += "（无规则说明）";
    } else {
      out += fmt::format("<span class=\"cat\">[{}]</span> {}", esc(label_zh(it->category)), esc(it->description));
      if (!it->rationale.empty()) out += fmt::format("<br>理由：{}", esc(it->rationale));
      if (!it->source.empty()) out += fmt::format("<br>依据：{}", esc(it->source));
    }
    if (!opts.docs_base_uri.empty())
      out += fmt::format(" <a href=\"{}\">详细说明</a>", esc(opts.docs_base_uri + "#" + id));
    out += "</dd>\n";
  }
  out += "</dl>\n";
}

}  // namespace

// The 相似段落 view (issue #15): pairs of reports of this batch with the passages they share,
// side by side. Taken from the findings alone — category `comparison` with a related location in
// another file of the page — so the printer still knows no rule. Written only when there is a
// pair, with its own small stylesheet, so pages without one are unchanged.
void write_similar_passages(std::string& out, const std::vector<FileReport>& files) {
  std::map<std::string_view, size_t> by_path;
  for (size_t i = 0; i < files.size(); ++i) by_path.emplace(files[i].path, i);
  struct Shared {
    ByteSpan mine, theirs;
    uint32_t line, other_line;
    std::string message;
  };
  std::map<std::pair<size_t, size_t>, std::vector<Shared>> pairs;
  for (size_t i = 0; i < files.size(); ++i) {
    if (files[i].error || files[i].findings.empty()) continue;
    const detail::FileView v(files[i]);
    for (const auto& f : files[i].findings) {
      if (f.category != Category::Comparison) continue;
      for (const auto& rel : f.related) {
        auto it = rel.elsewhere() ? by_path.find(rel.path) : by_path.end();
        if (it == by_path.end() || it->second <= i) continue;  // each pair once, from its first file
        pairs[{i, it->second}].push_back({f.span, rel.span, v.range(f.span).line, rel.line, f.message});
      }
    }
  }
  if (pairs.empty()) return;
  out += "<style>table.sim{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4em 0 1em}"
         ".sim th,.sim td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}"
         ".sim th{background:#f3f3f3;font-weight:normal}.sim td{white-space:pre-wrap;word-break:break-all}</style>\n";
  out += fmt::format("<h2 id=\"similar\">相似段落</h2>\n<p class=\"note\">{} 对报告有相同的长段落（体裁固定表述、标题和共同引用的文件名、口号不计）。</p>\n",
                     pairs.size());
  auto text_of = [](const FileReport& f, ByteSpan s) {
    s.end = std::min<uint32_t>(s.end, static_cast<uint32_t>(f.text.size()));
    s.begin = std::min(s.begin, s.end);
    std::string t = text::clip(f.text.substr(s.begin, s.end - s.begin), 400);
    std::replace_if(t.begin(), t.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');  // one cell, no <U+000A>
    return esc(t);
  };
  for (const auto& [ij, list] : pairs) {
    const FileReport& a = files[ij.first];
    const FileReport& b = files[ij.second];
    out += fmt::format("<details open class=\"pair\"><summary>{} ↔ {}（{} 段）</summary>\n", esc(a.path), esc(b.path),
                       list.size());
    out += fmt::format("<table class=\"sim\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>\n", esc(a.path),
                       esc(b.path));
    for (const auto& s : list)
      out += fmt::format("<tr><td><span class=\"loc\">第 {} 行</span>\n{}</td><td><span class=\"loc\">第 {} 行</span>\n{}</td></tr>\n",
                         s.line, text_of(a, s.mine), s.other_line, text_of(b, s.theirs));
    out += "</tbody></table>\n</details>\n";
  }
}

void write_html(std::string& out, const std::vector<FileReport>& files, const std::vector<RuleInfo>& rules,
                const Options& opts) {
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>法治政府建设年度报告检查结果</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<h1>法治政府建设年度报告检查结果</h1>\n";
  const detail::Counts c = detail::count(files);
  out += fmt::format(
      "<p class=\"summary\">共 <b>{}</b> 个问题（错误 <b>{}</b>，警告 <b>{}</b>，提示 <b>{}</b>），检查了 <b>{}</b> 个文件",
      c.total(), c.of(Severity::Error), c.of(Severity::Warning), c.of(Severity::Info), files.size());
  const size_t unchecked = static_cast<size_t>(
      std::count_if(files.begin(), files.end(), [](const FileReport& f) { return error_elsewhere(f); }));
  out += detail::error_files_clause(detail::files_with_errors(files) - unchecked, unchecked, "<b>", "</b>");
  out += "。</p>\n";
  // Who judged, when, by which rules: a reviewer's record of the screening.
  std::string meta;
  if (!opts.date.empty()) meta += "筛查日期：" + esc(opts.date) + "；";
  meta += "fzlint " + esc(opts.tool_version.empty() ? "（版本未知）" : opts.tool_version);
  if (!opts.rules_version.empty()) meta += "，规则包 " + esc(opts.rules_version);
  if (!opts.rules_hash.empty()) meta += "（规则哈希 " + esc(opts.rules_hash) + "）";
  out += "<p class=\"meta\">" + meta + "。</p>\n";
  const std::string level(label_zh(opts.fail_on));
  out += fmt::format(
      "<p class=\"verdict\"><b>“通过”的含义</b>：本工具的规则没有在该报告中发现{}及以上级别的问题"
      "（本次标准：--fail-on {}）。它不代表报告内容真实、完整或已经审定，只说明格式和必备内容"
      "的自动检查未发现问题，仍需人工审阅。“需修改”：至少有一处{}及以上级别的问题（含上一轮已指出、"
      "仍未修改的问题）。“无法读取”：文件无法解码或打开。“未检查”：管辖该报告的 .fzlint.toml "
      "或规则文件有误，报告本身未经检查（鼠标停在该格上可见原因）。</p>\n",
      esc(level), to_string(opts.fail_on), esc(level));
  out += "<div class=\"filter no-print\">筛选：<input id=\"f-text\" type=\"search\" placeholder=\"文件名、标题或问题文字\">"
         "<select id=\"f-cat\"><option value=\"\">全部类别</option>";
  for (int k = 0; k < kCategoryCount; ++k)
    out += fmt::format("<option value=\"{}\">{}</option>", to_string(static_cast<Category>(k)),
                       esc(label_zh(static_cast<Category>(k))));
  out += "</select><select id=\"f-sev\"><option value=\"\">全部级别</option><option value=\"e\">错误</option>"
         "<option value=\"w\">警告</option><option value=\"i\">提示</option></select>"
         "<select id=\"f-verdict\"><option value=\"\">全部状态</option><option value=\"fix\">需修改</option>"
         "<option value=\"pass\">通过</option><option value=\"bad\">无法读取或未检查</option></select>"
         "<span id=\"f-count\"></span></div>\n";
  out += "<div id=\"matrix-page\">\n";
  write_matrix(out, files, opts);
  out += "</div>\n";
  write_similar_passages(out, files);
  if (!opts.skipped.empty()) {
    out += fmt::format("<h2>已跳过（{} 项）</h2>\n<ul class=\"skipped\">\n", opts.skipped.size());
    for (const auto& s : opts.skipped)
      out += fmt::format("<li><code>{}</code>：{}</li>\n", esc(s.path), esc(s.reason));
    out += "</ul>\n";
  }
  out += "<h2>问题清单</h2>\n";
  for (size_t i = 0; i < files.size(); ++i) write_file(out, files[i], i);
  write_glossary(out, files, rules, opts);
  out += fmt::format("<p class=\"note\">由 fzlint{}{} 生成。</p>\n", opts.tool_version.empty() ? "" : " ",
                     esc(opts.tool_version));
  out += "<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
}

}  // namespace fz::report
