// The batch comparison in bounded memory (issue #16): while `check DIR` lints each report, what
// it must print later — the decoded text, its in-text directives, its heading paths, lint's
// findings — and what the comparison needs of it only for the pairs it compares (the folded
// text, engine::BatchPart::shed) go to one unlinked temporary file; memory keeps the index
// entries (fingerprints) and the file offsets. The comparison fetches a pair's two reports back
// from this file, and printing fetches each report back once, so a report is always compared and
// printed exactly as it was linted, even if its file changes or vanishes meanwhile.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "support/finding.h"
#include "support/result.h"

namespace fz::cli {

/// An unlinked temporary file in $TMPDIR (or /tmp) written at its end and read anywhere
/// (pread: several threads may read at once; writes come from one thread).
class RecordSpool {
 public:
  RecordSpool();
  ~RecordSpool();
  RecordSpool(const RecordSpool&) = delete;
  RecordSpool& operator=(const RecordSpool&) = delete;
  /// Appends `bytes`; returns their offset, or an error (Chinese) when the file cannot be written.
  Result<uint64_t> append(std::string_view bytes);
  /// `len` bytes at `offset`.
  Result<std::string> read(uint64_t offset, size_t len) const;

 private:
  int fd_ = -1;
  uint64_t end_ = 0;
  std::string error_;  ///< why the file could not be created
};

/// One report as spooled: the parts the comparison reads back (text, shed) first.
struct SpooledReport {
  std::string text;                              ///< ingest::SourceText::text
  std::string shed;                              ///< engine::BatchPart::shed
  std::vector<ingest::Directive> directives;
  engine::SectionPaths sections;
  std::vector<Finding> findings;                 ///< lint()'s
};

/// Where a report's record lies in the spool.
struct SpoolPlace {
  uint64_t offset = 0;
  uint32_t text_len = 0, shed_len = 0, rest_len = 0;
};

/// Writes `r` to `spool`.
Result<SpoolPlace> spool_report(RecordSpool& spool, const SpooledReport& r);
/// The text of a spooled report.
Result<std::string> load_text(const RecordSpool& spool, const SpoolPlace& at);
/// Bytes [offset, offset + len) of a spooled report's shed bytes, fewer where they end.
Result<std::string> load_shed(const RecordSpool& spool, const SpoolPlace& at, size_t offset, size_t len);
/// The whole record back.
Result<SpooledReport> load_report(const RecordSpool& spool, const SpoolPlace& at);

}  // namespace fz::cli
