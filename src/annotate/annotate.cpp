// annotate_docx(): findings → Word comments (and tracked fixes) in a copy of the package.
// The body is read with the reader's own model (ingest/docx_model.h), so a span into the
// SourceText maps to the very w:t nodes the text came from. Editing happens in three passes per
// paragraph: split runs at every boundary a comment or a fix needs, place the comment markers,
// then wrap fixed runs in w:del/w:ins. The package is rewritten with libzip, which copies every
// untouched entry's compressed bytes as they were.
#include "annotate/annotate.h"

#include <algorithm>
#include <exception>
#include <new>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "ingest/docx_model.h"
#include "ingest/libzip.h"
#include "ingest/source_text.h"
#include "text/utf8.h"

namespace fz::annotate {

namespace {

namespace dx = fz::ingest::docx;

constexpr std::string_view kRelsNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr std::string_view kTypesNs = "http://schemas.openxmlformats.org/package/2006/content-types";
constexpr std::string_view kCommentsRel =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
constexpr std::string_view kCommentsType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

std::string_view local(pugi::xml_node n) { return dx::local_name(n.name()); }

/// A name we may write as an element prefix (pugixml parses names loosely: "xmlns:1w" passes).
bool valid_prefix(std::string_view p) {
  if (p.empty() || p.size() > 64) return false;
  auto alpha = [](unsigned char c) { return std::isalpha(c) || c == '_'; };
  if (!alpha(static_cast<unsigned char>(p[0]))) return false;
  for (unsigned char c : p)
    if (!alpha(c) && !std::isdigit(c) && c != '-' && c != '.') return false;
  return true;
}

/// The prefix bound to the WordprocessingML namespace on `root` ("w" almost always); a prefix
/// that is not a valid XML name is never used (elements written with it would not parse):
/// then the root's own prefix, else "w".
std::string word_prefix(pugi::xml_node root) {
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view n = a.name();
    if (a.value() != dx::kWordNs) continue;
    if (n == "xmlns") return "";
    if (n.substr(0, 6) == "xmlns:" && valid_prefix(n.substr(6))) return std::string(n.substr(6));
  }
  const std::string_view n = root.name();
  const size_t c = n.find(':');
  if (c == std::string_view::npos) return "";
  return valid_prefix(n.substr(0, c)) ? std::string(n.substr(0, c)) : "w";
}

/// Builds element and attribute names with the document's prefix.
struct Names {
  std::string prefix;
  std::string operator()(std::string_view local_name) const {
    return prefix.empty() ? std::string(local_name) : prefix + ":" + std::string(local_name);
  }
};

bool is_content(pugi::xml_node n) { return n.type() == pugi::node_element && local(n) != "rPr"; }

/// Move `at` and every sibling after it into a new run (a copy of `run`'s w:rPr) right after
/// `run`. No-op when nothing content-bearing precedes `at`.
void split_run_before(pugi::xml_node run, pugi::xml_node at) {
  bool before = false;
  for (pugi::xml_node c = run.first_child(); c && c != at; c = c.next_sibling())
    before |= is_content(c);
  if (!before) return;
  pugi::xml_node copy = run.parent().insert_child_after(run.name(), run);
  for (pugi::xml_attribute a = run.first_attribute(); a; a = a.next_attribute())
    if (dx::local_name(a.name()) != "rsidR" && dx::local_name(a.name()) != "rsidRPr")
      copy.append_attribute(a.name()) = a.value();
  if (pugi::xml_node rpr = dx::child_element(run, "rPr")) copy.append_copy(rpr);
  for (pugi::xml_node c = at; c;) {
    pugi::xml_node next = c.next_sibling();
    copy.append_move(c);
    c = next;
  }
}

/// The visible value of a w:t as the reader counts it (trimmed unless xml:space="preserve").
std::string visible_text(pugi::xml_node t) {
  std::string_view v = t.text().get();
  const char* space = dx::attribute(t, "space");
  if (!space || std::string_view(space) != "preserve") {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!v.empty() && ws(v.front())) v.remove_prefix(1);
    while (!v.empty() && ws(v.back())) v.remove_suffix(1);
  }
  return std::string(v);
}

void set_preserved_text(pugi::xml_node t, std::string_view v) {
  t.text().set(std::string(v).c_str());
  pugi::xml_attribute sp = t.attribute("xml:space");
  if (!sp) sp = t.append_attribute("xml:space");
  sp = "preserve";
}

/// Make `x` (a byte offset into p.text, ≥ prefix) a run boundary: the piece starting at x begins
/// its run and the piece ending at x ends its run.
void cut(dx::Paragraph& p, uint32_t x) {
  for (size_t i = 0; i < p.pieces.size(); ++i) {
    const dx::Piece& pc = p.pieces[i];
    if (pc.begin < x && x < pc.end && pc.kind == dx::Piece::Kind::Text) {
      const std::string v = visible_text(pc.node);
      const size_t k = x - pc.begin;
      if (v.size() != pc.end - pc.begin || k >= v.size()) return;  // not as read: leave it
      pugi::xml_node tail = pc.node.parent().insert_child_after(pc.node.name(), pc.node);
      set_preserved_text(pc.node, std::string_view(v).substr(0, k));
      set_preserved_text(tail, std::string_view(v).substr(k));
      split_run_before(pc.node.parent(), tail);
      dx::reread_pieces(p);
      return;
    }
    if (pc.begin == x) {
      split_run_before(pc.node.parent(), pc.node);
      dx::reread_pieces(p);
      return;
    }
  }
}

