// fuzz_lsp: the input is the raw client byte stream of an LSP session (Content-Length framing,
// JSON-RPC messages) fed to lsp::run_session, with the real pipeline (shipped rules, no config
// look-up on disk) as the Linter. Whatever the bytes, the server must answer or drop, never
// throw, crash or hang, and everything it writes must be framed UTF-8.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "fuzz_common.h"
#include "lsp/server.h"
#include "outline/document.h"

namespace {

/// The production pipeline without `.fzlint.toml` discovery (no file system access while
/// fuzzing, so a run is reproducible from its input alone).
class PipelineLinter : public fz::lsp::Linter {
 public:
  fz::lsp::LintOutput lint(const fz::lsp::LintRequest& req) override {
    fz::lsp::LintOutput out;
    auto fmt = req.format == fz::lsp::DocFormat::Markdown ? fz::ingest::Format::Markdown
                                                            : fz::ingest::Format::Text;
    auto src = fz::ingest::ingest(req.text, fmt);
    if (!src) return out;
    auto doc = fz::outline::parse(*src);
    const auto& rules = fz::fuzz::shipped_rules();
    out.findings = fz::engine::lint(*src, doc, rules, fz::engine::Config{}).findings;
    // ingest keeps UTF-8 text byte-identical (no BOM in JSON strings), so spans index req.text.
    for (const auto& f : out.findings) fz_fuzz_check(f.span.end <= src->text.size());
    out.rule_info = [&rules](std::string_view id) { return fz::engine::find_rule(rules, id); };
    return out;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  fz::lsp::ServerOptions opts;
  opts.linter = std::make_shared<PipelineLinter>();
  opts.max_message_bytes = 1u << 20;
  opts.tool_version = "fuzz";
  int code = fz::lsp::run_session(in, out, opts);
  fz_fuzz_check(code == 0 || code == 1);
  fz_fuzz_check(fz::fuzz::valid_utf8(out.str()));
  return 0;
}
