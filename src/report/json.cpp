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
// (nlohmann::ordered_json); "error", "fixes" and "related" appear only when non-empty;
// "partial": true only for a file checked as an excerpt (whole-document rules skipped).
// Invalid UTF-8 in any string is replaced by U+FFFD rather than failing.
#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/report.h"

namespace fz::report {

namespace {

using Json = nlohmann::ordered_json;

void put_range(Json& j, const detail::FileView& v, ByteSpan span) {
  const ByteSpan s = v.clamp(span);
  const detail::Range r = v.range(s);
  j["line"] = r.line;
  j["column"] = r.column;
  j["end_line"] = r.end_line;
  j["end_column"] = r.end_column;
  j["offset"] = s.begin;
  j["end_offset"] = s.end;
  if (v.file().word_paragraphs) {  // where Word puts it: [note,] paragraph, character (1-based)
    const detail::WordPlace w = detail::word_place(v.file(), r.line);
    if (w.note) j["note"] = w.note->label;
    j["paragraph"] = w.paragraph;
    j["char"] = detail::word_char(v.file(), r.line, r.column);
  }
}

Json finding_json(const detail::FileView& v, const Finding& f) {
  Json j;
  j["rule"] = f.rule;
  j["category"] = to_string(f.category);
  j["severity"] = to_string(f.severity);
  j["message"] = f.message;
  put_range(j, v, f.span);
  j["section"] = f.section;
  if (!f.fixes.empty()) {
    Json fixes = Json::array();
    for (const auto& x : f.fixes) {
      const ByteSpan s = v.clamp(x.span);
      fixes.push_back(Json{{"offset", s.begin}, {"end_offset", s.end}, {"replacement", x.replacement}});
    }
    j["fixes"] = std::move(fixes);
  }
  if (!f.related.empty()) {
    Json rel = Json::array();
    for (const auto& r : f.related) {
      Json o;
      o["message"] = r.message;
      if (r.elsewhere()) {  // a place in another file (last year's report, another of a batch)
        o["path"] = r.path;
        o["line"] = r.line;
        o["column"] = r.column;
        o["end_line"] = r.end_line;
        o["end_column"] = r.end_column;
        o["offset"] = r.span.begin;
        o["end_offset"] = r.span.end;
      } else {
        put_range(o, v, r.span);
      }
      rel.push_back(std::move(o));
    }
    j["related"] = std::move(rel);
  }
  return j;
}

}  // namespace

namespace {

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

// root.dump(2) of {"tool","version","files":[…],"skipped"?:[…]} written file by file: the head
// in begin(), each file object at depth 2, and "files": [] when there is none.
class JsonPrinter final : public Printer {
 public:
  explicit JsonPrinter(const Options& opts) : opts_(opts) {}

  void begin(Sink& out) override {
    out.write("{\n  \"tool\": \"fzlint\",\n  \"version\": ");
    out.write(Json(opts_.tool_version).dump(-1, ' ', false, Json::error_handler_t::replace));
    out.write(",\n  \"files\": [");
  }

  void file(Sink& out, const FileReport& file) override {
    Json jf;
    jf["path"] = file.path;
    jf["encoding"] = file.encoding;
    if (file.error) jf["error"] = file.error->message;
    if (file.partial) jf["partial"] = true;  // checked as an excerpt: whole-document rules skipped
    Json findings = Json::array();
    if (!file.findings.empty()) {
      const detail::FileView v(file);
      for (size_t i = 0; i < file.findings.size(); ++i) {
        Json jf1 = finding_json(v, file.findings[i]);
        if (file.known) jf1["known"] = i >= file.findings.size() - file.known;
        findings.push_back(std::move(jf1));
      }
    }
    jf["findings"] = std::move(findings);
    out.write(any_ ? ",\n" : "\n");
    any_ = true;
    out.write(detail::nest(dump(jf), 4));
  }

  void end(Sink& out) override {
    out.write(any_ ? "\n  ]" : "]");
    if (!opts_.skipped.empty()) {
      Json sk = Json::array();
      for (const auto& s : opts_.skipped) sk.push_back(Json{{"path", s.path}, {"reason", s.reason}});
      out.write(",\n  \"skipped\": ");
      out.write(detail::nest(dump(sk), 2).substr(2));  // its first line follows the key
    }
    out.write("\n}\n");
  }

 private:
  Options opts_;
  bool any_ = false;
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
