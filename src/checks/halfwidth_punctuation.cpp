// Kind `halfwidth-punctuation` (GB/T 15834: a point mark takes one character cell, i.e. the
// full-width form in Chinese text): an ASCII mark of `marks` next to Chinese text is a finding,
// with a fix to its full-width form.
//
// Not reported (these are legitimate in Chinese reports):
//  * a mark with an ASCII letter or digit on BOTH sides: 1,258 · 15:40 · 1:500 · ISO 9001:2015;
//  * a mark with no Chinese neighbour at all (English phrases, code);
//  * a mark inside a match of `skip` (URLs, e-mail addresses, document numbers written by
//    another agency such as 京政发(2025)3号 — listed in the rule file, so they can grow);
//  * a mark inside a heading marker such as "(1)" — the marker-form rules own those.
// ASCII parentheses are fixed as a pair: when one of a pair is reported, its partner is fixed
// in the same finding, so a fix never leaves "（1)" behind.
// Placeholders: {match} (the mark or the bracketed text), {fix} (its full-width form).
#include <algorithm>
#include <array>
#include <cstring>

#include "checks/util.h"

namespace fz::checks {
namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x3FFFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x3000 && c <= 0x303F) ||  // CJK symbols 、。《》〔〕
         (c >= 0xFF01 && c <= 0xFF60) ||                                  // full-width forms ，（）：
         (c >= 0x2018 && c <= 0x201D) || c == 0x2014 || c == 0x2026;      // “”‘’ — …
}
bool is_alnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

std::string_view full_width(char c) {
  switch (c) {
    case ',': return "，";
    case ';': return "；";
    case ':': return "：";
    case '(': return "（";
    case ')': return "）";
    case '?': return "？";
    case '!': return "！";
  }
  return {};
}

class HalfwidthCheck : public Check {
 public:
  std::string marks;
  std::array<bool, 256> is_mark{};  ///< byte → in `marks` (the scans test every byte)
  RegexPtr skip;  ///< the `skip` patterns as one alternation (one pass per node)

