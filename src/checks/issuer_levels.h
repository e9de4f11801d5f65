// Issuer levels: parameters that differ by who issues the report (a province writes longer and
// reports to other deadlines than a township). A kind that supports them takes a `levels`
// parameter: a list of tables {name, issuer = regex, …the kind's own keys}; the first entry
// whose `issuer` matches the closing signature (else the title) applies to a document.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "checks/util.h"

namespace fz::checks {

/// One entry of `levels`: its name, its issuer regex, and the kind's own settings `T`.
template <class T>
struct IssuerLevel {
  std::string name;
  RegexPtr issuer;
  T settings;
};

/// Validate the common part of one `levels` entry (known keys = name, issuer + `own_keys`) and
/// compile its issuer regex. Errors are located at the entry.
Result<RegexPtr> parse_issuer_level(const rules::RuleSpec& spec, const rules::Value& entry,
                                    std::initializer_list<std::string_view> own_keys,
                                    std::string& name);

/// True when `issuer` matches the document's signature, or else its title.
bool issuer_matches(const Context& ctx, const RE2& issuer);

/// Parse `levels` (if present): `read` fills a level's own settings from its entry, starting
/// from `defaults`, and returns an error to reject it.
template <class T>
Result<std::vector<IssuerLevel<T>>> parse_issuer_levels(
    const rules::RuleSpec& spec, std::initializer_list<std::string_view> own_keys, const T& defaults,
    const std::function<std::optional<Error>(const rules::Value&, T&)>& read) {
  std::vector<IssuerLevel<T>> out;
  const rules::Value* ls = spec.params.find("levels");
  if (!ls) return out;
  for (const auto& v : ls->array) {
    IssuerLevel<T> l{{}, nullptr, defaults};
    auto re = parse_issuer_level(spec, v, own_keys, l.name);
    if (!re) return re.error();
    l.issuer = std::move(*re);
    if (auto e = read(v, l.settings)) return *e;
    out.push_back(std::move(l));
  }
  return out;
}

/// The first level that applies to the document, or nullptr.
template <class T>
const IssuerLevel<T>* match_issuer_level(const std::vector<IssuerLevel<T>>& levels, const Context& ctx) {
  for (const auto& l : levels)
    if (issuer_matches(ctx, *l.issuer)) return &l;
  return nullptr;
}

}  // namespace fz::checks
