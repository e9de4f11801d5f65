// Human output in the style of rustc and clang, with Chinese labels:
//
//   错误[rule-id]: message
//     --> path:line:col
//      |
//   12 | source line
//      |     ^^^^
//      = 所在部分: 一、…
//      = 修复建议: 将“，”改为“、”
//      = 相关位置: path:1:1: …
//    1 | the related line
//      |     ----
//
// The gutter is as wide as the largest line number the finding shows.
// Underlines are measured in display columns (CJK, full-width and Ext-B characters are two
// columns wide, see display.h). Long lines are windowed around the span. Spans over several
// lines show each line (at most kMaxSpanLines, eliding the middle). Colour only when asked.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/common.h"
#include "report/display.h"
#include "report/report.h"

namespace fz::report {

namespace {

constexpr size_t kMaxSpanLines = 4;   // longer spans show the first 2 and the last line
constexpr size_t kExcerptWidth = 80;  // display columns of a shown source line

struct Style {
  bool on = false;
  std::string_view reset() const { return on ? "\x1b[0m" : ""; }
  std::string_view bold() const { return on ? "\x1b[1m" : ""; }
  std::string_view gutter() const { return on ? "\x1b[1;34m" : ""; }
  std::string_view sev(Severity s) const {
    if (!on) return "";
    switch (s) {
      case Severity::Error: return "\x1b[1;31m";
      case Severity::Warning: return "\x1b[1;33m";
      case Severity::Info: return "\x1b[1;36m";
    }
    return "";
  }
};

size_t digits(uint32_t n) {
  size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

/// Lines of `r` that the span actually touches (a span ending at column 1 of a later line
/// does not touch that line).
uint32_t last_line(const detail::Range& r) {
  return (r.end_line > r.line && r.end_column == 1) ? r.end_line - 1 : r.end_line;
}

/// The number the gutter shows for a line: the line, or in a Word document the paragraph within
/// its part (the body's paragraph, or the paragraph of the note the `-->` line names).
uint32_t gutter_number(const detail::FileView& v, uint32_t line) {
  return v.file().word_paragraphs ? detail::word_place(v.file(), line).paragraph : line;
}

void write_finding(std::string& out, const detail::FileView& v, const Finding& f, const Style& st) {
  const detail::Range r = v.range(f.span);
  const ByteSpan span = v.clamp(f.span);
  const uint32_t last = last_line(r);
  size_t pad = digits(gutter_number(v, last));
  for (const auto& rel : f.related)
    if (!rel.elsewhere()) pad = std::max(pad, digits(gutter_number(v, v.range(rel.span).line)));
  const std::string blank(pad, ' ');

  out += fmt::format("{}{}[{}]{}{}: {}{}\n", st.sev(f.severity), label_zh(f.severity), f.rule,
                     st.reset(), st.bold(), render_line(f.message), st.reset());
  out += fmt::format("{}{}-->{} {}\n", blank, st.gutter(), st.reset(),
                     detail::location(v.file(), render_line(v.file().path), r.line, r.column));
  out += fmt::format("{} {}|{}\n", blank, st.gutter(), st.reset());

  // Which lines to show: all when few, else the first two, an ellipsis, and the last.
  std::vector<uint32_t> lines;
  const uint32_t n = last - r.line + 1;
  for (uint32_t l = r.line; l <= last; ++l) {
    if (n > kMaxSpanLines && l > r.line + 1 && l < last) {
      if (lines.empty() || lines.back() != 0) lines.push_back(0);  // 0 = elision marker
      continue;
    }
    lines.push_back(l);
  }
  for (uint32_t l : lines) {
    if (l == 0) {
      out += fmt::format("{}{}...{}\n", std::string(pad > 2 ? pad - 2 : 0, ' '), st.gutter(), st.reset());
      continue;
    }
    const ByteSpan ls = v.line_span(l);
    const std::string_view text = v.line_text(l);
    const size_t b = l == r.line ? std::max(span.begin, ls.begin) - ls.begin : 0;
    const size_t e = l == r.end_line ? std::clamp(span.end, ls.begin, ls.end) - ls.begin : text.size();
    const Excerpt ex = underline(text, b, std::max(b, e), kExcerptWidth);
    out += fmt::format("{}{:>{}} |{}", st.gutter(), gutter_number(v, l), pad, st.reset());
    if (!ex.line.empty()) out += ' ' + ex.line;
    out += '\n';
    out += fmt::format("{} {}|{} {}{}{}{}\n", blank, st.gutter(), st.reset(), std::string(ex.mark_col, ' '),
                       st.sev(f.severity), std::string(ex.mark_width, '^'), st.reset());
  }

  auto note = [&](std::string_view label, const std::string& body) {
    out += fmt::format("{} {}={} {}{}{}: {}\n", blank, st.gutter(), st.reset(), st.bold(), label, st.reset(),
                       render_line(body));
  };
  if (!f.section.empty()) note("所在部分", f.section);
  if (!f.fixes.empty()) note("修复建议", detail::describe_fixes(v, f));
  // Related locations: the note, then their first line with the span marked "---" (rustc's
  // secondary labels).
  for (const auto& rel : f.related) {
    if (rel.elsewhere()) {  // another file: its place only (this printer has no index over it)
      note("相关位置", fmt::format("{}:{}:{}{}{}", rel.path, rel.line, rel.column,
                                   rel.message.empty() ? "" : ": ", rel.message));
      continue;
    }
    const detail::Range rr = v.range(rel.span);
    note("相关位置", fmt::format("{}{}{}", detail::location(v.file(), v.file().path, rr.line, rr.column),
                                 rel.message.empty() ? "" : ": ", rel.message));
    const ByteSpan rs = v.clamp(rel.span);
    const ByteSpan ls = v.line_span(rr.line);
    const size_t b = std::clamp(rs.begin, ls.begin, ls.end) - ls.begin;
    const size_t e = std::clamp(rs.end, ls.begin, ls.end) - ls.begin;
    const Excerpt ex = underline(v.line_text(rr.line), b, std::max(b, e), kExcerptWidth, '-');
    out += fmt::format("{}{:>{}} |{}", st.gutter(), gutter_number(v, rr.line), pad, st.reset());
    if (!ex.line.empty()) out += ' ' + ex.line;
    out += '\n';
    out += fmt::format("{} {}|{} {}{}{}{}\n", blank, st.gutter(), st.reset(), std::string(ex.mark_col, ' '),
                       st.gutter(), ex.marks.substr(ex.mark_col), st.reset());
  }
  out += '\n';
}

/// Per-rule counts for --statistics, gathered file by file.
struct Row {
  size_t count = 0;
  Severity worst = Severity::Info;
  Category category = Category::Input;
};

void write_statistics(std::string& out, const std::map<std::string, Row>& by_rule) {
  std::vector<std::pair<std::string, Row>> rows(by_rule.begin(), by_rule.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.count > b.second.count; });

  out += "\n规则统计：\n";
  if (rows.empty()) {
    out += "  （无）\n";
    return;
  }
  size_t num_w = 4, cat_w = display_width("类别");
  for (const auto& [id, row] : rows) {
    num_w = std::max(num_w, digits(static_cast<uint32_t>(std::min<size_t>(row.count, UINT32_MAX))));
    cat_w = std::max(cat_w, display_width(label_zh(row.category)));
  }
  auto cell = [](std::string_view s, size_t w) {
    std::string c(s);
    c.append(w - std::min(w, display_width(s)), ' ');
    return c;
  };
  // Padding by hand: fmt's width counts code points, not display columns.
  out += fmt::format("  {}数量  级别  {}  规则\n", std::string(num_w - 4, ' '), cell("类别", cat_w));
  for (const auto& [id, row] : rows)
    out += fmt::format("  {:>{}}  {}  {}  {}\n", row.count, num_w, label_zh(row.worst),
                       cell(label_zh(row.category), cat_w), render_line(id));
}

class TextPrinter final : public Printer {
 public:
  explicit TextPrinter(const Options& opts) : opts_(opts), st_{opts.color} {}

