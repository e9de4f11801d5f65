// Placeholder until the .docx reader lands (next commit): refuses with a clear message.
#include "ingest/formats.h"
namespace fz::ingest::detail {
Result<SourceText> ingest_docx(std::string_view, const Options&) {
  return Error{"", 0, 0, "暂不支持读取 .docx 文件，请另存为 .txt 后检查"};
}
}  // namespace fz::ingest::detail