  bool has_fix() const override { return true; }

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    std::vector<ByteSpan> markers;
    outline::for_each_section(ctx.doc.sections, [&](const outline::Section& s) {
      if (!s.marker.span.empty()) markers.push_back(s.marker.span);
    });
    const std::string_view t = ctx.text;
    const auto* bytes = reinterpret_cast<const unsigned char*>(t.data());
    for (auto& node : nodes) {
      const uint32_t end = std::min<uint32_t>(node.span.end, static_cast<uint32_t>(t.size()));
      // Cheap pre-scan: most nodes hold no ASCII mark at all.
      const uint32_t first = next_mark(bytes, node.span.begin, end);
      if (first >= end) continue;
      // Previous and next code point around a one-byte mark.
      auto prev_cp = [&](uint32_t at) -> char32_t {
        if (at <= node.span.begin) return 0;
        uint32_t b = at - 1;
        while (b > node.span.begin && (static_cast<unsigned char>(t[b]) & 0xC0) == 0x80) --b;
        size_t len = 1;
        return decode_utf8(t, b, &len);
      };
      auto next_cp = [&](uint32_t at) -> char32_t {
        if (at + 1 >= end) return 0;
        size_t len = 1;
        return decode_utf8(t, at + 1, &len);
      };
      auto by_context = [&](uint32_t at) {
        const char32_t p = prev_cp(at), n = next_cp(at);
        if (is_alnum(p) && is_alnum(n)) return false;
        return is_cjk(p) || is_cjk(n);
      };
      // Most marks (1,258 · 15:40 · English text) fail on context alone; the skip patterns run
      // only on nodes that still have a candidate.
      bool candidate = false;
      for (uint32_t i = first; i < end && !candidate; ++i)
        candidate = is_mark[bytes[i]] && by_context(i);
      if (!candidate) continue;
      std::vector<ByteSpan> skipped;
      if (skip) for_each_match(*skip, t, node.span, [&](ByteSpan m, auto&) { skipped.push_back(m); });
      auto in_skip = [&](uint32_t at) {
        for (auto s : skipped)
          if (s.contains(at)) return true;
        for (auto m : markers)
          if (m.contains(at)) return true;
        return false;
      };
      auto flagged = [&](uint32_t at) { return !in_skip(at) && by_context(at); };
      // Pair ASCII parentheses inside the node.
      std::vector<uint32_t> stack;
      std::vector<std::pair<uint32_t, uint32_t>> partner;  // (pos, partner pos or UINT32_MAX)
      for (uint32_t i = node.span.begin; i < end; ++i) {
        if (t[i] == '(') stack.push_back(i);
        else if (t[i] == ')') {
          if (!stack.empty()) {
            partner.emplace_back(stack.back(), i);
            partner.emplace_back(i, stack.back());
            stack.pop_back();
          }
        }
      }
      std::sort(partner.begin(), partner.end());
      auto partner_of = [&](uint32_t at) -> uint32_t {
        auto it = std::lower_bound(partner.begin(), partner.end(), std::make_pair(at, 0u));
        return it != partner.end() && it->first == at ? it->second : UINT32_MAX;
      };
      std::vector<uint32_t> done;
      for (uint32_t i = node.span.begin; i < end; ++i) {
        const char c = t[i];
        if (!mark(c)) continue;
        if (std::find(done.begin(), done.end(), i) != done.end()) continue;
        if (!flagged(i)) continue;
        const uint32_t other = (c == '(' || c == ')') ? partner_of(i) : UINT32_MAX;
        if (other == UINT32_MAX || in_skip(other)) {
          const std::string fw(full_width(c));
          out.emit({i, i + 1}, {{"match", std::string(1, c)}, {"fix", fw}}, {Fix{{i, i + 1}, fw}});
          continue;
        }
        const uint32_t a = std::min(i, other), b = std::max(i, other);
        done.push_back(b);
        std::string fixed = "（" + std::string(t.substr(a + 1, b - a - 1)) + "）";
        out.emit({a, b + 1}, {{"match", std::string(t.substr(a, b + 1 - a))}, {"fix", fixed}},
                 {Fix{{a, a + 1}, "（"}, Fix{{b, b + 1}, "）"}});
      }
    }
  }

 private:
  bool mark(char c) const { return is_mark[static_cast<unsigned char>(c)]; }
  /// The first byte in [i, end) that is one of `marks` (all ASCII), or `end`. Chinese text is
  /// mostly bytes ≥ 0x80: eight of them at a time are stepped over without a table look-up.
  uint32_t next_mark(const unsigned char* bytes, uint32_t i, uint32_t end) const {
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    while (i < end) {
      if (i + 8 <= end) {
        uint64_t w;
        std::memcpy(&w, bytes + i, 8);
        if ((w & kHigh) == kHigh) {
          i += 8;
          continue;
        }
      }
      if (is_mark[bytes[i]]) return i;
      ++i;
    }
    return end;
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<HalfwidthCheck>();
  c->marks = param_string(spec, "marks", ",;:()?!");
  for (char m : c->marks)
    if (full_width(m).empty())
      return spec.error_at(spec.params.find("marks"), "marks",
                           std::string("不支持的标点“") + m + "”（可选：,;:()?!）");
  for (char m : c->marks) c->is_mark[static_cast<unsigned char>(m)] = true;
  auto s = regex_list(spec, "skip");  // validates each pattern with its own location
  if (!s) return s.error();
  std::string alt;
  for (auto& p : param_strings(spec, "skip")) alt += (alt.empty() ? "(?:" : "|(?:") + p + ")";
  if (!alt.empty()) {
    auto re = compile_regex(spec, spec.params.find("skip"), "skip", alt);
    if (!re) return re.error();
    c->skip = std::move(*re);
  }
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_halfwidth_punctuation() {
  return {"halfwidth-punctuation",
          "中文语境中的半角标点（两侧均为字母或数字者、URL、邮箱、文号除外），修复为全角",
          {{"marks", ParamType::String, false, "检查哪些半角标点（默认 ,;:()?!）"},
           {"skip", ParamType::RegexList, false, "匹配范围内的标点不报告（URL、邮箱、文号等）"}},
          false,
          &make};
}

}  // namespace fz::checks
