// fz::serve — the HTTP side of `fzlint serve` (cpp-httplib from Debian's libcpp-httplib-dev).
//
// Routes: GET / (the page: src/serve/web/ embedded at build time), GET /app.js, /style.css,
// GET /healthz, and the JSON API under /api/v1 (docs/serve.md). Hardening:
//  * uploads are read into memory only (never written to disk, never logged); a request larger
//    than the file limit plus a small multipart allowance is refused with 413;
//  * POST /api/v1/{check,fix,annotate} take a slot of a fixed number of concurrent checks
//    before their body is read; up to `queue` more wait for one, anything beyond gets 503 with
//    Retry-After; a check still running after `time_limit` seconds answers 503 (it keeps its
//    slot until it ends, so overload cannot pile up work);
//  * only multipart/form-data or application/json bodies (415 otherwise); no file serving, no
//    directory listing; CSP without inline or foreign script, nosniff, frame-ancestors 'none';
//  * SIGTERM/SIGINT: stop accepting, finish the requests in flight, then return 0;
//  * one access-log line per request: time, client, method, path, status, sizes, duration.
#pragma once

#include <iosfwd>
#include <string>

#include "serve/http_options.h"
#include "serve/service.h"

namespace fz::serve {

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

/// Serve until SIGTERM or SIGINT. Writes the start-up lines and the access log to `log`.
/// Returns 0 after a graceful stop, 2 when the address cannot be bound.
int run(const Service& service, const HttpOptions& options, std::ostream& log);

}  // namespace fz::serve
