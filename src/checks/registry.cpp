// The one registry of rule kinds (design.md §5.3: explicit table, no self-registration).
// Adding a kind = one .cpp defining `KindInfo kind_<name>()` + one line in FZ_KINDS below.
#include <algorithm>
#include <array>

#include "checks/check.h"
#include "checks/util.h"
#include "text/utf8.h"

#define FZ_KINDS(X)          \
  X(pattern)                 \
  X(substitution)            \
  X(requires)                \
  X(required_section)        \
  X(section_order)           \
  X(numbering)               \
  X(year_consistency)        \
  X(term_period)             \
  X(paired_punctuation)      \
  X(min_parts)               \
  X(answered_by)             \
  X(pattern_set)             \
  X(halfwidth_punctuation)   \
  X(document_name)           \
  X(signature_date)          \
  X(text_length)             \
  X(repeated_word)           \
  X(text_trait)

namespace fz::checks {

#define FZ_DECLARE(n) KindInfo kind_##n();
FZ_KINDS(FZ_DECLARE)
#undef FZ_DECLARE

const std::vector<KindInfo>& kinds() {
#define FZ_ENTRY(n) kind_##n(),
  static const std::vector<KindInfo> all{FZ_KINDS(FZ_ENTRY)};
#undef FZ_ENTRY
  return all;
}

const KindInfo* find_kind(std::string_view name) {
  for (auto& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

namespace {

std::string_view param_type_name(ParamType t) {
  switch (t) {
    case ParamType::Bool: return "布尔值";
    case ParamType::Int: return "整数";
    case ParamType::String: return "字符串";
    case ParamType::StringList: return "字符串数组";
    case ParamType::Regex: return "正则表达式字符串";
    case ParamType::RegexList: return "正则表达式数组";
    case ParamType::Table: return "表";
    case ParamType::TableList: return "表数组";
    case ParamType::Any: return "任意";
  }
  return "?";
}

bool type_ok(ParamType t, const rules::Value& v) {
  using T = rules::Value::Type;
  auto all_strings = [&] {
    return std::all_of(v.array.begin(), v.array.end(), [](auto& e) { return e.is_string(); });
  };
  switch (t) {
    case ParamType::Bool: return v.type == T::Bool;
    case ParamType::Int: return v.type == T::Int;
    case ParamType::String:
    case ParamType::Regex: return v.type == T::String;
    case ParamType::StringList:
    case ParamType::RegexList: return v.type == T::String || (v.type == T::Array && all_strings());
    case ParamType::Table: return v.type == T::Table;
    case ParamType::TableList:
      return v.type == T::Array &&
             std::all_of(v.array.begin(), v.array.end(), [](auto& e) { return e.is_table(); });
    case ParamType::Any: return true;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<Check>> compile(const rules::RuleSpec& spec, const CompileContext& ctx) {
  const KindInfo* kind = find_kind(spec.kind);
  if (!kind) {
    std::string names;
    for (auto& k : kinds()) names += (names.empty() ? "" : ", ") + std::string(k.name);
    return spec.error_at(spec.params.find("kind"), "kind",
                         "未知的规则类型“" + spec.kind + "”（可选：" + names + "）");
  }
  return compile_as(spec, ctx, *kind);
}

Result<std::unique_ptr<Check>> compile_as(const rules::RuleSpec& spec, const CompileContext& ctx,
                                          const KindInfo& k) {
  const KindInfo* kind = &k;
  for (auto& [key, v] : spec.params.table) {
    auto it = std::find_if(kind->params.begin(), kind->params.end(),
                           [&key = key](const ParamSpec& p) { return p.name == key; });
    if (it == kind->params.end()) {
      std::string names;
      for (auto& p : kind->params) names += (names.empty() ? "" : ", ") + std::string(p.name);
      return spec.error_at(&v, key,
                           "类型 " + spec.kind + " 没有此参数（可用参数：" +
                               (names.empty() ? std::string("无") : names) + "）");
    }
    if (!type_ok(it->type, v))
      return spec.error_at(&v, key,
                           "应为" + std::string(param_type_name(it->type)) + "，实为" +
                               std::string(rules::type_name(v.type)));
    if (it->type == ParamType::Regex || it->type == ParamType::RegexList) {
      auto res = regex_list(spec, key);
      if (!res) return res.error();
    }
  }
  for (auto& p : kind->params)
    if (p.required && !spec.params.find(p.name))
      return spec.error_at(nullptr, p.name, "缺少类型 " + spec.kind + " 的必填参数");
  if (kind->whole_document && !spec.info.whole_document)
    return spec.error_at(nullptr, "whole_document",
                         "类型 " + spec.kind + " 判断的是全文，规则须写明 whole_document = true"
                         "（摘录模式 --partial 据此跳过）");
  if (spec.fix && !kind->supports_fix)
    return spec.error_at(nullptr, "fix", "类型 " + spec.kind + " 不支持 fix");
  return kind->make(spec, ctx);
}

std::string format_message(std::string_view tmpl, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(tmpl.size());
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        auto it = vars.find(std::string(tmpl.substr(i + 1, close - i - 1)));
        if (it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
      out += tmpl[i++];
      continue;
    }
    // The run up to the next brace in one append (was a byte at a time).
    const size_t next = std::min(tmpl.find('{', i), tmpl.size());
    out.append(tmpl.substr(i, next - i));
    i = next;
  }
  return out;
}

Finding& Emitter::emit(ByteSpan span, const std::map<std::string, std::string>& vars,
                   std::vector<Fix> fixes, std::vector<Related> related) {
  Finding f;
  f.rule = spec_.info.id;
  f.category = spec_.info.category;
  f.severity = severity_.value_or(spec_.info.default_severity);
  f.message = format_message(spec_.message, vars);
  f.span = span;
  f.fixes = std::move(fixes);
  f.related = std::move(related);
  out_.push_back(std::move(f));
  return out_.back();
}

WidthFold width_fold(std::string_view text) {
  constexpr int kMinHalf = 10;
  WidthFold w;
  auto chinese = [](char32_t cp) { return text::is_han(cp) || text::is_cjk_punct(cp); };
  // A byte scan, not a decode of every character (it runs on every report, twice in a batch):
  // an ASCII byte and the lead byte 0xEF always start a character in decode_utf8's walk, so the
  // marks are found where they are; the character before a half-width mark is decoded only then
  // (it counts when it is one valid character ending at the mark, as the walk would have seen it).
  static const text::ByteSet kMarkBytes(",:;()?!\xEF");  // the bytes worth a second look
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; (i = kMarkBytes.find(text, i, n)) < n; ++i) {
    const unsigned char c = b[i];
    if (c == ',' || c == ':' || c == ';' || c == '(' || c == ')' || c == '?' || c == '!') {
      bool near = chinese(text::decode_utf8(text, i + 1).cp);
      if (!near && i > 0) {
        const size_t p = text::prev_boundary(text, i);
        const auto d = text::decode_utf8(text, p);
        near = d.valid && p + d.len == i && chinese(d.cp);
      }
      if (near && w.half++ == 0) w.first = {static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)};
    } else if (c == 0xEF && i + 2 < n && b[i + 1] == 0xBC) {
      // ，：；（）？！ are U+FF0C FF1A FF1B FF08 FF09 FF1F FF01: EF BC 8C/9A/9B/88/89/9F/81.
      const unsigned char t = b[i + 2];
      if (t == 0x8C || t == 0x9A || t == 0x9B || t == 0x88 || t == 0x89 || t == 0x9F || t == 0x81) ++w.full;
    }
  }
  w.folded = w.half >= kMinHalf && w.half * 5 >= (w.half + w.full) * 4;
  return w;
}

const std::vector<Region>& Analysis::of(std::string_view cls) const {
  static const std::vector<Region> none;
  auto it = regions.find(cls);
  return it == regions.end() ? none : it->second;
}

std::string_view Analysis::class_of(const outline::Section* s) const {
  auto it = section_class.find(s);
  return it == section_class.end() ? std::string_view() : std::string_view(it->second);
}

}  // namespace fz::checks
