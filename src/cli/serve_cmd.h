// `fzlint serve`: the checking page and JSON API over HTTP (src/serve/, docs/serve.md).
#pragma once

#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace fz::cli {

/// Register the `serve` subcommand on `app`. After parsing, call the returned function: it runs
/// the server and gives its exit code when `serve` was chosen, nullopt otherwise.
std::function<std::optional<int>()> add_serve_command(CLI::App& app);

}  // namespace fz::cli
