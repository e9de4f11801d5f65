// fz::report — printers. Each takes findings (and, for SARIF, rule metadata) and writes one
// output format into a string. Printers know nothing of rules' logic (design.md §5.2).
// One file per format; each has its own golden over one shared hand-built findings list.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/finding.h"

namespace fz::text {
class LineIndex;
}

namespace fz::report {

/// A footnote or endnote of a Word document: its paragraphs are lines after the body.
struct WordNote {
  uint32_t first_line = 0;  ///< 1-based line of its first paragraph
  uint32_t lines = 0;       ///< its paragraphs
  std::string label;        ///< "脚注3", "尾注1"
};

/// Everything a printer needs to know about one checked file.
struct FileReport {
  std::string path;                       ///< as the user named it (relative when possible)
  std::string_view text;                  ///< decoded UTF-8 text (for source lines, columns)
  const text::LineIndex* index = nullptr; ///< over `text`
  std::string encoding;                   ///< as detected by ingest
  std::vector<Finding> findings;          ///< sorted (under --baseline: new ones, then known ones)
  /// Under --baseline: the last `known` findings were already reported in the previous round.
  /// They are shown after the new ones and still count for the verdict and the exit code.
  size_t known = 0;
  std::optional<Error> error;             ///< the file could not be checked (findings empty)
  int report_year = 0;
  std::string title;                      ///< report title, for the batch matrix
  /// A Word document: text and gcc show "path:第12段:第5字" (line = paragraph, empty paragraphs
  /// included; characters counted as Word counts, without automatic numbering), JSON and SARIF
  /// add `paragraph` and `char`.
  bool word_paragraphs = false;
  std::vector<uint32_t> numbering_chars;  ///< per paragraph: code points of automatic numbering
  /// Its footnotes and endnotes, in line order: a line inside one shows as "path:脚注3:第5字"
  /// ("path:脚注3:第2段:第5字" in a note of several paragraphs); JSON and SARIF add `note`.
  std::vector<WordNote> notes;
  bool partial = false;                   ///< checked as an excerpt (whole-document rules skipped)
};

/// A path found in a folder but not checked (unsupported type, unreadable folder, symlink loop):
/// every printer lists it, none drops it silently.
struct SkippedPath {
  std::string path;
  std::string reason;  ///< Chinese
};

struct Options {
  std::vector<SkippedPath> skipped;  ///< listed after the files (text/gcc lines, JSON "skipped",
                                     ///< SARIF notifications, CSV/HTML matrix rows)
  bool color = false;              ///< ANSI colour (text format only)
  std::string tool_version;        ///< e.g. "0.1.0"
  std::string information_uri;     ///< SARIF tool.driver.informationUri
  std::string docs_base_uri;       ///< rule help links: docs_base_uri + "#" + rule id
  std::string repo_root;           ///< SARIF originalUriBaseIds %SRCROOT% (file:// URI of root)
  bool statistics = false;         ///< text: append per-rule counts
  /// Batch verdict (CSV/HTML 状态): 需修改 when a file has a finding at or above this level
  /// (`--fail-on`; batch defaults to warning: 提示 alone do not block).
  Severity fail_on = Severity::Warning;
  /// HTML header: the screening date (YYYY-MM-DD; "" = not shown, as in goldens), the rule
  /// pack's version and the hash of the rules in force (`fzlint --version`).
  std::string date;
  std::string rules_version;
  std::string rules_hash;
};

/// Where a printer's bytes go. The printers do no I/O (design.md §5.1): `check` passes a sink
/// that writes to standard output or to the -o file; write_* below collect into a string.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(std::string_view bytes) = 0;
};

/// Collects into a string.
class StringSink final : public Sink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void write(std::string_view bytes) override { out_ += bytes; }

 private:
  std::string& out_;
};

/// A sink read back once writing is over. SARIF puts the rules (with the indices results use)
/// and the run's verdict before the artifacts and results, so its printer spools those two
/// arrays and copies them out at the end: `check` spools to a temporary file, so memory stays
/// flat however many files; make_memory_spool keeps them in a string.
class Spool : public Sink {
 public:
  /// Call `f` with consecutive pieces of everything written, in order (pieces of any size).
  virtual void replay(const std::function<void(std::string_view)>& f) = 0;
};
using SpoolFactory = std::function<std::unique_ptr<Spool>()>;
std::unique_ptr<Spool> make_memory_spool();

