// Markdown reader: tree-sitter-markdown (block grammar) over the decoded text.
//
// Blocks: ATX/setext headings (content without #s or underline), paragraphs, list items
// (ordered items keep "1." — in a 公文 it is the level-3 marker; bullets are stripped), block
// quotes (">" stripped, one block per line because an inner ">" cannot be cut out of a span),
// and indented code blocks read as ordinary lines (Chinese drafts indent paragraphs with spaces;
// a report never contains code). Skipped: YAML/TOML front matter, fenced code, tables, thematic
// breaks, link definitions, other HTML. `**…**`/`__…__` wrapping a whole block is stripped.
//
// Chinese authors often write one paragraph per line without blank lines between; CommonMark
// would glue such lines into one paragraph. So a multi-line paragraph is split at a line break
// when the previous line ends a sentence (。！？；：) or the next line begins with a 公文 marker
// (一、 （一） (一) 1. 1、 1．), or the previous line is short and has no punctuation at all
// (title, signature, date). A genuinely soft-wrapped sentence stays one block.
//
// Nesting deeper than kMaxDepth containers (hostile input; the grammar's scanner corrupts memory
// past ~250) is not parsed: the file is read line by line and a "markdown-too-deep" issue says so.
//
// HTML comments <!-- fzlint-disable a b -->, <!-- fzlint-enable -->,
// <!-- fzlint-disable-next-line a --> become Directives; a malformed fzlint comment becomes an
// "invalid-directive" issue.
#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/decode.h"
#include "ingest/formats.h"
#include "text/utf8.h"

extern "C" const TSLanguage* tree_sitter_markdown();

namespace fz::ingest::detail {

namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

bool is_type(TSNode n, const char* t) { return std::strcmp(ts_node_type(n), t) == 0; }

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

constexpr std::string_view kCjkNumerals[] = {"一", "二", "三", "四", "五", "六", "七",
                                             "八", "九", "十", "〇", "零"};

size_t cjk_numeral_prefix(std::string_view s) {
  size_t i = 0;
  for (bool more = true; more;) {
    more = false;
    for (auto n : kCjkNumerals) {
      if (starts_with(s.substr(i), n)) {
        i += n.size();
        more = true;
        break;
      }
    }
  }
  return i;
}

// A line that opens a new 公文 outline item: 一、 （一） (一) 1. 1、 1．
bool starts_with_marker(std::string_view s) {
  if (starts_with(s, "（") || starts_with(s, "(")) {
    std::string_view r = s.substr(starts_with(s, "（") ? 3 : 1);
    size_t n = cjk_numeral_prefix(r);
    if (n == 0)
      while (n < r.size() && n < 3 && r[n] >= '0' && r[n] <= '9') ++n;
    return n > 0 && (starts_with(r.substr(n), "）") || starts_with(r.substr(n), ")"));
  }
  size_t n = cjk_numeral_prefix(s);
  if (n > 0) return starts_with(s.substr(n), "、");
  while (n < s.size() && n < 3 && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0) return false;
  std::string_view r = s.substr(n);
  if (starts_with(r, "、") || starts_with(r, "．")) return true;
  // "1." but not "1.5万元"
  return starts_with(r, ".") && !(r.size() > 1 && r[1] >= '0' && r[1] <= '9');
}

bool ends_sentence(std::string_view s) {
  for (std::string_view m : {"。", "！", "？", "；", "：", "!", "?", ";", ":"})
    if (ends_with(s, m)) return true;
  return false;
}

// A short line without any punctuation (title, signature, date, unmarked heading) stands
// alone: a soft-wrapped line of running text is long or contains a comma.
bool standalone_line(std::string_view s) {
  if (text::count_code_points(s) > 30) return false;
  for (size_t i = 0; i < s.size();) {
    text::Decoded d = text::decode_utf8(s, i);
    if (text::is_fullwidth_punct(d.cp) || d.cp == ',' || d.cp == ';') return false;
    i += d.len ? d.len : 1;
  }
  return true;
}

class MdReader {
 public:
  MdReader(const std::string& text, SourceText& out) : t_(text), out_(out) {}

