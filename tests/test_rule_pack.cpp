// The precompiled shipped rule pack (rules/pack.h, issue #16): what fzlint reads at start instead
// of parsing rules/**/*.toml must be exactly what parsing them gives — every file, every field.
#include <doctest/doctest.h>

#include <bit>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "checks/prefilter.h"
#include "engine/linter.h"
#include "rules/pack.h"
#include "support/embedded.h"

using namespace fz;
using namespace fz::rules;

namespace {

template <class T>
concept Described = requires(const T& t) { for_each_field(t, [](std::string_view, const auto&) {}); };

using detail::IsMap;
using detail::IsOptional;
using detail::IsVector;

/// Field-by-field comparison through the same field lists as the serialiser; each difference
/// is reported with its path ("annual-report/x.toml: info.bad_examples[1]").
struct Compare {
  std::vector<std::string> diffs;

  template <class T>
  void operator()(const T& a, const T& b, const std::string& path) {
    if constexpr (Described<T>) {
      std::vector<const void*> fb;  // b's fields, in the order for_each_field visits a's
      for_each_field(b, [&](std::string_view, const auto& x) { fb.push_back(&x); });
      size_t k = 0;
      for_each_field(a, [&](std::string_view name, const auto& x) {
        using X = std::remove_cvref_t<decltype(x)>;
        (*this)(x, *static_cast<const X*>(fb[k++]), path + "." + std::string(name));
      });
    } else if constexpr (IsVector<T>::value) {
      if (a.size() != b.size()) return note(path, "size " + std::to_string(a.size()) + " ≠ " + std::to_string(b.size()));
      for (size_t k = 0; k < a.size(); ++k) (*this)(a[k], b[k], path + "[" + std::to_string(k) + "]");
    } else if constexpr (IsOptional<T>::value) {
      if (a.has_value() != b.has_value()) return note(path, "presence differs");
      if (a) (*this)(*a, *b, path);
    } else if constexpr (IsMap<T>::value) {
      if (a.size() != b.size()) return note(path, "size differs");
      for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
        (*this)(ia->first, ib->first, path + ".key");
        (*this)(ia->second, ib->second, path + "[" + std::to_string(ia->first) + "]");
      }
    } else if constexpr (std::is_same_v<T, double>) {
      if (std::bit_cast<uint64_t>(a) != std::bit_cast<uint64_t>(b)) note(path, "float bits differ");
    } else {
      static_assert(std::is_same_v<T, std::string> || std::is_integral_v<T> || std::is_enum_v<T>,
                    "a field type the comparison does not know");
      if (!(a == b)) note(path, "values differ");
    }
  }
  void note(const std::string& path, const std::string& what) { diffs.push_back(path + ": " + what); }

  void files(const LoadedFile& a, const LoadedFile& b, const std::string& path) {
    if (a.index() != b.index()) return note(path, "kind of file differs");
    std::visit([&](const auto& x) { (*this)(x, std::get<std::remove_cvref_t<decltype(x)>>(b), path); }, a);
  }
};

/// The shipped pack parsed from the embedded TOML, as the engine did before it was precompiled.
std::vector<LoadedFile> parse_embedded() {
  std::vector<LoadedFile> out;
  for (const auto& e : fz_embedded_rules()) {
    auto r = load(e.data, "<builtin>/rules/" + std::string(e.path));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().to_string()));
    out.push_back(std::move(*r));
  }
  return out;
}

/// Change one value so that it differs from before (for the tests that the lists see a change).
template <class T>
void perturb(T& v) {
  if constexpr (std::is_same_v<T, bool>) v = !v;
  else if constexpr (std::is_same_v<T, double>) v += 1.5;
  else if constexpr (std::is_integral_v<T>) v = static_cast<T>(v + 1);
  else if constexpr (std::is_enum_v<T>) v = static_cast<T>(static_cast<std::underlying_type_t<T>>(v) ^ 1);
  else if constexpr (std::is_same_v<T, std::string>) v += "∆";
  else if constexpr (IsOptional<T>::value) v = v ? std::nullopt : std::optional(typename T::value_type{});
  else if constexpr (IsMap<T>::value) v[-7] = "∆";
  else if constexpr (IsVector<T>::value) {
    if constexpr (std::is_same_v<typename T::value_type, Value::Member>) v.emplace_back("∆", Value{});
    else v.emplace_back();
  }
  else if constexpr (Described<T>) for_each_field(v, [](std::string_view, auto& x) { perturb(x); });
  else static_assert(sizeof(T) == 0, "a field type perturb does not know");
}

/// For each field of the struct `part(file)` (the file itself or one it holds): change only that
/// field, and check that the blob and the comparison both see the change (the serialiser writes
/// the field, the comparison reads it) and that the changed file reads back as it was written.
template <class File, class Part>
void every_field_counts(const File& file, Part part, const std::string& what) {
  const std::string blob = serialize_pack({LoadedFile{file}});
  size_t n = 0;
  for_each_field(part(const_cast<File&>(file)), [&](std::string_view, const auto&) { ++n; });
  CHECK(n > 0);
  for (size_t k = 0; k < n; ++k) {
    File changed = file;
    size_t i = 0;
    std::string name;
    for_each_field(part(changed), [&](std::string_view field, auto& x) {
      if (i++ == k) {
        perturb(x);
        name = field;
      }
    });
    INFO(what << "." << name);
    const std::string changed_blob = serialize_pack({LoadedFile{changed}});
    CHECK(changed_blob != blob);
    auto back = deserialize_pack(changed_blob);
    REQUIRE(back.ok());
    Compare c;
    c.files((*back)[0], LoadedFile{file}, what);
    CHECK_FALSE(c.diffs.empty());
    Compare same;
    same.files((*back)[0], LoadedFile{changed}, what);
    CHECK(same.diffs.empty());
  }
}

}  // namespace

