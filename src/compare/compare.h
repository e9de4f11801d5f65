// fz::compare — rule kinds that compare reports (design.md §7, category `comparison`): a report
// with last year's (`fzlint check --previous LAST THIS`) and the reports of one intake with each
// other (`fzlint batch DIR`). Like checks/, a kind is one .cpp plus one line in registry.cpp;
// its thresholds are parameters in the rule's TOML.
//
// Invariants:
//  * No I/O. The engine analyses each report (genre regions, year) and hands the kinds a
//    checks::Context per report; only the engine walks the tree.
//  * A comparison kind is a checks::Check whose single-document run() finds nothing (there is
//    nothing to compare with), so rule sets, filters, `explain` and docs treat it like any rule.
//  * Findings that point into the other report carry a Related with `path` and its line and
//    column there (support/finding.h), computed here from that report's text (LineIndex, or
//    text::positions for the few places a batch kind names).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "support/result.h"
#include "text/line_index.h"

namespace fz::compare {

/// One report as a comparison kind sees it.
struct Side {
  const checks::Context* ctx = nullptr;
  std::string_view path;                ///< as the user named it (for findings on the other side)
  const text::LineIndex* index = nullptr;  ///< over ctx->text
};

/// A Related pointing at `span` of `other` (path, line and column filled in).
Related related_in(const Side& other, ByteSpan span, std::string message);
/// "path:line:col" of `span` in `side` (for messages).
std::string where(const Side& side, ByteSpan span);

/// A kind comparing this year's report with last year's.
class PairCheck : public checks::Check {
 public:
  void run(const checks::Context&, std::span<const checks::Node>, checks::Emitter&) const override {}
  /// Findings on `current` (through `out`), pointing into `previous` where they name a place there.
  virtual void compare(const Side& current, const Side& previous, checks::Emitter& out) const = 0;
};

/// f(0) … f(n - 1), possibly on several threads at once (the engine's; calls must not share
/// anything they write).
using ForEach = std::function<void(size_t n, const std::function<void(size_t)>& f)>;

/// A kind comparing every report of a batch with the others, in memory bounded by what its
/// cross-report index needs (issue #16: 10,000 reports in ≤ 64 MB). The engine calls prepare()
/// once per report — on the batch's threads, in no particular order, right after the report's
/// own lint — and may then release the report's text, tree and analysis; compare() builds the
/// index over what prepare() kept and fetches a report again (Reload) only for the pairs it has
/// to look at closely; emit() turns one report's share into findings once that report's text is
/// at hand again (when it is printed).
class BatchCheck : public checks::Check {
 public:
  /// What compare() needs of one report that depends on that report alone.
  struct Prepared {
    virtual ~Prepared() = default;
    /// Moves out, as bytes, what compare() needs only for the reports it pairs (e.g. the folded
    /// text), leaving what the index needs of every report (e.g. fingerprints). The caller keeps
    /// the bytes where it likes (memory, a temporary file) and gives them back through Reload.
    virtual std::string shed() { return {}; }
  };
  /// One report's text fetched again (as prepared). (No line index: the few places a kind
  /// names in it are found in one pass, text::positions.)
  struct Loaded {
    std::string text;
  };
  /// Report i fetched again, in parts, from the batch's threads at once; on an error the pairs
  /// with it are not compared.
  struct Reload {
    /// Bytes [offset, offset + len) of report i's shed(), fewer where it ends.
    std::function<Result<std::string>(size_t i, size_t offset, size_t len)> shed;
    std::function<Result<std::shared_ptr<const Loaded>>(size_t i)> text;
  };
  /// One report's share of the comparison, compact, until it is emitted.
  struct Found {
    virtual ~Found() = default;
  };

  void run(const checks::Context&, std::span<const checks::Node>, checks::Emitter&) const override {}
  /// `report.index` is null here: prepare() keeps no place of its own text.
  virtual std::unique_ptr<Prepared> prepare(const Side& report) const = 0;
  /// Every report of the batch compared with the others: result i is report i's share (null =
  /// nothing). `prepared[i]` is prepare(report i) after shed(); `each` runs independent work on
  /// the batch's threads; `problems` collects what could not be compared (a report that could
  /// not be fetched again), one line each.
  virtual std::vector<std::unique_ptr<Found>> compare(std::span<Prepared* const> prepared, const Reload& reload,
                                                      const ForEach& each, std::vector<std::string>& problems) const = 0;
  /// Report i's findings from its share; `text` is its text (as prepared), `paths[j]` names report j.
  virtual void emit(const Found& found, std::string_view text, std::span<const std::string> paths,
                    checks::Emitter& out) const = 0;
};

/// Every comparison kind, in registry order.
const std::vector<checks::KindInfo>& kinds();
/// One kind by name, or nullptr.
const checks::KindInfo* find_kind(std::string_view name);

/// The line that separates the two reports in a comparison rule's examples (this year's report
/// first): test-rules and docs split examples there.
inline constexpr std::string_view kPreviousSeparator = "=== 上一年度报告 ===";
/// Separator between the reports of a batch rule's example.
inline constexpr std::string_view kBatchSeparator = "=== 另一份报告 ===";

}  // namespace fz::compare