  void run(TSNode root) {
    // Iterative walk: deeply nested quotes/lists in hostile input must not exhaust the stack.
    std::vector<Frame> stack;
    stack.push_back({root, Ctx{}});
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      visit(f, stack);
    }
    std::sort(out_.blocks.begin(), out_.blocks.end(),
              [](const Block& a, const Block& b) { return a.span.begin < b.span.begin; });
    // Safety net for the contract "blocks never overlap" on pathological trees.
    std::vector<Block> kept;
    for (Block b : out_.blocks) {
      if (!kept.empty() && b.span.begin < kept.back().span.end) {
        b.span = text::trim_span(t_, {kept.back().span.end, b.span.end});
        if (b.span.empty()) continue;
      }
      kept.push_back(b);
    }
    out_.blocks = std::move(kept);
    std::sort(out_.directives.begin(), out_.directives.end(),
              [](const Directive& a, const Directive& b) { return a.span.begin < b.span.begin; });
  }

 private:
  struct Ctx {
    bool quote = false;  // inside a block quote: strip ">" continuation markers
  };
  struct Frame {
    TSNode node;
    Ctx ctx;
  };

  void visit(const Frame& f, std::vector<Frame>& stack) {
    TSNode n = f.node;
    const char* type = ts_node_type(n);
    const uint32_t count = ts_node_child_count(n);
    auto push_children = [&](Ctx c) {
      for (uint32_t i = count; i-- > 0;) stack.push_back({ts_node_child(n, i), c});
    };
    if (!std::strcmp(type, "document") || !std::strcmp(type, "section") ||
        !std::strcmp(type, "list")) {
      push_children(f.ctx);
    } else if (!std::strcmp(type, "block_quote")) {
      push_children(Ctx{true});
    } else if (!std::strcmp(type, "list_item")) {
      push_children(f.ctx);  // paragraph() keeps an ordered item's number (see there)
    } else if (!std::strcmp(type, "paragraph")) {
      paragraph(n, f.ctx);
    } else if (!std::strcmp(type, "atx_heading")) {
      atx_heading(n);
    } else if (!std::strcmp(type, "setext_heading")) {
      setext_heading(n);
    } else if (!std::strcmp(type, "html_block")) {
      html(ts_node_start_byte(n), ts_node_end_byte(n));
    } else if (!std::strcmp(type, "indented_code_block")) {
      lines(ts_node_start_byte(n), ts_node_end_byte(n), f.ctx.quote, true);
    }
    // Skipped on purpose: minus_metadata, plus_metadata, fenced_code_block, pipe_table,
    // thematic_break, link_reference_definition, markers and continuations.
  }

