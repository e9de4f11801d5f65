// Grammar loading (toml++, errors as values with origin:line:col) and marker matching.
#include "outline/grammar.h"

#include <algorithm>
#include <array>
#include <exception>
#include <mutex>
#include <set>

#include <toml++/toml.h>

#include "support/embedded.h"
#include "text/utf8.h"
#include "support/toml_message.h"

namespace fz::outline {
namespace {

constexpr std::string_view kHanDigits[] = {"〇", "一", "二", "三", "四", "五",
                                           "六", "七", "八", "九", "十"};

// Value of a Han digit 一…九 (1–9), 十 (10), else 0.
int han_digit(char32_t cp) {
  switch (cp) {
    case U'一': return 1;
    case U'二': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    case U'十': return 10;
    default: return 0;
  }
}

// ASCII or full-width decimal digit value, else -1.
int arabic_digit(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<int>(cp - 0xFF10);
  return -1;
}

int circled_value(char32_t cp) {
  if (cp >= 0x2460 && cp <= 0x2473) return static_cast<int>(cp - 0x2460) + 1;   // ①–⑳
  if (cp >= 0x3251 && cp <= 0x325F) return static_cast<int>(cp - 0x3251) + 21;  // ㉑–㉟
  if (cp >= 0x32B1 && cp <= 0x32BF) return static_cast<int>(cp - 0x32B1) + 36;  // ㊱–㊿
  return 0;
}

int capital_digit(char32_t cp) {
  switch (cp) {
    case U'壹': return 1;
    case U'贰': case U'貳': return 2;
    case U'叁': case U'參': return 3;
    case U'肆': return 4;
    case U'伍': return 5;
    case U'陆': case U'陸': return 6;
    case U'柒': return 7;
    case U'捌': return 8;
    case U'玖': return 9;
    case U'拾': return 10;
    default: return 0;
  }
}

int tiangan_value(char32_t cp) {
  static constexpr std::u32string_view kStems = U"甲乙丙丁戊己庚辛壬癸";
  const size_t i = kStems.find(cp);
  return i == std::u32string_view::npos ? 0 : static_cast<int>(i) + 1;
}

bool is_han_numeral_char(char32_t cp) {
  return han_digit(cp) != 0 || cp == U'〇' || cp == U'两' || cp == U'零';
}

// Characters that, right after a bare "（一" / "(1", show the numeral is part of a word or
// quantity ("（一季度…）", "(1年…)"), so the bracket is not a marker with its close missing.
bool continues_numeral_word(char32_t cp) {
  static constexpr std::u32string_view kChars =
      U"季月年日是些个次批级类方面定致律样起般直同体道并切线把号周天名项条件位家人期届轮点步代"
      U"审产系流贯带路岗网站票揽手元万亿千百分种份处所户村组支张场台套部门篇本册句字层%％.．";
  return kChars.find(cp) != std::u32string_view::npos;
}

// Characters after "一、二" that make it a list of numbers ("一、二季度", "一、二、三产业").
bool continues_number_list(char32_t cp) {
  static constexpr std::u32string_view kChars = U"、，,季月至到和或及年日号级类产个次批";
  return kChars.find(cp) != std::u32string_view::npos || is_han_numeral_char(cp);
}

bool starts_with_at(std::string_view text, uint32_t at, uint32_t end, std::string_view lit) {
  return end >= at && end - at >= lit.size() && text.compare(at, lit.size(), lit) == 0;
}

text::Decoded cp_at(std::string_view text, uint32_t at, uint32_t end) {
  if (at >= end) return {};
  return text::decode_utf8(text.substr(0, end), at);
}

bool is_open_paren(std::string_view s) { return s == "（" || s == "("; }

// Guards that keep body text from being read as a heading (see grammar.h).
bool passes_guards(std::string_view text, uint32_t after, uint32_t end, const MarkerForm& f) {
  const auto next = cp_at(text, after, end);
  if (f.numeral == NumeralClass::Arabic && next.len && arabic_digit(next.cp) >= 0) return false;
  if (f.numeral == NumeralClass::Han && next.len && is_han_numeral_char(next.cp) &&
      (f.suffix == "、" || f.suffix == "，" || f.suffix == "," || f.suffix == "." ||
       f.suffix == "．" || f.suffix == "　")) {
    const auto after_next = cp_at(text, after + next.len, end);
    if (after_next.len && continues_number_list(after_next.cp)) return false;
  }
  if (f.suffix == "　" && (!next.len || !text::is_han(next.cp))) return false;
  // "甲、乙双方", "壹、贰号": a list of stems or capitals, not a heading.
  if (f.numeral == NumeralClass::Tiangan && next.len && tiangan_value(next.cp)) return false;
  if (f.numeral == NumeralClass::Capital && next.len && capital_digit(next.cp)) return false;
  if (f.suffix.empty() && is_open_paren(f.prefix)) {
    // Missing closing bracket: only when nothing later on the line closes it and the numeral
    // does not run on into a word ("（一季度…）").
    if (!next.len || continues_numeral_word(next.cp) || text::is_space(next.cp)) return false;
    if (f.numeral == NumeralClass::Han && is_han_numeral_char(next.cp)) return false;
    std::string_view rest = text.substr(after, end - after);
    const size_t stop = rest.find("。");
    std::string_view scope = rest.substr(0, stop);
    if (scope.find("）") != std::string_view::npos || scope.find(')') != std::string_view::npos)
      return false;
  }
  if (f.prefix.empty() && f.suffix.empty()) {
    // A bare circled number must be followed by text, not by another circled number.
    if (!next.len || circled_value(next.cp) != 0) return false;
  }
  return true;
}

}  // namespace

std::string han_numeral(int v) {
  if (v < 1 || v > 99) return {};
  std::string out;
  const int tens = v / 10, ones = v % 10;
  if (tens > 1) out += kHanDigits[tens];
  if (tens >= 1) out += kHanDigits[10];
  if (ones) out += kHanDigits[ones];
  return out;
}

NumeralReadings read_numerals(std::string_view text, uint32_t at, uint32_t end, NumeralClass cls) {
  NumeralReadings out;
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  if (at >= end) return out;
  switch (cls) {
    case NumeralClass::Han:
    case NumeralClass::Capital: {
      // Up to three characters: D, 十, 十D, D十, D十D (拾 for 十 in capitals).
      auto digit = cls == NumeralClass::Han ? han_digit : capital_digit;
      int d[3] = {0, 0, 0};
      uint32_t len[3] = {0, 0, 0};
      int n = 0;
      uint32_t p = at;
      while (n < 3) {
        auto c = cp_at(text, p, end);
        if (!c.len || !digit(c.cp)) break;
        d[n] = digit(c.cp);
        p += c.len;
        len[n] = p - at;
        ++n;
      }
      if (n >= 3 && d[0] >= 2 && d[0] <= 9 && d[1] == 10 && d[2] >= 1 && d[2] <= 9)
        out.emplace_back(d[0] * 10 + d[2], len[2]);
      if (n >= 2) {
        if (d[0] == 10 && d[1] >= 1 && d[1] <= 9) out.emplace_back(10 + d[1], len[1]);
        else if (d[0] >= 2 && d[0] <= 9 && d[1] == 10) out.emplace_back(d[0] * 10, len[1]);
      }
      if (n >= 1) out.emplace_back(d[0], len[0]);
      break;
    }
    case NumeralClass::Arabic: {
      auto c1 = cp_at(text, at, end);
      int v1 = c1.len ? arabic_digit(c1.cp) : -1;
      if (v1 <= 0) break;  // no digit, or a leading zero
      auto c2 = cp_at(text, at + c1.len, end);
      int v2 = c2.len ? arabic_digit(c2.cp) : -1;
      if (v2 < 0) {
        out.emplace_back(v1, c1.len);
        break;
      }
      auto c3 = cp_at(text, at + c1.len + c2.len, end);
      if (c3.len && arabic_digit(c3.cp) >= 0) break;  // 100 and up: a quantity, not a marker
      out.emplace_back(v1 * 10 + v2, c1.len + c2.len);
      break;
    }
    case NumeralClass::Circled: {
      auto c = cp_at(text, at, end);
      if (c.len && circled_value(c.cp)) out.emplace_back(circled_value(c.cp), c.len);
      break;
    }
    case NumeralClass::Tiangan: {
      auto c = cp_at(text, at, end);
      if (c.len && tiangan_value(c.cp)) out.emplace_back(tiangan_value(c.cp), c.len);
      break;
    }
  }
  return out;
}

std::optional<Marker> match_marker(const Grammar& g, std::string_view text, uint32_t at,
                                   uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  if (at >= end) return std::nullopt;
  uint32_t best_len = 0;
  int best_ord = 0;
  std::pair<uint16_t, uint16_t> best{0, 0};
  // Most forms have no prefix, so most read the numeral right at `at`: each numeral class is
  // read there once, not once per form (a paragraph start is tried against every form).
  constexpr size_t kClasses = static_cast<size_t>(NumeralClass::Capital) + 1;
  NumeralReadings at_start[kClasses];
  bool read[kClasses] = {};
  for (const auto& [li, fi] : g.match_order) {
    const MarkerForm& f = g.form(li, fi);
    if (!starts_with_at(text, at, end, f.prefix)) continue;
    const uint32_t num_at = at + static_cast<uint32_t>(f.prefix.size());
    NumeralReadings elsewhere;
    const NumeralReadings* readings = &elsewhere;
    if (const auto k = static_cast<size_t>(f.numeral); num_at == at && k < kClasses) {
      if (!read[k]) at_start[k] = read_numerals(text, at, end, f.numeral), read[k] = true;
      readings = &at_start[k];
    } else {
      elsewhere = read_numerals(text, num_at, end, f.numeral);
    }
    for (const auto& [value, nlen] : *readings) {
      const uint32_t suf_at = num_at + nlen;
      if (!starts_with_at(text, suf_at, end, f.suffix)) continue;
      const uint32_t after = suf_at + static_cast<uint32_t>(f.suffix.size());
      if (!passes_guards(text, after, end, f)) continue;
      if (after - at > best_len) {
        best_len = after - at;
        best_ord = value;
        best = {li, fi};
      }
      break;
    }
  }
  if (!best_len) return std::nullopt;
  const MarkerForm& f = g.form(best.first, best.second);
  Marker m;
  m.span = {at, at + best_len};
  m.level = g.levels[best.first].level;
  m.ordinal = best_ord;
  m.form = f.id;
  m.canonical = f.canonical;
  m.canonical_text = canonical_marker_text(g, m.level, best_ord);
  return m;
}

std::string canonical_marker_text(const Grammar& g, int level, int ordinal) {
  if (level < 1 || level > static_cast<int>(g.levels.size())) return {};
  const MarkerLevel& lv = g.levels[level - 1];
  if (lv.forms.empty()) return {};
  const MarkerForm& f = lv.forms[lv.canonical];
  std::string num;
  switch (f.numeral) {
    case NumeralClass::Han: num = han_numeral(ordinal); break;
    case NumeralClass::Arabic: num = std::to_string(ordinal); break;
    case NumeralClass::Circled: {
      if (ordinal >= 1 && ordinal <= 20) text::append_utf8(num, 0x2460 + ordinal - 1);
      break;
    }
    case NumeralClass::Tiangan:
    case NumeralClass::Capital: break;  // never canonical: no 公文 level is written so
  }
  if (num.empty()) return {};
  return f.prefix + num + f.suffix;
}

// ---------------------------------------------------------------------------------------------
// Loading

namespace {

struct Loader {
  std::string origin;
  std::optional<Error> err;

