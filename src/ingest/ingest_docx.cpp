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
// Limits (docs/limits.md), all derived from Options::max_bytes (M, the extracted-text limit):
// decompressed XML of all parts together ≤ 8 M (zip bombs); XML nodes (elements + attributes)
// of one part ≤ M / 8 + 64 Ki, checked before the part is parsed (the DOM costs ~50 bytes a
// node); the text is bounded WHILE it is built: every paragraph costs its text + 1 +
// sizeof(docx::Paragraph) of bookkeeping, numbering labels included (lvlText is cut at 256
// bytes), and the document is refused as soon as that sum passes M, so neither a lvlText
// repeated under a huge w:start nor millions of empty <w:p/> can expand. Pieces are bounded by
// the node limit. Peak memory stays below 12 M + 16 MiB (tests/cli/docx_amplification.sh).
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
#include "ingest/libzip.h"
#include "text/utf8.h"

namespace fz::ingest {

namespace {

// ---- zip ------------------------------------------------------------------------------------

struct ZipCloser {
  void operator()(zip_t* z) const { libzip::api()->discard(z); }  // open() loaded it
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { libzip::api()->fclose(f); }
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

constexpr size_t kMaxLvlText = 256;  // Word's own lvlText is a few characters

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
      if (const char* v = attr(t, "val")) lv.text = std::string(v).substr(0, kMaxLvlText);
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

/// Bytes one paragraph costs against the text limit besides its text and line break: the
/// Paragraph record. Counting it bounds the paragraph list, not only the text.
constexpr size_t kParaOverhead = sizeof(docx::Paragraph);

class BodyReader {
 public:
  BodyReader(const Styles& styles, Numbering& numbering, size_t max_text)
      : styles_(styles), numbering_(numbering), budget_(max_text) {}

  /// The paragraphs, or nothing when the text (with kParaOverhead per paragraph) would pass
  /// max_text: reading stops at that point, so the expansion never happens.
  std::optional<std::vector<docx::Paragraph>> read(pugi::xml_node body) {
    if (!walk(body)) return std::nullopt;
    return take();
  }

  /// Append the paragraphs of `container` (the body, a w:footnote, a w:endnote) tagged with
  /// `part`; false once the text budget is over.
  bool walk(pugi::xml_node container, docx::Part part = docx::Part::Document) {
    part_ = part;
    // Sibling walk with a stack of resume points (tables nest in tables; hostile input can
    // nest deeply): memory grows with the nesting depth, not with the number of children.
    std::vector<pugi::xml_node> resume;
    pugi::xml_node n = container.first_child();
    while (!budget_.over()) {
      if (!n) {
        if (resume.empty()) break;
        n = resume.back();
        resume.pop_back();
        continue;
      }
      const std::string_view name = n.type() == pugi::node_element ? local(n.name()) : "";
      if (name == "p") {
        paragraph(n);
      } else if (name == "tbl" || name == "tr" || name == "tc" || name == "sdt" ||
                 name == "sdtContent" || name == "customXml" || name == "ins" ||
                 name == "moveTo" || name == "smartTag") {
        resume.push_back(n.next_sibling());
        n = n.first_child();
        continue;
      }
      // Skipped: sectPr, del, moveFrom, bookmarks, tblPr/trPr/tcPr, altChunk, …
      n = n.next_sibling();
    }
    return !budget_.over();
  }

  size_t size() const { return paras_.size(); }
  std::vector<docx::Paragraph> take() { return std::move(paras_); }

 private:

  void paragraph(pugi::xml_node p) {
    docx::Paragraph para;
    para.node = p;
    para.part = part_;
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
    if (!budget_.spend(para.text.size() + 1 + kParaOverhead)) return;
    read_runs(para, &budget_);
    if (budget_.over()) return;
    paras_.push_back(std::move(para));
  }

 public:
  /// The run text and pieces of `para` after its prefix; every append is charged to `budget`
  /// (when given) before it happens, and reading stops once it is over.
  static void read_runs(docx::Paragraph& para, docx::TextBudget* budget = nullptr) {
    para.text.resize(para.prefix);
    para.pieces.clear();
    runs(para.node, para, 0, budget);
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
                  pugi::xml_node node, docx::TextBudget* budget) {
    if (v.empty()) return;
    if (budget && !budget->fits(v.size())) return;  // a run longer than what is left: not copied
    const auto b = static_cast<uint32_t>(para.text.size());
    para.text.append(v);
    para.pieces.push_back({b, static_cast<uint32_t>(para.text.size()), kind, node});
  }

