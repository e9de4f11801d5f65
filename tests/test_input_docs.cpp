// Every input issue ingest reports is documented (ingest::issue_docs), so `fzlint explain`,
// SARIF rule lists and LSP hover know it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "ingest/issues.h"
#include "ingest/source_text.h"

using namespace fz;

TEST_CASE("each input issue ingest emits has documentation") {
  std::set<std::string> documented;
  std::string prev;
  for (const auto& d : ingest::issue_docs()) {
    CHECK(std::string(d.id) > prev);  // sorted, unique
    prev = d.id;
    documented.insert(d.id);
    CHECK(std::string(d.title).size() > 0);
    CHECK(std::string(d.source).size() > 0);
  }
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "> ";
  deep += "深\n";
  const std::pair<std::string, ingest::Format> inputs[] = {
      {"报告\xff\xfe正文。\n", ingest::Format::Text},                 // invalid bytes
      {"第一行\r\n第二行\n第三行\r\n", ingest::Format::Text},          // mixed line endings
      {"法治\xe2\x80\x8b政府\n", ingest::Format::Text},                // zero-width space
      {"<!-- fzlint-disabel foo -->\n正文。\n", ingest::Format::Markdown},  // misspelt directive
      {deep, ingest::Format::Markdown},                                // too deep
  };
  std::set<std::string> seen;
  for (const auto& [bytes, fmt] : inputs) {
    auto src = ingest::ingest(bytes, fmt);
    REQUIRE(src.ok());
    for (const auto& is : src->issues) {
      INFO(is.rule);
      CHECK(documented.count(is.rule) == 1);
      seen.insert(is.rule);
    }
  }
  CHECK(seen == documented);  // and every documented issue can actually occur
}
