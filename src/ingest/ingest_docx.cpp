// .docx reader: libzip (from memory) + pugixml.
//
// `text` is one line per Word paragraph (w:p, including paragraphs in table cells and content
// controls) joined by "\n", so line N of the LineIndex is paragraph N. Inside a paragraph: w:t
// (xml:space respected), w:tab → "\t", w:br/w:cr → " " (a manual line break must not create a
// line), w:noBreakHyphen → "-"; deleted text (w:del, w:moveFrom) and field instructions are
// ignored, insertions (w:ins) taken. Hidden runs (w:vanish), text boxes and drawings are skipped.
//
// Automatic numbering (w:numPr on the paragraph or its style) is rendered from
// word/numbering.xml and prepended, so the outline sees "一、…" as in a .txt draft: lvlText such
// as "%1、" or "（%2）" with numFmt decimal / chineseCounting / chineseCountingThousand /
// ideographDigital / decimalEnclosedCircle / …; counters follow Word (shared per abstract list,
// deeper levels restart, w:startOverride). The suffix after the number is a space only for
// w:suff="space" (a tab is layout, not text).
//
// Heading level: paragraph or style outline level (w:outlineLvl 0–5), or a style named
// "heading N" / "标题 N", following w:basedOn.
//
// Limits: decompressed XML is capped at Options::max_bytes × 8 (zip bombs).
#include <zip.h>

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/decode.h"
#include "ingest/docx_model.h"
#include "ingest/formats.h"
#include "text/utf8.h"

namespace fz::ingest {

namespace {

// ---- zip ------------------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// ---- XML helpers (compare local names: the "w:" prefix is conventional, not guaranteed) -----

std::string_view local(const char* qname) {
  std::string_view s(qname);
  const size_t c = s.find(':');
  return c == std::string_view::npos ? s : s.substr(c + 1);
}

pugi::xml_node child(pugi::xml_node n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c.name()) == name) return c;
  return {};
}

const char* attr(pugi::xml_node n, std::string_view name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
    if (local(a.name()) == name) return a.value();
  return nullptr;
}

std::optional<int> attr_int(pugi::xml_node n, std::string_view name) {
  const char* v = attr(n, name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const long x = std::strtol(v, &end, 10);
  if (end == v || x < -1000000 || x > 1000000) return std::nullopt;
  return static_cast<int>(x);
}

// <w:x w:val="N"/> child value.
std::optional<int> child_val(pugi::xml_node n, std::string_view name) {
  pugi::xml_node c = child(n, name);
  if (!c) return std::nullopt;
  return attr_int(c, "val");
}

// ---- number formats -------------------------------------------------------------------------

constexpr std::array<std::string_view, 10> kZhDigits = {"〇", "一", "二", "三", "四",
                                                        "五", "六", "七", "八", "九"};

// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1000 → 一千.
std::string chinese_counting(int n) {
  if (n <= 0) return std::string(kZhDigits[0]);
  if (n >= 100000) return std::to_string(n);
  static constexpr std::array<std::string_view, 5> kUnits = {"", "十", "百", "千", "万"};
  std::array<int, 5> d{};
  for (int i = 0; i < 5; ++i, n /= 10) d[static_cast<size_t>(i)] = n % 10;
  int top = 4;
  while (top > 0 && d[static_cast<size_t>(top)] == 0) --top;
  std::string s;
  bool zero = false;
  for (int i = top; i >= 0; --i) {
    const int x = d[static_cast<size_t>(i)];
    if (x == 0) {
      zero = true;
      continue;
    }
    if (zero && !s.empty()) s += "零";
    zero = false;
    if (!(i == 1 && x == 1 && i == top)) s += kZhDigits[static_cast<size_t>(x)];  // 十二, not 一十二
    s += kUnits[static_cast<size_t>(i)];
  }
  return s;
}

std::string ideograph_digital(int n) {
  std::string s;
  for (char c : std::to_string(std::max(n, 0))) s += kZhDigits[static_cast<size_t>(c - '0')];
  return s;
}

std::string legal_simplified(int n) {
  static constexpr std::array<std::string_view, 10> kD = {"零", "壹", "贰", "叁", "肆",
                                                          "伍", "陆", "柒", "捌", "玖"};
  std::string s = chinese_counting(n);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    text::Decoded d = text::decode_utf8(s, i);
    const std::string_view ch(s.data() + i, d.len);
    bool mapped = false;
    for (size_t k = 1; k < 10; ++k)
      if (ch == kZhDigits[k]) {
        out += kD[k];
        mapped = true;
      }
    if (!mapped) out += ch == "十" ? "拾" : ch == "百" ? "佰" : ch == "千" ? "仟" : std::string(ch);
    i += d.len;
  }
  if (n >= 10 && n < 20) out = "壹" + out;  // 壹拾, as on cheques
  return out;
}

