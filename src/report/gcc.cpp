// One line per finding in the GNU diagnostic format, so editors' quickfix parsers (Vim
// errorformat, Emacs compilation-mode, VS Code problem matchers) jump to it:
//
//   path:line:col: warning: message [rule-id]
//   path:line:col: note: message [rule-id]        (one per related location)
//   path: error: message                          (a file that could not be checked)
//
// A Word document (.docx/.odt) is located by paragraph and character instead ("报告.docx:第12段:
// 第5字", "报告.docx:脚注3:第5字"), and the heading path ends the message, before the rule:
//   报告.docx:第12段:第5字: warning: message（所在部分：一、… › （二）…） [rule-id]
// so "path:location: severity: message [rule]" still splits at the first ": " after the path.
//
// Columns are 1-based code points. gcc knows error/warning/note; info maps to note.
#include <fmt/format.h>

#include "report/common.h"
#include "report/display.h"
#include "report/report.h"

namespace fz::report {

namespace {

std::string_view gcc_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

}  // namespace

namespace {

class GccPrinter final : public Printer {
 public:
  explicit GccPrinter(const Options& opts) : opts_(opts) {}

  void begin(Sink& out) override {
    for (const auto& s : opts_.skipped)
      out.write(fmt::format("{}: note: 已跳过：{}\n", render_line(s.path), render_line(s.reason)));
  }

  void file(Sink& sink, const FileReport& file) override {
    std::string out;
    const std::string path = render_line(file.path);
    if (file.error) {
      const Error& e = *file.error;
      const bool elsewhere = error_elsewhere(file);
      // An error in the governing config or rule file is reported at its own place there.
      std::string where = elsewhere ? render_line(e.origin) : path;
      if (e.line) where += fmt::format(":{}:{}", e.line, e.column ? e.column : 1);
      sink.write(fmt::format("{}: error: {}{}\n", where, render_line(e.message),
                             elsewhere ? fmt::format("（{} 因此未检查）", path) : std::string()));
      return;
    }
    if (file.findings.empty()) return;
    const detail::FileView v(file);
    for (const auto& f : file.findings) {
      const detail::Range r = v.range(f.span);
      out += fmt::format("{}: {}: {}{} [{}]\n", detail::location(file, path, r.line, r.column),
                         gcc_level(f.severity), render_line(f.message),
                         render_line(detail::word_section(file, f)), render_line(f.rule));
      for (const auto& rel : f.related) {
        detail::Range rr = v.range(rel.span);
        if (rel.elsewhere()) rr = detail::Range{rel.line, rel.column, rel.end_line, rel.end_column};
        const std::string where = rel.elsewhere() ? fmt::format("{}:{}:{}", render_line(rel.path), rr.line, rr.column)
                                                  : detail::location(file, path, rr.line, rr.column);
        out += fmt::format("{}: note: {} [{}]\n", where,
                           render_line(rel.message.empty() ? std::string("相关位置") : rel.message),
                           render_line(f.rule));
      }
    }
    sink.write(out);
  }

  void end(Sink&) override {}

 private:
  Options opts_;
};

}  // namespace

namespace detail {
std::unique_ptr<Printer> make_gcc_printer(const Options& opts) { return std::make_unique<GccPrinter>(opts); }
}  // namespace detail

void write_gcc(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  GccPrinter p(opts);
  detail::print_all(p, out, files);
}

}  // namespace fz::report