  void fail(const toml::node* node, std::string msg) {
    if (err) return;
    Error e;
    e.origin = origin;
    if (node) {
      e.line = static_cast<uint32_t>(node->source().begin.line);
      e.column = static_cast<uint32_t>(node->source().begin.column);
    }
    e.message = std::move(msg);
    err = std::move(e);
  }

  std::optional<NumeralClass> numeral(const toml::node* node, const std::string& where) {
    auto s = node->value<std::string>();
    if (s && *s == "han") return NumeralClass::Han;
    if (s && *s == "arabic") return NumeralClass::Arabic;
    if (s && *s == "circled") return NumeralClass::Circled;
    if (s && *s == "tiangan") return NumeralClass::Tiangan;
    if (s && *s == "capital") return NumeralClass::Capital;
    fail(node, where + ": 数字类别应为 \"han\"、\"arabic\"、\"circled\"、\"tiangan\" 或 \"capital\"");
    return std::nullopt;
  }

  bool check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                  const std::string& where) {
    for (const auto& [k, v] : t) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
        fail(&v, where + "." + std::string(k.str()) + ": 未知的键");
        return false;
      }
    }
    return true;
  }

  void form(const toml::table& t, MarkerLevel& lv, NumeralClass level_numeral,
            const std::string& where) {
    if (!check_keys(t, {"id", "pattern", "canonical", "numeral", "note"}, where)) return;
    MarkerForm f;
    f.numeral = level_numeral;
    auto id = t["id"].value<std::string>();
    if (!id || id->empty()) return fail(t.get("id") ? t.get("id") : &t, where + ".id: 缺少非空字符串");
    for (char c : *id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        return fail(t.get("id"), where + ".id: 应为小写字母、数字和连字符（kebab-case）");
    }
    f.id = *id;
    auto pattern = t["pattern"].value<std::string>();
    if (!pattern) return fail(t.get("pattern") ? t.get("pattern") : &t, where + ".pattern: 缺少字符串");
    const size_t p = pattern->find("{n}");
    if (p == std::string::npos || pattern->find("{n}", p + 1) != std::string::npos)
      return fail(t.get("pattern"), where + ".pattern: 必须且只能包含一个 {n}");
    f.prefix = pattern->substr(0, p);
    f.suffix = pattern->substr(p + 3);
    if (!text::is_valid_utf8(*pattern))
      return fail(t.get("pattern"), where + ".pattern: 不是有效的 UTF-8");
    if (const toml::node* n = t.get("numeral")) {
      auto nc = numeral(n, where + ".numeral");
      if (!nc) return;
      f.numeral = *nc;
    }
    if (f.prefix.empty() && f.suffix.empty() && f.numeral != NumeralClass::Circled)
      return fail(t.get("pattern"), where + ".pattern: 序号前后至少要有一个字符（圈码除外）");
    if (const toml::node* n = t.get("canonical")) {
      auto b = n->value<bool>();
      if (!b) return fail(n, where + ".canonical: 应为布尔值");
      f.canonical = *b;
    }
    if (const toml::node* n = t.get("note")) {
      auto s = n->value<std::string>();
      if (!s) return fail(n, where + ".note: 应为字符串");
      f.note = *s;
    }
    lv.forms.push_back(std::move(f));
  }

  void level(const toml::table& t, Grammar& g, std::set<int>& seen, const std::string& where) {
    if (!check_keys(t, {"level", "numeral", "form"}, where)) return;
    auto lvl = t["level"].value<int64_t>();
    if (!lvl || *lvl < 1 || *lvl > 4)
      return fail(t.get("level") ? t.get("level") : &t, where + ".level: 应为 1 到 4 的整数");
    if (!seen.insert(static_cast<int>(*lvl)).second)
      return fail(t.get("level"), where + ".level: 层级 " + std::to_string(*lvl) + " 重复定义");
    const toml::node* nn = t.get("numeral");
    if (!nn) return fail(&t, where + ".numeral: 缺少数字类别");
    auto nc = numeral(nn, where + ".numeral");
    if (!nc) return;
    const toml::array* forms = t["form"].as_array();
    if (!forms || forms->empty())
      return fail(t.get("form") ? t.get("form") : &t, where + ".form: 至少需要一种序号写法");
    MarkerLevel lv;
    lv.level = static_cast<int>(*lvl);
    std::set<std::string> pattern_seen;
    int canon = 0;
    for (size_t i = 0; i < forms->size() && !err; ++i) {
      const std::string fw = where + ".form[" + std::to_string(i) + "]";
      const toml::table* ft = (*forms)[i].as_table();
      if (!ft) return fail(&(*forms)[i], fw + ": 应为表");
      form(*ft, lv, *nc, fw);
      if (err) return;
      const MarkerForm& f = lv.forms.back();
      if (!pattern_seen.insert(f.prefix + "{n}" + f.suffix + char('0' + int(f.numeral))).second)
        return fail(ft->get("pattern"), fw + ".pattern: 与本层另一写法重复");
      if (f.canonical) {
        ++canon;
        lv.canonical = lv.forms.size() - 1;
      }
    }
    if (canon != 1)
      return fail(forms, where + ".form: 必须恰有一种写法标为 canonical = true（现有 " +
                             std::to_string(canon) + " 种）");
    if (static_cast<int>(g.levels.size()) < lv.level) g.levels.resize(lv.level);
    g.levels[lv.level - 1] = std::move(lv);
  }

  void string_list(const toml::table& t, std::string_view key, std::vector<std::string>& out,
                   const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return;
    const toml::array* a = n->as_array();
    if (!a) return fail(n, where + "." + std::string(key) + ": 应为字符串数组");
    for (const auto& e : *a) {
      auto s = e.value<std::string>();
      if (!s || s->empty()) return fail(&e, where + "." + std::string(key) + ": 应为非空字符串");
      out.push_back(*s);
    }
  }
};

}  // namespace