std::string roman(int n, bool upper) {
  if (n <= 0 || n >= 4000) return std::to_string(n);
  static constexpr std::pair<int, const char*> kR[] = {{1000, "m"}, {900, "cm"}, {500, "d"},
                                                       {400, "cd"}, {100, "c"},  {90, "xc"},
                                                       {50, "l"},   {40, "xl"},  {10, "x"},
                                                       {9, "ix"},   {5, "v"},    {4, "iv"},
                                                       {1, "i"}};
  std::string s;
  for (auto [v, r] : kR)
    while (n >= v) {
      s += r;
      n -= v;
    }
  if (upper)
    for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string letters(int n, bool upper) {
  if (n <= 0) return "";
  const char base = upper ? 'A' : 'a';
  // Word repeats the letter: a..z, aa..zz, …
  return std::string(static_cast<size_t>((n - 1) / 26 + 1), static_cast<char>(base + (n - 1) % 26));
}

std::string format_number(int n, std::string_view fmt) {
  if (fmt == "chineseCounting" || fmt == "chineseCountingThousand" ||
      fmt == "japaneseCounting" || fmt == "taiwaneseCounting" ||
      fmt == "taiwaneseCountingThousand" || fmt == "koreanCounting")
    return chinese_counting(n);
  if (fmt == "ideographDigital" || fmt == "japaneseDigitalTenThousand" ||
      fmt == "taiwaneseDigital")
    return ideograph_digital(n);
  if (fmt == "chineseLegalSimplified") return legal_simplified(n);
  if (fmt == "decimalEnclosedCircle" || fmt == "decimalEnclosedCircleChinese") {
    std::string s;
    if (n >= 1 && n <= 20) {
      text::append_utf8(s, static_cast<char32_t>(0x2460 + n - 1));  // ①…⑳
      return s;
    }
    return std::to_string(n);
  }
  if (fmt == "decimalFullWidth" || fmt == "decimalFullWidth2") {
    std::string s;
    for (char c : std::to_string(n)) text::append_utf8(s, static_cast<char32_t>(0xFF10 + (c - '0')));
    return s;
  }
  if (fmt == "decimalZero") return (n < 10 ? "0" : "") + std::to_string(n);
  if (fmt == "upperRoman") return roman(n, true);
  if (fmt == "lowerRoman") return roman(n, false);
  if (fmt == "upperLetter") return letters(n, true);
  if (fmt == "lowerLetter") return letters(n, false);
  if (fmt == "none") return "";
  return std::to_string(n);  // decimal and anything we do not know
}

}  // namespace

std::string detail::render_number(int n, std::string_view word_fmt) {
  return format_number(n, word_fmt);
}

namespace {

// ---- styles ---------------------------------------------------------------------------------

struct StyleInfo {
  std::string based_on;
  std::optional<int> level;  // heading level from name or outlineLvl
  std::optional<int> num_id, ilvl;
};

int heading_level_from_name(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view p : {"heading ", "heading", "标题 ", "标题"}) {
    if (n.size() > p.size() && n.compare(0, p.size(), p) == 0) {
      const std::string rest = n.substr(p.size());
      if (rest.size() == 1 && rest[0] >= '1' && rest[0] <= '9') return rest[0] - '0';
    }
  }
  return 0;
}