TEST_CASE("the precompiled pack equals the pack parsed from the shipped TOML, every field") {
  auto pack = deserialize_pack(fz_precompiled_rules());
  REQUIRE_MESSAGE(pack.ok(), (pack.ok() ? std::string() : pack.error().to_string()));
  const auto parsed = parse_embedded();
  REQUIRE(pack->size() == parsed.size());
  REQUIRE(parsed.size() == fz_embedded_rules().size());
  size_t rules = 0, genres = 0, terms = 0;
  Compare c;
  for (size_t i = 0; i < parsed.size(); ++i) {
    c.files((*pack)[i], parsed[i], std::string(fz_embedded_rules()[i].path));
    rules += std::holds_alternative<RuleSpec>(parsed[i]);
    genres += std::holds_alternative<Genre>(parsed[i]);
    terms += std::holds_alternative<Terms>(parsed[i]);
  }
  std::string first;
  for (size_t k = 0; k < c.diffs.size() && k < 20; ++k) first += c.diffs[k] + "\n";
  CHECK_MESSAGE(c.diffs.empty(), c.diffs.size() << " differences, first:\n" << first);
  CHECK(rules >= 80);
  CHECK(genres >= 1);
  CHECK(terms >= 1);
  // Byte for byte too: the blob is what the current field lists write for the parsed pack.
  CHECK(serialize_pack(parsed, checks::prefilter::analyse_all(pattern_strings(parsed))) ==
        std::string(fz_precompiled_rules()));
}

TEST_CASE("every field of every pack struct is written and compared") {
  const auto parsed = parse_embedded();
  const RuleSpec* spec = nullptr;
  const Genre* genre = nullptr;
  const Terms* terms = nullptr;
  for (const auto& f : parsed) {
    if (auto* s = std::get_if<RuleSpec>(&f); s && !spec && !s->params.table.empty()) spec = s;
    if (auto* g = std::get_if<Genre>(&f)) genre = g;
    if (auto* t = std::get_if<Terms>(&f)) terms = t;
  }
  REQUIRE(spec);
  REQUIRE(genre);
  REQUIRE(terms);
  auto self = [](auto& x) -> auto& { return x; };
  every_field_counts(*spec, self, "RuleSpec");
  every_field_counts(*spec, [](RuleSpec& s) -> auto& { return s.info; }, "RuleSpec.info");
  every_field_counts(*spec, [](RuleSpec& s) -> auto& { return s.params.table.front(); }, "RuleSpec.params[0]");
  every_field_counts(*spec, [](RuleSpec& s) -> auto& { return s.params.table.front().second; }, "RuleSpec.params[0].second");
  every_field_counts(*genre, self, "Genre");
  REQUIRE(!genre->classes.empty());
  REQUIRE(!genre->issuers.empty());
  every_field_counts(*genre, [](Genre& g) -> auto& { return g.classes.front(); }, "Genre.classes[0]");
  every_field_counts(*genre, [](Genre& g) -> auto& { return g.issuers.front(); }, "Genre.issuers[0]");
  every_field_counts(*terms, self, "Terms");
  REQUIRE(!terms->terms.empty());
  REQUIRE(!terms->events.empty());
  every_field_counts(*terms, [](Terms& t) -> auto& { return t.terms.front(); }, "Terms.terms[0]");
  every_field_counts(*terms, [](Terms& t) -> auto& { return t.events.front(); }, "Terms.events[0]");
}

TEST_CASE("a damaged blob is an error, never a crash") {
  const std::string blob(fz_precompiled_rules());
  REQUIRE(deserialize_pack(blob).ok());
  CHECK_FALSE(deserialize_pack("").ok());
  CHECK_FALSE(deserialize_pack("FZRQ" + blob.substr(4)).ok());  // magic
  std::string newer = blob;
  newer[4] = static_cast<char>(newer[4] + 1);  // format version
  auto e = deserialize_pack(newer);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message.find("格式版本") != std::string::npos);
  CHECK_FALSE(deserialize_pack(blob + "x").ok());  // trailing bytes
  // Cut anywhere (a sample of lengths): an error, not a read past the end (ASan in CI).
  for (size_t len = 0; len < blob.size(); len += 1 + len / 7) CHECK_FALSE(deserialize_pack(blob.substr(0, len)).ok());
  // A huge count must not allocate before the bytes are checked.
  std::string huge = blob.substr(0, 8) + std::string("\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 9);
  CHECK_FALSE(deserialize_pack(huge).ok());
}

TEST_CASE("the shipped rule set built from the precompiled pack still names its rule files") {
  auto set = engine::build_ruleset({}, {});
  REQUIRE_MESSAGE(set.ok(), (set.ok() ? std::string() : set.error().to_string()));
  // A user's file is still parsed, with its own path:line:col in errors.
  auto bad = engine::build_ruleset({{"my/bad.toml", "id = \"x\"\ncategory = \n"}}, {});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().origin == "my/bad.toml");
  CHECK(bad.error().line == 2);
}
