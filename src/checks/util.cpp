#include "checks/util.h"
#include "text/utf8.h"

#include <algorithm>

namespace fz::checks {

namespace {

// The start of a long pattern, cut at a character boundary, for error messages.
std::string pattern_head(const std::string& pattern) {
  constexpr size_t kShown = 60;
  if (pattern.size() <= kShown) return pattern;
  return std::string(text::head_bytes(pattern, kShown)) + "……";
}

}  // namespace

std::string too_many_patterns(size_t n) {
  return "正则表达式过多：" + std::to_string(n) + " 个，上限 " + std::to_string(kMaxPatternsPerList) +
         " 个（请拆分为多条规则）";
}

char32_t detail::decode_utf8_rest(std::string_view s, size_t pos, size_t* len) {
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

void register_group(RegexList& list) {
  prefilter::Collector* c = prefilter::active_collector();
  if (!c || list.empty()) return;
  std::vector<const Regex*> members;
  for (auto& re : list) members.push_back(re.get());
  list.set_filter_group(c->target(), c->add_group(members));
}

RE2::Options limited_options() {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(RE2::Options::EncodingUTF8);
  opts.set_max_mem(kPatternMaxMem);
  return opts;
}

RegexPtr compile_limited(const std::string& pattern, std::string* error) {
  if (pattern.size() > kMaxPatternBytes) {
    *error = "正则表达式过长：" + std::to_string(pattern.size()) + " 字节，上限 " +
             std::to_string(kMaxPatternBytes) + " 字节（" + pattern_head(pattern) + "）";
    return nullptr;
  }
  const RE2::Options opts = limited_options();
  // A pattern of the shipped pack is valid and within the limits (regex.h; a test compiles
  // them all): its program is built on first use.
  if (TrustedPatterns::active()) return Regex::deferred(pattern, opts);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (re->error_code() == RE2::ErrorPatternTooLarge) {
    *error = "正则表达式过于复杂：编译后超出每个表达式 " + std::to_string(kPatternMaxMem >> 20) +
             " MiB 的内存上限（" + pattern_head(pattern) + "）";
    return nullptr;
  }
  if (!re->ok()) {
    *error = "正则表达式无效：" + re->error() + "（" + pattern + "）";
    return nullptr;
  }
  if (re->ProgramSize() > kMaxProgramSize) {
    *error = "正则表达式过于复杂：编译后 " + std::to_string(re->ProgramSize()) + " 条指令，上限 " +
             std::to_string(kMaxProgramSize) + "（" + pattern_head(pattern) + "）";
    return nullptr;
  }
  return Regex::compiled(std::move(re));
}

Result<RegexPtr> compile_regex(const rules::RuleSpec& spec, const rules::Value* at,
                               std::string_view key, const std::string& pattern) {
  std::string error;
  RegexPtr re = compile_limited(pattern, &error);
  if (!re) return spec.error_at(at, key, error);
  if (prefilter::Collector* c = prefilter::active_collector()) c->add(*re);
  return re;
}

Result<RegexList> regex_list_of(const rules::RuleSpec& spec, const rules::Value* at,
                                std::string_view key, const std::vector<std::string>& pats) {
  if (pats.size() > kMaxPatternsPerList)
    return spec.error_at(at, key, too_many_patterns(pats.size()));
  RegexList out;
  for (auto& p : pats) {
    auto re = compile_regex(spec, at, key, p);
    if (!re) return re.error();
    out.push_back(std::move(*re));
  }
  register_group(out);
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
  if (v->array.size() > kMaxPatternsPerList)
    return spec.error_at(v, key, too_many_patterns(v->array.size()));
  RegexList out;
  for (auto& e : v->array) {
    auto re = compile_regex(spec, &e, key, e.s);
    if (!re) return re.error();
    out.push_back(std::move(*re));
  }
  register_group(out);
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

namespace detail {

namespace {
thread_local std::deque<CaptureBuffers> capture_pool;  // deque: growing keeps references valid
thread_local size_t capture_depth = 0;
}  // namespace

CaptureLease::CaptureLease() {
  if (capture_depth == capture_pool.size()) capture_pool.emplace_back();
  buf_ = &capture_pool[capture_depth++];
}
CaptureLease::~CaptureLease() { --capture_depth; }

std::string_view screen_text(std::string_view text, ByteSpan within) {
  size_t b = within.begin;
  const size_t e = std::min<size_t>(within.end, text.size());
  if (b > e) return {};
  if (b > 0) --b;
  return text.substr(b, e - b);
}

size_t next_search_pos(std::string_view text, size_t pos, size_t b, size_t e) {
  (void)b;
  if (e > pos) return e;
  size_t len = 1;  // empty match: step one code point
  if (pos < text.size()) decode_utf8(text, pos, &len);
  return pos + len;
}

bool next_span(const Regex& re, std::string_view text, ByteSpan within, size_t* pos, ByteSpan* out) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  const re2::StringPiece input(text.data(), within.end);
  re2::StringPiece m;
  while (*pos <= within.end) {
    if (!re.Match(input, *pos, within.end, RE2::UNANCHORED, &m, 1)) {
      *pos = static_cast<size_t>(within.end) + 1;
      return false;
    }
    const size_t b = m.data() - text.data();
    const size_t e = b + m.size();
    *pos = next_search_pos(text, *pos, b, e);
    if (e > b) {
      *out = ByteSpan{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
      return true;
    }
  }
  return false;
}

bool matches_in(const Regex& re, std::string_view text, ByteSpan within) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  return within.begin <= within.end &&
         re.Match(re2::StringPiece(text.data(), within.end), within.begin, within.end, RE2::UNANCHORED,
                  nullptr, 0);
}

}  // namespace detail

void LazyMatches::reset(const RegexList* res, std::string_view text, ByteSpan within) {
  res_ = res;
  text_ = text;
  within_ = within;
  started_ = false;
  none_ = -1;
  live_ = 0;
}

void LazyMatches::start() {
  if (started_) return;
  started_ = true;
  auto add = [&](const Regex& re) {
    if (live_ == cursors_.size()) cursors_.emplace_back();
    Cursor& c = cursors_[live_++];
    c.re = &re;
    c.pos = within_.begin;
    c.done = false;
    c.found.clear();
  };
  if (!res_->may_match(text_, within_)) {
    // no member can match in this node: no cursor
  } else if (res_->size() > 1 && res_->screen_in(text_, within_, screened_)) {
    for (int i : screened_) add(*(*res_)[static_cast<size_t>(i)]);
  } else {
    for (auto& re : *res_) add(*re);
  }
}

bool LazyMatches::none() {
  if (!res_ || res_->empty()) return true;
  if (none_ < 0) {
    start();
    bool any = false;
    for (size_t k = 0; k < live_; ++k) {
      Cursor& c = cursors_[k];
      if (c.done) continue;
      if (detail::may_match(*c.re, text_, within_) && detail::matches_in(*c.re, text_, within_)) {
        any = true;
        break;
      }
      c.done = true;  // no match at all: nothing for overlaps() to walk
    }
    none_ = any ? 0 : 1;
  }
  return none_ == 1;
}

bool LazyMatches::overlaps(ByteSpan m) {
  if (!res_ || res_->empty()) return false;
  start();
  // A pattern's next match starts at or after its cursor: once the cursor is at m.end, every
  // match of it that could overlap m (one starting before m.end) is in its found list.
  for (size_t k = 0; k < live_; ++k) {
    Cursor& c = cursors_[k];
    ByteSpan s;
    while (!c.done && c.pos < m.end) {
      if (!detail::next_span(*c.re, text_, within_, &c.pos, &s)) {
        c.done = true;
        break;
      }
      c.found.push_back(s);
    }
    // The first match ending after m.begin is the only one that may overlap m first.
    auto it = std::upper_bound(c.found.begin(), c.found.end(), m.begin,
                               [](uint32_t at, const ByteSpan& x) { return at < x.end; });
    if (it != c.found.end() && it->begin < m.end) return true;
  }
  return false;
}

namespace {

// The options that change what a pattern matches; a Set is only built when all members of a
// list agree on them (the Set has one Options for all its patterns).
bool same_semantics(const RE2::Options& a, const RE2::Options& b) {
  return a.encoding() == b.encoding() && a.posix_syntax() == b.posix_syntax() &&
         a.longest_match() == b.longest_match() && a.literal() == b.literal() &&
         a.never_nl() == b.never_nl() && a.dot_nl() == b.dot_nl() &&
         a.never_capture() == b.never_capture() && a.case_sensitive() == b.case_sensitive() &&
         a.perl_classes() == b.perl_classes() && a.word_boundary() == b.word_boundary() &&
         a.one_line() == b.one_line();
}

// Memory for a list's Set: the patterns' own budget per member (the Set's DFA needs room for
// states of all members at once), at most 64 MiB. When the DFA still runs out on some input,
// Match reports it and the list is scanned pattern by pattern.
constexpr int64_t kSetMaxMem = 64 << 20;

}  // namespace

const RE2::Set* RegexList::set() const {
  if (!screen_ || size() < 2) return nullptr;
  // Every member filtered by the literal pass: a node with none of their literals is already
  // skipped, and where one occurs the members are cheaper to scan than a Set is to run
  // (measured: 1,321 → 1,477 reports/s in-process).
  if (filter_group_ >= 0 && filter_size_ == size()) return nullptr;
  std::call_once(screen_->once, [&] {
    const RE2::Options& first = front()->options();
    RE2::Options opts = first;
    opts.set_log_errors(false);
    int64_t mem = 0;
    bool trusted = true;
    for (auto& re : *this) {
      if (!re || !same_semantics(first, re->options())) return;
      mem += re->options().max_mem();
      trusted = trusted && re->trusted();
    }
    opts.set_max_mem(std::min<int64_t>(mem, kSetMaxMem));
    std::vector<const std::string*> pats;
    for (auto& re : *this) pats.push_back(&re->pattern());
    if (trusted) {
      // Shipped patterns: one Set per distinct list in the process (regex.h shared_set).
      screen_->set = shared_set(pats, opts);
    } else {
      screen_->owned = build_set(pats, opts);
      screen_->set = screen_->owned.get();
    }
    screen_->size = size();
  });
  // A list grown after the Set was built: the Set no longer covers it.
  return screen_->set && screen_->size == size() ? screen_->set : nullptr;
}

bool RegexList::screen(std::string_view s, std::vector<int>& out) const {
  out.clear();
  const RE2::Set* set = this->set();
  if (!set) return false;
  RE2::Set::ErrorInfo err{};
  if (!set->Match(re2::StringPiece(s.data(), s.size()), &out, &err)) {
    out.clear();
    return err.kind == RE2::Set::kNoError;  // no match at all; otherwise (out of memory) unknown
  }
  std::sort(out.begin(), out.end());
  return true;
}

bool RegexList::screen_in(std::string_view text, ByteSpan within, std::vector<int>& out) const {
  out.clear();
  if (!may_match(text, within)) return true;
  // The literal pass member by member first: when it leaves at most kFewMembers, they are the
  // screen's answer (a superset, as a Set's may be), and the Set — whose program costs about
  // as much to build as its members' together — is neither compiled nor run for this node.
  // Measured (callgrind): at most 2 left the seed at −1.6 %, 4 at −9 %, 8 at −14.4 % and no Set
  // at all at −14.6 %; batch c300 −2.5 % both; so 8, which keeps the Set for long lists of
  // patterns without literals over long texts.
  constexpr size_t kFewMembers = 8;
  for (size_t i = 0; i < size() && out.size() <= kFewMembers; ++i)
    if (detail::may_match(*(*this)[i], text, within)) out.push_back(static_cast<int>(i));
  if (out.size() <= kFewMembers) return true;
  return screen(detail::screen_text(text, within), out);
}

bool RegexList::matches_any(std::string_view s) const {
  const re2::StringPiece input(s.data(), s.size());
  if (const RE2::Set* set = this->set()) {
    RE2::Set::ErrorInfo err{};
    if (set->Match(input, nullptr, &err)) return true;
    if (err.kind == RE2::Set::kNoError) return false;
  }
  for (auto& re : *this)
    if (RE2::PartialMatch(input, *re)) return true;
  return false;
}

void RegexList::gate_by_literals() {
  gates_.clear();
  for (auto& re : *this) gates_.push_back(prefilter::required_literals(re->pattern()));
}

bool RegexList::matches_any_gated(std::string_view s) const {
  const re2::StringPiece input(s.data(), s.size());
  for (size_t i = 0; i < size(); ++i) {
    if (i < gates_.size() && gates_[i] &&
        std::none_of(gates_[i]->begin(), gates_[i]->end(),
                     [&](const std::string& lit) { return s.find(lit) != std::string_view::npos; }))
      continue;
    if (RE2::PartialMatch(input, *(*this)[i])) return true;
  }
  return false;
}

bool has_nonempty_match(const Regex& re, std::string_view text, ByteSpan within) {
  if (!detail::may_match(re, text, within)) return false;
  if (prefilter::never_empty(re)) return detail::matches_in(re, text, within);
  bool hit = false;
  for_each_span(re, text, within, [&](ByteSpan) { return !(hit = true); });
  return hit;
}

bool has_nonempty_match(const RegexList& res, std::string_view text, ByteSpan within) {
  if (res.empty()) return false;
  thread_local std::vector<int> hit;
  if (res.size() > 1 && res.screen_in(text, within, hit)) {
    for (int i : hit)  // has_nonempty_match never screens a list: the buffer stays intact
      if (has_nonempty_match(*res[static_cast<size_t>(i)], text, within)) return true;
    return false;
  }
  for (auto& re : res)
    if (has_nonempty_match(*re, text, within)) return true;
  return false;
}

bool any_match(const RegexList& res, std::string_view text, ByteSpan within) {
  if (within.end > text.size()) within.end = static_cast<uint32_t>(text.size());
  if (within.empty() || res.empty() || !res.may_match(text, within)) return false;
  return res.matches_any(text.substr(within.begin, within.size()));
}

void all_matches(const RegexList& res, std::string_view text, ByteSpan within,
                 std::vector<ByteSpan>& out) {
  out.clear();
  if (res.empty()) return;
  auto push = [&](ByteSpan m) { out.push_back(m); };
  if (res.size() == 1) {
    for_each_span(*res.front(), text, within, push);
    return;  // one pattern's matches come in order already
  }
  thread_local std::vector<int> hit;
  if (res.screen_in(text, within, hit)) {
    if (hit.empty()) return;
    for (int i : hit) for_each_span(*res[i], text, within, push);  // `push` never re-enters
  } else {
    for (auto& re : res) for_each_span(*re, text, within, push);
  }
  std::sort(out.begin(), out.end(),
            [](ByteSpan a, ByteSpan b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
}

std::vector<ByteSpan> all_matches(const RegexList& res, std::string_view text, ByteSpan within) {
  std::vector<ByteSpan> out;
  all_matches(res, text, within, out);
  return out;
}

bool overlaps_any(ByteSpan a, const std::vector<ByteSpan>& sorted) {
  for (auto x : sorted) {
    if (x.begin >= a.end) break;  // sorted by start: no later span can overlap
    if (a.begin < x.end) return true;
  }
  return false;
}

std::vector<ByteSpan> matches_excluding(const RegexList& res, const RegexList& exclude,
                                        std::string_view text, ByteSpan within) {
  auto hits = all_matches(res, text, within);
  if (exclude.empty() || hits.empty()) return hits;
  auto ex = all_matches(exclude, text, within);
  if (ex.empty()) return hits;
  std::vector<ByteSpan> out;
  for (auto h : hits)
    if (!overlaps_any(h, ex)) out.push_back(h);
  return out;
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