class Styles {
 public:
  void load(const pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
      if (local(s.name()) != "style") continue;
      const char* type = attr(s, "type");
      if (type && std::string_view(type) != "paragraph") continue;
      const char* id = attr(s, "styleId");
      if (!id) continue;
      StyleInfo info;
      if (pugi::xml_node b = child(s, "basedOn")) {
        if (const char* v = attr(b, "val")) info.based_on = v;
      }
      if (pugi::xml_node nm = child(s, "name")) {
        if (const char* v = attr(nm, "val"))
          if (int l = heading_level_from_name(v)) info.level = l;
      }
      pugi::xml_node ppr = child(s, "pPr");
      if (auto o = child_val(ppr, "outlineLvl"); o && !info.level) {
        if (*o >= 0 && *o <= 8) info.level = *o + 1;
        else info.level = 0;  // 9 = body text
      }
      if (pugi::xml_node np = child(ppr, "numPr")) {
        info.num_id = child_val(np, "numId");
        info.ilvl = child_val(np, "ilvl");
      }
      styles_[id] = std::move(info);
    }
  }

  /// Heading level of a style (following basedOn), 0 for body text.
  int level(const std::string& id) const {
    std::string cur = id;
    for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
      auto it = styles_.find(cur);
      if (it == styles_.end()) break;
      if (it->second.level) return *it->second.level;
      cur = it->second.based_on;
    }
    // Unknown style ids such as "Heading2" without styles.xml.
    return heading_level_from_name(id);
  }

  /// Numbering inherited from the style chain.
  std::pair<std::optional<int>, std::optional<int>> numbering(const std::string& id) const {
    std::string cur = id;
    std::optional<int> num, lvl;
    for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
      auto it = styles_.find(cur);
      if (it == styles_.end()) break;
      if (!num && it->second.num_id) num = it->second.num_id;
      if (!lvl && it->second.ilvl) lvl = it->second.ilvl;
      cur = it->second.based_on;
    }
    return {num, lvl};
  }

 private:
  std::unordered_map<std::string, StyleInfo> styles_;
};

// ---- numbering ------------------------------------------------------------------------------

struct Level {
  int start = 1;
  std::string fmt = "decimal";
  std::string text;  // lvlText, e.g. "%1、"
  std::string suffix = "tab";
  bool is_legal = false;
  int restart = -1;  // lvlRestart (1-based level whose increment restarts this one); -1 = default
};

struct AbstractNum {
  std::array<Level, 9> levels;
};

struct Num {
  int abstract_id = -1;
  std::map<int, int> start_override;     // ilvl → start
  std::map<int, Level> level_override;   // ilvl → full level
};