  void begin(Sink&) override {}

  void file(Sink& sink, const FileReport& file) override {
    const Style& st = st_;
    ++files_;
    for (const auto& f : file.findings) {
      counts_.add(f.severity);
      if (!opts_.statistics) continue;
      Row& row = by_rule_[f.rule];
      if (row.count == 0 || f.severity > row.worst) row.worst = f.severity;
      row.category = f.category;
      ++row.count;
    }
    if (file.error) {
      ++(error_elsewhere(file) ? unchecked_ : unreadable_);
      const Error& e = *file.error;
      std::string where = file.path;
      if (error_elsewhere(file)) {  // the config or rule file governing it is broken
        sink.write(fmt::format("{}{}{}: {}: 未检查：{}\n\n", st.sev(Severity::Error), label_zh(Severity::Error),
                               st.reset(), render_line(where), render_line(detail::error_text(file))));
        return;
      }
      if (e.line) where += fmt::format(":{}{}", e.line, e.column ? fmt::format(":{}", e.column) : "");
      sink.write(fmt::format("{}{}{}: {}: {}\n\n", st.sev(Severity::Error), label_zh(Severity::Error), st.reset(),
                             render_line(where), render_line(e.message)));
      return;
    }
    excerpts_ += file.partial;
    if (file.findings.empty()) return;
    std::string out;
    const detail::FileView v(file);
    for (size_t i = 0; i < file.findings.size(); ++i) {
      if (file.known && i == file.findings.size() - file.known)
        out += fmt::format("{}—— {}：以下 {} 个问题上一轮已指出（基线中已有），仍未修改 ——{}\n\n", st.bold(),
                           render_line(file.path), file.known, st.reset());
      write_finding(out, v, file.findings[i], st);
    }
    sink.write(out);
  }

