// fz::rules pack — the shipped rule pack precompiled at build time (issue #16).
//
// Parsing the ≈ 90 shipped TOML files was a sixth of a one-file run (33 M of 202 M instructions).
// The build now runs src/rules/precompile (built from this same loader, so there is one source of
// truth): it loads rules/ exactly as load() does at run time and writes the loaded files, in
// embedding order, as one compact blob (serialize_pack) into a generated C++ file; at run time
// the engine reads the blob back (deserialize_pack) instead of parsing TOML. User rule files
// (--rules, rule_dirs, [rules.<id>] overrides) are still parsed by load() with their
// path:line:col errors. The TOML stays embedded too (rule-set fingerprints hash its text).
//
// Invariants:
//  * Every field of every struct a LoadedFile holds is serialised: for_each_field() binds them
//    with a structured binding, which does not compile when a struct gains or loses a member,
//    and visits each bound name (FZ_PACK_FIELDS: one token list for both) — so a field added to
//    RuleSpec (or RuleInfo, Value, Genre, Terms, …) without being listed here fails the build.
//    tests/test_rule_pack.cpp compares the deserialised pack with the parsed one through the
//    same lists, field by field, and checks that a change to any one field changes the blob.
//  * The blob starts with a magic and kPackFormat; the generated file static_asserts the format
//    it was written with, so a stale blob fails the build, not the user. A blob that still
//    does not read back (it cannot happen short of a corrupt binary) is an Error; the engine
//    then parses the embedded TOML instead.
//  * Integers are written little-endian/varint, doubles as their IEEE bits: the blob does not
//    depend on the build machine (cross builds run the tool from the build tree).
//  * No I/O (design.md): bytes in, bytes out.
#pragma once

#include <array>
#include <concepts>
#include <map>
#include <optional>
#include <span>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "rules/rule_spec.h"

