// .odt reader (OpenDocument text, written by LibreOffice and WPS): content.xml from the ZIP (the
// same Package and decompression budget as .docx; pugixml never expands entities), one line per
// paragraph (text:p / text:h, in tables and sections too) like .docx.
//
// Inside a paragraph: text, text:s (N spaces), text:tab → "\t", text:line-break → " ", spans,
// links and fields; skipped: notes (text:note), annotation bodies, drawings/frames, hidden text,
// and deleted text of tracked changes (the text:change marker of ODF 1.2, or text between
// text:change-start/-end whose region is a deletion, as LibreOffice writes it).
//
// Automatic numbering: a paragraph in a text:list gets the label its list style gives
// (style:num-prefix, the number in style:num-format — "1", "一, 二, 三, ...", "a", "I", "①, ②, ③,
// ...", "壹, 贰, 叁, ..." —, style:num-suffix; text:display-levels joins outer levels with "."),
// followed by a space only for label-followed-by="space". Counters are per list style; a top-level
// text:list restarts them unless it says text:continue-numbering="true" or text:continue-list.
// Heading level: text:h's text:outline-level.
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/decode.h"
#include "ingest/docx_model.h"
#include "ingest/formats.h"
#include "text/utf8.h"

namespace fz::ingest::detail {

namespace {

namespace dx = fz::ingest::docx;

std::string_view lname(pugi::xml_node n) { return dx::local_name(n.name()); }

/// The ODF number format as the Word numFmt the shared renderer knows.
std::string_view word_format(std::string_view odf) {
  if (odf == "1") return "decimal";
  if (odf == "a") return "lowerLetter";
  if (odf == "A") return "upperLetter";
  if (odf == "i") return "lowerRoman";
  if (odf == "I") return "upperRoman";
  if (odf.substr(0, 3) == "一") return "chineseCounting";
  if (odf.substr(0, 3) == "壹") return "chineseLegalSimplified";
  if (odf.substr(0, 3) == "①") return "decimalEnclosedCircle";
  if (odf.substr(0, 3) == "１") return "decimalFullWidth";
  if (odf.empty()) return "none";
  return "decimal";
}

struct OdfLevel {
  bool bullet = true;
  std::string prefix, suffix, format = "1";
  int start = 1;
  int display_levels = 1;
  bool space_after = false;
};

using ListStyle = std::array<OdfLevel, 10>;

void load_list_styles(pugi::xml_node root, std::map<std::string, ListStyle>& out) {
  for (const pugi::xpath_node& xn : root.select_nodes(".//*[local-name()='list-style']")) {
    pugi::xml_node ls = xn.node();
    const char* name = dx::attribute(ls, "name");
    if (!name) continue;
    ListStyle st;
    for (pugi::xml_node l = ls.first_child(); l; l = l.next_sibling()) {
      const char* lv = dx::attribute(l, "level");
      const int level = lv ? std::atoi(lv) : 0;
      if (level < 1 || level > 10) continue;
      OdfLevel& o = st[static_cast<size_t>(level - 1)];
      o = OdfLevel{};
      if (lname(l) != "list-level-style-number") continue;  // bullets and images: no label
      o.bullet = false;
      if (const char* v = dx::attribute(l, "num-prefix")) o.prefix = v;
      if (const char* v = dx::attribute(l, "num-suffix")) o.suffix = v;
      if (const char* v = dx::attribute(l, "num-format")) o.format = v;
      if (const char* v = dx::attribute(l, "start-value")) o.start = std::max(0, std::atoi(v));
      if (const char* v = dx::attribute(l, "display-levels"))
        o.display_levels = std::clamp(std::atoi(v), 1, level);
      for (const pugi::xpath_node& a : l.select_nodes(".//*[local-name()='list-level-label-alignment']"))
        if (const char* f = dx::attribute(a.node(), "label-followed-by"))
          o.space_after = std::string_view(f) == "space";
    }
    out[name] = st;
  }
}

class OdtReader {
 public:
  explicit OdtReader(std::map<std::string, ListStyle> styles) : styles_(std::move(styles)) {}

