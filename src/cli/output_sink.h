// Sinks for printers that stream (report::Printer): standard output written as it comes, and
// spools in unlinked temporary files, so `check` over thousands of files holds neither every
// file's text nor the whole report in memory (issue #16).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "report/report.h"

namespace fz::cli {

/// Standard output, buffered in 64 KiB pieces. A failed write (a full disk behind `> file`, a
/// closed pipe) is remembered: ok() turns false and nothing more is written.
class StdoutSink final : public report::Sink {
 public:
  ~StdoutSink() override;
  void write(std::string_view bytes) override;
  /// Write out the buffer; false when standard output failed (now or before).
  bool flush();
  bool ok() const { return ok_; }

 private:
  std::string buf_;
  bool ok_ = true;
};

/// An unlinked temporary file in $TMPDIR (or /tmp): disk, not memory, for what a printer must
/// hold until the end (SARIF's artifacts and results; the report of --fix --diff, printed after
/// every diff). A failed write makes ok() false; replay() then gives nothing further.
class FileSpool final : public report::Spool {
 public:
  FileSpool();
  ~FileSpool() override;
  FileSpool(const FileSpool&) = delete;
  FileSpool& operator=(const FileSpool&) = delete;
  void write(std::string_view bytes) override;
  void replay(const std::function<void(std::string_view)>& f) override;
  bool ok() const { return ok_; }
  /// Why the spool failed (Chinese), "" while ok().
  const std::string& error() const { return error_; }

 private:
  std::FILE* f_ = nullptr;
  bool ok_ = true;
  std::string error_;
};

}  // namespace fz::cli
