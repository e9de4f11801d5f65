// One line per finding in the GNU diagnostic format, so editors' quickfix parsers (Vim
// errorformat, Emacs compilation-mode, VS Code problem matchers) jump to it:
//
//   path:line:col: warning: message [rule-id]
//   path:line:col: note: message [rule-id]        (one per related location)
//   path: error: message                          (a file that could not be checked)
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

void write_gcc(std::string& out, const std::vector<FileReport>& files, const Options&) {
  for (const auto& file : files) {
    const std::string path = render_line(file.path);
    if (file.error) {
      const Error& e = *file.error;
      std::string where = path;
      if (e.line) where += fmt::format(":{}:{}", e.line, e.column ? e.column : 1);
      out += fmt::format("{}: error: {}\n", where, render_line(e.message));
      continue;
    }
    if (file.findings.empty()) continue;
    const detail::FileView v(file);
    for (const auto& f : file.findings) {
      const detail::Range r = v.range(f.span);
      out += fmt::format("{}: {}: {} [{}]\n", detail::location(file, path, r.line, r.column),
                         gcc_level(f.severity),
                         render_line(f.message), render_line(f.rule));
      for (const auto& rel : f.related) {
        const detail::Range rr = v.range(rel.span);
        out += fmt::format("{}: note: {} [{}]\n", detail::location(file, path, rr.line, rr.column),
                           render_line(rel.message.empty() ? std::string("相关位置") : rel.message),
                           render_line(f.rule));
      }
    }
  }
}

}  // namespace fz::report
