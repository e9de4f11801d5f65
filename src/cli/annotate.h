// `fzlint annotate`: write an annotated copy of a .docx (one Word comment per finding, safe
// fixes optionally as tracked changes). Linting is `check`'s (FileLinter); the document work is
// fz::annotate's; this file only resolves paths, reads, writes atomically and reports.
#pragma once

#include <string>

#include "cli/check.h"

namespace CLI {
class App;
}

namespace fz::cli {

struct AnnotateOptions {
  CheckOptions check;           ///< paths, --select/--ignore/--severity/--config/--rules/--year
  std::string output;           ///< -o: a file (one input) or a folder (folder input)
  bool in_place = false;        ///< overwrite the input (atomically)
  bool track_fixes = false;     ///< safe fixes as tracked changes
  bool comments_in_notes = false;  ///< comments inside footnotes/endnotes (Word only)
  std::string min_severity = "info";  ///< only findings at or above become comments
};

/// Add the `annotate` subcommand to `app`, bound to `o`.
CLI::App* add_annotate_command(CLI::App& app, AnnotateOptions& o);

/// Exit code: 0 every document written, 2 usage, input or write error.
int run_annotate(const AnnotateOptions& o);

}  // namespace fz::cli