class Numbering {
 public:
  void load(const pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      const std::string_view name = local(n.name());
      if (name == "abstractNum") {
        auto id = attr_int(n, "abstractNumId");
        if (!id) continue;
        AbstractNum a;
        for (pugi::xml_node l = n.first_child(); l; l = l.next_sibling())
          if (local(l.name()) == "lvl") read_level(l, a.levels);
        abstract_[*id] = std::move(a);
      } else if (name == "num") {
        auto id = attr_int(n, "numId");
        if (!id) continue;
        Num num;
        if (auto a = child_val(n, "abstractNumId")) num.abstract_id = *a;
        for (pugi::xml_node o = n.first_child(); o; o = o.next_sibling()) {
          if (local(o.name()) != "lvlOverride") continue;
          auto il = attr_int(o, "ilvl");
          if (!il || *il < 0 || *il > 8) continue;
          if (auto s = child_val(o, "startOverride")) num.start_override[*il] = *s;
          if (pugi::xml_node l = child(o, "lvl")) {
            std::array<Level, 9> tmp;
            read_level(l, tmp);
            num.level_override[*il] = tmp[static_cast<size_t>(*il)];
          }
        }
        nums_[*id] = std::move(num);
      }
    }
  }

  /// The rendered marker for a paragraph with numPr (numId, ilvl), advancing the counters;
  /// "" when unnumbered, a bullet, or unknown.
  std::string next(int num_id, int ilvl) {
    if (num_id <= 0 || ilvl < 0 || ilvl > 8) return "";
    auto nit = nums_.find(num_id);
    if (nit == nums_.end()) return "";
    const Num& num = nit->second;
    auto ait = abstract_.find(num.abstract_id);
    if (ait == abstract_.end()) return "";
    auto level_of = [&](int l) -> const Level& {
      auto o = num.level_override.find(l);
      return o != num.level_override.end() ? o->second : ait->second.levels[static_cast<size_t>(l)];
    };
    auto start_of = [&](int l) {
      auto o = num.start_override.find(l);
      return o != num.start_override.end() ? o->second : level_of(l).start;
    };
    // Counters are shared by every num of one abstract list (Word's behaviour); a num with a
    // startOverride restarts the level the first time it is used.
    auto& c = counters_[num.abstract_id];
    auto& used = used_[num_id];
    if (!used[static_cast<size_t>(ilvl)] && num.start_override.count(ilvl))
      c[static_cast<size_t>(ilvl)] = std::nullopt;
    used[static_cast<size_t>(ilvl)] = true;
    auto& cur = c[static_cast<size_t>(ilvl)];
    cur = cur ? *cur + 1 : start_of(ilvl);
    for (int d = ilvl + 1; d < 9; ++d) {
      const int r = level_of(d).restart;
      if (r == 0) continue;  // never restarts
      if (r < 0 || r - 1 <= ilvl) c[static_cast<size_t>(d)] = std::nullopt;
    }
    const Level& lv = level_of(ilvl);
    if (lv.fmt == "bullet") return "";
    std::string out;
    const std::string& t = lv.text;
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '%' && i + 1 < t.size() && t[i + 1] >= '1' && t[i + 1] <= '9') {
        const int ref = t[i + 1] - '1';
        const auto& v = c[static_cast<size_t>(ref)];
        const int value = v ? *v : start_of(ref);
        const std::string_view fmt = (lv.is_legal && ref != ilvl)
                                         ? std::string_view("decimal")
                                         : std::string_view(level_of(ref).fmt);
        out += format_number(value, fmt);
        ++i;
      } else {
        out += t[i];
      }
    }
    if (!out.empty() && lv.suffix == "space") out += ' ';
    return out;
  }

 private:
  static void read_level(pugi::xml_node l, std::array<Level, 9>& levels) {
    auto il = attr_int(l, "ilvl");
    if (!il || *il < 0 || *il > 8) return;
    Level lv;
    if (auto s = child_val(l, "start")) lv.start = *s;
    if (pugi::xml_node f = child(l, "numFmt"))
      if (const char* v = attr(f, "val")) lv.fmt = v;
    if (pugi::xml_node t = child(l, "lvlText"))
      if (const char* v = attr(t, "val")) lv.text = v;
    if (pugi::xml_node s = child(l, "suff"))
      if (const char* v = attr(s, "val")) lv.suffix = v;
    if (pugi::xml_node g = child(l, "isLgl")) {
      const char* v = attr(g, "val");
      lv.is_legal = !v || (std::string_view(v) != "0" && std::string_view(v) != "false");
    }
    if (auto r = child_val(l, "lvlRestart")) lv.restart = *r;
    levels[static_cast<size_t>(*il)] = std::move(lv);
  }

  std::map<int, AbstractNum> abstract_;
  std::map<int, Num> nums_;
  std::map<int, std::array<std::optional<int>, 9>> counters_;
  std::map<int, std::array<bool, 9>> used_;
};

// ---- document body --------------------------------------------------------------------------

class BodyReader {
 public:
  BodyReader(const Styles& styles, Numbering& numbering) : styles_(styles), numbering_(numbering) {}

  std::vector<docx::Paragraph> read(pugi::xml_node body) {
    // Explicit stack (tables nest in tables; hostile input can nest deeply).
    std::vector<pugi::xml_node> stack;
    push_children(body, stack);
    while (!stack.empty()) {
      pugi::xml_node n = stack.back();
      stack.pop_back();
      const std::string_view name = local(n.name());
      if (name == "p") {
        paragraph(n);
      } else if (name == "tbl" || name == "tr" || name == "tc" || name == "sdt" ||
                 name == "sdtContent" || name == "customXml" || name == "ins" ||
                 name == "moveTo" || name == "smartTag") {
        push_children(n, stack);
      }
      // Skipped: sectPr, del, moveFrom, bookmarks, tblPr/trPr/tcPr, altChunk, …
    }
    return std::move(paras_);
  }

