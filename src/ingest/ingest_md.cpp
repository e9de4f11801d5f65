// Placeholder until the Markdown reader lands (next commit): reads the file as plain text.
#include "ingest/formats.h"
namespace fz::ingest::detail {
Result<SourceText> ingest_md(std::string_view bytes, const Options& opts) {
  auto r = ingest_txt(bytes, opts);
  if (r) r->format = Format::Markdown;
  return r;
}
}  // namespace fz::ingest::detail