/// One end of an anchor: paragraph index and byte offset into its text.
struct Pos {
  size_t para = 0;
  uint32_t off = 0;
};

struct Anchor {
  Pos begin, end;
};

struct Marker {
  enum Kind { End = 0, Start = 1 } kind;
  int id;
};

class Writer {
 public:
  Writer(dx::DocumentModel& model, const Options& o) : m_(model), o_(o) {
    w_.prefix = doc_prefix_ = word_prefix(m_.xml.document_element());
    if (m_.footnotes) note_prefix_[0] = word_prefix(m_.footnotes->xml.document_element());
    if (m_.endnotes) note_prefix_[1] = word_prefix(m_.endnotes->xml.document_element());
  }

  /// Write the next markers with the prefix of the part `p` lives in (a footnote's or endnote's
  /// paragraph is in word/footnotes.xml / word/endnotes.xml), and note that part as edited.
  void enter(const dx::Paragraph& p) {
    switch (p.part) {
      case dx::Part::Document: w_.prefix = doc_prefix_; break;
      case dx::Part::Footnotes: w_.prefix = note_prefix_[0]; edited_[0] = true; break;
      case dx::Part::Endnotes: w_.prefix = note_prefix_[1]; edited_[1] = true; break;
    }
  }
  /// The document's own prefix (for the comments part).
  const std::string& doc_prefix() const { return doc_prefix_; }
  /// Whether footnotes (0) / endnotes (1) got a marker or a revision.
  bool edited(int k) const { return edited_[k]; }

  /// Highest annotation id in use anywhere in the tree.
  static int max_id(const pugi::xml_document& d) {
    int mx = -1;
    for (const pugi::xpath_node& xn : d.select_nodes("//*")) {
      pugi::xml_node n = xn.node();
      const std::string_view ln = local(n);
      if (ln != "comment" && ln != "commentRangeStart" && ln != "commentRangeEnd" &&
          ln != "commentReference" && ln != "ins" && ln != "del" && ln != "moveFrom" &&
          ln != "moveTo" && ln != "rPrChange" && ln != "pPrChange" && ln != "bookmarkStart" &&
          ln != "bookmarkEnd")
        continue;
      if (const char* v = dx::attribute(n, "id")) {
        char* e = nullptr;
        const long x = std::strtol(v, &e, 10);
        if (e != v && x > mx && x < 1000000000) mx = static_cast<int>(x);
      }
    }
    return mx;
  }

  pugi::xml_node element(pugi::xml_node parent, std::string_view name) {
    return parent.append_child(w_(name).c_str());
  }

  void revision_attrs(pugi::xml_node n, int id) {
    n.append_attribute(w_("id").c_str()) = id;
    n.append_attribute(w_("author").c_str()) = o_.author.c_str();
    if (!o_.date.empty()) n.append_attribute(w_("date").c_str()) = o_.date.c_str();
  }

  pugi::xml_node marker_node(pugi::xml_node parent, pugi::xml_node ref, bool after,
                             std::string_view name) {
    return after ? parent.insert_child_after(w_(name).c_str(), ref)
                 : parent.insert_child_before(w_(name).c_str(), ref);
  }

  /// Run holding a piece.
  static pugi::xml_node run_of(const dx::Piece& pc) { return pc.node.parent(); }

  /// Insert the markers of one boundary.
  void place(dx::Paragraph& p, uint32_t x, const std::vector<Marker>& ms) {
    const dx::Piece* next = nullptr;
    const dx::Piece* prev = nullptr;
    for (const auto& pc : p.pieces) {
      if (pc.begin == x && !next) next = &pc;
      if (pc.end == x) prev = &pc;
    }
    // Ends go after the run that ends at x; starts before the run that starts at x.
    pugi::xml_node cursor;
    bool have_cursor = false;
    for (const Marker& m : ms) {
      if (m.kind != Marker::End) continue;
      pugi::xml_node e;
      if (have_cursor) {
        e = marker_node(cursor.parent(), cursor, true, "commentRangeEnd");
      } else if (prev) {
        e = marker_node(run_of(*prev).parent(), run_of(*prev), true, "commentRangeEnd");
      } else if (next) {
        e = marker_node(run_of(*next).parent(), run_of(*next), false, "commentRangeEnd");
      } else {
        e = element(p.node, "commentRangeEnd");
      }
      e.append_attribute(w_("id").c_str()) = m.id;
      pugi::xml_node r = e.parent().insert_child_after(w_("r").c_str(), e);
      element(r, "commentReference").append_attribute(w_("id").c_str()) = m.id;
      cursor = r;
      have_cursor = true;
    }
    for (const Marker& m : ms) {
      if (m.kind != Marker::Start) continue;
      pugi::xml_node s;
      if (next) {
        s = marker_node(run_of(*next).parent(), run_of(*next), false, "commentRangeStart");
      } else if (have_cursor) {
        s = marker_node(cursor.parent(), cursor, true, "commentRangeStart");
        cursor = s;
      } else if (prev) {
        s = marker_node(run_of(*prev).parent(), run_of(*prev), true, "commentRangeStart");
        cursor = s;
        have_cursor = true;
      } else {
        s = element(p.node, "commentRangeStart");
        cursor = s;
        have_cursor = true;
      }
      s.append_attribute(w_("id").c_str()) = m.id;
    }
  }

