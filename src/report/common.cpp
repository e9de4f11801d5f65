#include "report/common.h"

#include <algorithm>

#include <fmt/core.h>

#include "text/utf8.h"

namespace fz::report::detail {

FileView::FileView(const FileReport& f) : f_(f) {
  if (f.index) {
    index_ = f.index;
  } else {
    own_.emplace(f.text);
    index_ = &*own_;
  }
}

ByteSpan FileView::clamp(ByteSpan s) const {
  const auto n = static_cast<uint32_t>(std::min<size_t>(f_.text.size(), UINT32_MAX));
  ByteSpan c{std::min(s.begin, n), std::min(s.end, n)};
  if (c.end < c.begin) c.end = c.begin;
  return c;
}

std::string_view FileView::slice(ByteSpan s) const {
  const ByteSpan c = clamp(s);
  return f_.text.substr(c.begin, c.end - c.begin);
}

text::Position FileView::position(uint32_t offset) const {
  // Line and byte column are O(log n) in LineIndex; the code-point column is counted from the
  // cached neighbour on the same line (what LineIndex would count from the line's start).
  const text::Position p = index_->position(clamp({offset, offset}).begin, text::ColumnUnit::Byte);
  const std::string_view line = index_->line_text(p.line);
  const uint32_t rel = p.column - 1;
  uint32_t col;
  if (p.line == cache_line_ && rel >= cache_rel_) {
    col = cache_col_ + static_cast<uint32_t>(text::count_code_points(line.substr(cache_rel_, rel - cache_rel_)));
  } else if (p.line == cache_line_ && cache_rel_ - rel < rel) {
    col = cache_col_ - static_cast<uint32_t>(text::count_code_points(line.substr(rel, cache_rel_ - rel)));
  } else {
    col = 1 + static_cast<uint32_t>(text::count_code_points(line.substr(0, rel)));
  }
  cache_line_ = p.line;
  cache_rel_ = rel;
  cache_col_ = col;
  return {p.line, col};
}

Range FileView::range(ByteSpan s) const {
  const ByteSpan c = clamp(s);
  const text::Position a = position(c.begin), b = position(c.end);
  return {a.line, a.column, b.line, b.column};
}

Counts count(const std::vector<Finding>& findings) {
  Counts c;
  for (const auto& f : findings) c.add(f.severity);
  return c;
}

Counts count(const std::vector<FileReport>& files) {
  Counts c;
  for (const auto& file : files)
    for (const auto& f : file.findings) c.add(f.severity);
  return c;
}

std::string error_files_clause(size_t unreadable, size_t unchecked, std::string_view bold_open,
                               std::string_view bold_close) {
  std::string out;
  if (unreadable) out += fmt::format("，其中 {}{}{} 个无法读取", bold_open, unreadable, bold_close);
  if (unchecked)
    out += fmt::format("{}{}{}{} 个因配置或规则文件有误未检查", unreadable ? "，" : "，其中 ", bold_open, unchecked,
                       bold_close);
  return out;
}

size_t files_with_errors(const std::vector<FileReport>& files) {
  return static_cast<size_t>(
      std::count_if(files.begin(), files.end(), [](const FileReport& f) { return f.error.has_value(); }));
}

std::string quote_fragment(std::string_view s, size_t max_cp) {
  const std::string head = text::clip(s, max_cp);  // cut first (character-safe), then escape
  std::string out;
  for (size_t off = 0; off < head.size();) {
    const text::Decoded d = text::decode_utf8(head, off);
    const size_t len = d.len ? d.len : 1;
    switch (d.cp) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (d.valid) out.append(head, off, len);
        else text::append_utf8(out, text::kReplacementChar);
    }
    off += len;
  }
  return out;
}

std::string describe_fix(const FileView& v, const Fix& fix) {
  const std::string_view old = v.slice(fix.span);
  if (old.empty() && fix.replacement.empty()) return "无需修改";
  if (old.empty()) return "插入“" + quote_fragment(fix.replacement) + "”";
  if (fix.replacement.empty()) return "删除“" + quote_fragment(old) + "”";
  return "将“" + quote_fragment(old) + "”改为“" + quote_fragment(fix.replacement) + "”";
}

std::string describe_fixes(const FileView& v, const Finding& f) {
  std::string out;
  for (const auto& x : f.fixes) {
    if (!out.empty()) out += "；";
    out += describe_fix(v, x);
  }
  return out;
}

uint32_t word_char(const FileReport& f, uint32_t line, uint32_t column) {
  const uint32_t pre =
      line >= 1 && line <= f.numbering_chars.size() ? f.numbering_chars[line - 1] : 0;
  return column > pre ? column - pre : 1;
}

