// The one registry of comparison kinds (as checks/registry.cpp: explicit table, no
// self-registration). Adding a kind = one .cpp defining `checks::KindInfo kind_<name>()` + one
// line in FZ_COMPARE_KINDS below.
#include "compare/compare.h"

#define FZ_COMPARE_KINDS(X)   \
  X(previous_year)            \
  X(carried_over_items)       \
  X(previous_plan_unreported) \
  X(carried_over_figures)     \
  X(passages_from_previous)   \
  X(shared_passages)

namespace fz::compare {

#define FZ_DECLARE(n) checks::KindInfo kind_##n();
FZ_COMPARE_KINDS(FZ_DECLARE)
#undef FZ_DECLARE

const std::vector<checks::KindInfo>& kinds() {
#define FZ_ENTRY(n) kind_##n(),
  static const std::vector<checks::KindInfo> all{FZ_COMPARE_KINDS(FZ_ENTRY)};
#undef FZ_ENTRY
  return all;
}

const checks::KindInfo* find_kind(std::string_view name) {
  for (auto& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace fz::compare
