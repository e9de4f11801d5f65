// fz::rules — the rule model and its TOML loader (design.md §4). A rule is data: one TOML table
// per file. load() parses and validates the fields every rule shares (id, category, severity,
// kind, scope, message, docs, examples, fix, enabled); the kind's own parameters are kept as a
// Value table and validated by the kind's schema in src/checks (which knows the kinds).
//
// A rule-pack folder may also hold two data files that are not rules:
//  * the genre schema (a file with a top-level [genre] table), see genre.h;
//  * the time-bound terms table (a file with [[term]] / [[event]] arrays), see terms.h.
//
// No I/O: callers pass the file text and an origin used in error messages
// ("path:line:col: key: what is wrong").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rules/genre.h"
#include "rules/terms.h"
#include "rules/value.h"
#include "support/finding.h"
#include "support/result.h"

namespace fz::rules {

/// One rule as written in its file.
struct RuleSpec {
  RuleInfo info;                   ///< id, category, severity, docs, examples, enabled
  std::string kind;                ///< registry name, e.g. "pattern"
  std::string scope;               ///< scope expression, e.g. "section:shortcomings"
  std::string message;             ///< Chinese template with {placeholders}
  std::optional<std::string> fix;  ///< replacement template (kinds that support fixes)
  /// Rule ids whose finding, when it covers this rule's finding, makes it redundant: the more
  /// specific report wins (e.g. a noncanonical national document name over the half-width
  /// brackets inside it), so one defect draws one finding.
  std::vector<std::string> superseded_by;
  /// `[when] issuer = [...]`: run only on documents whose issuer (genre.toml [[genre.issuer]],
  /// or "unknown") is one of these; empty = every document.
  std::vector<std::string> when_issuer;
  /// `[when] term = "id"`: run only on reports whose year lies in that terms.toml term's period
  /// (e.g. 习近平法治思想 is expected from 2020 on); an unknown report year runs the rule.
  std::string when_term;
  /// Document traits under which the rule is not run (the engine decides, the rule never
  /// looks): "width-folded" — the text's Chinese punctuation was folded to half-width as a
  /// whole (an NFKC-normalised web copy), which one finding of its own reports instead of a
  /// warning per mark. See skip_when_traits().
  std::vector<std::string> skip_when;
  Value params;                    ///< every other key of the table (the kind's parameters)
  std::string origin;              ///< file the rule came from
  uint32_t line = 1, column = 1;   ///< where the table starts
  uint32_t scope_line = 0, scope_column = 0;

  /// An Error located at `v` (or at the rule when `v` has no position): "key: what".
  Error error_at(const Value* v, std::string_view key, std::string_view what) const;
};

/// What one file holds.
using LoadedFile = std::variant<RuleSpec, Genre, Terms>;

/// Parse one pack file. Errors carry origin:line:col.
Result<LoadedFile> load(std::string_view toml, std::string_view origin);

/// Parse a TOML snippet (e.g. a [rules.<id>] override) into a Value table.
Result<Value> parse_table(std::string_view toml, std::string_view origin);

/// The keys every rule may have (kinds may not reuse them as parameters).
const std::vector<std::string_view>& common_keys();

/// The document traits skip_when may name.
const std::vector<std::string_view>& skip_when_traits();

/// True for lower-case kebab-case ids ("missing-next-year-plan").
bool valid_id(std::string_view id);

}  // namespace fz::rules