WordPlace word_place(const FileReport& f, uint32_t line) {
  if (f.notes.empty() || line < f.notes.front().first_line) return {nullptr, line};
  auto it = std::upper_bound(f.notes.begin(), f.notes.end(), line,
                             [](uint32_t l, const WordNote& n) { return l < n.first_line; });
  const WordNote& n = *std::prev(it);
  if (line >= n.first_line + n.lines) return {nullptr, line};  // not in a note (never for ingest's)
  return {&n, line - n.first_line + 1};
}

std::string word_section(const FileReport& f, const Finding& x) {
  if (!f.word_paragraphs || x.section.empty()) return "";
  std::string out = "（所在部分：";
  size_t b = 0;
  for (;;) {
    const size_t e = x.section.find('/', b);
    out += text::clip(std::string_view(x.section).substr(b, e == std::string::npos ? e : e - b), 20);
    if (e == std::string::npos) break;
    out += " › ";
    b = e + 1;
  }
  return out + "）";
}

PlaceCells place_cells(const FileReport& f, uint32_t line, uint32_t column, std::string_view note_sep) {
  if (!f.word_paragraphs) return {std::to_string(line), std::to_string(column)};
  const WordPlace w = word_place(f, line);
  std::string ch = "第" + std::to_string(word_char(f, line, column)) + "字";
  if (w.note)
    return {w.note->label +
                (w.note->lines > 1 ? std::string(note_sep) + "第" + std::to_string(w.paragraph) + "段" : std::string()),
            std::move(ch)};
  return {"第" + std::to_string(line) + "段", std::move(ch)};
}

std::string place(const FileReport& f, uint32_t line, uint32_t column) {
  const PlaceCells c = place_cells(f, line, column, ":");
  return c.line + ":" + c.column;
}

std::string error_text(const FileReport& f) {
  if (!f.error) return {};
  return error_elsewhere(f) ? f.error->to_string() : f.error->message;
}

std::string_view error_status(const FileReport& f) { return error_elsewhere(f) ? "未检查" : "无法读取"; }

std::string location(const FileReport& f, std::string_view path, uint32_t line, uint32_t column) {
  return std::string(path) + ":" + place(f, line, column);
}

std::string pascal_case(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '-' || c == '_' || c == '.' || c == '/' || c == ' ') {
      up = true;
      continue;
    }
    if (up && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
    up = false;
  }
  return out;
}

std::string charset_name(std::string_view encoding) {
  std::string e(encoding);
  if (auto p = e.find(" ("); p != std::string::npos) e.resize(p);
  return e;
}

uint64_t fnv1a64(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

bool needs_revision(const FileReport& file, Severity fail_on) {
  for (const auto& f : file.findings)
    if (f.severity >= fail_on) return true;
  return false;
}

std::string nest(std::string_view dump, size_t spaces) {
  const std::string pad(spaces, ' ');
  std::string s = pad;
  s.reserve(dump.size() + dump.size() / 4);
  for (char c : dump) {
    s += c;
    if (c == '\n') s += pad;
  }
  return s;
}

void print_all(Printer& p, std::string& out, const std::vector<FileReport>& files) {
  StringSink sink(out);
  p.begin(sink);
  for (const auto& file : files) p.file(sink, file);
  p.end(sink);
}

}  // namespace fz::report::detail

namespace fz::report {

bool error_elsewhere(const FileReport& f) {
  return f.error && !f.error->origin.empty() && f.error->origin != f.path;
}

namespace {
class MemorySpool final : public Spool {
 public:
  void write(std::string_view bytes) override { buf_ += bytes; }
  void replay(const std::function<void(std::string_view)>& f) override { f(buf_); }

 private:
  std::string buf_;
};
}  // namespace

std::unique_ptr<Spool> make_memory_spool() { return std::make_unique<MemorySpool>(); }

std::unique_ptr<Printer> make_printer(std::string_view format, const std::vector<RuleInfo>& rules,
                                      const Options& opts, SpoolFactory spools) {
  if (format == "text") return detail::make_text_printer(opts);
  if (format == "gcc") return detail::make_gcc_printer(opts);
  if (format == "json") return detail::make_json_printer(opts);
  if (format == "sarif") return detail::make_sarif_printer(rules, opts, spools ? spools : make_memory_spool);
  if (format == "csv") return detail::make_csv_findings_printer(opts);
  if (format == "csv-matrix") return detail::make_csv_matrix_printer(opts);
  return nullptr;
}

}  // namespace fz::report
