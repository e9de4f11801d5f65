// fz::rules::Value — a TOML value detached from toml++, with its source position, so that rule
// kinds (src/checks) read their parameters without depending on the TOML library.
//
// Invariants: `line`/`column` are 1-based positions in the rule file (0 = unknown); a Table keeps
// its keys in file order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fz::rules {

struct Value {
  /// One key of a Table. (Not std::pair<std::string, Value>: instantiating pair with the
  /// still-incomplete Value is rejected by clang with libstdc++, which the fuzz build uses.)
  struct Member;
  enum class Type { Bool, Int, Float, String, Date, Array, Table };
  Type type = Type::Table;
  bool b = false;
  int64_t i = 0;
  double f = 0;
  std::string s;                 ///< String; Date as "YYYY-MM-DD"
  std::vector<Value> array;
  std::vector<Member> table;
  uint32_t line = 0;
  uint32_t column = 0;

  /// Member of a Table, or nullptr.
  const Value* find(std::string_view key) const;
  bool is_string() const { return type == Type::String; }
  bool is_table() const { return type == Type::Table; }
  bool is_array() const { return type == Type::Array; }
};

struct Value::Member {
  std::string first;
  Value second;
  Member(std::string k, Value v) : first(std::move(k)), second(std::move(v)) {}
};

/// "boolean", "integer", "float", "string", "date", "array", "table".
std::string_view type_name(Value::Type t);

}  // namespace fz::rules