Result<std::shared_ptr<const Grammar>> load_grammar(std::string_view toml_text,
                                                    std::string_view origin) {
  Loader ld;
  ld.origin = std::string(origin);
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(ld.origin));
  } catch (const toml::parse_error& e) {
    Error err;
    err.origin = ld.origin;
    err.line = static_cast<uint32_t>(e.source().begin.line);
    err.column = static_cast<uint32_t>(e.source().begin.column);
    err.message = toml_syntax_error(e.description());
    return err;
  } catch (const std::exception& e) {
    return Error{ld.origin, 0, 0, std::string("无法读取语法文件：") + e.what()};
  }

  auto g = std::make_shared<Grammar>();
  try {
    if (!ld.check_keys(root, {"level", "lexicon"}, "outline")) return *ld.err;
    const toml::array* levels = root["level"].as_array();
    if (!levels) {
      ld.fail(root.get("level") ? root.get("level") : nullptr, "level: 缺少 [[level]] 表数组");
      return *ld.err;
    }
    std::set<int> seen;
    for (size_t i = 0; i < levels->size() && !ld.err; ++i) {
      const toml::table* t = (*levels)[i].as_table();
      if (!t) {
        ld.fail(&(*levels)[i], "level[" + std::to_string(i) + "]: 应为表");
        break;
      }
      ld.level(*t, *g, seen, "level[" + std::to_string(i) + "]");
    }
    if (!ld.err && seen.size() != 4)
      ld.fail(levels, "level: 必须定义 1 到 4 全部四个层级（一、（一）1.（1））");
    if (!ld.err) {
      if (const toml::node* lx = root.get("lexicon")) {
        const toml::table* t = lx->as_table();
        if (!t) {
          ld.fail(lx, "lexicon: 应为表");
        } else if (ld.check_keys(*t, {"title_words", "title_endings", "chrome_prefixes",
                                      "chrome_contains", "issuer_suffixes", "statutory_words",
                                      "statutory_strong_words"},
                                 "lexicon")) {
          ld.string_list(*t, "title_words", g->lexicon.title_words, "lexicon");
          ld.string_list(*t, "title_endings", g->lexicon.title_endings, "lexicon");
          ld.string_list(*t, "chrome_prefixes", g->lexicon.chrome_prefixes, "lexicon");
          ld.string_list(*t, "chrome_contains", g->lexicon.chrome_contains, "lexicon");
          ld.string_list(*t, "issuer_suffixes", g->lexicon.issuer_suffixes, "lexicon");
          ld.string_list(*t, "statutory_words", g->lexicon.statutory_words, "lexicon");
          ld.string_list(*t, "statutory_strong_words", g->lexicon.statutory_strong_words, "lexicon");
        }
      }
    }
  } catch (const std::exception& e) {
    return Error{ld.origin, 0, 0, std::string("无法读取语法文件：") + e.what()};
  }
  if (ld.err) return *ld.err;

  for (uint16_t li = 0; li < g->levels.size(); ++li)
    for (uint16_t fi = 0; fi < g->levels[li].forms.size(); ++fi) g->match_order.emplace_back(li, fi);
  // Longest literal text first; among equals, canonical first, then file order.
  std::stable_sort(g->match_order.begin(), g->match_order.end(), [&](auto a, auto b) {
    const MarkerForm& fa = g->form(a.first, a.second);
    const MarkerForm& fb = g->form(b.first, b.second);
    const size_t la = fa.prefix.size() + fa.suffix.size(), lb = fb.prefix.size() + fb.suffix.size();
    if (la != lb) return la > lb;
    return fa.canonical > fb.canonical;
  });
  return std::shared_ptr<const Grammar>(std::move(g));
}

namespace {

// Used only if the embedded grammar is missing or broken (a build error that tests catch): the
// canonical forms, so parse() still works.
constexpr std::string_view kFallbackGrammar = R"(
[[level]]
level = 1
numeral = "han"
form = [{ id = "dunhao", pattern = "{n}、", canonical = true }]
[[level]]
level = 2
numeral = "han"
form = [{ id = "paren-full", pattern = "（{n}）", canonical = true }]
[[level]]
level = 3
numeral = "arabic"
form = [{ id = "dot", pattern = "{n}.", canonical = true }]
[[level]]
level = 4
numeral = "arabic"
form = [{ id = "paren-full", pattern = "（{n}）", canonical = true }]
)";

}  // namespace

std::shared_ptr<const Grammar> default_grammar() {
  static const std::shared_ptr<const Grammar> g = [] {
    for (const auto& f : fz_embedded_grammars()) {
      if (f.path != "outline.toml") continue;
      auto r = load_grammar(f.data, "<builtin>/grammars/outline.toml");
      if (r.ok()) return r.value();
    }
    auto r = load_grammar(kFallbackGrammar, "<builtin>/fallback");
    return r.ok() ? r.value() : std::make_shared<const Grammar>();
  }();
  return g;
}

}  // namespace fz::outline
