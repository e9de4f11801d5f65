// fz::report internals shared by the printers: positions of spans in a FileReport, severity
// counts, human descriptions of fixes, rule-name casing. Not part of the public contract.
//
// Invariants: every accessor clamps spans to the file's text (a finding from a stale buffer
// must not crash a printer), and a FileReport without a LineIndex gets one built here.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "support/finding.h"
#include "text/line_index.h"

namespace fz::report::detail {

/// 1-based start and exclusive end, columns in code points (SARIF/JSON convention).
struct Range {
  uint32_t line = 1, column = 1, end_line = 1, end_column = 1;
};

/// Read-only view of one FileReport with position helpers (not thread-safe: it caches).
class FileView {
 public:
  explicit FileView(const FileReport& f);
  FileView(const FileView&) = delete;
  FileView& operator=(const FileView&) = delete;

  const FileReport& file() const { return f_; }
  std::string_view text() const { return f_.text; }
  /// `s` clamped to the text, end ≥ begin.
  ByteSpan clamp(ByteSpan s) const;
  std::string_view slice(ByteSpan s) const;
  text::Position position(uint32_t offset) const;
  Range range(ByteSpan s) const;
  uint32_t line_count() const { return index_->line_count(); }
  std::string_view line_text(uint32_t line) const { return index_->line_text(line); }
  ByteSpan line_span(uint32_t line) const { return index_->line_span(line); }

 private:
  const FileReport& f_;
  std::optional<text::LineIndex> own_;
  const text::LineIndex* index_ = nullptr;
  // Last code-point column computed: printers ask for nearby offsets in increasing order, so
  // counting from here keeps a file's cost linear even when it is one huge line.
  mutable uint32_t cache_line_ = 0, cache_rel_ = 0, cache_col_ = 1;
};

/// The error's text as the printers show it: the message, prefixed by "origin:line:col: " when
/// the error lies in another file.
std::string error_text(const FileReport& f);
/// The matrix's status of a file that has an error: 未检查 when the error lies in the config or
/// rule file governing it (report::error_elsewhere; the report may be fine), else 无法读取.
std::string_view error_status(const FileReport& f);

/// "path:line:col", or for a Word document "path:第N段:第M字" (`path` as the printer shows it).
std::string location(const FileReport& f, std::string_view path, uint32_t line, uint32_t column);
/// The same without the path: "line:col", "第N段:第M字", "脚注3:第2段:第5字" (the HTML page).
std::string place(const FileReport& f, uint32_t line, uint32_t column);
/// The two parts of a place: the line and column numbers, or for a Word document the paragraph
/// ("第12段", "脚注3", or "脚注3" `note_sep` "第2段" in a note of several paragraphs) and the
/// character ("第5字"). CSV's 行 and 列 columns take them as they are (no separator).
struct PlaceCells {
  std::string line, column;
};
PlaceCells place_cells(const FileReport& f, uint32_t line, uint32_t column, std::string_view note_sep = "");
/// Where a line of a Word document is: its note (nullptr in the body) and the paragraph within
/// it (the line itself in the body, 1-based within the note).
struct WordPlace {
  const WordNote* note = nullptr;
  uint32_t paragraph = 0;
};
WordPlace word_place(const FileReport& f, uint32_t line);
/// For a Word document, the heading path of a finding as gcc appends it to the message:
/// "（所在部分：一、主要举措和成效 › （二）深化法治宣传）" (each heading clipped to 20 characters);
/// "" outside sections and for other formats, whose line:col already locate the finding.
std::string word_section(const FileReport& f, const Finding& x);
/// The character of a Word paragraph a code-point column falls on (1-based, automatic numbering
/// not counted; a position inside the numbering is character 1).
uint32_t word_char(const FileReport& f, uint32_t line, uint32_t column);

/// Counts by severity (index = static_cast<int>(Severity)).
struct Counts {
  std::array<size_t, 3> by_severity{};
  size_t total() const { return by_severity[0] + by_severity[1] + by_severity[2]; }
  size_t of(Severity s) const { return by_severity[static_cast<size_t>(s)]; }
  void add(Severity s) { ++by_severity[static_cast<size_t>(s)]; }
};
Counts count(const std::vector<Finding>& findings);
Counts count(const std::vector<FileReport>& files);
size_t files_with_errors(const std::vector<FileReport>& files);
/// The summary's clause for files with errors: "，其中 N 个无法读取", "，其中 M 个因配置或规则文件有误未检查"
/// (report::error_elsewhere), or both; empty when there are none. `bold` wraps the numbers (HTML).
std::string error_files_clause(size_t unreadable, size_t unchecked, std::string_view bold_open = "",
                               std::string_view bold_close = "");
/// The verdict of a checked file: 需修改 (true) when any finding — new or known from a
/// baseline — is at or above `fail_on`, else 通过. The same test as the exit code.
bool needs_revision(const FileReport& file, Severity fail_on);

/// `s` shortened to `max_cp` code points ("…" appended when cut), line breaks and tabs shown as
/// \n \r \t so a quoted fragment stays on one line.
std::string quote_fragment(std::string_view s, size_t max_cp = 40);
/// Chinese description of one fix: 将“a”改为“b” / 删除“a” / 插入“b”.
std::string describe_fix(const FileView& v, const Fix& fix);
/// All fixes of a finding, joined by "；".
std::string describe_fixes(const FileView& v, const Finding& f);

/// "missing-next-year-plan" → "MissingNextYearPlan" (SARIF reportingDescriptor.name).
std::string pascal_case(std::string_view id);

/// "UTF-8 (BOM)" → "UTF-8": the IANA charset name of an ingest encoding label.
std::string charset_name(std::string_view encoding);

/// A value's dump(2) as it appears `spaces` deep in its parent's dump(2): every line indented
/// (JSON strings hold no raw line break, so each '\n' is the dump's own). For printers that
/// write a document's members one at a time (json, sarif).
std::string nest(std::string_view dump, size_t spaces);

/// Every file through `p` into `out`: the write_* functions over their per-file printers.
void print_all(Printer& p, std::string& out, const std::vector<FileReport>& files);

/// The per-file printers behind make_printer (one per format file).
std::unique_ptr<Printer> make_text_printer(const Options& opts);
std::unique_ptr<Printer> make_gcc_printer(const Options& opts);
std::unique_ptr<Printer> make_json_printer(const Options& opts);
std::unique_ptr<Printer> make_sarif_printer(const std::vector<RuleInfo>& rules, const Options& opts,
                                            SpoolFactory spools);
std::unique_ptr<Printer> make_csv_findings_printer(const Options& opts);
std::unique_ptr<Printer> make_csv_matrix_printer(const Options& opts);

/// 64-bit FNV-1a, for stable fingerprints (never changes between versions).
uint64_t fnv1a64(std::string_view s, uint64_t h = 0xcbf29ce484222325ull);

}  // namespace fz::report::detail
