// fz::ingest — documentation of the input issues ingest reports (category `input`). They are
// not TOML rules (they come from decoding bytes, which no rule file can hold as an example),
// but users must be able to `fzlint explain` them, select/ignore them, and see them in SARIF
// rule lists and docs/rules.md; the engine lists them beside the pack's rules.
#pragma once

#include <span>

#include "support/finding.h"

namespace fz::ingest {

/// One input issue id with its documentation (fields as in RuleInfo; no examples).
struct IssueDoc {
  const char* id;
  Severity severity;
  const char* title;
  const char* description;
  const char* rationale;
  const char* source;
};

/// Every issue id ingest can report, sorted by id.
std::span<const IssueDoc> issue_docs();

}  // namespace fz::ingest