  static void runs(pugi::xml_node n, docx::Paragraph& para, int depth, docx::TextBudget* budget) {
    if (depth > 64) return;
    for (pugi::xml_node c = n.first_child(); c && !(budget && budget->over());
         c = c.next_sibling()) {
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
        add(para, v, docx::Piece::Kind::Text, c, budget);
      } else if (name == "tab") {
        // w:pPr/w:tabs/w:tab are tab stops
        if (local(n.name()) == "r") add(para, "\t", docx::Piece::Kind::Tab, c, budget);
      } else if (name == "br" || name == "cr") {
        add(para, " ", docx::Piece::Kind::Break, c, budget);
      } else if (name == "noBreakHyphen") {
        add(para, "-", docx::Piece::Kind::Hyphen, c, budget);
      } else if (name == "r" && hidden(c)) {
        continue;  // hidden text (w:vanish) is not part of the printed report
      } else if (name == "r" || name == "hyperlink" || name == "ins" || name == "smartTag" ||
                 name == "sdt" || name == "sdtContent" || name == "fldSimple" ||
                 name == "customXml" || name == "moveTo" || name == "dir" || name == "bdo") {
        runs(c, para, depth + 1, budget);
      }
      // Skipped: del, moveFrom, delText, instrText, rPr, pPr, drawing, pict,
      // AlternateContent (text boxes), footnote/endnote references, …
    }
  }

  const Styles& styles_;
  Numbering& numbering_;
  docx::TextBudget budget_;
  std::vector<docx::Paragraph> paras_;
  docx::Part part_ = docx::Part::Document;
};

/// Parses `data` in place (no second copy of the part); `data` must outlive `doc`.
bool parse_xml(std::string& data, pugi::xml_document& doc, std::string* why,
               unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata) {
  pugi::xml_parse_result r =
      doc.load_buffer_inplace(data.data(), data.size(), flags, pugi::encoding_auto);
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
  const libzip::Api* z = libzip::api();
  if (!z) return Error{"", 0, 0, libzip::error()};
  zip_error_t zerr;
  z->error_init(&zerr);
  zip_source_t* src = z->source_buffer_create(bytes.data(), bytes.size(), 0, &zerr);
  if (!src) {
    z->error_fini(&zerr);
    return Error{"", 0, 0, "无法读取 .docx 文件（内存不足）"};
  }
  ZipPtr zip(z->open_from_source(src, ZIP_RDONLY, &zerr));
  if (!zip) {
    z->source_free(src);
    z->error_fini(&zerr);
    return Error{"", 0, 0,
                 "不是有效的 .docx 文件（无法作为 ZIP 压缩包打开）；如为旧版 .doc 或 WPS 文件，"
                 "请在 Word/WPS 中另存为 .docx"};
  }
  z->error_fini(&zerr);
  std::unique_ptr<Package> p(new Package());
  p->zip_ = std::make_unique<Zip>(Zip{std::move(zip)});
  p->budget_ = budget;
  return p;
}

std::string Package::entry_name(std::string_view name) const {
  const libzip::Api& z = *libzip::api();
  const std::string n(name);
  const zip_int64_t idx = z.name_locate(zip_->zip.get(), n.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) return "";
  const char* real = z.get_name(zip_->zip.get(), static_cast<zip_uint64_t>(idx), 0);
  return real ? real : "";
}

// Reads `name`, refusing to inflate more than the remaining budget in total.
Package::Status Package::read(std::string_view name, std::string& out) {
  const libzip::Api& z = *libzip::api();
  const std::string n(name);
  const zip_int64_t idx = z.name_locate(zip_->zip.get(), n.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) return Status::Missing;
  std::unique_ptr<zip_file_t, ZipFileCloser> f(
      z.fopen_index(zip_->zip.get(), static_cast<zip_uint64_t>(idx), 0));
  if (!f) return Status::Failed;
  out.clear();
  // Reserve the declared size (when within budget): growing by doubling would make the string's
  // capacity up to twice the part. A lying declaration only costs the doubling again.
  zip_stat_t zs;
  z.stat_init(&zs);
  const bool sized = z.stat_index(zip_->zip.get(), static_cast<zip_uint64_t>(idx), 0, &zs) == 0 &&
                     (zs.valid & ZIP_STAT_SIZE);
  if (sized) {
    if (zs.size > budget_) return Status::TooLarge;
    out.reserve(static_cast<size_t>(zs.size) + 1);
  }
  char buf[65536];
  for (;;) {
    const zip_int64_t got = z.fread(f.get(), buf, sizeof buf);
    if (got < 0) return Status::Failed;
    if (got == 0) break;
    if (static_cast<size_t>(got) > budget_) return Status::TooLarge;
    budget_ -= static_cast<size_t>(got);
    out.append(buf, static_cast<size_t>(got));
  }
  // An entry that inflates to another length than it declares is damaged: a reader that stops at
  // the declared size (Word, a strict unzip) sees other text than this one (found by
  // fuzz_annotate: a relationships part copied as it was came out unreadable).
  if (sized && out.size() != zs.size) return Status::Failed;
  return Status::Ok;
}

std::string_view local_name(const char* qname) { return local(qname); }
pugi::xml_node child_element(pugi::xml_node n, std::string_view name) { return child(n, name); }
const char* attribute(pugi::xml_node n, std::string_view name) { return attr(n, name); }

size_t xml_node_limit(size_t max_text) {
  return max_text / 8 > SIZE_MAX - (64u << 10) ? SIZE_MAX : max_text / 8 + (64u << 10);
}

size_t count_xml_nodes(std::string_view xml) {
  size_t n = 0;
  for (char c : xml) n += (c == '<') + (c == '=');  // '=' in text only errs on the safe side
  return n;
}

Error too_many_nodes(std::string_view part, size_t nodes, size_t limit) {
  return Error{"", 0, 0,
               std::string(part) + " 约有 " + std::to_string(nodes) + " 个 XML 节点，超过上限 " +
                   std::to_string(limit) +
                   "（文本上限的八分之一加 65536；check 与 batch 可用 --max-size 调整），"
                   "疑似构造的放大文件，未检查"};
}

Error text_over_limit(size_t max_text, size_t per_paragraph) {
  return Error{"", 0, 0,
               "文档正文（含自动编号和每段 " + std::to_string(per_paragraph) +
                   " 字节的段落开销）超过 " + std::to_string(max_text) +
                   " 字节的上限（check 与 batch 可用 --max-size 调整），已在读取中途停止，未检查"};
}

Result<std::unique_ptr<DocumentModel>> read_document(Package& pkg, unsigned parse_flags,
                                                     size_t max_text) {
  const size_t limit = pkg.budget();
  auto model = std::make_unique<DocumentModel>();
  std::string& xml = model->buffer;
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
  const size_t node_limit = xml_node_limit(max_text);
  const size_t body_nodes = count_xml_nodes(xml);
  if (body_nodes > node_limit) return too_many_nodes("word/document.xml", body_nodes, node_limit);
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
    if (size_t n = count_xml_nodes(aux); n > node_limit)
      return too_many_nodes("word/styles.xml", n, node_limit);
    pugi::xml_document sd;
    if (parse_xml(aux, sd, nullptr)) styles.load(sd);
  }
  if (pkg.read("word/numbering.xml", aux) == Package::Status::Ok) {
    if (size_t n = count_xml_nodes(aux); n > node_limit)
      return too_many_nodes("word/numbering.xml", n, node_limit);
    pugi::xml_document nd;
    if (parse_xml(aux, nd, nullptr)) numbering.load(nd);
  }
  std::string().swap(aux);
  BodyReader reader(styles, numbering, max_text);
  if (!reader.walk(body)) return text_over_limit(max_text, kParaOverhead);
  model->body_paragraphs = reader.size();

