// Shared by the rule tests: the shipped rule set (built once), one report linted end to end
// (ingest → outline → engine, kept alive together because the Document views the text), and
// the golden rendering of findings, one per line.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "text/line_index.h"

namespace fz::testing {

/// The shipped packs, compiled once per test binary.
inline std::shared_ptr<const engine::RuleSet> shipped() {
  static auto rs = [] {
    auto r = engine::build_ruleset({}, {});
    if (!r) FAIL(r.error().to_string());
    return *r;
  }();
  return rs;
}

/// A linted report. Held by unique_ptr: `doc` views `src.text`, so the two must not move apart.
struct Linted {
  ingest::SourceText src;
  outline::Document doc;
  engine::LintResult res;
};

inline std::unique_ptr<Linted> lint_text(const std::string& text, const engine::Config& cfg = {},
                                         const engine::RuleSet* rs = nullptr,
                                         ingest::Format fmt = ingest::Format::Text) {
  auto out = std::make_unique<Linted>();
  auto src = ingest::ingest(text, fmt);
  REQUIRE(src.ok());
  out->src = std::move(*src);
  out->doc = outline::parse(out->src);
  out->res = engine::lint(out->src, out->doc, rs ? *rs : *shipped(), cfg);
  return out;
}

/// Golden form, one finding per line: `line:col-endline:endcol severity rule-id message`.
inline std::string render_findings(const Linted& l,
                                   const std::function<bool(const Finding&)>& keep = {}) {
  text::LineIndex idx(l.src.text);
  std::string out;
  for (auto& f : l.res.findings) {
    if (keep && !keep(f)) continue;
    auto b = idx.position(f.span.begin), e = idx.position(f.span.end);
    out += std::to_string(b.line) + ":" + std::to_string(b.column) + "-" + std::to_string(e.line) +
           ":" + std::to_string(e.column) + " " + std::string(to_string(f.severity)) + " " + f.rule +
           " " + f.message + "\n";
  }
  return out;
}

}  // namespace fz::testing
