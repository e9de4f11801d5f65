// fuzz_rules_toml: the input as an extra user rule file (engine::build_ruleset, which parses the
// TOML, validates every field and compiles every pattern through RE2) and as a .fzlint.toml
// (engine::parse_config). Errors must be values with a location, never a throw or a crash; a
// rule set that builds must lint a small report.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "outline/document.h"

namespace {
const char kReport[] =
    "某镇2024年法治政府建设年度报告\n"
    "2024年以来，我镇深入学习贯彻习近平法治思想。现将有关情况报告如下：\n"
    "一、2024年度推进法治政府建设的主要举措和成效\n"
    "（一）加强组织领导。全年召开专题会议3次，截止目前开展普法宣传100余场次。\n"
    "二、存在的不足和原因\n一是学习形式单一。\n"
    "三、2025年度推进法治政府建设的主要安排\n持续深化普法宣传。\n"
    "某镇人民政府\n2025年1月5日\n";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto cfg = fz::engine::parse_config(text, "fuzz/.fzlint.toml");
  if (!cfg) fz_fuzz_check(!cfg.error().message.empty());

  std::vector<fz::engine::RuleFile> extra{{"fuzz/rules/user.toml", text}};
  auto rules = fz::engine::build_ruleset(extra, fz::engine::Config{});
  if (!rules) {
    fz_fuzz_check(!rules.error().message.empty());
    return 0;
  }
  static const auto src = [] {
    auto r = fz::ingest::ingest(kReport, fz::ingest::Format::Text);
    if (!r) std::abort();
    return *r;
  }();
  auto doc = fz::outline::parse(src);
  auto out = fz::engine::lint(src, doc, **rules, cfg ? *cfg : fz::engine::Config{});
  for (const auto& f : out.findings) {
    fz_fuzz_check(fz::fuzz::span_in(f.span, src.text.size()));
    fz_fuzz_check(fz::fuzz::valid_utf8(f.message));
  }
  return 0;
}
