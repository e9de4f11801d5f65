// fz::serve — `fzlint serve`: the checking page and its JSON API for drafters on an intranet.
// A thin adapter like src/lsp/: HTTP in, the same engine call as `check`, the same printers out.
//
// Service is the transport-free half: it answers one API call from bytes already in memory
// (never a file, never a log of the text) with a status and a body, so it is testable without
// sockets. http.cpp binds it to cpp-httplib and adds the limits, headers and the access log.
//
// Invariants:
//  * The RuleSet is built once by the caller and shared read-only by every request (and thread).
//  * /check answers exactly what `fzlint check --format json` prints for the one file, plus the
//    keys "outline" (`fzlint parse --format json`) and "text" (the decoded text the offsets
//    point into). No second schema: both come from report::write_json and Document::to_json.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/linter.h"

namespace fz::serve {

/// One uploaded document (a multipart `file` or a JSON `text`), held in memory only.
struct Upload {
  std::string filename;  ///< as the user's browser named it; decides the format
  std::string bytes;
};

/// Per-request options (the same meaning as check's --select/--ignore/--year/--partial).
struct RequestOptions {
  std::vector<std::string> select, ignore;
  std::optional<int> year;
  bool partial = false;
  bool track_fixes = false;  ///< annotate: safe fixes as tracked changes (annotate --track-fixes)
};

/// An answer: status, content type, body, and for downloads a file name.
struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::string download_name;  ///< non-empty: Content-Disposition attachment
};

/// {"error": message, "status": status} with that status.
Reply error_reply(int status, std::string_view message);

struct Settings {
  engine::Config config;                         ///< from --config (its select/ignore are defaults)
  std::shared_ptr<const engine::RuleSet> rules;  ///< built once
  size_t max_bytes = 16u << 20;                  ///< check's file limit (--max-size)
  std::string version;                           ///< FZ_VERSION
};

class Service {
 public:
  explicit Service(Settings s) : s_(std::move(s)) {}

  /// POST /api/v1/check. 200 with findings (or none); 413 over the size limit; 415 for a format
  /// fzlint does not read; 400 for bad options; 422 when the file cannot be decoded (the body
  /// is still check's JSON, with the file's "error").
  Reply check(const Upload& up, const RequestOptions& o) const;
  /// POST /api/v1/fix: {"path","encoding","applied","skipped","text","diff"} for .txt/.md.
  Reply fix(const Upload& up, const RequestOptions& o) const;
  /// POST /api/v1/annotate: the .docx with one Word comment per finding (fz::annotate, as
  /// `fzlint annotate`), or 501 when this build has no src/annotate.
  Reply annotate(const Upload& up, const RequestOptions& o) const;
  /// GET /api/v1/rules (`rules --format json`, with ?all=1 `--all`).
  Reply rules(bool all) const;
  /// GET /api/v1/rules/{id}: what `explain` shows, or 404.
  Reply rule(std::string_view id) const;
  /// GET /api/v1/version.
  Reply version() const;

  size_t max_bytes() const { return s_.max_bytes; }

 private:
  /// The request's Config (defaults overlaid with its options), or a 400 reply.
  std::optional<Reply> request_config(const RequestOptions& o, engine::Config& out) const;
  /// 413/415 checks on an upload, or nothing when it may be read.
  std::optional<Reply> admissible(const Upload& up) const;

  Settings s_;
};

/// Why a file name's format cannot be checked (Chinese), or "" when fzlint reads it.
std::string unsupported_format(std::string_view filename);

}  // namespace fz::serve
