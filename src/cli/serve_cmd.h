// `fzlint serve`: the checking page and JSON API over HTTP (src/serve/, docs/serve.md).
//
// The HTTP side lives in its own program, `fzlint-serve` (src/cli/serve/), so that the HTTP
// library and what it pulls in (OpenSSL, Brotli: about 5 % of a one-report run's instructions
// spent loading and relocating them) are loaded only by the server, not by every `check`.
// `fzlint serve` parses its options here (so `--help`, the manual page and option errors are
// the same as every other subcommand) and then replaces itself with `fzlint-serve` — the same
// process id, signals and exit code — found beside the fzlint binary or in the installed
// private folder (see serve_program_candidates).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace fz::cli {

struct ServeOptions;

/// Register the `serve` subcommand on `app`. After parsing, call the returned function: it runs
/// `run` with the parsed options and gives its exit code when `serve` was chosen, nullopt
/// otherwise.
std::function<std::optional<int>()> add_serve_command(
    CLI::App& app, std::function<int(const ServeOptions&)> run);

/// fzlint's own runner: exec `fzlint-serve` with `argv` (argv[0] replaced). Returns 2 with a
/// message when the program is missing or cannot be started; does not return otherwise.
int exec_serve_program(int argc, char** argv);

/// Where `fzlint-serve` is looked for, in order, given the fzlint binary's own path: beside it
/// (the build tree), then `<prefix>/lib/fzlint/fzlint-serve` for `<prefix>/bin/fzlint` (the
/// installed layout, packaging/Install.cmake).
std::vector<std::filesystem::path> serve_program_candidates(const std::filesystem::path& self);

}  // namespace fz::cli