 private:
  static void push_children(pugi::xml_node n, std::vector<pugi::xml_node>& stack) {
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) kids.push_back(c);
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back(*it);
  }

  void paragraph(pugi::xml_node p) {
    docx::Paragraph para;
    para.node = p;
    pugi::xml_node ppr = child(p, "pPr");
    std::string style;
    if (pugi::xml_node ps = child(ppr, "pStyle"))
      if (const char* v = attr(ps, "val")) style = v;
    para.level = style.empty() ? 0 : styles_.level(style);
    if (auto o = child_val(ppr, "outlineLvl")) para.level = (*o >= 0 && *o <= 8) ? *o + 1 : 0;
    para.level = std::clamp(para.level, 0, 6);

    // Numbering: the paragraph's own numPr, else the style's.
    std::optional<int> num, lvl;
    if (pugi::xml_node np = child(ppr, "numPr")) {
      num = child_val(np, "numId");
      lvl = child_val(np, "ilvl");
    }
    if (!num && !style.empty()) {
      auto [sn, sl] = styles_.numbering(style);
      num = sn;
      if (!lvl) lvl = sl;
    }
    if (num && *num > 0) para.text = numbering_.next(*num, lvl.value_or(0));
    para.prefix = static_cast<uint32_t>(para.text.size());
    read_runs(para);
    paras_.push_back(std::move(para));
  }

 public:
  /// The run text and pieces of `para` after its prefix.
  static void read_runs(docx::Paragraph& para) {
    para.text.resize(para.prefix);
    para.pieces.clear();
    runs(para.node, para, 0);
    // Literal line breaks in w:t would shift the paragraph ↔ line mapping.
    for (char& c : para.text)
      if (c == '\n' || c == '\r') c = ' ';
  }

 private:

  // <w:rPr><w:vanish/></w:rPr> (w:val="0"/"false" turns it off).
  static bool hidden(pugi::xml_node r) {
    pugi::xml_node v = child(child(r, "rPr"), "vanish");
    if (!v) return false;
    const char* val = attr(v, "val");
    return !val || (std::string_view(val) != "0" && std::string_view(val) != "false");
  }

  static void add(docx::Paragraph& para, std::string_view v, docx::Piece::Kind kind,
                  pugi::xml_node node) {
    if (v.empty()) return;
    const auto b = static_cast<uint32_t>(para.text.size());
    para.text.append(v);
    para.pieces.push_back({b, static_cast<uint32_t>(para.text.size()), kind, node});
  }

  static void runs(pugi::xml_node n, docx::Paragraph& para, int depth) {
    if (depth > 64) return;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = local(c.name());
      if (name == "t") {
        std::string_view v = c.text().get();
        const char* space = attr(c, "space");
        if (!space || std::string_view(space) != "preserve") {
          while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' ||
                                v.front() == '\r'))
            v.remove_prefix(1);
          while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' ||
                                v.back() == '\r'))
            v.remove_suffix(1);
        }
        add(para, v, docx::Piece::Kind::Text, c);
      } else if (name == "tab") {
        // w:pPr/w:tabs/w:tab are tab stops
        if (local(n.name()) == "r") add(para, "\t", docx::Piece::Kind::Tab, c);
      } else if (name == "br" || name == "cr") {
        add(para, " ", docx::Piece::Kind::Break, c);
      } else if (name == "noBreakHyphen") {
        add(para, "-", docx::Piece::Kind::Hyphen, c);
      } else if (name == "r" && hidden(c)) {
        continue;  // hidden text (w:vanish) is not part of the printed report
      } else if (name == "r" || name == "hyperlink" || name == "ins" || name == "smartTag" ||
                 name == "sdt" || name == "sdtContent" || name == "fldSimple" ||
                 name == "customXml" || name == "moveTo" || name == "dir" || name == "bdo") {
        runs(c, para, depth + 1);
      }
      // Skipped: del, moveFrom, delText, instrText, rPr, pPr, drawing, pict,
      // AlternateContent (text boxes), footnote/endnote references, …
    }
  }

  const Styles& styles_;
  Numbering& numbering_;
  std::vector<docx::Paragraph> paras_;
};

