#include "cli/annotate.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "annotate/annotate.h"
#include "cli/convert.h"
#include "cli/io.h"
#include "ingest/source_text.h"

namespace fs = std::filesystem;

namespace fz::cli {

namespace {

void note(const std::string& msg) { std::cerr << "fzlint: " << msg << "\n"; }

/// The comment date: now, or SOURCE_DATE_EPOCH when set (reproducible outputs).
std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e && *e) t = std::strtoll(e, nullptr, 10);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string lower_ext(const fs::path& p) {
  std::string e = p.extension().string();
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

/// report.docx → report.fzlint.docx (a converted report.doc too: the copy is a .docx)
fs::path default_output(const fs::path& in) {
  return in.parent_path() / (in.stem().string() + ".fzlint.docx");
}

bool is_our_output(const fs::path& p) {
  const std::string stem = p.stem().string();
  return stem.size() > 7 && stem.compare(stem.size() - 7, 7, ".fzlint") == 0;
}

/// Annotate one file into `out`. Returns false on an error (already reported).
bool annotate_one(FileLinter& linter, const AnnotateOptions& o, Severity min,
                  const std::string& in, const fs::path& out, bool& usage) {
  auto bytes = is_legacy_word(in) ? convert_legacy_word(in, o.check.max_size)
                                  : read_input(in, o.check.max_size);
  if (!bytes) {
    note(bytes.error().to_string());
    return false;
  }
  auto linted = linter.lint(in, *bytes, usage);
  if (!linted) {
    Error e = linted.error();
    if (e.origin.empty()) e.origin = in;
    note(e.to_string());
    return false;
  }
  std::vector<Finding> chosen;
  for (auto& f : linted->findings)
    if (f.severity >= min) chosen.push_back(std::move(f));
  annotate::Options ao;
  ao.date = now_iso8601();
  ao.track_fixes = o.track_fixes;
  ao.comments_in_notes = o.comments_in_notes;
  ao.max_bytes = o.check.max_size;
  auto res = annotate::annotate_docx(*bytes, *linted->src, chosen, ao);
  if (!res) {
    Error e = res.error();
    e.origin = in;
    note(e.to_string());
    return false;
  }
  std::error_code ec;
  if (!out.parent_path().empty()) fs::create_directories(out.parent_path(), ec);
  auto w = atomic_write(out, res->docx);
  if (!w) {
    note(w.error().to_string());
    return false;
  }
  std::string msg = fmt::format("{} → {}：{} 条批注", in, out.string(), res->comments);
  if (o.track_fixes) {
    msg += fmt::format("，{} 处修订", res->tracked);
    if (res->untracked) msg += fmt::format("（另有 {} 处修复无法作为修订，已写在批注中）", res->untracked);
  }
  note(msg);
  return true;
}

}  // namespace

CLI::App* add_annotate_command(CLI::App& app, AnnotateOptions& o) {
  auto* c = app.add_subcommand(
      "annotate", "在 .docx 副本中以 Word 批注标出问题（可选：安全修复作为修订）");
  c->add_option("path", o.check.paths, "要批注的 .docx 文件或目录")->required()->expected(1);
  c->add_option("-o,--output", o.output,
                "输出文件（默认：原名.fzlint.docx，与原文件同目录）；输入为目录时为输出目录");
  c->add_flag("--in-place", o.in_place, "直接改写原文件（原子写入）");
  c->add_flag("--track-fixes", o.track_fixes, "把安全修复写成修订（w:del + w:ins），可在 Word/WPS 中逐条接受或拒绝");
  c->add_flag("--comments-in-notes", o.comments_in_notes,
              "脚注、尾注中的问题批注在脚注、尾注正文的原字上（仅 Word 支持；LibreOffice 无法打开这样的文件），"
              "默认批注在正文中的脚注、尾注引用标记上");
  c->add_option("--min-severity", o.min_severity, "只为该级别及以上的问题添加批注：error|warning|info")
      ->capture_default_str();
  c->add_option("--select", o.check.select, "只启用这些规则或类别（可重复，逗号分隔）")->delimiter(',');
  c->add_option("--ignore", o.check.ignore, "停用这些规则或类别（可重复，逗号分隔）")->delimiter(',');
  c->add_option("--severity", o.check.severity, "调整严重程度：规则ID=error|warning|info")->delimiter(',');
  c->add_option("--year", o.check.year, "报告年度（默认从标题或导语识别）");
  c->add_option("--rules", o.check.rule_dirs, "追加规则目录（TOML），可覆盖内置同名规则");
  c->add_option("--config", o.check.config, "配置文件（默认向上查找 .fzlint.toml）");
  c->add_flag("--no-config", o.check.no_config, "不读取任何 .fzlint.toml");
  c->add_option("--max-size", o.check.max_size, "单个文件大小上限（字节）")->capture_default_str();
  return c;
}

int run_annotate(const AnnotateOptions& o) {
  auto min = parse_severity(o.min_severity);
  if (!min) {
    note("--min-severity 只能是 error、warning 或 info");
    return 2;
  }
  if (o.in_place && !o.output.empty()) {
    note("--in-place 与 -o 不能同时使用");
    return 2;
  }
  const std::string& in = o.check.paths.front();
  if (in == "-") {
    note("annotate 需要一个 .docx 文件路径（不支持标准输入）");
    return 2;
  }
  std::error_code ec;
  if (!fs::exists(in, ec)) {
    note(in + ": 文件不存在");
    return 2;
  }
  FileLinter linter(o.check);
  bool usage = false;
  if (fs::is_directory(in, ec)) {
    if (o.in_place) {
      note("目录不支持 --in-place；请用 -o 指定输出目录");
      return 2;
    }
    const fs::path root(in);
    const fs::path outdir = o.output.empty() ? root : fs::path(o.output);
    size_t done = 0, failed = 0, skipped = 0;
    for (const auto& f : expand_paths({in}).files) {
      const fs::path p(f);
      if (lower_ext(p) != ".docx") {
        ++skipped;
        continue;
      }
      if (is_our_output(p)) continue;  // an earlier run's copy
      const fs::path rel = p.lexically_relative(root);
      const fs::path out = o.output.empty() ? default_output(p) : outdir / rel;
      if (annotate_one(linter, o, *min, f, out, usage)) ++done;
      else ++failed;
      if (usage) return 2;
    }
    if (skipped) note(fmt::format("跳过 {} 个非 .docx 文件（纯文本请用 fzlint check）", skipped));
    if (done + failed == 0) {
      note(in + ": 目录中没有 .docx 文件");
      return 2;
    }
    return failed ? 2 : 0;
  }
  const fs::path p(in);
  const std::string ext = lower_ext(p);
  if (is_legacy_word(in) && o.in_place) {
    note(in + ": 旧版 .doc/.wps 不能就地写入批注（批注稿是 .docx）；请用 -o 指定输出文件");
    return 2;
  }
  if (ext != ".docx" && !is_legacy_word(in)) {
    note(fmt::format("{}: annotate 只能为 Word 文档（.docx）添加批注；{}文件请用 "
                     "`fzlint check {}` 检查",
                     in, ext.empty() ? std::string("该") : ext + " ", in));
    return 2;
  }
  fs::path out = o.in_place ? p : o.output.empty() ? default_output(p) : fs::path(o.output);
  if (!o.in_place && fs::exists(out, ec) && fs::equivalent(out, p, ec)) {
    note("输出文件与输入相同；如确需改写原文件，请使用 --in-place");
    return 2;
  }
  return annotate_one(linter, o, *min, in, out, usage) ? 0 : 2;
}

}  // namespace fz::cli