namespace fz::rules {

/// Bump when the blob's layout changes (not needed when a struct gains a field: the field lists
/// below change the layout and the blob is regenerated with the build anyway).
/// 2: the literal table (PatternLiterals) after the files.
inline constexpr uint32_t kPackFormat = 2;

/// The literal prefilter's answer for one string of the pack (checks::prefilter::
/// required_literals: literals one of which every match contains, or none known), worked out
/// by fz_rulepack at build time so that a start does not analyse the shipped patterns again
/// (it was 8 M of the seed's 139 M instructions). The answer depends on the text alone, so the
/// table is a cache of that function; tests/test_prefilter.cpp checks every entry against a
/// fresh analysis, and that building the shipped rule set analyses nothing.
struct PatternLiterals {
  std::string pattern;
  std::optional<std::vector<std::string>> literals;
};

/// The loaded files and the literal table as one blob (magic, kPackFormat, the table's length
/// and bytes, the file count, then each file's fields).
std::string serialize_pack(const std::vector<LoadedFile>& files,
                           const std::vector<PatternLiterals>& literals = {});

/// The files serialize_pack wrote (and, when `literals` is given, its table), or an Error
/// naming what is wrong with the blob.
Result<std::vector<LoadedFile>> deserialize_pack(std::string_view blob,
                                                 std::vector<PatternLiterals>* literals = nullptr);

/// The literal table alone (the files are not read; deserialize_pack skips the table unless
/// asked for it), or an Error.
Result<std::vector<PatternLiterals>> pack_literals(std::string_view blob);

/// The distinct strings of the files that rules may compile as patterns (fz_rulepack analyses
/// them): every string in a rule's parameters and in the genre and terms files (origins aside),
/// sorted. Messages, descriptions and the other RuleInfo text are left out.
std::vector<std::string> pattern_strings(const std::vector<LoadedFile>& files);
/// The strings of one rule's parameters among them.
std::vector<std::string> pattern_strings(const RuleSpec& spec);

namespace detail {

/// Container traits for walking the pack structs (pattern_strings, the tests' comparison).
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsMap : std::false_type {};
template <class K, class V>
struct IsMap<std::map<K, V>> : std::true_type {};

/// The names of a macro's comma-separated argument list ("id, kind, …"), at compile time.
consteval size_t count_names(std::string_view list) {
  size_t n = 1;
  for (char c : list) n += c == ',';
  return n;
}
template <size_t N>
consteval std::array<std::string_view, N> split_names(std::string_view list) {
  std::array<std::string_view, N> out{};
  size_t k = 0;
  while (k < N) {
    while (!list.empty() && list.front() == ' ') list.remove_prefix(1);
    const size_t comma = list.find(',');
    out[k++] = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}
template <class F, size_t N, class... A>
void visit_named(F& f, const std::array<std::string_view, N>& names, A&... fields) {
  static_assert(N == sizeof...(A));
  size_t k = 0;
  (f(names[k++], fields), ...);
}

}  // namespace detail

// Binds every member of `s` (a structured binding must name all of them) and hands each to `f`
// with its name: one token list for both, so no member can be bound and not visited.
#define FZ_PACK_FIELDS(...)                                                       \
  auto& [__VA_ARGS__] = fz_obj;                                                   \
  static constexpr auto fz_names =                                                \
      ::fz::rules::detail::split_names<::fz::rules::detail::count_names(#__VA_ARGS__)>( \
          #__VA_ARGS__);                                                          \
  ::fz::rules::detail::visit_named(fz_visit, fz_names, __VA_ARGS__)

/// for_each_field(obj, f) for one struct: f(name, member) for each member, in declaration order.
#define FZ_PACK_STRUCT(Type, ...)                              \
  template <class S, class F>                                  \
    requires std::same_as<std::remove_const_t<S>, Type>        \
  void for_each_field(S& fz_obj, F&& fz_visit) {               \
    FZ_PACK_FIELDS(__VA_ARGS__);                               \
  }

// Every member of each struct, in declaration order. A structured binding must name every
// non-static data member, so adding one to a struct without adding it here is a compile error.
FZ_PACK_STRUCT(RuleInfo, id, category, default_severity, title, description, rationale, source,
                         bad_examples, good_examples, has_fix, enabled_by_default, whole_document,
                         judges_whole_node)
FZ_PACK_STRUCT(Value, type, b, i, f, s, array, table, line, column)
FZ_PACK_STRUCT(Value::Member, first, second)
FZ_PACK_STRUCT(RuleSpec, info, kind, scope, message, fix, superseded_by, when_issuer, when_term,
                         skip_when, params, origin, line, column, scope_line, scope_column)
FZ_PACK_STRUCT(GenreClass, name, label, headings, items, sentences, not_inside, top_level_only,
                           line, column)
FZ_PACK_STRUCT(GenreIssuer, name, patterns, intro, line, column)
FZ_PACK_STRUCT(Genre, origin, issuers, strip, heading_window, classes, fallback_class,
                      fallback_before, plan_class, plan_fallback, year_patterns)
FZ_PACK_STRUCT(Term, id, name, patterns, start, end, successor, labels, line, column)
FZ_PACK_STRUCT(Event, id, name, patterns, year, month, day, line, column)
FZ_PACK_STRUCT(Terms, origin, terms, events)
FZ_PACK_STRUCT(PatternLiterals, pattern, literals)

#undef FZ_PACK_STRUCT
#undef FZ_PACK_FIELDS

}  // namespace fz::rules

/// The shipped pack precompiled by src/rules/precompile (generated at build time; defined in
/// the fz_precompiled_rules library, which fz_engine links).
std::string_view fz_precompiled_rules();

namespace fz::rules {

/// A string of the pack whose RE2 program is among the costliest to build, as fz_rulepack found
/// by compiling it with the options every shipped pattern is compiled with
/// (checks::compile_limited). `literals`: one of them occurs in every match (the literal
/// prefilter's analysis, or literals of any length where it has none); empty when unknown.
struct CostlyPattern {
  std::string_view pattern;
  int program_size;  ///< RE2::ProgramSize, in instructions
  std::span<const std::string_view> literals;
};

/// Programs of at least this many instructions are listed (seed: the twelve above it took
/// 3.1 of the 4.2 ms its programs cost to build). Strings that only title and heading rules
/// use are left out: their literals occur all over a report's body, their rules rarely build
/// them (关于…报告, 1,350 instructions, is the title's).
inline constexpr int kCostlyProgramSize = 240;

}  // namespace fz::rules

/// The pack's strings whose programs have at least kCostlyProgramSize instructions, costliest
/// first (ties by text): generated with the pack by fz_rulepack. engine::warm_programs builds
/// them ahead on an idle core.
std::span<const fz::rules::CostlyPattern> fz_costly_patterns();
