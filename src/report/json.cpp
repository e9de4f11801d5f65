// Machine-readable findings, one object per file:
//
//   {"tool":"fzlint","version":…,"files":[{"path","encoding","error"?,"partial"?,"findings":[{"rule",
//    "category","severity","message","line","column","end_line","end_column","offset",
//    "end_offset","section","fixes"?:[{"offset","end_offset","replacement"}],
//    "related"?:[{"message","line","column","end_line","end_column","offset","end_offset"}]}]}]}
//
// For a Word document each range also has "paragraph" and "char" (Word's paragraph, empty ones
// included, and character, automatic numbering not counted); in a footnote or endnote, "note"
// ("脚注3", "尾注1") comes first and "paragraph" counts within the note. Lines and columns are 1-based, columns count Unicode code points, end positions are
// exclusive; offsets are UTF-8 byte offsets into the decoded text. Keys keep this order
// (as nlohmann::ordered_json would); "error", "fixes" and "related" appear only when non-empty;
// "partial": true only for a file checked as an excerpt (whole-document rules skipped).
// Invalid UTF-8 in any string is replaced by U+FFFD rather than failing.
#include "report/common.h"
#include "report/report.h"
#include "support/json_text.h"

namespace fz::report {

namespace {

// Written straight as text (json_text::Pretty), in the layout nlohmann's dump(2) gives the
// same tree (tests/test_report.cpp keeps that tree as the reference): building the tree only to
// print it was a twentieth of `check --format json` over a folder.
using json_text::Pretty;

void put_range(Pretty& j, const detail::FileView& v, ByteSpan span) {
  const ByteSpan s = v.clamp(span);
  const detail::Range r = v.range(s);
  j.key("line"), j.value(r.line);
  j.key("column"), j.value(r.column);
  j.key("end_line"), j.value(r.end_line);
  j.key("end_column"), j.value(r.end_column);
  j.key("offset"), j.value(s.begin);
  j.key("end_offset"), j.value(s.end);
  if (v.file().word_paragraphs) {  // where Word puts it: [note,] paragraph, character (1-based)
    const detail::WordPlace w = detail::word_place(v.file(), r.line);
    if (w.note) j.key("note"), j.value(w.note->label);
    j.key("paragraph"), j.value(w.paragraph);
    j.key("char"), j.value(detail::word_char(v.file(), r.line, r.column));
  }
}

void put_finding(Pretty& j, const detail::FileView& v, const Finding& f, const bool* known) {
  j.begin_object();
  j.key("rule"), j.value(f.rule);
  j.key("category"), j.value(to_string(f.category));
  j.key("severity"), j.value(to_string(f.severity));
  j.key("message"), j.value(f.message);
  put_range(j, v, f.span);
  j.key("section"), j.value(f.section);
  if (!f.fixes.empty()) {
    j.key("fixes");
    j.begin_array();
    for (const auto& x : f.fixes) {
      const ByteSpan s = v.clamp(x.span);
      j.begin_object();
      j.key("offset"), j.value(s.begin);
      j.key("end_offset"), j.value(s.end);
      j.key("replacement"), j.value(x.replacement);
      j.end_object();
    }
    j.end_array();
  }
  if (!f.related.empty()) {
    j.key("related");
    j.begin_array();
    for (const auto& r : f.related) {
      j.begin_object();
      j.key("message"), j.value(r.message);
      if (r.elsewhere()) {  // a place in another file (last year's report, another of a batch)
        j.key("path"), j.value(r.path);
        j.key("line"), j.value(r.line);
        j.key("column"), j.value(r.column);
        j.key("end_line"), j.value(r.end_line);
        j.key("end_column"), j.value(r.end_column);
        j.key("offset"), j.value(r.span.begin);
        j.key("end_offset"), j.value(r.span.end);
      } else {
        put_range(j, v, r.span);
      }
      j.end_object();
    }
    j.end_array();
  }
  if (known) j.key("known"), j.value(*known);
  j.end_object();
}

// {"tool","version","files":[…],"skipped"?:[…]} as dump(2) lays it out, written file by file:
// the head in begin(), each file object at depth 2, and "files": [] when there is none.
class JsonPrinter final : public Printer {
 public:
  explicit JsonPrinter(const Options& opts) : opts_(opts) {}

  void begin(Sink& out) override {
    std::string head = "{\n  \"tool\": \"fzlint\",\n  \"version\": ";
    json_text::append_string(head, opts_.tool_version);
    head += ",\n  \"files\": [";
    out.write(head);
  }

  void file(Sink& out, const FileReport& file) override {
    buf_.assign(any_ ? ",\n    " : "\n    ");
    any_ = true;
    Pretty j(buf_, 2, 4);
    j.begin_object();
    j.key("path"), j.value(file.path);
    j.key("encoding"), j.value(file.encoding);
    if (file.error) j.key("error"), j.value(detail::error_text(file));
    if (file.partial) j.key("partial"), j.value(true);  // an excerpt: whole-document rules skipped
    j.key("findings");
    j.begin_array();
    if (!file.findings.empty()) {
      const detail::FileView v(file);
      for (size_t i = 0; i < file.findings.size(); ++i) {
        const bool known = i >= file.findings.size() - file.known;
        put_finding(j, v, file.findings[i], file.known ? &known : nullptr);
      }
    }
    j.end_array();
    j.end_object();
    out.write(buf_);
  }

  void end(Sink& out) override {
    std::string tail = any_ ? "\n  ]" : "]";
    if (!opts_.skipped.empty()) {
      tail += ",\n  \"skipped\": ";
      Pretty j(tail, 2, 2);
      j.begin_array();
      for (const auto& s : opts_.skipped) {
        j.begin_object();
        j.key("path"), j.value(s.path);
        j.key("reason"), j.value(s.reason);
        j.end_object();
      }
      j.end_array();
    }
    tail += "\n}\n";
    out.write(tail);
  }

 private:
  Options opts_;
  bool any_ = false;
  std::string buf_;  ///< one file's text, reused
};

}  // namespace

namespace detail {
std::unique_ptr<Printer> make_json_printer(const Options& opts) { return std::make_unique<JsonPrinter>(opts); }
}  // namespace detail

void write_json(std::string& out, const std::vector<FileReport>& files, const Options& opts) {
  JsonPrinter p(opts);
  detail::print_all(p, out, files);
}

}  // namespace fz::report