  // The paragraph's text range: its `inline` child (excludes the trailing newline).
  static std::pair<uint32_t, uint32_t> inline_range(TSNode n) {
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
      TSNode k = ts_node_child(n, i);
      if (is_type(k, "inline")) return {ts_node_start_byte(k), ts_node_end_byte(k)};
    }
    return {ts_node_start_byte(n), ts_node_end_byte(n)};
  }

  void paragraph(TSNode n, const Ctx& ctx) {
    auto [b, e] = inline_range(n);
    // An ordered-list item's number stays in its first paragraph: "1. 加强学习" — only when the
    // paragraph directly follows the marker (not after a setext heading or a nested block).
    TSNode parent = ts_node_parent(n);
    if (!ts_node_is_null(parent) && is_type(parent, "list_item")) {
      uint32_t marker = UINT32_MAX;
      for (uint32_t i = 0; i < ts_node_child_count(parent); ++i) {
        TSNode k = ts_node_child(parent, i);
        if (is_type(k, "list_marker_dot") || is_type(k, "list_marker_parenthesis")) {
          marker = ts_node_start_byte(k);
          continue;
        }
        if (is_type(k, "block_continuation") || !std::strncmp(ts_node_type(k), "task_list", 9))
          continue;
        if (ts_node_eq(k, n) && marker < b) b = marker;
        break;
      }
    }
    // A paragraph that is only an HTML comment (inline HTML) may still be a directive.
    const std::string_view body = std::string_view(t_).substr(b, e - b);
    if (starts_with(trimmed(body), "<!--")) {
      html(b, e);
      if (ends_with(trimmed(body), "-->")) return;
    }
    lines(b, e, ctx.quote, false);
  }

  static std::string_view trimmed(std::string_view s) {
    ByteSpan sp = text::trim_span(s, {0, static_cast<uint32_t>(s.size())});
    return s.substr(sp.begin, sp.size());
  }

  // Emits blocks for the lines of [b, e): one per line when `each_line` or inside a quote,
  // otherwise grouped per the paragraph-splitting heuristic in the file comment.
  void lines(uint32_t b, uint32_t e, bool quote, bool each_line) {
    e = std::min<uint32_t>(e, static_cast<uint32_t>(t_.size()));
    ByteSpan cur{};
    bool open = false;
    std::string_view prev;
    uint32_t i = b;
    while (i <= e) {
      uint32_t j = i;
      while (j < e && t_[j] != '\n' && t_[j] != '\r') ++j;
      ByteSpan s = text::trim_span(t_, {i, j});
      if (quote) {
        // Strip block-quote continuation markers ("> ", nested ">>").
        while (s.begin < s.end && t_[s.begin] == '>') {
          ++s.begin;
          s = text::trim_span(t_, s);
        }
      }
      // A backslash ending a line inside a paragraph is a Markdown hard line break, not text.
      if (!each_line && j < e && s.size() >= 1 && t_[s.end - 1] == '\\' &&
          !(s.size() >= 2 && t_[s.end - 2] == '\\'))
        s = text::trim_span(t_, {s.begin, s.end - 1});
      if (!s.empty()) {
        const std::string_view line = std::string_view(t_).substr(s.begin, s.size());
        if (open && (quote || each_line || ends_sentence(prev) || standalone_line(prev) ||
                     starts_with_marker(line))) {
          emit(cur, Block::Kind::Paragraph, 0);
          open = false;
        }
        if (!open) {
          cur = s;
          open = true;
        } else {
          cur.end = s.end;
        }
        prev = line;
      }
      if (j >= e) break;
      i = j + ((t_[j] == '\r' && j + 1 < e && t_[j + 1] == '\n') ? 2 : 1);
    }
    if (open) emit(cur, Block::Kind::Paragraph, 0);
  }

  void atx_heading(TSNode n) {
    int level = 0;
    uint32_t b = 0, e = 0;
    bool have = false;
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
      TSNode k = ts_node_child(n, i);
      const char* ty = ts_node_type(k);
      if (!std::strncmp(ty, "atx_h", 5) && std::strlen(ty) == 13) level = ty[5] - '0';
      if (is_type(k, "inline")) {
        b = ts_node_start_byte(k);
        e = ts_node_end_byte(k);
        have = true;
      }
    }
    if (!have) return;  // "#" alone: an empty heading is no block
    ByteSpan s = text::trim_span(t_, {b, e});
    // Closing sequence: " ##" at the end (CommonMark: preceded by a space, or the whole content).
    uint32_t k = s.end;
    while (k > s.begin && t_[k - 1] == '#') --k;
    if (k < s.end && (k == s.begin || t_[k - 1] == ' ' || t_[k - 1] == '\t')) s.end = k;
    s = text::trim_span(t_, s);
    emit(s, Block::Kind::Heading, std::clamp(level, 1, 6));
  }

  void setext_heading(TSNode n) {
    int level = 1;
    ByteSpan s{};
    bool have = false;
    for (uint32_t i = 0; i < ts_node_child_count(n); ++i) {
      TSNode k = ts_node_child(n, i);
      if (is_type(k, "setext_h2_underline")) level = 2;
      if (is_type(k, "paragraph")) {
        auto [b, e] = inline_range(k);
        s = text::trim_span(t_, {b, e});
        have = true;
      }
    }
    if (have) emit(s, Block::Kind::Heading, level);
  }

  // Strips `**…**` / `__…__` wrapping the whole span, then white space; emits non-empty blocks
  // that do not overlap the previous one.
  void emit(ByteSpan s, Block::Kind kind, int level) {
    for (int guard = 0; guard < 4; ++guard) {
      const std::string_view v = std::string_view(t_).substr(s.begin, s.size());
      bool stripped = false;
      for (std::string_view w : {"**", "__"}) {
        if (v.size() > 4 && starts_with(v, w) && ends_with(v, w) &&
            v.substr(2, v.size() - 4).find(w) == std::string_view::npos) {
          s = text::trim_span(t_, {s.begin + 2, s.end - 2});
          stripped = true;
          break;
        }
      }
      if (!stripped) break;
    }
    if (s.empty()) return;
    out_.blocks.push_back({kind, kind == Block::Kind::Heading ? level : 0, s});
  }

  // Directives in every <!-- … --> comment of [b, e).
  void html(uint32_t b, uint32_t e) {
    const std::string_view v = std::string_view(t_).substr(b, e - b);
    size_t pos = 0;
    while ((pos = v.find("<!--", pos)) != std::string_view::npos) {
      const size_t close = v.find("-->", pos + 4);
      const size_t end = close == std::string_view::npos ? v.size() : close + 3;
      const std::string_view inner =
          v.substr(pos + 4, (close == std::string_view::npos ? v.size() : close) - pos - 4);
      directive(inner, {b + static_cast<uint32_t>(pos), b + static_cast<uint32_t>(end)},
                close != std::string_view::npos);
      pos = end;
    }
  }

  void directive(std::string_view inner, ByteSpan span, bool closed) {
    std::string_view s = trimmed(inner);
    if (!starts_with(s, "fzlint")) return;  // an ordinary comment
    if (detail::is_partial_directive(s)) {  // <!-- fzlint: partial -->: the file is an excerpt
      if (!closed) {
        out_.issues.push_back({"invalid-directive", Severity::Warning,
                               "fzlint 指令的 HTML 注释缺少结尾“-->”，指令未生效", span});
        return;
      }
      out_.partial = true;
      if (out_.partial_directive.empty()) out_.partial_directive = span;
      return;
    }
    Directive d;
    std::string_view rest;
    bool ok = true;
    if (starts_with(s, "fzlint-disable-next-line")) {
      d.kind = Directive::Kind::DisableNextLine;
      rest = s.substr(24);
    } else if (starts_with(s, "fzlint-disable")) {
      d.kind = Directive::Kind::Disable;
      rest = s.substr(14);
    } else if (starts_with(s, "fzlint-enable")) {
      d.kind = Directive::Kind::Enable;
      rest = s.substr(13);
    } else {
      ok = false;
    }
    // The keyword must end at white space, ':' or the end ("fzlint-disabled" is a typo).
    if (ok && !rest.empty() && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' &&
        rest[0] != '\n' && rest[0] != '\r')
      ok = false;
    if (ok && !closed) ok = false;
    if (!ok) {
      InputIssue is;
      is.rule = "invalid-directive";
      is.severity = Severity::Warning;
      is.message = closed ? "无法识别的 fzlint 指令“" + text::clip(s, 60) +
                                "”，应为 fzlint-disable、fzlint-enable 或 fzlint-disable-next-line"
                          : "fzlint 指令的 HTML 注释缺少结尾“-->”，指令未生效";
      is.span = span;
      out_.issues.push_back(std::move(is));
      return;
    }
    if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
    // Rule ids separated by white space or commas (half- or full-width).
    std::string cur;
    auto flush = [&] {
      if (!cur.empty()) d.rules.push_back(cur);
      cur.clear();
    };
    for (size_t i = 0; i < rest.size();) {
      if (starts_with(rest.substr(i), "，")) {
        flush();
        i += 3;
        continue;
      }
      const char c = rest[i];
      if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r') {
        flush();
      } else {
        cur += c;
      }
      ++i;
    }
    flush();
    d.span = span;
    out_.directives.push_back(std::move(d));
  }

  const std::string& t_;
  SourceText& out_;
};