  struct Para {
    std::string text;
    int level = 0;
    uint32_t label_chars = 0;  ///< code points of the numbering label at the start
  };

  std::vector<Para> read(pugi::xml_node office_text, const std::set<std::string>& deletions) {
    deletions_ = &deletions;
    walk(office_text, 0);
    return std::move(paras_);
  }

 private:
  struct ListCtx {
    std::string style;
    int depth = 0;  // 1-based list nesting
    int start_value = 0;  // text:list-item text:start-value (0 = none)
  };

  void walk(pugi::xml_node n, int depth) {
    if (depth > 64) return;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = lname(c);
      if (name == "p" || name == "h") {
        paragraph(c, nullptr);
      } else if (name == "list") {
        list(c, {}, depth);
      } else if (name == "tracked-changes" || name == "sequence-decls" ||
                 name == "variable-decls" || name == "user-field-decls" || name == "forms" ||
                 name == "note" || name == "annotation") {
        continue;
      } else {
        walk(c, depth + 1);  // tables, rows, cells, sections, soft page breaks, …
      }
    }
  }

  void list(pugi::xml_node l, ListCtx outer, int depth) {
    if (depth > 64) return;
    ListCtx ctx = outer;
    if (const char* s = dx::attribute(l, "style-name")) ctx.style = s;
    ctx.depth = outer.depth + 1;
    if (ctx.depth == 1) {
      const char* cont = dx::attribute(l, "continue-numbering");
      const bool continues = (cont && std::string_view(cont) == "true") ||
                             dx::attribute(l, "continue-list") != nullptr;
      if (!continues) counters_[ctx.style] = {};
    }
    for (pugi::xml_node item = l.first_child(); item; item = item.next_sibling()) {
      if (item.type() != pugi::node_element) continue;
      const bool header = lname(item) == "list-header";
      if (lname(item) != "list-item" && !header) continue;
      ListCtx ic = ctx;
      if (const char* sv = dx::attribute(item, "start-value")) ic.start_value = std::atoi(sv);
      bool numbered = false;
      for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = lname(c);
        if (name == "list") {
          list(c, ctx, depth + 1);
        } else if (name == "p" || name == "h") {
          // Only the item's first paragraph carries the label.
          paragraph(c, (!numbered && !header) ? &ic : nullptr);
          numbered = true;
        } else {
          walk(c, depth + 1);
        }
      }
    }
  }

  std::string label(const ListCtx& ctx) {
    auto sit = styles_.find(ctx.style);
    if (sit == styles_.end() || ctx.depth < 1 || ctx.depth > 10) return "";
    const ListStyle& st = sit->second;
    const size_t d = static_cast<size_t>(ctx.depth - 1);
    auto& c = counters_[ctx.style];
    const OdfLevel& lv = st[d];
    if (lv.bullet) return "";
    c[d] = ctx.start_value > 0 ? ctx.start_value : (c[d] ? c[d] + 1 : lv.start);
    for (size_t k = d + 1; k < c.size(); ++k) c[k] = 0;  // deeper levels restart
    std::string num;
    for (int k = ctx.depth - lv.display_levels; k < ctx.depth; ++k) {
      const size_t ku = static_cast<size_t>(k);
      if (!num.empty()) num += '.';
      num += render_number(c[ku] ? c[ku] : st[ku].start, word_format(st[ku].format));
    }
    std::string out = lv.prefix + num + lv.suffix;
    if (!out.empty() && lv.space_after) out += ' ';
    return out;
  }

  void paragraph(pugi::xml_node p, const ListCtx* ctx) {
    Para para;
    if (lname(p) == "h") {
      const char* ol = dx::attribute(p, "outline-level");
      para.level = std::clamp(ol ? std::atoi(ol) : 1, 1, 6);
    }
    if (ctx) para.text = label(*ctx);
    para.label_chars = static_cast<uint32_t>(text::count_code_points(para.text));
    inline_text(p, para.text, 0);
    for (char& ch : para.text)
      if (ch == '\n' || ch == '\r') ch = ' ';
    paras_.push_back(std::move(para));
  }

