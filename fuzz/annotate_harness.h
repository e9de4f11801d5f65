// The fuzz_annotate harness as a function, so that the unit tests replay its crash inputs
// (fixtures/regressions/annotate-*) without libFuzzer: see fuzz/fuzz_annotate.cpp for the input
// format and the contract. Needs fz_annotate, fz_engine, fz_outline, fz_ingest, and tests/ on
// the include path (the structural validator).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "annotate/annotate.h"
#include "../tests/annotate/validator.h"
#include "engine/linter.h"
#include "ingest/source_text.h"
#include "outline/document.h"
#include "stored_zip.h"

namespace fz::fuzz {

namespace annotate_harness {

constexpr std::string_view kTypes =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
constexpr std::string_view kRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>";

/// The XML parts of a wrapped input, split at NULs.
std::string wrap(std::string_view rest) {
  std::vector<std::string> parts;
  while (parts.size() < 2) {
    const size_t z = rest.find('\0');
    if (z == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, z));
    rest.remove_prefix(z + 1);
  }
  parts.emplace_back(rest);
  std::vector<std::pair<std::string, std::string>> files = {{"[Content_Types].xml", std::string(kTypes)},
                                                            {"word/document.xml", parts[0]}};
  if (parts.size() > 1) files.emplace_back("word/footnotes.xml", parts[1]);
  if (parts.size() > 2) {
    files.emplace_back("word/_rels/document.xml.rels", std::string(kRels));
    files.emplace_back("word/comments.xml", parts[2]);
  }
  return fz::fuzz::stored_zip(files);
}

}  // namespace annotate_harness


/// Run one fuzz input through ingest → lint (`rules`) → annotate; every broken promise as a
/// message (none = the input is handled as promised).
inline std::vector<std::string> annotate_input(std::string_view input, const engine::RuleSet& rules) {
  std::vector<std::string> problems;
  if (input.size() < 2) return problems;
  const auto mode = static_cast<uint8_t>(input[0]);
  const std::string_view rest = input.substr(1);
  const std::string bytes = (mode & 1) ? annotate_harness::wrap(rest) : std::string(rest);

  ingest::Options io;
  io.max_bytes = 1u << 20;
  auto r = ingest::ingest(bytes, ingest::Format::Docx, io);
  if (!r) return problems;
  const auto& src = *r;
  for (const auto& b : src.note_blocks)
    if (b.span.begin > b.span.end || b.span.end > src.text.size()) problems.push_back("note block outside the text");
  const auto doc = outline::parse(src);
  auto res = engine::lint(src, doc, rules, engine::Config{});
  std::vector<Finding> findings = std::move(res.findings);

  // Findings the input places: from its last bytes, spans anywhere in the text (mid-character
  // too), some empty, some with fixes — what annotate must survive though lint never makes it.
  const auto n = static_cast<uint32_t>(src.text.size());
  for (size_t k = 0; k < 6 && n > 0 && rest.size() >= 4 * (k + 1); ++k) {
    const auto* p = reinterpret_cast<const uint8_t*>(rest.data() + rest.size() - 4 * (k + 1));
    const uint32_t b = ((uint32_t{p[0]} << 8) | p[1]) % (n + 1);
    const uint32_t e = std::min(n, b + p[2] % 24);
    Finding f;
    f.rule = "fuzz";
    f.message = "模糊测试";
    f.span = {b, e};
    if (p[3] & 1) f.fixes.push_back({{b, e}, (p[3] & 2) ? std::string("改") : std::string()});
    findings.push_back(std::move(f));
  }

  annotate::Options ao;
  ao.date = "2026-01-01T00:00:00Z";
  ao.track_fixes = (mode & 2) != 0;
  ao.comments_in_notes = (mode & 4) != 0;
  ao.max_bytes = io.max_bytes;
  auto out = annotate::annotate_docx(bytes, src, findings, ao);
  if (!out) {
    if (out.error().message.empty()) problems.push_back("annotate failed without a message");
    return problems;
  }
  if (out->comments != findings.size()) problems.push_back("annotate counts other comments than findings");
  const testing::Validation v = testing::check_package(bytes, out->docx);
  problems.insert(problems.end(), v.problems.begin(), v.problems.end());
  if (v.ours != findings.size())
    problems.push_back(std::to_string(v.ours) + " fzlint comments for " + std::to_string(findings.size()) +
                       " findings");
  if (!ao.track_fixes) {  // comments only: the reader sees the same text
    auto again = ingest::ingest(out->docx, ingest::Format::Docx, io);
    if (!again) problems.push_back("the annotated copy does not read back: " + again.error().message);
    else if (again->text != src.text) problems.push_back("annotating changed the text the reader sees");
  }
  return problems;
}

}  // namespace fz::fuzz