  /// Wrap p's characters [b, e) in w:del and add w:ins with `repl`. False when not possible.
  bool track(dx::Paragraph& p, uint32_t b, uint32_t e, const std::string& repl, int& next_id) {
    if (repl.find_first_of("\n\r") != std::string::npos) return false;
    std::vector<pugi::xml_node> runs;
    for (const auto& pc : p.pieces) {
      if (pc.end <= b || pc.begin >= e) continue;
      if (pc.begin < b || pc.end > e) return false;  // not cut as expected
      pugi::xml_node r = run_of(pc);
      if (runs.empty() || runs.back() != r) runs.push_back(r);
    }
    auto plain_run = [&](pugi::xml_node r) {
      if (local(r) != "r" || r.parent() != p.node) return false;
      for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view n = local(c);
        if (n != "rPr" && n != "t" && n != "tab" && n != "br" && n != "cr" &&
            n != "noBreakHyphen" && n != "lastRenderedPageBreak")
          return false;
      }
      return true;
    };
    for (pugi::xml_node r : runs)
      if (!plain_run(r)) return false;
    // The runs must be contiguous, with only range markers between them.
    std::vector<pugi::xml_node> span;
    if (!runs.empty()) {
      size_t k = 0;
      for (pugi::xml_node c = runs.front(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        span.push_back(c);
        if (k < runs.size() && c == runs[k]) {
          if (++k == runs.size()) break;
          continue;
        }
        const std::string_view n = local(c);
        if (n != "commentRangeStart" && n != "commentRangeEnd" && n != "bookmarkStart" &&
            n != "bookmarkEnd")
          return false;
      }
    }
    // Where the insertion goes and whose formatting it takes.
    pugi::xml_node fmt_run;
    pugi::xml_node anchor;
    bool after = false;
    if (!runs.empty()) {
      fmt_run = runs.front();
    } else {
      for (const auto& pc : p.pieces) {
        if (pc.begin == b && !anchor) {
          anchor = run_of(pc);
          after = false;
        }
      }
      if (!anchor)
        for (const auto& pc : p.pieces)
          if (pc.end == b) {
            anchor = run_of(pc);
            after = true;
          }
      if (!anchor || !plain_run(anchor)) return false;
      fmt_run = anchor;
    }
    pugi::xml_node last;
    if (!runs.empty()) {
      pugi::xml_node del = p.node.insert_child_before(w_("del").c_str(), runs.front());
      revision_attrs(del, next_id++);
      for (pugi::xml_node c : span) del.append_move(c);
      for (pugi::xml_node r : runs)
        for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling())
          if (c.type() == pugi::node_element && local(c) == "t") c.set_name(w_("delText").c_str());
      last = del;
    }
    if (!repl.empty()) {
      pugi::xml_node ins = last ? p.node.insert_child_after(w_("ins").c_str(), last)
                          : after ? p.node.insert_child_after(w_("ins").c_str(), anchor)
                                  : p.node.insert_child_before(w_("ins").c_str(), anchor);
      revision_attrs(ins, next_id++);
      pugi::xml_node r = element(ins, "r");
      if (pugi::xml_node rpr = dx::child_element(fmt_run, "rPr")) r.append_copy(rpr);
      set_preserved_text(element(r, "t"), repl);
    }
    return true;
  }

 private:
  dx::DocumentModel& m_;
  const Options& o_;
  std::string doc_prefix_, note_prefix_[2];
  bool edited_[2] = {false, false};

 public:
  Names w_;
};

/// <?xml version="1.0" encoding="UTF-8" standalone="yes"?> for a part we create.
void add_declaration(pugi::xml_document& d) {
  pugi::xml_node decl = d.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  decl.append_attribute("standalone") = "yes";
}