  // Footnotes and endnotes: the ones the body references, numbered in order of first reference
  // (as Word numbers them), read with the same reader and text budget after the body. A
  // separator or continuation note is never referenced from the body, and is skipped by type.
  std::vector<int> refs[2];
  std::map<int, pugi::xml_node> ref_node[2];
  {
    std::vector<pugi::xml_node> stack{body};
    while (!stack.empty()) {
      pugi::xml_node n = stack.back();
      stack.pop_back();
      for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view ln = local(c.name());
        if (ln == "del" || ln == "moveFrom") continue;  // deleted: Word shows no number for it
        const int k = ln == "footnoteReference" ? 0 : ln == "endnoteReference" ? 1 : -1;
        if (k >= 0) {
          if (auto id = attr_int(c, "id");
              id && ref_node[k].emplace(*id, c).second)
            refs[k].push_back(*id);
          continue;
        }
        stack.push_back(c);
      }
    }
  }
  static constexpr const char* kNoteParts[2] = {"word/footnotes.xml", "word/endnotes.xml"};
  size_t notes_nodes = body_nodes;
  static constexpr std::string_view kNoteElem[2] = {"footnote", "endnote"};
  for (int k = 0; k < 2; ++k) {
    if (refs[k].empty()) continue;
    auto part = std::make_unique<NotesPart>();
    switch (pkg.read(kNoteParts[k], part->buffer)) {
      case Package::Status::Ok: break;
      case Package::Status::Missing: continue;  // references to nothing: Word shows no text
      case Package::Status::TooLarge:
        return Error{"", 0, 0,
                     std::string(kNoteParts[k]) + " 解压后超过 " + std::to_string(limit) +
                         " 字节的上限（疑似压缩炸弹），未检查"};
      case Package::Status::Failed:
        return Error{"", 0, 0, std::string("无法解压 ") + kNoteParts[k] + "（文件损坏或已加密）"};
    }
    part->part_name = pkg.entry_name(kNoteParts[k]);
    // The notes' DOMs live beside the body's: the node limit is shared by all three parts, so
    // the peak memory bound of docs/limits.md holds with notes.
    const size_t part_nodes = count_xml_nodes(part->buffer);
    if (part_nodes > node_limit - std::min(node_limit, notes_nodes))
      return too_many_nodes(kNoteParts[k], notes_nodes + part_nodes, node_limit);
    notes_nodes += part_nodes;
    if (!parse_xml(part->buffer, part->xml, &why, parse_flags))
      return Error{"", 0, 0, std::string(kNoteParts[k]) + " 不是有效的 XML（" + why + "）"};
    std::map<int, pugi::xml_node> by_id;
    for (pugi::xml_node n = part->xml.document_element().first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element || local(n.name()) != kNoteElem[k]) continue;
      const char* type = attr(n, "type");
      if (type && std::string_view(type) != "normal") continue;  // separator, continuation…
      if (auto id = attr_int(n, "id")) by_id.emplace(*id, n);
    }
    const Part p = k == 0 ? Part::Footnotes : Part::Endnotes;
    uint32_t number = 0;
    for (int id : refs[k]) {
      auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      ++number;
      const size_t first = reader.size();
      if (!reader.walk(it->second, p)) return text_over_limit(max_text, kParaOverhead);
      if (reader.size() > first)
        model->notes.push_back({p, number, first, reader.size() - first, ref_node[k][id]});
    }
    (k == 0 ? model->footnotes : model->endnotes) = std::move(part);
  }
  model->paragraphs = reader.take();
  return model;
}

