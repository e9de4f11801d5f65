// Warming: building, ahead of the rules, the RE2 programs a text will need that cost the most
// to build (issue #16).
//
// A one-file check spends about half of its instructions building RE2 programs, most of them
// in the lint, where both cores are busy; while the rule set is built, one core is idle (the
// other thread only reads and outlines the file). fz_rulepack lists the shipped pack's
// costliest programs at build time (rules/pack.h fz_costly_patterns); the read-ahead thread of
// `fzlint check` picks those the text can match (costly_programs_for, before it hands the text
// over: the text is not read after that) and builds them, costliest first, until the lint
// begins (warm_programs).
// Invariants:
//  * A warmed program is the one the rule's first use would build (checks::warm_program: same
//    text, options and shared table), so findings never depend on warming. Eager compilation
//    (tests) warms nothing.
//  * A pattern whose literals (one of which every match contains) are all absent from the text
//    is skipped: no rule would build it for this text. One with unknown literals is built.
//  * `stop` is read before each program; set, nothing more is started (a program being built
//    is finished: RE2 cannot be interrupted, and its first user would wait for it anyway).
#pragma once

#include <atomic>
#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "rules/pack.h"

namespace fz::engine {

/// The costly shipped programs `text` may need, costliest first: none under eager compilation.
std::vector<const rules::CostlyPattern*> costly_programs_for(std::string_view text);

/// Build `todo`'s programs in order until `stop` is set; returns how many this call built (a
/// program built already, or being built by another thread, is not counted).
size_t warm_programs(std::span<const rules::CostlyPattern* const> todo, const std::atomic<bool>& stop);

}  // namespace fz::engine
