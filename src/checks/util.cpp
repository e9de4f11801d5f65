#include "checks/util.h"

#include <algorithm>

namespace fz::checks {

Result<RegexPtr> compile_regex(const rules::RuleSpec& spec, const rules::Value* at,
                               std::string_view key, const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(RE2::Options::EncodingUTF8);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok())
    return spec.error_at(at, key, "正则表达式无效：" + re->error() + "（" + pattern + "）");
  return re;
}

Result<RegexList> regex_list_of(const rules::RuleSpec& spec, const rules::Value* at,
                                std::string_view key, const std::vector<std::string>& pats) {
  RegexList out;
  for (auto& p : pats) {
    auto re = compile_regex(spec, at, key, p);
    if (!re) return re.error();
    out.push_back(std::move(*re));
  }
  return out;
}

Result<RegexList> regex_list(const rules::RuleSpec& spec, std::string_view key) {
  const rules::Value* v = spec.params.find(key);
  if (!v) return RegexList{};
  std::vector<std::string> pats;
  if (v->is_string()) {
    pats.push_back(v->s);
    return regex_list_of(spec, v, key, pats);
  }
  RegexList out;
  for (auto& e : v->array) {
    auto re = compile_regex(spec, &e, key, e.s);
    if (!re) return re.error();
    out.push_back(std::move(*re));
  }
  return out;
}

std::string param_string(const rules::RuleSpec& spec, std::string_view key, std::string def) {
  const rules::Value* v = spec.params.find(key);
  return v && v->is_string() ? v->s : def;
}
int64_t param_int(const rules::RuleSpec& spec, std::string_view key, int64_t def) {
  const rules::Value* v = spec.params.find(key);
  return v && v->type == rules::Value::Type::Int ? v->i : def;
}
bool param_bool(const rules::RuleSpec& spec, std::string_view key, bool def) {
  const rules::Value* v = spec.params.find(key);
  return v && v->type == rules::Value::Type::Bool ? v->b : def;
}
std::vector<std::string> param_strings(const rules::RuleSpec& spec, std::string_view key) {
  std::vector<std::string> out;
  const rules::Value* v = spec.params.find(key);
  if (!v) return out;
  if (v->is_string()) return {v->s};
  for (auto& e : v->array)
    if (e.is_string()) out.push_back(e.s);
  return out;
}

void for_each_match(const RE2& re, std::string_view text, ByteSpan within,
                    const std::function<void(ByteSpan, const std::vector<std::string_view>&)>& f) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  const int n = 1 + re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(n);
  std::vector<std::string_view> views(n);
  size_t pos = within.begin;
  const re2::StringPiece input(text.data(), within.end);
  while (pos <= within.end) {
    if (!re.Match(input, pos, within.end, RE2::UNANCHORED, groups.data(), n)) break;
    const size_t b = groups[0].data() - text.data();
    const size_t e = b + groups[0].size();
    for (int i = 0; i < n; ++i)
      views[i] = groups[i].data() ? std::string_view(groups[i].data(), groups[i].size())
                                  : std::string_view();
    if (e > b) f(ByteSpan{static_cast<uint32_t>(b), static_cast<uint32_t>(e)}, views);
    if (e > pos)
      pos = e;
    else {  // empty match: step one code point
      size_t len = 1;
      if (pos < text.size()) decode_utf8(text, pos, &len);
      pos += len;
    }
  }
}

bool any_match(const RegexList& res, std::string_view text, ByteSpan within) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  if (within.empty()) return false;
  re2::StringPiece input(text.data() + within.begin, within.size());
  for (auto& re : res)
    if (RE2::PartialMatch(input, *re)) return true;
  return false;
}

std::vector<ByteSpan> all_matches(const RegexList& res, std::string_view text, ByteSpan within) {
  std::vector<ByteSpan> out;
  for (auto& re : res)
    for_each_match(*re, text, within, [&](ByteSpan m, auto&) { out.push_back(m); });
  std::sort(out.begin(), out.end(),
            [](ByteSpan a, ByteSpan b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  return out;
}

std::vector<ByteSpan> matches_excluding(const RegexList& res, const RegexList& exclude,
                                        std::string_view text, ByteSpan within) {
  auto hits = all_matches(res, text, within);
  if (exclude.empty() || hits.empty()) return hits;
  auto ex = all_matches(exclude, text, within);
  std::vector<ByteSpan> out;
  for (auto h : hits) {
    bool bad = false;
    for (auto x : ex)
      if (x.begin < h.end && h.begin < x.end) {
        bad = true;
        break;
      }
    if (!bad) out.push_back(h);
  }
  return out;
}

char32_t decode_utf8(std::string_view s, size_t pos, size_t* len) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(pos);
  if (c < 0x80) { *len = 1; return c; }
  int n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || pos + n > s.size()) { *len = 1; return 0xFFFD; }
  char32_t cp = c & (0x7F >> n);
  for (int i = 1; i < n; ++i) {
    if ((b(pos + i) & 0xC0) != 0x80) { *len = 1; return 0xFFFD; }
    cp = (cp << 6) | (b(pos + i) & 0x3F);
  }
  *len = n;
  return cp;
}

std::string encode_utf8(char32_t c) {
  std::string o;
  if (c < 0x80) o += static_cast<char>(c);
  else if (c < 0x800) { o += static_cast<char>(0xC0 | (c >> 6)); o += static_cast<char>(0x80 | (c & 0x3F)); }
  else if (c < 0x10000) {
    o += static_cast<char>(0xE0 | (c >> 12)); o += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    o += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    o += static_cast<char>(0xF0 | (c >> 18)); o += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    o += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); o += static_cast<char>(0x80 | (c & 0x3F));
  }
  return o;
}

std::vector<YearMention> years_in(std::string_view text, ByteSpan within) {
  static const RE2 re(R"((到|至|—|–|-|－|~|～|〜)?\s*((?:19|20|21)\d\d)\s*年(?:度)?)");
  std::vector<YearMention> out;
  for_each_match(re, text, within, [&](ByteSpan m, const std::vector<std::string_view>& g) {
    if (!g[1].empty()) return;  // second half of a range or a target year
    // First half of a range: "2021—2025年" / "2021年—2025年".
    size_t after = g[2].data() + g[2].size() - text.data();
    std::string_view rest = text.substr(after, std::min<size_t>(12, text.size() - after));
    for (std::string_view dash : {"—", "–", "-", "－", "～", "~", "至", "年—", "年-", "年至", "年～"})
      if (rest.substr(0, dash.size()) == dash) return;
    YearMention y;
    y.year = std::stoi(std::string(g[2]));
    y.span = {static_cast<uint32_t>(g[2].data() - text.data()), m.end};
    out.push_back(y);
  });
  return out;
}

std::string heading_text(std::string_view text, const outline::Section& s) {
  std::string h(slice(text, s.heading_span));
  for (std::string_view tail : {"。", "：", ":", "；"})
    if (h.size() >= tail.size() && h.compare(h.size() - tail.size(), tail.size(), tail) == 0) {
      h.resize(h.size() - tail.size());
      break;
    }
  return h;
}

}  // namespace fz::checks
