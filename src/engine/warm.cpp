#include "engine/warm.h"

#include <algorithm>
#include <string>

#include "checks/regex.h"
#include "checks/util.h"
#include "text/utf8.h"

namespace fz::engine {

std::vector<const rules::CostlyPattern*> costly_programs_for(std::string_view text) {
  std::vector<const rules::CostlyPattern*> out;
  if (checks::regex_compilation() != checks::RegexCompilation::Lazy) return out;
  for (const rules::CostlyPattern& c : fz_costly_patterns()) {
    const bool may_match = c.literals.empty() || std::any_of(c.literals.begin(), c.literals.end(), [&](std::string_view l) {
                             return text::contains_bytes(text, l);
                           });
    if (may_match) out.push_back(&c);
  }
  return out;
}

size_t warm_programs(std::span<const rules::CostlyPattern* const> todo, const std::atomic<bool>& stop) {
  const RE2::Options opts = checks::limited_options();
  size_t built = 0;
  for (const rules::CostlyPattern* c : todo) {
    if (stop.load(std::memory_order_acquire)) break;
    if (checks::warm_program(std::string(c->pattern), opts)) ++built;
  }
  return built;
}

}  // namespace fz::engine
