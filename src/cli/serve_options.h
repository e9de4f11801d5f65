// The options of `fzlint serve`, shared by fzlint (which parses them, then execs fzlint-serve)
// and fzlint-serve (which parses them again and runs the server).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "serve/http_options.h"

namespace fz::cli {

struct ServeOptions {
  serve::HttpOptions http;
  std::string config;
  std::vector<std::string> rule_dirs;
  size_t max_size = 16u << 20;
};

}  // namespace fz::cli
