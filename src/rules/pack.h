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
//  * Every field of every struct a LoadedFile holds is serialised: for_each_field() lists them
//    with a structured binding, which does not compile when a struct gains or loses a member —
//    so a field added to RuleSpec (or RuleInfo, Value, Genre, Terms, …) without being listed
//    here fails the build, and tests/test_rule_pack.cpp compares the deserialised pack with the
//    parsed one through the same lists, field by field.
//  * The blob starts with a magic and kPackFormat; the generated file static_asserts the format
//    it was written with, so a stale blob fails the build, not the user. A blob that still
//    does not read back (it cannot happen short of a corrupt binary) is an Error; the engine
//    then parses the embedded TOML instead.
//  * Integers are written little-endian/varint, doubles as their IEEE bits: the blob does not
//    depend on the build machine (cross builds run the tool from the build tree).
//  * No I/O (design.md): bytes in, bytes out.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "rules/rule_spec.h"

namespace fz::rules {

/// Bump when the blob's layout changes (not needed when a struct gains a field: the field lists
/// below change the layout and the blob is regenerated with the build anyway).
inline constexpr uint32_t kPackFormat = 1;

/// The loaded files as one blob (magic, kPackFormat, count, then each file's fields).
std::string serialize_pack(const std::vector<LoadedFile>& files);

/// The files serialize_pack wrote, or an Error naming what is wrong with the blob.
Result<std::vector<LoadedFile>> deserialize_pack(std::string_view blob);

// Every member of each struct, in declaration order. A structured binding must name every
// non-static data member, so adding one to a struct without adding it here is a compile error.
template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, RuleInfo>
void for_each_field(S& s, F&& f) {
  auto& [id, category, default_severity, title, description, rationale, source, bad_examples,
         good_examples, has_fix, enabled_by_default, whole_document, judges_whole_node] = s;
  f("id", id), f("category", category), f("default_severity", default_severity), f("title", title),
      f("description", description), f("rationale", rationale), f("source", source),
      f("bad_examples", bad_examples), f("good_examples", good_examples), f("has_fix", has_fix),
      f("enabled_by_default", enabled_by_default), f("whole_document", whole_document),
      f("judges_whole_node", judges_whole_node);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Value>
void for_each_field(S& s, F&& f) {
  auto& [type, b, i, fl, str, array, table, line, column] = s;
  f("type", type), f("b", b), f("i", i), f("f", fl), f("s", str), f("array", array),
      f("table", table), f("line", line), f("column", column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Value::Member>
void for_each_field(S& s, F&& f) {
  auto& [first, second] = s;
  f("first", first), f("second", second);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, RuleSpec>
void for_each_field(S& s, F&& f) {
  auto& [info, kind, scope, message, fix, superseded_by, when_issuer, when_term, skip_when, params,
         origin, line, column, scope_line, scope_column] = s;
  f("info", info), f("kind", kind), f("scope", scope), f("message", message), f("fix", fix),
      f("superseded_by", superseded_by), f("when_issuer", when_issuer), f("when_term", when_term),
      f("skip_when", skip_when), f("params", params), f("origin", origin), f("line", line),
      f("column", column), f("scope_line", scope_line), f("scope_column", scope_column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, GenreClass>
void for_each_field(S& s, F&& f) {
  auto& [name, label, headings, items, sentences, not_inside, top_level_only, line, column] = s;
  f("name", name), f("label", label), f("headings", headings), f("items", items),
      f("sentences", sentences), f("not_inside", not_inside), f("top_level_only", top_level_only),
      f("line", line), f("column", column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, GenreIssuer>
void for_each_field(S& s, F&& f) {
  auto& [name, patterns, intro, line, column] = s;
  f("name", name), f("patterns", patterns), f("intro", intro), f("line", line), f("column", column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Genre>
void for_each_field(S& s, F&& f) {
  auto& [origin, issuers, strip, heading_window, classes, fallback_class, fallback_before,
         plan_class, plan_fallback, year_patterns] = s;
  f("origin", origin), f("issuers", issuers), f("strip", strip), f("heading_window", heading_window),
      f("classes", classes), f("fallback_class", fallback_class),
      f("fallback_before", fallback_before), f("plan_class", plan_class),
      f("plan_fallback", plan_fallback), f("year_patterns", year_patterns);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Term>
void for_each_field(S& s, F&& f) {
  auto& [id, name, patterns, start, end, successor, labels, line, column] = s;
  f("id", id), f("name", name), f("patterns", patterns), f("start", start), f("end", end),
      f("successor", successor), f("labels", labels), f("line", line), f("column", column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Event>
void for_each_field(S& s, F&& f) {
  auto& [id, name, patterns, year, month, day, line, column] = s;
  f("id", id), f("name", name), f("patterns", patterns), f("year", year), f("month", month),
      f("day", day), f("line", line), f("column", column);
}

template <class S, class F>
  requires std::same_as<std::remove_const_t<S>, Terms>
void for_each_field(S& s, F&& f) {
  auto& [origin, terms, events] = s;
  f("origin", origin), f("terms", terms), f("events", events);
}

}  // namespace fz::rules

/// The shipped pack precompiled by src/rules/precompile (generated at build time; defined in
/// the fz_precompiled_rules library, which fz_engine links).
std::string_view fz_precompiled_rules();
