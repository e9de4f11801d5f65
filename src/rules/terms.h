// fz::rules::Terms — time-bound terms as data (rules/<pack>/terms.toml; catalogue A5): five-year
// plans, 普法 periods, 纲要 periods with their valid years and the standard label of some years,
// and dated events (plenary sessions). Successor periods are rows, so they can be updated
// without C++.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fz::rules {

struct Term {
  std::string id;
  std::string name;                   ///< standard written form, e.g. "“十四五”规划"
  std::vector<std::string> patterns;  ///< RE2 that find a mention
  int start = 0, end = 0;             ///< valid years, inclusive
  std::string successor;              ///< what replaces it (for messages); may be empty
  std::map<int, std::string> labels;  ///< year → standard label ("收官之年")
  uint32_t line = 0, column = 0;
};

struct Event {
  std::string id;
  std::string name;                   ///< "党的二十届三中全会"
  std::vector<std::string> patterns;  ///< RE2 that find a mention
  int year = 0, month = 0, day = 0;   ///< when it was held (first day)
  uint32_t line = 0, column = 0;
};

struct Terms {
  std::string origin;
  std::vector<Term> terms;
  std::vector<Event> events;
};

}  // namespace fz::rules
