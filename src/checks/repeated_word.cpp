// Kind `repeated-word`: a run of `min_chars`…`max_chars` Han characters written twice in a row
// ("积极配合配合", "落实落实") — an editing leftover. RE2 has no back-references, so this is a
// scan: at each Han character, compare the next n characters with the n after them.
// Grammatical reduplication is not reported: single characters (天天, 人人), any repeat listed in
// `allow` (研究研究, 一步一步 …, data), and repeats starting with a numeral (一次一次).
// Placeholders: {match} (the doubled text), {word} (the word once).
#include <algorithm>

#include "checks/util.h"

namespace fz::checks {
namespace {

bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x3FFFF);
}

/// The character at t[pos] (pos < end): its byte length, and for a Han character (is_han) a key
/// equal for equal characters only — mostly read from its lead byte, without a decode: 0xE5–0xE9
/// lead only U+5000–U+9FFF, all Han (the key is the three bytes, above every code point), and
/// ASCII is never Han; other characters are decoded (the key is the code point). 0 = not Han.
struct CharAt {
  uint32_t len;
  uint32_t key;
};
inline CharAt char_at(std::string_view t, uint32_t pos, uint32_t end) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data()) + pos;
  if (p[0] < 0x80) return {1, 0};
  if (p[0] >= 0xE5 && p[0] <= 0xE9 && pos + 3 <= end)
    return {3, (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2]};
  size_t len = 1;
  const char32_t c = decode_utf8(t, pos, &len);
  return {static_cast<uint32_t>(len), is_han(c) ? static_cast<uint32_t>(c) : 0};
}

class RepeatedWordCheck : public Check {
 public:
  int min_chars = 2, max_chars = 4;
  std::vector<std::string> allow;
  std::u32string numerals = U"一二两三四五六七八九十百千万零〇";

  void run(const Context& ctx, std::span<const Node> nodes, Emitter& out) const override {
    const std::string_view t = ctx.text;
    std::vector<uint32_t> off;   // byte offset of each character of the current Han run, + its end
    std::vector<uint32_t> keys;  // each one's CharAt key
    auto flush = [&](uint32_t run_end) {
      if (keys.size() >= static_cast<size_t>(2 * min_chars)) {
        off.push_back(run_end);
        scan_run(t, off, keys, out);
      }
      off.clear();
      keys.clear();
    };
    for (auto& node : nodes) {
      const uint32_t end = std::min<uint32_t>(node.span.end, static_cast<uint32_t>(t.size()));
      uint32_t pos = node.span.begin;
      while (pos < end) {
        const CharAt ch = char_at(t, pos, end);
        if (ch.key) {
          off.push_back(pos);
          keys.push_back(ch.key);
        } else {
          flush(pos);
        }
        pos += ch.len;
      }
      flush(std::min(pos, end));
    }
  }

 private:
  void scan_run(std::string_view t, const std::vector<uint32_t>& off, const std::vector<uint32_t>& keys,
                Emitter& out) const {
    const size_t n = keys.size();
    for (size_t i = 0; i < n;) {
      bool hit = false;
      for (int w = max_chars; w >= min_chars && !hit; --w) {
        const size_t k = static_cast<size_t>(w);
        if (i + 2 * k > n) continue;
        if (keys[i] != keys[i + k]) continue;  // the usual case, without a call to memcmp
        if (!std::equal(keys.begin() + i, keys.begin() + i + k, keys.begin() + i + k)) continue;
        // A word made of one repeated character (天天天天) is reduplication, not a leftover.
        if (std::all_of(keys.begin() + i, keys.begin() + i + k, [&](uint32_t c) { return c == keys[i]; })) continue;
        size_t len = 0;
        if (numerals.find(decode_utf8(t, off[i], &len)) != std::u32string::npos) continue;
        const ByteSpan span{off[i], off[i + 2 * k]};
        const std::string whole(slice(t, span));
        if (std::find(allow.begin(), allow.end(), whole) != allow.end()) continue;
        out.emit(span, {{"match", whole}, {"word", std::string(slice(t, {off[i], off[i + k]}))}});
        hit = true;
        i += 2 * k;
      }
      if (!hit) ++i;
    }
  }
};

Result<std::unique_ptr<Check>> make(const rules::RuleSpec& spec, const CompileContext&) {
  auto c = std::make_unique<RepeatedWordCheck>();
  c->min_chars = static_cast<int>(param_int(spec, "min_chars", 2));
  c->max_chars = static_cast<int>(param_int(spec, "max_chars", 4));
  if (c->min_chars < 1 || c->max_chars < c->min_chars || c->max_chars > 8)
    return spec.error_at(spec.params.find("min_chars"), "min_chars", "应满足 1 ≤ min_chars ≤ max_chars ≤ 8");
  c->allow = param_strings(spec, "allow");
  return std::unique_ptr<Check>(std::move(c));
}

}  // namespace

KindInfo kind_repeated_word() {
  return {"repeated-word",
          "连续重复的词（积极配合配合），语法性重叠（研究研究、天天）除外",
          {{"min_chars", ParamType::Int, false, "词的最少字数（默认 2）"},
           {"max_chars", ParamType::Int, false, "词的最多字数（默认 4）"},
           {"allow", ParamType::StringList, false, "允许的重叠形式（完整写出，如“研究研究”）"}},
          false,
          &make};
}

}  // namespace fz::checks