void reread_pieces(Paragraph& p) { BodyReader::read_runs(p); }

}  // namespace docx

namespace detail {

Result<SourceText> ingest_docx(std::string_view bytes, const Options& opts) {
  const size_t budget = opts.max_bytes > SIZE_MAX / 8 ? SIZE_MAX : opts.max_bytes * 8;
  auto pkg = docx::Package::open(bytes, budget);
  if (!pkg) return pkg.error();
  auto model = docx::read_document(**pkg, pugi::parse_default | pugi::parse_ws_pcdata,
                                   opts.max_bytes);
  if (!model) return model.error();
  std::vector<docx::Paragraph>& paras = (*model)->paragraphs;
  // The reader needs only the text: free the DOM, the part it was parsed in place from, and the
  // pieces (which point into the DOM) before the text is assembled.
  (*model)->xml.reset();
  std::string().swap((*model)->buffer);
  for (auto& p : paras) std::vector<docx::Piece>().swap(p.pieces);

  (*model)->footnotes.reset();
  (*model)->endnotes.reset();

  std::vector<ParaText> lines;
  lines.reserve(paras.size());
  for (const auto& p : paras)
    lines.push_back({p.text, p.part == docx::Part::Document ? p.level : 0,
                     static_cast<uint32_t>(
                         text::count_code_points(std::string_view(p.text).substr(0, p.prefix)))});
  auto st = join_paragraphs(Format::Docx, lines, opts);
  if (!st || (*model)->notes.empty()) return st;
  // The note region: lines from body_paragraphs on. Its blocks leave `blocks` for `note_blocks`
  // (the outline of the body must not see them).
  const size_t body_lines = (*model)->body_paragraphs;
  size_t off = 0;
  for (size_t line = 0; line < body_lines && off != std::string::npos; ++line) {
    off = st->text.find('\n', off);
    if (off != std::string::npos) ++off;
  }
  if (off == std::string::npos) return st;  // cannot happen: one line per paragraph
  st->body_end = static_cast<uint32_t>(body_lines == 0 ? 0 : off - 1);
  const uint32_t notes_begin = static_cast<uint32_t>(off);
  auto split = std::find_if(st->blocks.begin(), st->blocks.end(),
                            [&](const Block& b) { return b.span.begin >= notes_begin; });
  st->note_blocks.assign(split, st->blocks.end());
  st->blocks.erase(split, st->blocks.end());
  for (const auto& n : (*model)->notes)
    st->notes.push_back({n.part == docx::Part::Footnotes ? Note::Kind::Footnote : Note::Kind::Endnote,
                         n.number, static_cast<uint32_t>(n.first), static_cast<uint32_t>(n.count)});
  return st;
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