  void inline_text(pugi::xml_node n, std::string& out, int depth) {
    if (depth > 64) return;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        if (open_deletions_.empty()) out += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = lname(c);
      if (name == "change-start") {
        const char* id = dx::attribute(c, "change-id");
        if (id && deletions_->count(id)) open_deletions_.insert(id);
      } else if (name == "change-end") {
        if (const char* id = dx::attribute(c, "change-id")) open_deletions_.erase(id);
      } else if (!open_deletions_.empty()) {
        continue;
      } else if (name == "s") {
        const char* cnt = dx::attribute(c, "c");
        out.append(static_cast<size_t>(std::clamp(cnt ? std::atoi(cnt) : 1, 1, 1000)), ' ');
      } else if (name == "tab") {
        out += '\t';
      } else if (name == "line-break") {
        out += ' ';
      } else if (name == "note" || name == "annotation" || name == "annotation-end" ||
                 name == "change" || name == "frame" || name == "custom-shape" ||
                 name == "hidden-text" || name == "hidden-paragraph" || name == "ruby-text" ||
                 name == "bookmark" || name == "bookmark-start" || name == "bookmark-end" ||
                 name == "soft-page-break") {
        continue;
      } else {
        inline_text(c, out, depth + 1);  // span, a, fields, ruby-base, meta, …
      }
    }
  }

  std::map<std::string, ListStyle> styles_;
  std::map<std::string, std::array<int, 10>> counters_;
  const std::set<std::string>* deletions_ = nullptr;
  std::set<std::string> open_deletions_;
  std::vector<Para> paras_;
};

}  // namespace

Result<SourceText> ingest_odt(std::string_view bytes, const Options& opts) {
  const size_t budget = opts.max_bytes > SIZE_MAX / 8 ? SIZE_MAX : opts.max_bytes * 8;
  auto pkg = dx::Package::open(bytes, budget);
  if (!pkg) {
    Error e = pkg.error();
    e.message = "不是有效的 .odt 文件（无法作为 ZIP 压缩包打开）";
    return e;
  }
  std::string xml;
  switch ((*pkg)->read("content.xml", xml)) {
    case dx::Package::Status::Ok: break;
    case dx::Package::Status::Missing:
      return Error{"", 0, 0, "不是 OpenDocument 文本：.odt 压缩包中没有 content.xml"};
    case dx::Package::Status::TooLarge:
      return Error{"", 0, 0, "content.xml 解压后超过上限（疑似压缩炸弹），未检查"};
    case dx::Package::Status::Failed:
      return Error{"", 0, 0, "无法解压 content.xml（文件损坏或已加密）"};
  }
  pugi::xml_document doc;
  if (pugi::xml_parse_result r =
          doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
      !r)
    return Error{"", 0, 0, std::string("content.xml 不是有效的 XML（") + r.description() + "）"};
  pugi::xml_node office_text;
  for (const pugi::xpath_node& xn :
       doc.select_nodes("/*[local-name()='document-content']/*[local-name()='body']/*[local-name()='text']"))
    office_text = xn.node();
  if (!office_text) return Error{"", 0, 0, "content.xml 中没有正文（office:text）"};

  std::map<std::string, ListStyle> styles;
  std::string aux;
  pugi::xml_document sd;
  if ((*pkg)->read("styles.xml", aux) == dx::Package::Status::Ok &&
      sd.load_buffer(aux.data(), aux.size()))
    load_list_styles(sd.document_element(), styles);
  load_list_styles(doc.document_element(), styles);  // automatic styles override

  std::set<std::string> deletions;
  for (const pugi::xpath_node& xn : doc.select_nodes("//*[local-name()='changed-region']")) {
    pugi::xml_node r = xn.node();
    if (!dx::child_element(r, "deletion")) continue;
    if (const char* id = dx::attribute(r, "id")) deletions.insert(id);
  }

  auto paras = OdtReader(std::move(styles)).read(office_text, deletions);
  std::vector<ParaText> lines;
  lines.reserve(paras.size());
  for (const auto& p : paras) lines.push_back({p.text, p.level, p.label_chars});
  return join_paragraphs(Format::Odt, lines, opts);
}

}  // namespace fz::ingest::detail
