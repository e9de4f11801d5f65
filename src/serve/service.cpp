#include "serve/service.h"

#include <algorithm>
#include <cctype>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "ingest/source_text.h"
#include "outline/document.h"
#include "report/report.h"
#include "report/rules_json.h"
#include "support/fixes.h"
#include "text/line_index.h"
#if FZ_HAVE_ANNOTATE  // src/annotate/ (fzlint annotate), linked when that library is in the tree
#include <ctime>

#include "annotate/annotate.h"
#endif

namespace fz::serve {

namespace {

using Json = nlohmann::ordered_json;

std::string lower_ext(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string e(name.substr(dot));
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

Reply json_reply(int status, const Json& j) {
  Reply r;
  r.status = status;
  r.body = j.dump(2, ' ', false, Json::error_handler_t::replace);
  r.body += '\n';
  return r;
}

/// A decoded, parsed and linted upload; owns what the FileReport's views point into.
struct Linted {
  ingest::SourceText src;
  std::unique_ptr<text::LineIndex> index;
  outline::Document doc;
  report::FileReport rep;
};

}  // namespace

Reply error_reply(int status, std::string_view message) {
  return json_reply(status, Json{{"error", std::string(message)}, {"status", status}});
}

std::string unsupported_format(std::string_view filename) {
  const std::string e = lower_ext(filename);
  if (e == ".txt" || e == ".md" || e == ".markdown" || e == ".docx") return "";
  if (e == ".odt" || e == ".doc" || e == ".wps" || e == ".wpt" || e == ".rtf")
    return fmt::format("暂不支持 {} 文件：请在 WPS 或 Word 中“另存为” .docx（或 .txt）后再上传", e);
  if (e.empty()) return "文件名没有扩展名：请上传 .txt、.md 或 .docx 文件";
  return fmt::format("不支持的文件类型 {}：请上传 .txt、.md 或 .docx 文件", e);
}

std::optional<Reply> Service::admissible(const Upload& up) const {
  if (up.bytes.size() > s_.max_bytes)
    return error_reply(413, fmt::format("文件过大（{} 字节）：单个文件不能超过 {} 字节（与 fzlint check 的 --max-size 相同）",
                                        up.bytes.size(), s_.max_bytes));
  if (auto why = unsupported_format(up.filename); !why.empty()) return error_reply(415, why);
  return std::nullopt;
}

std::optional<Reply> Service::request_config(const RequestOptions& o, engine::Config& c) const {
  c = s_.config;
  for (const auto* list : {&o.select, &o.ignore})
    for (const auto& x : *list) {
      if (x == "all" || parse_category(x) || engine::find_rule(*s_.rules, x)) continue;
      return error_reply(400, fmt::format("select/ignore：没有此规则或类别：{}（规则列表见 /api/v1/rules）", x));
    }
  if (o.year && (*o.year < 1949 || *o.year > 2100))
    return error_reply(400, fmt::format("year 应为四位年份：{}", *o.year));
  engine::Config overlay;  // over --config's settings, as check's options are over .fzlint.toml's
  overlay.select = o.select;
  overlay.ignore = o.ignore;
  overlay.year = o.year;
  if (o.partial) overlay.partial = true;  // excerpt mode: the engine skips whole-document rules
  engine::merge(c, overlay);
  return std::nullopt;
}

namespace {

/// Decode, parse and lint `up` the way `check` does one file.
std::unique_ptr<Linted> lint_upload(const Upload& up, const engine::Config& cfg, const engine::RuleSet& rules,
                                    size_t max_bytes, std::optional<Error>& error) {
  ingest::Options io;
  io.max_bytes = max_bytes;
  auto src = ingest::ingest(up.bytes, ingest::format_from_path(up.filename), io);
  if (!src) {
    error = src.error();
    if (error->origin.empty()) error->origin = up.filename;
    return nullptr;
  }
  auto l = std::make_unique<Linted>();
  l->src = std::move(*src);
  l->index = std::make_unique<text::LineIndex>(l->src.text);
  l->doc = outline::parse(l->src);
  auto res = engine::lint(l->src, l->doc, rules, cfg, up.filename);
  l->rep.path = up.filename;
  l->rep.text = l->src.text;
  l->rep.index = l->index.get();
  l->rep.encoding = l->src.encoding;
  l->rep.findings = std::move(res.findings);
  l->rep.report_year = res.report_year;
  l->rep.partial = res.partial;
  l->rep.title = l->doc.title ? l->doc.title->text : std::string();
  return l;
}

}  // namespace

Reply Service::check(const Upload& up, const RequestOptions& o) const {
  if (auto r = admissible(up)) return *r;
  engine::Config cfg;
  if (auto r = request_config(o, cfg)) return *r;
  std::optional<Error> error;
  auto l = lint_upload(up, cfg, *s_.rules, s_.max_bytes, error);
  report::Options ro;
  ro.tool_version = s_.version;
  std::string out;
  if (!l) {  // the same JSON check prints for a file it cannot read
    report::FileReport rep;
    rep.path = up.filename;
    rep.error = error;
    report::write_json(out, {rep}, ro);
    Json j = Json::parse(out);
    return json_reply(422, j);
  }
  std::vector<report::FileReport> reps;
  reps.push_back(std::move(l->rep));
  report::write_json(out, reps, ro);
  Json j = Json::parse(out);
  j["outline"] = Json::parse(l->doc.to_json());
  j["text"] = l->src.text;
  return json_reply(200, j);
}

Reply Service::fix(const Upload& up, const RequestOptions& o) const {
  if (auto r = admissible(up)) return *r;
  if (ingest::format_from_path(up.filename) == ingest::Format::Docx)
    return error_reply(415, ".docx 不能自动修复文本：请下载批注版（/api/v1/annotate）后在 Word 中修改");
  engine::Config cfg;
  if (auto r = request_config(o, cfg)) return *r;
  cfg.max_findings = 0;  // every fix must be applied, not only those of the findings listed
  cfg.max_findings_per_rule = 0;
  std::optional<Error> error;
  auto l = lint_upload(up, cfg, *s_.rules, s_.max_bytes, error);
  if (!l) return error_reply(422, error->to_string());
  for (const auto& is : l->src.issues)
    if (is.rule == "invalid-encoding")
      return error_reply(422, "文件含无法解码的字节，为免损坏原文，不作自动修复");
  auto applied = fixes::apply(l->src.text, l->rep.findings);
  Json j;
  j["path"] = up.filename;
  j["encoding"] = l->src.encoding;
  j["applied"] = applied.applied.size();
  j["skipped"] = applied.skipped.size();
  j["diff"] = fixes::unified_diff(l->src.text, applied.text, up.filename);
  j["text"] = std::move(applied.text);
  return json_reply(200, j);
}

Reply Service::annotate(const Upload& up, const RequestOptions& o) const {
  if (auto r = admissible(up)) return *r;
  if (ingest::format_from_path(up.filename) != ingest::Format::Docx)
    return error_reply(415, "批注版只能由 .docx 文件生成：文本请用“检查”或“应用安全修复”");
#if FZ_HAVE_ANNOTATE
  engine::Config cfg;
  if (auto r = request_config(o, cfg)) return *r;
  std::optional<Error> error;
  auto l = lint_upload(up, cfg, *s_.rules, s_.max_bytes, error);
  if (!l) return error_reply(422, error->to_string());
  annotate::Options ao;
  {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    ao.date = buf;
  }
  ao.track_fixes = o.track_fixes;
  ao.max_bytes = s_.max_bytes;
  auto a = annotate::annotate_docx(up.bytes, l->src, l->rep.findings, ao);
  if (!a) return error_reply(422, a.error().message);
  Reply r;
  r.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  r.body = std::move(a->docx);
  const auto dot = up.filename.rfind('.');
  r.download_name = up.filename.substr(0, dot) + ".fzlint.docx";
  return r;
#else
  (void)o;
  return error_reply(501, "此版本的 fzlint 尚未提供“下载批注版 .docx”（fzlint annotate 尚未合入）；"
                          "请先按页面上的问题列表在 Word 中修改");
#endif
}

Reply Service::rules(bool all) const {
  Json arr = Json::array();
  for (const auto& r : engine::rule_infos(*s_.rules))
    if (all || r.enabled_by_default) arr.push_back(report::rule_json(r));
  return json_reply(200, arr);
}

Reply Service::rule(std::string_view id) const {
  const RuleInfo* r = engine::find_rule(*s_.rules, id);
  if (!r) return error_reply(404, fmt::format("没有这条规则：{}（规则列表见 /api/v1/rules）", id));
  return json_reply(200, report::rule_detail_json(*r));
}

Reply Service::version() const {
  Json cats = Json::array();  // the fixed category vocabulary with its Chinese labels, for the page
  for (int i = 0; i < kCategoryCount; ++i) {
    const auto c = static_cast<Category>(i);
    cats.push_back({{"id", std::string(to_string(c))}, {"label", std::string(label_zh(c))}});
  }
  return json_reply(200, Json{{"tool", "fzlint"}, {"version", s_.version}, {"api", "v1"},
                              {"rules", engine::rule_infos(*s_.rules).size()}, {"max_bytes", s_.max_bytes},
                              {"categories", std::move(cats)}});
}

}  // namespace fz::serve