// tree-sitter-markdown's external scanner serialises its stack of open blocks (4 bytes each)
// into tree-sitter's fixed 1 KB buffer, so more than ~250 nested containers corrupt the heap.
// We stay far below: a file whose nesting may exceed kMaxDepth is read as plain text.
constexpr int kMaxDepth = 100;

// An upper bound on the containers open at each line: block-quote and list markers at its start,
// plus half its indentation when it has any marker (a nested list item is indented ≥ 2 columns
// more than its parent). Returns the first line (0-based) over the limit and its estimate.
std::optional<std::pair<size_t, int>> too_deep(std::string_view t) {
  size_t line = 0;
  for (size_t i = 0; i < t.size();) {
    int markers = 0, cols = 0;
    size_t j = i;
    for (;;) {
      if (j < t.size() && (t[j] == ' ' || t[j] == '\t')) {
        cols += t[j] == '\t' ? 4 : 1;
        ++j;
      } else if (j < t.size() && t[j] == '>') {
        ++markers;
        ++j;
      } else if (j < t.size() && (t[j] == '-' || t[j] == '*' || t[j] == '+') &&
                 (j + 1 == t.size() || t[j + 1] == ' ' || t[j + 1] == '\t' || t[j + 1] == '\n' ||
                  t[j + 1] == '\r')) {
        ++markers;
        ++j;
      } else if (j < t.size() && t[j] >= '0' && t[j] <= '9') {
        size_t k = j;
        while (k < t.size() && k - j < 9 && t[k] >= '0' && t[k] <= '9') ++k;
        if (k < t.size() && (t[k] == '.' || t[k] == ')') &&
            (k + 1 == t.size() || t[k + 1] == ' ' || t[k + 1] == '\t')) {
          ++markers;
          j = k + 1;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    const int depth = markers + (markers > 0 ? cols / 2 : 0);
    if (depth > kMaxDepth) return std::make_pair(line, depth);
    while (j < t.size() && t[j] != '\n' && t[j] != '\r') ++j;
    if (j < t.size() && t[j] == '\r' && j + 1 < t.size() && t[j + 1] == '\n') ++j;
    i = j + 1;
    ++line;
  }
  return std::nullopt;
}

}  // namespace

Result<SourceText> ingest_md(std::string_view bytes, const Options& opts) {
  auto dec = decode_text(bytes, opts);
  if (!dec) return dec.error();
  SourceText st;
  st.format = Format::Markdown;
  st.text = std::move(dec->text);
  st.encoding = std::move(dec->encoding);
  st.had_bom = dec->had_bom;
  st.issues = std::move(dec->issues);
  add_text_issues(st.text, st.issues);

  if (auto deep = too_deep(st.text)) {
    // Plain-text fallback: the blocks are the lines, exactly as for a .txt file.
    size_t b = 0;
    for (size_t l = 0; l < deep->first && b < st.text.size(); ++l) {
      while (b < st.text.size() && st.text[b] != '\n' && st.text[b] != '\r') ++b;
      if (b < st.text.size() && st.text[b] == '\r' && b + 1 < st.text.size() && st.text[b + 1] == '\n') ++b;
      ++b;
    }
    size_t e = b;
    while (e < st.text.size() && st.text[e] != '\n' && st.text[e] != '\r') ++e;
    InputIssue is;
    is.rule = "markdown-too-deep";
    is.severity = Severity::Warning;
    is.message = "Markdown 嵌套层级过深（第 " + std::to_string(deep->first + 1) + " 行约 " +
                 std::to_string(deep->second) + " 层，上限 " + std::to_string(kMaxDepth) +
                 " 层），本文件已按纯文本逐行读取";
    is.span = {static_cast<uint32_t>(std::min(b, st.text.size())), static_cast<uint32_t>(e)};
    st.issues.push_back(std::move(is));
    line_blocks(st.text, {0, static_cast<uint32_t>(st.text.size())}, st.blocks);
    return st;
  }

  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!parser || !ts_parser_set_language(parser.get(), tree_sitter_markdown()))
    return Error{"", 0, 0, "内部错误：Markdown 语法解析器版本不兼容"};
  std::unique_ptr<TSTree, TreeDeleter> tree(ts_parser_parse_string(
      parser.get(), nullptr, st.text.data(), static_cast<uint32_t>(st.text.size())));
  if (!tree) {
    // Cannot happen without a timeout or cancellation; fall back to lines rather than fail.
    line_blocks(st.text, {0, static_cast<uint32_t>(st.text.size())}, st.blocks);
    return st;
  }
  MdReader(st.text, st).run(ts_tree_root_node(tree.get()));
  return st;
}

}  // namespace fz::ingest::detail
