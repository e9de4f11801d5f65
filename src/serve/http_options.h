// The HTTP settings of `fzlint serve` (src/serve/server.h), apart from the server so that the
// command line can parse them without the HTTP library.
#pragma once

#include <string>

namespace fz::serve {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                ///< 0 = any free port (printed on start; used by tests)
  unsigned max_concurrent = 0;    ///< checks at once; 0 = number of cores
  unsigned queue = 16;            ///< checks waiting for a slot before 503
  unsigned queue_wait = 10;       ///< seconds a queued check waits before 503
  unsigned time_limit = 30;       ///< seconds one check may take before 503
};

}  // namespace fz::serve