bool parse_xml(const std::string& data, pugi::xml_document& doc, std::string* why,
               unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata) {
  pugi::xml_parse_result r =
      doc.load_buffer(data.data(), data.size(), flags, pugi::encoding_auto);
  if (!r) {
    if (why) *why = std::string(r.description()) + "，第 " + std::to_string(r.offset + 1) + " 字节";
    return false;
  }
  return true;
}

}  // namespace

// ---- the shared package model (docx_model.h) -------------------------------------------------

namespace docx {

struct Package::Zip {
  ZipPtr zip;
};

Package::~Package() = default;

Result<std::unique_ptr<Package>> Package::open(std::string_view bytes, size_t budget) {
  zip_error_t zerr;
  zip_error_init(&zerr);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!src) {
    zip_error_fini(&zerr);
    return Error{"", 0, 0, "无法读取 .docx 文件（内存不足）"};
  }
  ZipPtr zip(zip_open_from_source(src, ZIP_RDONLY, &zerr));
  if (!zip) {
    zip_source_free(src);
    zip_error_fini(&zerr);
    return Error{"", 0, 0,
                 "不是有效的 .docx 文件（无法作为 ZIP 压缩包打开）；如为旧版 .doc 或 WPS 文件，"
                 "请在 Word/WPS 中另存为 .docx"};
  }
  zip_error_fini(&zerr);
  std::unique_ptr<Package> p(new Package());
  p->zip_ = std::make_unique<Zip>(Zip{std::move(zip)});
  p->budget_ = budget;
  return p;
}

std::string Package::entry_name(std::string_view name) const {
  const std::string n(name);
  const zip_int64_t idx = zip_name_locate(zip_->zip.get(), n.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) return "";
  const char* real = zip_get_name(zip_->zip.get(), static_cast<zip_uint64_t>(idx), 0);
  return real ? real : "";
}

// Reads `name`, refusing to inflate more than the remaining budget in total.
Package::Status Package::read(std::string_view name, std::string& out) {
  const std::string n(name);
  const zip_int64_t idx = zip_name_locate(zip_->zip.get(), n.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) return Status::Missing;
  std::unique_ptr<zip_file_t, ZipFileCloser> f(
      zip_fopen_index(zip_->zip.get(), static_cast<zip_uint64_t>(idx), 0));
  if (!f) return Status::Failed;
  out.clear();
  char buf[65536];
  for (;;) {
    const zip_int64_t got = zip_fread(f.get(), buf, sizeof buf);
    if (got < 0) return Status::Failed;
    if (got == 0) break;
    if (static_cast<size_t>(got) > budget_) return Status::TooLarge;
    budget_ -= static_cast<size_t>(got);
    out.append(buf, static_cast<size_t>(got));
  }
  return Status::Ok;
}

std::string_view local_name(const char* qname) { return local(qname); }
pugi::xml_node child_element(pugi::xml_node n, std::string_view name) { return child(n, name); }
const char* attribute(pugi::xml_node n, std::string_view name) { return attr(n, name); }