/// One output document written one file at a time, so `check` over thousands of files can print
/// each file as soon as it is done and free its text: begin(), file() for each file in input
/// order, end(). The bytes are exactly those of the write_* function of the same format over
/// the same files (those functions are built on these printers, so the goldens prove it).
/// Totals (text's summary line and statistics, SARIF's rule list) are kept as counts, never as
/// the files themselves. A FileReport need live only during its file() call.
class Printer {
 public:
  virtual ~Printer() = default;
  virtual void begin(Sink& out) = 0;
  virtual void file(Sink& out, const FileReport& f) = 0;
  virtual void end(Sink& out) = 0;
};
/// Whether `f`'s error lies in another file — the .fzlint.toml or rule file that governs it
/// (Error::origin names it). Its line and column are that file's, never to be shown as the
/// report's (`错误: report.txt:1:12: TOML 语法错误` sent the drafter to the wrong file), and it
/// was already said once when that file was read (cli/check.cpp notes it on stderr then).
bool error_elsewhere(const FileReport& f);

/// format: text | gcc | json | sarif | csv (one row per finding, `check --format csv`) |
/// csv-matrix (the batch matrix, write_csv's bytes row by row).
/// `rules` (SARIF only) must outlive the printer; `spools` (SARIF only) defaults to memory.
/// nullptr for another format (html is written whole).
std::unique_ptr<Printer> make_printer(std::string_view format, const std::vector<RuleInfo>& rules,
                                      const Options& opts, SpoolFactory spools = {});

/// rustc-style blocks with Chinese labels (错误[rule]: …, --> path:line:col, the source line with
/// ^^^ under the span in display columns), per-file errors as "错误: path: message", and the
/// summary line 共 N 个问题（错误 a，警告 b，提示 c），检查了 F 个文件.
void write_text(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// "path:line:col: error|warning|note: message [rule]" per finding (info → note), related
/// locations as note lines, unreadable files as "path: error: message".
void write_gcc(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// {"tool","version","files":[{"path","encoding","error"?,"findings":[…]}]}; 1-based lines,
/// code-point columns (end exclusive) and UTF-8 byte offsets. See json.cpp for the full shape.
void write_json(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// SARIF 2.1.0, columnKind unicodeCodePoints. `rules` may hold every rule: only those referenced
/// by a finding are written (ruleIndex points into that list). Validated by
/// tests/cli/sarif_validate.sh.
void write_sarif(std::string& out, const std::vector<FileReport>& files,
                 const std::vector<RuleInfo>& rules, const Options& opts);
/// Batch matrix: one row per file, one column per category (counts by severity).
/// UTF-8 with BOM, CRLF, RFC 4180 quoting; 状态 is 无法读取 (error), 需修改 (a finding at or
/// above opts.fail_on) or 通过.
void write_csv(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// The CSV in two parts, so a batch over thousands of files can write rows as files are
/// checked and free each file's text at once: write_csv = header + rows.
void write_csv_header(std::string& out);
void write_csv_rows(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// One row per finding for Excel/WPS (`check --format csv`): 文件, 行 (a .docx paragraph's
/// number), 列, 级别, 类别, 规则, 问题, 原文 (the finding's text, clipped), 修改建议 (the
/// fixes), 所在部分. Unreadable files get one row with 级别 错误 and the reason. Same CSV
/// conventions as the matrix (BOM, CRLF, RFC 4180, formula cells neutralised).
void write_csv_findings(std::string& out, const std::vector<FileReport>& files, const Options& opts);
/// One row per Options::skipped path: 状态 已跳过, the reason in the 标题 column.
void write_csv_skipped(std::string& out, const Options& opts);
/// One self-contained page (no external resources): summary, sortable matrix, each file's
/// findings, and a glossary of the referenced rules from `rules`.
void write_html(std::string& out, const std::vector<FileReport>& files,
                const std::vector<RuleInfo>& rules, const Options& opts);

}  // namespace fz::report
