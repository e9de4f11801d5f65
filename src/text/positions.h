// fz::text::positions — the line and column of many offsets of one text in one pass, without a
// LineIndex: what the batch comparison needs of a report another report's findings point into
// (a few dozen offsets of a text it reads once; building a LineIndex and scanning each offset's
// line from its start cost more than the rest of the comparison's pass over that report).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "text/line_index.h"

namespace fz::text {

/// LineIndex(text).position(offsets[i]) (code point columns) for every i. Offsets in ascending
/// order cost one pass over the text up to the last of them; one smaller than the one before it
/// starts the pass again (still exact).
std::vector<Position> positions(std::string_view text, std::span<const uint32_t> offsets);

}  // namespace fz::text