Result<std::unique_ptr<DocumentModel>> read_document(Package& pkg, unsigned parse_flags) {
  const size_t limit = pkg.budget();
  auto model = std::make_unique<DocumentModel>();
  std::string xml;
  switch (pkg.read(model->part_name, xml)) {
    case Package::Status::Ok: break;
    case Package::Status::Missing:
      return Error{"", 0, 0, "不是 Word 文档：.docx 压缩包中没有 word/document.xml"};
    case Package::Status::TooLarge:
      return Error{"", 0, 0,
                   "word/document.xml 解压后超过 " + std::to_string(limit) +
                       " 字节的上限（疑似压缩炸弹），未检查"};
    case Package::Status::Failed:
      return Error{"", 0, 0, "无法解压 word/document.xml（文件损坏或已加密）"};
  }
  model->part_name = pkg.entry_name(model->part_name);
  std::string why;
  if (!parse_xml(xml, model->xml, &why, parse_flags))
    return Error{"", 0, 0, "word/document.xml 不是有效的 XML（" + why + "）"};
  pugi::xml_node root = model->xml.document_element();
  pugi::xml_node body = child(root, "body");
  if (!root || local(root.name()) != "document" || !body)
    return Error{"", 0, 0, "word/document.xml 中没有正文（w:body）"};

  // Styles and numbering are optional: without them we lose headings/numbers, not the text.
  Styles styles;
  Numbering numbering;
  std::string aux;
  if (pkg.read("word/styles.xml", aux) == Package::Status::Ok) {
    pugi::xml_document sd;
    if (parse_xml(aux, sd, nullptr)) styles.load(sd);
  }
  if (pkg.read("word/numbering.xml", aux) == Package::Status::Ok) {
    pugi::xml_document nd;
    if (parse_xml(aux, nd, nullptr)) numbering.load(nd);
  }
  model->paragraphs = BodyReader(styles, numbering).read(body);
  return model;
}

void reread_pieces(Paragraph& p) { BodyReader::read_runs(p); }

}  // namespace docx

namespace detail {

Result<SourceText> ingest_docx(std::string_view bytes, const Options& opts) {
  const size_t budget = opts.max_bytes > SIZE_MAX / 8 ? SIZE_MAX : opts.max_bytes * 8;
  auto pkg = docx::Package::open(bytes, budget);
  if (!pkg) return pkg.error();
  auto model = docx::read_document(**pkg, pugi::parse_default | pugi::parse_ws_pcdata);
  if (!model) return model.error();
  const std::vector<docx::Paragraph>& paras = (*model)->paragraphs;

  std::vector<ParaText> lines;
  lines.reserve(paras.size());
  for (const auto& p : paras)
    lines.push_back({p.text, p.level,
                     static_cast<uint32_t>(
                         text::count_code_points(std::string_view(p.text).substr(0, p.prefix)))});
  return join_paragraphs(Format::Docx, lines, opts);
}

Result<SourceText> join_paragraphs(Format format, const std::vector<ParaText>& paras,
                                   const Options& opts) {
  SourceText st;
  st.format = format;
  st.encoding = "UTF-8";
  size_t total = 0;
  for (const auto& p : paras) total += p.text.size() + 1;
  if (total > opts.max_bytes)
    return Error{"", 0, 0,
                 "文档正文过长（" + std::to_string(total) + " 字节），超过 " +
                     std::to_string(opts.max_bytes) + " 字节的上限，未检查"};
  st.text.reserve(total);
  st.numbering_chars.reserve(paras.size());
  for (const auto& p : paras) st.numbering_chars.push_back(p.numbering_chars);
  for (size_t i = 0; i < paras.size(); ++i) {
    if (i) st.text += '\n';
    // pugixml hands us bytes as written; a malformed document may carry invalid UTF-8.
    const size_t begin = st.text.size();
    if (text::is_valid_utf8(paras[i].text)) {
      st.text += paras[i].text;
    } else {
      DecodedText d = decode_as(paras[i].text, "UTF-8");
      for (auto& is : d.issues) {
        is.span.begin += static_cast<uint32_t>(begin);
        is.span.end += static_cast<uint32_t>(begin);
        st.issues.push_back(std::move(is));
      }
      st.text += d.text;
    }
    ByteSpan s = text::trim_span(st.text, {static_cast<uint32_t>(begin),
                                           static_cast<uint32_t>(st.text.size())});
    if (s.empty()) continue;
    Block b;
    b.span = s;
    if (paras[i].level > 0) {
      b.kind = Block::Kind::Heading;
      b.heading_level = paras[i].level;
    }
    st.blocks.push_back(b);
  }
  add_text_issues(st.text, st.issues);
  return st;
}

}  // namespace detail

}  // namespace fz::ingest
