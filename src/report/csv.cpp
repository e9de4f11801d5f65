// CSV for Excel/WPS: the batch matrix (write_csv) and one row per finding (write_csv_findings).
// The batch matrix for an office screening a folder of reports:
//
//   文件,标题,年度,错误,警告,提示,<one column per category, label_zh>,状态
//
// One row per file in input order. Category cells count that file's findings of the category
// (all severities). 状态: 无法读取 when the file could not be read or decoded, 未检查 when the
// .fzlint.toml or rule file that governs it is broken (report::error_elsewhere; the report itself
// may be fine) — both leave the counts blank —, 需修改 when it has a finding at or above
// --fail-on (batch default: warning), else 通过.
// RFC 4180: CRLF line ends, fields with , " CR LF quoted and quotes doubled. UTF-8 with a BOM so
// Excel detects the encoding. Text cells that would start a formula (= + - @ tab CR) get a
// leading apostrophe (CSV injection, OWASP).
#include <fmt/format.h>

#include "report/common.h"
#include "report/report.h"

namespace fz::report {

namespace {

std::string field(std::string_view s, bool text) {
  std::string v;
  if (text && !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos) v += '\'';
  v += s;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

}  // namespace


void write_csv_skipped(std::string& out, const Options& opts) {
  for (const auto& s : opts.skipped) {
    out += field(s.path, true);
    out += ',' + field(s.reason, true);  // the 标题 column carries the reason
    out += std::string(4 + kCategoryCount, ',');
    out += ",已跳过\r\n";
  }
}

void write_csv_header(std::string& out) {
  out += "\xEF\xBB\xBF";
  out += "文件,标题,年度,错误,警告,提示";
  for (int c = 0; c < kCategoryCount; ++c) out += fmt::format(",{}", label_zh(static_cast<Category>(c)));
  out += ",状态\r\n";
}

namespace {

/// One file's row of the matrix.
void write_csv_row(std::string& out, const FileReport& file, const Options& opts) {
  out += field(file.path, true);
  out += ',' + field(file.title, true);
  out += ',' + (file.report_year > 0 ? std::to_string(file.report_year) : std::string());
  if (file.error) {
    out += std::string(3 + kCategoryCount, ',');
    out += fmt::format(",{}\r\n", detail::error_status(file));
    return;
  }
  const detail::Counts c = detail::count(file.findings);
  out += fmt::format(",{},{},{}", c.of(Severity::Error), c.of(Severity::Warning), c.of(Severity::Info));
  size_t by_cat[kCategoryCount] = {};
  for (const auto& f : file.findings) {
    const auto i = static_cast<size_t>(f.category);
    if (i < static_cast<size_t>(kCategoryCount)) ++by_cat[i];
  }
  for (size_t n : by_cat) out += fmt::format(",{}", n);
  out += detail::needs_revision(file, opts.fail_on) ? ",需修改\r\n" : ",通过\r\n";
}

}  // namespace

void write_csv_rows(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  for (const auto& file : files) write_csv_row(out, file, opts);
}

namespace {

class CsvFindingsPrinter final : public Printer {
 public:
  void begin(Sink& out) override {
    out.write("\xEF\xBB\xBF");
    out.write("文件,行,列,级别,类别,规则,问题,原文,修改建议,所在部分\r\n");
  }

  void file(Sink& sink, const FileReport& file) override {
    if (file.error) {
      const Error& e = *file.error;
      const bool own = !error_elsewhere(file);  // another file's line is not this one's
      sink.write(fmt::format("{},{},{},{},{},,{},,,\r\n", field(file.path, true), own && e.line ? std::to_string(e.line) : "",
                             own && e.column ? std::to_string(e.column) : "", label_zh(Severity::Error),
                             label_zh(Category::Input), field(detail::error_text(file), true)));
      return;
    }
    if (file.findings.empty()) return;
    std::string out;
    const detail::FileView v(file);
    for (const auto& f : file.findings) {
      const detail::Range r = v.range(f.span);
      std::string_view quoted = v.slice(f.span);
      if (quoted.empty()) quoted = v.line_text(r.line);  // a point finding: quote its line
      const detail::PlaceCells at = detail::place_cells(file, r.line, r.column);
      out += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", field(file.path, true), at.line, at.column,
                         label_zh(f.severity), label_zh(f.category), field(f.rule, true), field(f.message, true),
                         field(detail::quote_fragment(quoted, 60), true),
                         field(f.fixes.empty() ? std::string() : detail::describe_fixes(v, f), true),
                         field(f.section, true));
    }
    sink.write(out);
  }

  void end(Sink&) override {}
};

/// The batch matrix one row at a time (write_csv prints it whole through this): header, a row
/// per file, the skipped files.
class CsvMatrixPrinter final : public Printer {
 public:
  explicit CsvMatrixPrinter(const Options& opts) : opts_(opts) {}
  void begin(Sink& sink) override {
    std::string out;
    write_csv_header(out);
    sink.write(out);
  }
  void file(Sink& sink, const FileReport& file) override {
    std::string out;
    write_csv_row(out, file, opts_);
    sink.write(out);
  }
  void end(Sink& sink) override {
    std::string out;
    write_csv_skipped(out, opts_);
    sink.write(out);
  }

 private:
  Options opts_;
};

}  // namespace

namespace detail {
std::unique_ptr<Printer> make_csv_findings_printer(const Options&) { return std::make_unique<CsvFindingsPrinter>(); }
std::unique_ptr<Printer> make_csv_matrix_printer(const Options& opts) { return std::make_unique<CsvMatrixPrinter>(opts); }
}  // namespace detail

void write_csv(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  CsvMatrixPrinter p(opts);
  detail::print_all(p, out, files);
}

void write_csv_findings(std::string& out, const std::vector<FileReport>& files, const Options&) {
  CsvFindingsPrinter p;
  detail::print_all(p, out, files);
}

}  // namespace fz::report