std::string save(const pugi::xml_document& d) {
  std::ostringstream os;
  d.save(os, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return os.str();
}

Result<bool> parse(const std::string& xml, pugi::xml_document& d, std::string_view part) {
  pugi::xml_parse_result r = d.load_buffer(xml.data(), xml.size(), dx::kRoundTripParse);
  if (!r)
    return Error{"", 0, 0, std::string(part) + " 不是有效的 XML（" + r.description() + "）"};
  return true;
}

/// "word/document.xml" + "comments.xml" → "word/comments.xml" (targets are relative to the
/// source part's folder, or absolute from the package root).
std::string resolve_target(std::string_view target) {
  if (!target.empty() && target.front() == '/') return std::string(target.substr(1));
  std::string base = "word/";
  std::string t(target);
  while (t.rfind("../", 0) == 0) {
    t = t.substr(3);
    base = "";
  }
  return base + t;
}

// Why zip_close failed, for the drafter: it copies the original's untouched entries, so a
// failure means the original is damaged there. libzip's own (English) text follows in brackets
// for the maintainers; the advice is what fixes it in the office.
std::string close_failure(const ingest::libzip::Api& z, zip_t* za) {
  const zip_error_t* e = z.get_error(za);
  std::string why;
  switch (z.error_code_zip(e)) {
    case ZIP_ER_CRC: why = "原文件中有已损坏的压缩项（CRC 校验不符）"; break;
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA: why = "原文件中有压缩数据已损坏的项"; break;
    case ZIP_ER_INCONS: why = "原文件的 ZIP 目录与其中的内容不一致"; break;
    case ZIP_ER_EOF:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK: why = "原文件不完整（有压缩项超出文件末尾，可能在下载或复制时被截断）"; break;
    case ZIP_ER_MEMORY: why = "内存不足"; break;
    case ZIP_ER_COMPNOTSUPP: why = "原文件中有使用不支持的压缩方法的项"; break;
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD: why = "原文件中有加密的项"; break;
    default: why = "重新打包时出错"; break;
  }
  // zip_strerror's text belongs to `za`: copied here, before the caller discards it.
  return why + "（libzip：" + z.strerror(za) + "）；请在 Word 或 WPS 中打开原文件，另存为新的 .docx 后再试";
}

/// Rewrite the ZIP: replace or add the given entries, copy everything else.
Result<std::string> rewrite_zip(std::string_view original,
                                const std::vector<std::pair<std::string, std::string>>& parts) {
  const ingest::libzip::Api* zp = ingest::libzip::api();
  if (!zp) return Error{"", 0, 0, ingest::libzip::error()};
  const ingest::libzip::Api& z = *zp;
  std::string data(original);
  zip_error_t err;
  z.error_init(&err);
  zip_source_t* src = z.source_buffer_create(data.data(), data.size(), 0, &err);
  if (!src) return Error{"", 0, 0, "内存不足，无法写出批注文档"};
  zip_t* za = z.open_from_source(src, 0, &err);
  z.error_fini(&err);
  if (!za) {
    z.source_free(src);
    return Error{"", 0, 0, "无法以 ZIP 方式重写该 .docx"};
  }
  // Two entries of one name (a damaged or crafted package): which one Word reads is not
  // defined, so a copy rewritten by name could show the drafter a different document.
  {
    std::set<std::string> names;
    const zip_int64_t n = z.get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* name = z.get_name(za, static_cast<zip_uint64_t>(i), 0);
      if (name && !names.insert(name).second) {
        const std::string twice = name;
        z.discard(za);  // frees `src` too: the archive owns it until source_keep below
        return Error{"", 0, 0, "原文件中有两个同名的压缩项（" + twice +
                                   "），无法可靠地写出批注；请在 Word 或 WPS 中打开原文件，另存为新的 .docx 后再试"};
      }
    }
  }
  z.source_keep(src);
  // `what` is copied before zip_discard: zip_strerror(za)'s text belongs to `za` (found by
  // fuzz_annotate as a heap-use-after-free when zip_close failed).
  auto fail = [&](std::string what) -> Result<std::string> {
    z.discard(za);
    z.source_free(src);
    return Error{"", 0, 0, "写出批注文档失败：" + what};
  };
  for (const auto& [name, content] : parts) {
    zip_source_t* s = z.source_buffer(za, content.data(), content.size(), 0);
    if (!s) return fail(name.c_str());
    const zip_int64_t idx = z.name_locate(za, name.c_str(), ZIP_FL_NOCASE);
    if (idx >= 0) {
      if (z.file_replace(za, static_cast<zip_uint64_t>(idx), s, 0) < 0) {
        z.source_free(s);
        return fail(name.c_str());
      }
      z.set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 0);
    } else {
      const zip_int64_t ni = z.file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
      if (ni < 0) {
        z.source_free(s);
        return fail(name.c_str());
      }
      z.set_file_compression(za, static_cast<zip_uint64_t>(ni), ZIP_CM_DEFLATE, 0);
    }
  }
  if (z.close(za) != 0) return fail(close_failure(z, za));
  std::string out;
  if (z.source_open(src) == 0) {
    z.source_seek(src, 0, SEEK_END);
    const zip_int64_t size = z.source_tell(src);
    z.source_seek(src, 0, SEEK_SET);
    if (size > 0) {
      out.resize(static_cast<size_t>(size));
      if (z.source_read(src, out.data(), static_cast<zip_uint64_t>(size)) != size) out.clear();
    }
    z.source_close(src);
  }
  z.source_free(src);
  if (out.empty()) return Error{"", 0, 0, "写出批注文档失败（无法读取新压缩包）"};
  return out;
}

}  // namespace