  void end(Sink& sink) override {
    const Style& st = st_;
    std::string out;
    for (const auto& s : opts_.skipped)
      out += fmt::format("跳过: {}: {}\n", render_line(s.path), render_line(s.reason));
    if (!opts_.skipped.empty()) out += '\n';
    const detail::Counts& c = counts_;
    out += fmt::format("{}共 {} 个问题（错误 {}，警告 {}，提示 {}），检查了 {} 个文件", st.bold(), c.total(),
                       c.of(Severity::Error), c.of(Severity::Warning), c.of(Severity::Info), files_);
    out += detail::error_files_clause(unreadable_, unchecked_);
    if (excerpts_ == 1 && files_ == 1)
      out += "（按摘录/节选检查：未检查缺少部分、篇幅、覆盖面、落款日期、部分顺序等全文规则）";
    else if (excerpts_)
      out += fmt::format("，其中 {} 个按摘录/节选检查（未检查全文规则）", excerpts_);
    if (!opts_.skipped.empty()) out += fmt::format("，跳过 {} 项", opts_.skipped.size());
    out += st.reset();
    out += '\n';
    if (opts_.statistics) write_statistics(out, by_rule_);
    sink.write(out);
  }

 private:
  Options opts_;
  Style st_;
  detail::Counts counts_;
  size_t files_ = 0, unreadable_ = 0, unchecked_ = 0, excerpts_ = 0;
  std::map<std::string, Row> by_rule_;
};

}  // namespace

namespace detail {
std::unique_ptr<Printer> make_text_printer(const Options& opts) { return std::make_unique<TextPrinter>(opts); }
}  // namespace detail

void write_text(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  TextPrinter p(opts);
  detail::print_all(p, out, files);
}

}  // namespace fz::report
