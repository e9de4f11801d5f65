// fz::support — the vocabulary every library shares: byte spans, severities, categories,
// findings, rule metadata and errors-as-values. std only; no I/O.
//
// Invariants:
//  * Every position inside the core is a UTF-8 byte range into the decoded SourceText.
//    Lines and columns are computed at the edge (report/, lsp/) with text::LineIndex.
//  * Severity is ordered: Info < Warning < Error.
//  * Category is a closed vocabulary (design.md §4); parse_category rejects anything else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fz {

/// Half-open byte range [begin, end) into the decoded UTF-8 text.
struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  constexpr uint32_t size() const { return end - begin; }
  constexpr bool empty() const { return end <= begin; }
  constexpr bool contains(uint32_t off) const { return off >= begin && off < end; }
  constexpr bool contains(ByteSpan o) const { return o.begin >= begin && o.end <= end; }
  friend constexpr bool operator==(ByteSpan, ByteSpan) = default;
};

/// Finding severity, ordered by importance.
enum class Severity : uint8_t { Info = 0, Warning = 1, Error = 2 };

std::string_view to_string(Severity s);
/// "error" | "warning" | "info" (also accepts "warn"); nullopt otherwise.
std::optional<Severity> parse_severity(std::string_view s);
/// Chinese label for human output: 错误 / 警告 / 提示.
std::string_view label_zh(Severity s);

/// The fixed category vocabulary (design.md §4).
enum class Category : uint8_t {
  Input,
  Structure,
  RequiredSection,
  RequiredContent,
  FirstResponsible,
  QuantifiedResults,
  NextYearPlan,
  Consistency,
  Terms,
  Punctuation,
  Numbers,
  Format,
  Comparison,  ///< a report against last year's, or against the other reports of a batch
};
inline constexpr int kCategoryCount = 13;

/// Kebab-case name as used in rule files and filters ("required-section").
std::string_view to_string(Category c);
std::optional<Category> parse_category(std::string_view s);
/// Short Chinese label for matrices and statistics (结构, 法定部分, …).
std::string_view label_zh(Category c);

/// One replacement: bytes [span.begin, span.end) become `replacement`.
struct Fix {
  ByteSpan span;
  std::string replacement;
};

/// A second place that belongs to a finding (e.g. the title whose year disagrees). It may lie in
/// another file (last year's report, another report of a batch): then `path` names that file
/// and `line`/`column`/`end_line`/`end_column` give the place (1-based, code-point columns, end
/// exclusive), because a printer holds no index over the other file; `span` stays its byte range.
struct Related {
  ByteSpan span;
  std::string message;
  std::string path;  ///< "" = the finding's own file
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;  ///< set when `path` is set
  bool elsewhere() const { return !path.empty(); }
};

/// One problem found in one file.
struct Finding {
  std::string rule;          ///< stable rule id, kebab-case
  Category category = Category::Input;
  Severity severity = Severity::Warning;
  std::string message;       ///< Chinese, placeholders already filled
  ByteSpan span;             ///< primary location
  std::string section;       ///< heading path, e.g. "一、…/（三）…" ("" outside sections)
  std::vector<Fix> fixes;    ///< safe fixes; empty when none is certain
  std::vector<Related> related;
};

/// Total order used everywhere output must be deterministic: offset, then end, then rule id,
/// then message.
bool finding_less(const Finding& a, const Finding& b);

/// What printers and the LSP server need to know about a rule (never the rule's logic).
struct RuleInfo {
  std::string id;
  Category category = Category::Structure;
  Severity default_severity = Severity::Warning;
  std::string title;        ///< one line, Chinese
  std::string description;  ///< what it checks
  std::string rationale;    ///< why it matters
  std::string source;       ///< the clause it enforces
  std::vector<std::string> bad_examples;
  std::vector<std::string> good_examples;
  bool has_fix = false;
  bool enabled_by_default = true;
  /// The rule judges the whole document (a part is missing, the length, coverage counts, the
  /// signature, the order of the parts): not run in excerpt mode (--partial), where the text
  /// may be a fragment. Declared in the rule file as `whole_document = true`.
  bool whole_document = false;
  /// The rule judges a whole node (a section has no figures, a part names nobody, a quotation
  /// is never closed): in excerpt mode a finding on a node that the excerpt's end cuts short is
  /// not reported, since what it misses may follow the cut. Declared as `judges_whole_node = true`.
  bool judges_whole_node = false;
};

/// An error as a value, with a location when there is one ("path:line:col: message").
struct Error {
  std::string origin;   ///< file path or "<builtin>/…"; may be empty
  uint32_t line = 0;    ///< 1-based; 0 = unknown
  uint32_t column = 0;  ///< 1-based; 0 = unknown
  std::string message;
  std::string to_string() const;
};

}  // namespace fz