std::string comment_text(const Finding& f, bool tracked) {
  std::string s = f.message;
  if (!f.fixes.empty()) {
    const std::string& r = f.fixes.front().replacement;
    s += "\n";
    s += r.empty() ? std::string("建议删除") : "建议改为「" + r + "」";
    if (tracked) s += "（已作为修订提出，可在“审阅”中接受或拒绝）";
  }
  s += "\n规则：" + f.rule;
  return s;
}

namespace {

Result<Annotated> annotate_impl(std::string_view docx, const ingest::SourceText& src,
                                const std::vector<Finding>& findings, const Options& opts) {
  const size_t budget = opts.max_bytes > SIZE_MAX / 8 ? SIZE_MAX : opts.max_bytes * 8;
  auto pkg = dx::Package::open(docx, budget);
  if (!pkg) return pkg.error();
  auto model_r = dx::read_document(**pkg, dx::kRoundTripParse, opts.max_bytes);
  if (!model_r) return model_r.error();
  dx::DocumentModel& model = **model_r;
  auto& paras = model.paragraphs;

  // The origin map: line i of src.text is paragraph i.
  std::vector<uint32_t> starts;
  std::vector<bool> exact;
  {
    size_t b = 0;
    for (size_t i = 0; i < paras.size(); ++i) {
      size_t e = src.text.find('\n', b);
      if (e == std::string::npos) e = src.text.size();
      if (b > src.text.size())
        return Error{"", 0, 0, "文档内容与检查时不一致（段落数不同），未写入批注"};
      starts.push_back(static_cast<uint32_t>(b));
      const std::string_view line(src.text.data() + b, e - b);
      if (line != paras[i].text && line.size() == paras[i].text.size())
        return Error{"", 0, 0,
                     "文档内容与检查时不一致（第 " + std::to_string(i + 1) + " 段），未写入批注"};
      exact.push_back(line == paras[i].text);
      b = e + 1;
    }
    if (b < src.text.size())
      return Error{"", 0, 0, "文档内容与检查时不一致（段落数不同），未写入批注"};
  }
  starts.push_back(static_cast<uint32_t>(src.text.size() + 1));
  auto locate = [&](uint32_t off) -> Pos {
    const size_t i =
        static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), off) - starts.begin());
    const size_t pi = i == 0 ? 0 : std::min(i - 1, paras.empty() ? 0 : paras.size() - 1);
    if (paras.empty()) return {};
    return {pi, std::min<uint32_t>(off - std::min(off, starts[pi]),
                                   static_cast<uint32_t>(paras[pi].text.size()))};
  };
  auto first_visible = [&](size_t from) -> size_t {
    for (size_t i = from; i < paras.size(); ++i)
      if (!paras[i].pieces.empty()) return i;
    for (size_t i = 0; i < paras.size(); ++i)
      if (!paras[i].pieces.empty()) return i;
    return from;
  };
  auto whole = [&](size_t i) -> Anchor {
    const auto& p = paras[i];
    if (p.pieces.empty()) return {{i, p.prefix}, {i, static_cast<uint32_t>(p.text.size())}};
    return {{i, p.pieces.front().begin}, {i, p.pieces.back().end}};
  };

  Annotated out;
  if (paras.empty()) return Error{"", 0, 0, "文档没有任何段落，无法添加批注"};

  Writer wr(model, opts);
  // Existing annotations keep their ids; ours start above every id in use.
  std::string comments_part;
  pugi::xml_document rels_doc, types_doc, comments_doc;
  std::string rels_xml, types_xml, comments_xml;
  // The package's spelling of a part's name (ZIP names are matched case-insensitively).
  auto spelled = [&](const char* name) {
    std::string n = (*pkg)->entry_name(name);
    return n.empty() ? std::string(name) : n;
  };
  // A part that is there but cannot be read (damaged, or past the inflation budget) is refused,
  // never replaced: a fresh relationships or content-types part would drop what the old one
  // declared (footnotes, numbering, images).
  auto readable = [&](dx::Package::Status st, const std::string& name) -> Result<bool> {
    if (st == dx::Package::Status::Ok) return true;
    if (st == dx::Package::Status::Missing) return false;
    return Error{"", 0, 0, name + (st == dx::Package::Status::TooLarge ? " 解压后过大" : " 已损坏，无法解压") +
                               "，未添加批注（原文件未改动）"};
  };
  const std::string rels_name = spelled("word/_rels/document.xml.rels");
  auto rels_read = readable((*pkg)->read(rels_name, rels_xml), rels_name);
  if (!rels_read) return rels_read.error();
  const bool have_rels = *rels_read;
  if (have_rels) {
    if (auto r = parse(rels_xml, rels_doc, rels_name); !r) return r.error();
    for (pugi::xml_node rel : rels_doc.document_element().children()) {
      const char* type = rel.attribute("Type").value();
      if (std::string_view(type) == kCommentsRel && rel.attribute("TargetMode").empty())
        comments_part = resolve_target(rel.attribute("Target").value());
    }
  }
  bool comments_existed = false;
  if (!comments_part.empty()) {
    const std::string real = (*pkg)->entry_name(comments_part);
    auto comments_read = real.empty() ? Result<bool>(false) : readable((*pkg)->read(real, comments_xml), real);
    if (!comments_read) return comments_read.error();
    if (*comments_read) {
      if (auto r = parse(comments_xml, comments_doc, real); !r) return r.error();
      comments_part = real;
      comments_existed = true;
    }
  }
  int next_id = std::max(Writer::max_id(model.xml),
                         comments_existed ? Writer::max_id(comments_doc) : -1) + 1;
  // Ids of comments and revisions are shared by every story (body, footnotes, endnotes).
  for (const auto* notes : {model.footnotes.get(), model.endnotes.get()})
    if (notes) next_id = std::max(next_id, Writer::max_id(notes->xml) + 1);

  // 1. Anchors.
  struct FixAt {
    Pos b, e;
    const Fix* fix;
  };
  struct Planned {
    const Finding* f;
    Anchor a;
    int id;
    bool tracked = false;
    std::vector<FixAt> fixes;  ///< non-empty when every fix can be tried as a revision
    /// A finding in a footnote/endnote, commented in the body (LibreOffice cannot open a .docx
    /// with a comment inside a note): the place in the note, first in the comment
    /// ("脚注1第10字：“。。”").
    std::string where;
  };
  std::vector<Planned> plan;
  plan.reserve(findings.size());
  // Where a note's comment goes in the body: on the character just before its reference mark.
  // Not on the mark itself nor starting right after it: LibreOffice 7.4 then shows the wrong
  // text in the document's other footnotes (checked by tests/cli/annotate_office.sh). A mark
  // at the start of its paragraph: the whole paragraph.
  std::map<pugi::xml_node, size_t> body_index;
  for (size_t i = 0; i < model.body_paragraphs && i < paras.size(); ++i) body_index[paras[i].node] = i;
  auto reference_anchor = [&](const dx::Note& n) -> Anchor {
    pugi::xml_node p = n.reference;
    while (p && !(local(p) == "p" && body_index.count(p))) p = p.parent();
    if (!p) return whole(first_visible(0));
    const size_t pi = body_index[p];
    const dx::Paragraph& para = paras[pi];
    std::map<pugi::xml_node, uint32_t> ends;
    for (const auto& pc : para.pieces) ends[pc.node] = pc.end;
    uint32_t x = para.prefix;
    bool found = false;
    std::vector<pugi::xml_node> stack{para.node};  // document order, no recursion
    while (!stack.empty() && !found) {
      pugi::xml_node c = stack.back();
      stack.pop_back();
      if (c == n.reference) {
        found = true;
        break;
      }
      if (auto it = ends.find(c); it != ends.end()) x = it->second;
      for (pugi::xml_node k = c.last_child(); k; k = k.previous_sibling())
        if (k.type() == pugi::node_element) stack.push_back(k);
    }
    if (!found || x <= para.prefix || !exact[pi]) return whole(pi);
    uint32_t b = x - 1;
    while (b > para.prefix && (static_cast<unsigned char>(para.text[b]) & 0xC0) == 0x80) --b;
    return {{pi, b}, {pi, x}};
  };
  std::vector<const dx::Note*> note_of(paras.size(), nullptr);
  for (const auto& n : model.notes)
    for (size_t i = n.first; i < n.first + n.count && i < paras.size(); ++i) note_of[i] = &n;
  for (const Finding& f : findings) {
    Planned pl{&f, {}, next_id++};
    const uint32_t tb = std::min<uint32_t>(f.span.begin, static_cast<uint32_t>(src.text.size()));
    const uint32_t te = std::clamp<uint32_t>(f.span.end, tb, static_cast<uint32_t>(src.text.size()));
    if (tb == te && tb == 0) {
      pl.a = whole(first_visible(0));  // a missing part: the title
    } else {
      Pos b = locate(tb), e = locate(te);
      if (e.para > b.para && e.off == 0) {  // ends with the paragraph break
        e.para -= 1;
        e.off = static_cast<uint32_t>(paras[e.para].text.size());
      }
      if (b.off < paras[b.para].prefix) b.off = paras[b.para].prefix;
      if (tb == te || !exact[b.para] || !exact[e.para] ||
          (e.para == b.para && e.off <= b.off) || e.off < paras[e.para].prefix) {
        pl.a = whole(paras[b.para].pieces.empty() ? first_visible(b.para) : b.para);
      } else {
        pl.a = {b, e};
      }
    }
    if (opts.track_fixes) {
      for (const Fix& fx : f.fixes) {
        Pos b = locate(fx.span.begin), e = locate(fx.span.end);
        if (b.para != e.para || !exact[b.para] || b.off < paras[b.para].prefix || e.off < b.off ||
            fx.span.end > src.text.size()) {
          pl.fixes.clear();
          break;
        }
        pl.fixes.push_back({b, e, &fx});
      }
    }
    if (pl.a.begin.para != pl.a.end.para &&
        paras[pl.a.begin.para].part != paras[pl.a.end.para].part)
      pl.a = whole(pl.a.begin.para);  // never a range from the body into a note
    if (const dx::Note* n = note_of[pl.a.begin.para]; n && !opts.comments_in_notes) {
      const dx::Paragraph& p = paras[pl.a.begin.para];
      const uint32_t b = std::max(pl.a.begin.off, p.prefix);
      const std::string_view before = std::string_view(p.text).substr(p.prefix, b - p.prefix);
      pl.where = (p.part == dx::Part::Footnotes ? "脚注" : "尾注") + std::to_string(n->number) +
                 (n->count > 1 ? "第" + std::to_string(pl.a.begin.para - n->first + 1) + "段" : "") +
                 "第" + std::to_string(text::count_code_points(before) + 1) + "字";
      if (pl.a.end.para == pl.a.begin.para && pl.a.end.off > b)
        pl.where += "：“" + text::clip(std::string_view(p.text).substr(b, pl.a.end.off - b), 30) + "”";
      pl.a = reference_anchor(*n);
    }
    plan.push_back(std::move(pl));
  }
  // Overlapping fixes cannot all be tracked: a finding with a fix that overlaps an earlier one
  // (in text order) keeps its fixes as suggestions only. Insertions go before replacements at
  // the same offset.
  struct Ordered {
    Planned* pl;
    const FixAt* at;
  };
  std::vector<Ordered> order;
  auto key = [](const FixAt& a) {
    return std::tuple(a.b.para, a.b.off, a.e.para, a.e.off);
  };
  for (int pass = 0; pass < 2; ++pass) {
    order.clear();
    for (auto& pl : plan)
      for (const auto& fa : pl.fixes) order.push_back({&pl, &fa});
    std::stable_sort(order.begin(), order.end(),
                     [&](const Ordered& x, const Ordered& y) { return key(*x.at) < key(*y.at); });
    std::pair<size_t, uint32_t> reach{0, 0};
    std::set<Planned*> drop;
    for (const Ordered& o : order) {
      const auto b = std::pair(o.at->b.para, o.at->b.off);
      if (b < reach) drop.insert(o.pl);
      reach = std::max(reach, std::pair(o.at->e.para, o.at->e.off));
    }
    if (drop.empty()) break;
    for (Planned* pl : drop) pl->fixes.clear();  // then check the rest again
  }

  // 2. Cut runs at every boundary (descending, so earlier pieces stay valid).
  std::map<size_t, std::set<uint32_t>> cuts;
  for (const auto& pl : plan) {
    cuts[pl.a.begin.para].insert(pl.a.begin.off);
    cuts[pl.a.end.para].insert(pl.a.end.off);
    for (const auto& fa : pl.fixes) {
      cuts[fa.b.para].insert(fa.b.off);
      cuts[fa.e.para].insert(fa.e.off);
    }
  }
  for (auto& [pi, xs] : cuts)
    for (auto it = xs.rbegin(); it != xs.rend(); ++it)
      if (*it > paras[pi].prefix) cut(paras[pi], *it);

  // 3. Comment markers, per boundary: ends first, then starts.
  std::map<std::pair<size_t, uint32_t>, std::vector<Marker>> marks;
  for (const auto& pl : plan) {
    marks[{pl.a.end.para, pl.a.end.off}].push_back({Marker::End, pl.id});
    marks[{pl.a.begin.para, pl.a.begin.off}].push_back({Marker::Start, pl.id});
  }
  for (auto& [where, ms] : marks) {
    wr.enter(paras[where.first]);
    wr.place(paras[where.first], where.second, ms);
  }

  // 4. Tracked fixes, in text order; a finding counts as tracked when all its fixes are.
  std::map<Planned*, size_t> done;
  for (const Ordered& o : order) {
    dx::Paragraph& p = paras[o.at->b.para];
    // The pieces are not re-read between fixes: each fix moves existing runs into a w:del or
    // adds a w:ins, so the node handles (and the offsets of the text as it was) stay valid.
    wr.enter(p);
    if (wr.track(p, o.at->b.off, o.at->e.off, o.at->fix->replacement, next_id)) ++done[o.pl];
  }
  for (auto& pl : plan) {
    if (!opts.track_fixes || pl.f->fixes.empty()) continue;
    pl.tracked = !pl.fixes.empty() && done[&pl] == pl.fixes.size();
    ++(pl.tracked ? out.tracked : out.untracked);
  }

  // 5. The comments part.
  Names cw{wr.doc_prefix()};
  if (comments_existed) {
    cw.prefix = word_prefix(comments_doc.document_element());
  } else {
    comments_part = "word/comments.xml";
    for (int k = 2; !(*pkg)->entry_name(comments_part).empty(); ++k)
      comments_part = "word/comments" + std::to_string(k) + ".xml";
    add_declaration(comments_doc);
    pugi::xml_node root = comments_doc.append_child(cw("comments").c_str());
    root.append_attribute(cw.prefix.empty() ? "xmlns" : ("xmlns:" + cw.prefix).c_str()) =
        std::string(dx::kWordNs).c_str();
  }
  pugi::xml_node croot = comments_doc.document_element();
  for (const auto& pl : plan) {
    pugi::xml_node c = croot.append_child(cw("comment").c_str());
    c.append_attribute(cw("id").c_str()) = pl.id;
    c.append_attribute(cw("author").c_str()) = opts.author.c_str();
    if (!opts.date.empty()) c.append_attribute(cw("date").c_str()) = opts.date.c_str();
    c.append_attribute(cw("initials").c_str()) = opts.initials.c_str();
    const std::string text =
        pl.where.empty() ? comment_text(*pl.f, pl.tracked) : pl.where + "\n" + comment_text(*pl.f, pl.tracked);
    size_t b = 0;
    bool first = true;
    while (b <= text.size()) {
      size_t e = text.find('\n', b);
      if (e == std::string::npos) e = text.size();
      pugi::xml_node p = c.append_child(cw("p").c_str());
      if (first) p.append_child(cw("r").c_str()).append_child(cw("annotationRef").c_str());
      first = false;
      pugi::xml_node t = p.append_child(cw("r").c_str()).append_child(cw("t").c_str());
      set_preserved_text(t, std::string_view(text).substr(b, e - b));
      b = e + 1;
    }
  }
  out.comments = plan.size();

  std::vector<std::pair<std::string, std::string>> parts;
  parts.emplace_back(model.part_name, save(model.xml));
  // A notes part changes only when a comment or a revision was placed in one of its notes.
  if (wr.edited(0)) parts.emplace_back(model.footnotes->part_name, save(model.footnotes->xml));
  if (wr.edited(1)) parts.emplace_back(model.endnotes->part_name, save(model.endnotes->xml));
  parts.emplace_back(comments_part, save(comments_doc));
  if (!comments_existed) {
    // Relationship from the document to the new part.
    if (!have_rels) {
      add_declaration(rels_doc);
      rels_doc.append_child("Relationships").append_attribute("xmlns") =
          std::string(kRelsNs).c_str();
    }
    pugi::xml_node rroot = rels_doc.document_element();
    std::set<std::string> ids;
    for (pugi::xml_node r : rroot.children()) ids.insert(r.attribute("Id").value());
    std::string rid = "rIdFz1";
    for (int k = 2; ids.count(rid); ++k) rid = "rIdFz" + std::to_string(k);
    pugi::xml_node rel = rroot.append_child("Relationship");
    rel.append_attribute("Id") = rid.c_str();
    rel.append_attribute("Type") = std::string(kCommentsRel).c_str();
    rel.append_attribute("Target") = comments_part.substr(5).c_str();
    parts.emplace_back(rels_name, save(rels_doc));
  }
  // Content type of the comments part (added only when missing).
  const std::string types_name = spelled("[Content_Types].xml");
  {
    auto types_read = readable((*pkg)->read(types_name, types_xml), types_name);
    if (!types_read) return types_read.error();
    const bool have_types = *types_read;
    if (have_types) {
      if (auto r = parse(types_xml, types_doc, types_name); !r) return r.error();
    } else {
      add_declaration(types_doc);
    }
    pugi::xml_node troot = types_doc.document_element();
    if (!troot) troot = types_doc.append_child("Types");
    if (troot.attribute("xmlns").empty())
      troot.append_attribute("xmlns") = std::string(kTypesNs).c_str();
    const std::string part_name = "/" + comments_part;
    bool found = false;
    for (pugi::xml_node o : troot.children()) {
      const char* pn = o.attribute("PartName").value();
      if (local(o) == "Override" && std::string_view(pn).size() == part_name.size() &&
          std::equal(part_name.begin(), part_name.end(), pn, [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        found = true;
    }
    if (!found) {
      pugi::xml_node o = troot.append_child("Override");
      o.append_attribute("PartName") = part_name.c_str();
      o.append_attribute("ContentType") = std::string(kCommentsType).c_str();
      parts.emplace_back(types_name, save(types_doc));
    }
  }
  auto bytes = rewrite_zip(docx, parts);
  if (!bytes) return bytes.error();
  out.docx = std::move(*bytes);
  return out;
}

}  // namespace

Result<Annotated> annotate_docx(std::string_view docx, const ingest::SourceText& src,
                                const std::vector<Finding>& findings, const Options& opts) {
  try {
    return annotate_impl(docx, src, findings, opts);
  } catch (const std::bad_alloc&) {
    return Error{"", 0, 0, "内存不足，未写入批注"};
  } catch (const std::exception& e) {  // pugixml's XPath may throw; nothing may cross the API
    return Error{"", 0, 0, std::string("写入批注时出错：") + e.what()};
  }
}

}  // namespace fz::annotate
