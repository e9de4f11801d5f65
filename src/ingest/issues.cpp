#include "ingest/issues.h"

namespace fz::ingest {

namespace {
constexpr IssueDoc kDocs[] = {
    {"invalid-directive", Severity::Warning, "无法识别的 fzlint 注释指令",
     "Markdown 中以 fzlint- 开头的 HTML 注释不是 fzlint-disable、fzlint-enable 或 "
     "fzlint-disable-next-line 之一，或规则名写法有误；该注释不起作用。",
     "写错的停用指令会让起草人以为问题已被有意忽略，实际上检查照常进行。",
     "fzlint 停用注释语法（README：在文中停用规则）"},
    {"invalid-encoding", Severity::Warning, "文件含无法解码的字节",
     "按识别出的编码（UTF-8、GB18030、UTF-16 等）解码时遇到非法字节序列；这些字节以 U+FFFD "
     "替代，其余内容照常检查。常见原因是文件在不同编码之间被错误转换或截断。",
     "乱码会原样出现在公开发布的报告中；--fix 也不会写回含乱码的文件，以免损坏原文件。",
     "文本文件编码（GB 18030《信息技术 中文编码字符集》；Unicode UTF-8/UTF-16）"},
    {"invisible-characters", Severity::Info, "文中含不可见字符",
     "文中出现零宽空格、零宽连接符、字节顺序标记、软连字符等不可见字符，多为从网页或 PDF "
     "复制时带入。",
     "不可见字符会使检索、字数统计和“查找替换”失效，也会让相同的文字比较结果不同。",
     "公文排版规范（正文不含控制字符）"},
    {"markdown-too-deep", Severity::Warning, "Markdown 嵌套过深，按纯文本读取",
     "Markdown 列表或引用嵌套超过 100 层，超出解析器的安全范围；该文件按纯文本逐行读取，"
     "结构识别可能不完整。",
     "正常报告不会有如此深的嵌套，通常是转换工具出错；按纯文本读取可避免解析器崩溃。",
     "fzlint 输入限制（Markdown 最大嵌套深度 100）"},
    {"mixed-line-endings", Severity::Info, "换行符混用",
     "同一文件中混用了 CRLF（Windows）、LF（Unix）或 CR 换行符，多为多人编辑或拼接文件所致。",
     "换行符不一致会使比较修订、统计行号和部分编辑器显示出错。",
     "文本文件格式惯例"},
};
}  // namespace

std::span<const IssueDoc> issue_docs() { return kDocs; }

}  // namespace fz::ingest
