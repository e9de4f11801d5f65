// fz::bench corpus — realistic synthetic 法治政府建设年度报告, deterministic from a seed.
//
// Contract:
//  * Deterministic: the same seed gives byte-identical text on every machine (own PRNG, no
//    std::*_distribution, whose results differ between standard libraries).
//  * A report is 2,000–12,000 characters (code points) of UTF-8, shaped like the real reports
//    in shared/domain/real-reports.md: title (issuer from syllable tables, year; title variants),
//    optional subtitle/salutation, intro, the statutory parts with varied headings (主要举措和成效
//    / 工作开展情况 / themed headings; 存在的不足和原因 / 存在的问题; the 第一责任人 part first,
//    third, as a sub-section, as an 一是 item or absent; 主要安排 / 下一步工作打算), run-in and
//    standalone headings, 一是/二是 enumerations, statistics (Arabic and Chinese numerals, %, 余/多),
//    “” quotes, 《》 titles, signature and date.
//  * Defects are injected at roughly the rates seen in drafts (half-width or broken brackets,
//    1、, 截止目前, 4余次, 第一责任职责, unclosed quotes, 顿号 between quoted items, anachronistic
//    terms, PDF spaces, zero-padded dates, missing parts, …) and counted by kind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace fz::bench {

/// The seed of report number `index` of a corpus seeded with `seed` (report i depends only on
/// (seed, i), so a 300-report corpus is a prefix of the 1,000-report one).
uint64_t report_seed(uint64_t seed, uint64_t index);

/// One report. `defects` (optional) accumulates the injected defects by kind.
std::string generate_report(uint64_t seed, std::map<std::string, int>* defects = nullptr);

/// At least `min_bytes` of distinct reports concatenated (throughput and scaling input; not
/// flattered by repeated text).
std::string generate_big(uint64_t seed, size_t min_bytes);

/// Number of Unicode code points in UTF-8 text.
size_t count_code_points(std::string_view s);

}  // namespace fz::bench
