// Engine: building the shipped rule set, linting the seed, config, suppressions, examples.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "engine/linter.h"
#include "golden.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "text/line_index.h"

using namespace fz;

namespace {

std::shared_ptr<const engine::RuleSet> shipped() {
  static auto rs = [] {
    auto r = engine::build_ruleset({}, {});
    if (!r) FAIL(r.error().to_string());
    return *r;
  }();
  return rs;
}

struct Linted {
  ingest::SourceText src;
  outline::Document doc;
  engine::LintResult res;
};

std::unique_ptr<Linted> run(const std::string& text, const engine::Config& cfg = {},
                            const engine::RuleSet* rs = nullptr) {
  auto out = std::make_unique<Linted>();
  auto src = ingest::ingest(text, ingest::Format::Text);
  REQUIRE(src.ok());
  out->src = std::move(*src);
  out->doc = outline::parse(out->src);
  out->res = engine::lint(out->src, out->doc, rs ? *rs : *shipped(), cfg);
  return out;
}

std::string render(const Linted& l) {
  text::LineIndex idx(l.src.text);
  std::string out;
  for (auto& f : l.res.findings) {
    auto b = idx.position(f.span.begin), e = idx.position(f.span.end);
    out += std::to_string(b.line) + ":" + std::to_string(b.column) + "-" + std::to_string(e.line) +
           ":" + std::to_string(e.column) + " " + std::string(to_string(f.severity)) + " " + f.rule +
           " " + f.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("seed probe") {
  auto p = std::filesystem::path(FZ_SOURCE_DIR) / "../shared/seeds/000_4cb5d7ebd9b6d720.txt";
  if (!std::filesystem::exists(p)) return;
  auto l = run(testing::read_file(p));
  MESSAGE(l->doc.dump());
  MESSAGE(render(*l));
  CHECK(l->res.report_year == 2024);
}
