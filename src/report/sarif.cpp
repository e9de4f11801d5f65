// SARIF 2.1.0 (OASIS) for code-scanning dashboards and CI. One run:
//  * tool.driver.rules lists the rules the results reference, sorted by id (ruleIndex points
//    into it). Metadata comes from RuleInfo; a rule the caller has no RuleInfo for (e.g. an
//    ingest input issue) still gets a minimal descriptor, so every ruleIndex is valid.
//  * columnKind is "unicodeCodePoints": columns count code points (𠀀 is one), end columns are
//    exclusive, an empty span is an insertion point (startColumn == endColumn).
//  * With Options::repo_root, relative paths (and absolute ones under the root) are written
//    relative to %SRCROOT%; other absolute paths become file:// URIs. URIs are percent-encoded
//    (Chinese file names are common).
//  * artifacts: one per input file, in input order, with its original encoding; results refer
//    to them by index. Files that could not be checked become error notifications in
//    invocations[0] and make executionSuccessful false.
//  * partialFingerprints["fzlintLineHash/v1"] = FNV-1a of rule id and the trimmed text of the
//    finding's first line (of ±256 bytes around it on lines over 4 KiB), plus ":n" for the n-th
//    such finding in the file — stable when lines move, so dashboards keep tracking a finding
//    across edits. The algorithm must not change.
#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/common.h"
#include "report/report.h"
#include "text/utf8.h"

namespace fz::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kBaseId = "%SRCROOT%";
constexpr size_t kMaxSnippetBytes = 1024;      // longer spans carry no snippet
constexpr size_t kMaxFingerprintBytes = 4096;  // longer lines: hash a neighbourhood only
constexpr size_t kFingerprintContext = 256;

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

/// Percent-encodes everything but RFC 3986 unreserved characters and the characters in `keep`.
std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || (c < 0x80 && keep.find(static_cast<char>(c)) != std::string_view::npos)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int h = hex(s[i + 1]), l = hex(s[i + 2]);
      if (h >= 0 && l >= 0) {
        out += static_cast<char>(h * 16 + l);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

bool is_absolute(std::string_view p) {
  return (!p.empty() && p[0] == '/') ||
         (p.size() >= 3 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':' && p[2] == '/');
}

/// Where artifact URIs are resolved: the %SRCROOT% URI (ends with '/') and its local path.
struct Root {
  std::string uri;   // "" when no repo_root
  std::string path;  // decoded local path, ends with '/'
};

Root make_root(std::string_view repo_root) {
  Root r;
  if (repo_root.empty()) return r;
  std::string raw(repo_root);
  std::replace(raw.begin(), raw.end(), '\\', '/');
  if (raw.rfind("file://", 0) == 0) {
    // Keep what is already a URI ('%' escapes, ':' of a drive); encode raw spaces, CJK, etc.
    r.uri = "file://" + percent_encode(raw.substr(7), "/:%");
    r.path = percent_decode(raw.substr(7));
    if (r.path.size() >= 3 && r.path[0] == '/' && r.path[2] == ':') r.path.erase(0, 1);  // /C:/x
  } else if (raw.find("://") != std::string::npos) {
    r.uri = raw;  // some other scheme: use as given, no local path to match against
  } else {
    r.path = raw;
    r.uri = "file://" + std::string(raw.empty() || raw[0] != '/' ? "/" : "") + percent_encode(raw, "/:");
  }
  if (r.uri.back() != '/') r.uri += '/';
  if (!r.path.empty() && r.path.back() != '/') r.path += '/';
  return r;
}

Json artifact_location(std::string_view path, const Root& root) {
  std::string p(path);
  std::replace(p.begin(), p.end(), '\\', '/');
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  Json loc;
  if (is_absolute(p)) {
    if (!root.path.empty() && p.rfind(root.path, 0) == 0 && p.size() > root.path.size()) {
      loc["uri"] = percent_encode(p.substr(root.path.size()), "/");
      loc["uriBaseId"] = kBaseId;
    } else {
      loc["uri"] = "file://" + std::string(p[0] == '/' ? "" : "/") + percent_encode(p, "/:");
    }
  } else {
    loc["uri"] = percent_encode(p, "/");
    if (!root.uri.empty()) loc["uriBaseId"] = kBaseId;
  }
  return loc;
}

std::string mime_type(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    if (path.size() < ext.size()) return false;
    for (size_t i = 0; i < ext.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(path[path.size() - ext.size() + i])) != ext[i]) return false;
    return true;
  };
  if (ends(".md") || ends(".markdown")) return "text/markdown";
  if (ends(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  return "text/plain";
}

Json region(const detail::FileView& v, ByteSpan span, bool snippet) {
  const ByteSpan s = v.clamp(span);
  const detail::Range r = v.range(s);
  Json j;
  j["startLine"] = r.line;
  j["startColumn"] = r.column;
  j["endLine"] = r.end_line;
  j["endColumn"] = r.end_column;
  if (snippet && !s.empty() && s.size() <= kMaxSnippetBytes) j["snippet"] = Json{{"text", v.slice(s)}};
  if (v.file().word_paragraphs && snippet) {  // a Word document: [note,] paragraph, character
    const detail::WordPlace w = detail::word_place(v.file(), r.line);
    Json p;
    if (w.note) p["note"] = w.note->label;
    p["paragraph"] = w.paragraph;
    p["char"] = detail::word_char(v.file(), r.line, r.column);
    j["properties"] = std::move(p);
  }
  return j;
}

/// The whole lines the span touches, so viewers can show context without the artifact; null
/// when that is the span itself (SARIF requires a contextRegion to be a proper superset).
Json context_region(const detail::FileView& v, ByteSpan span) {
  const ByteSpan s = v.clamp(span);
  const detail::Range r = v.range(s);
  const ByteSpan first = v.line_span(r.line), last = v.line_span(r.end_line);
  const ByteSpan ctx{std::min(first.begin, s.begin), std::max(last.end, s.end)};
  // Identical to the region (not a proper superset), or too long to carry a snippet.
  if (ctx == s || ctx.size() > kMaxSnippetBytes) return nullptr;
  return region(v, ctx, true);
}

/// A physicalLocation for a primary location: region plus contextRegion when it adds lines.
Json physical_location(const detail::FileView& v, const Json& loc, ByteSpan span) {
  Json p{{"artifactLocation", loc}, {"region", region(v, span, true)}};
  Json ctx = context_region(v, span);
  if (!ctx.is_null()) p["contextRegion"] = std::move(ctx);
  return p;
}

/// What the fingerprint hashes: the finding's first line without surrounding white space; for a
/// line longer than kMaxFingerprintBytes (a long paragraph on one line), kFingerprintContext
/// bytes either side of the finding's start, so the cost per finding stays bounded.
std::string_view fingerprint_text(const detail::FileView& v, ByteSpan span) {
  const ByteSpan s = v.clamp(span);
  const ByteSpan ls = v.line_span(v.position(s.begin).line);
  const std::string_view lt = v.text().substr(ls.begin, ls.size());
  if (lt.size() > kMaxFingerprintBytes) {
    const size_t rel = std::min<size_t>(s.begin - std::min(s.begin, ls.begin), lt.size());
    const size_t lo = text::floor_boundary(lt, rel > kFingerprintContext ? rel - kFingerprintContext : 0);
    const size_t hi = text::floor_boundary(lt, std::min(lt.size(), rel + kFingerprintContext));
    return lt.substr(lo, hi - lo);
  }
  const ByteSpan t = text::trim_span(lt, {0, static_cast<uint32_t>(lt.size())});
  return lt.substr(t.begin, t.size());
}

std::string md_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>#|~").find(c) != std::string_view::npos) out += '\\';
    if (c == '\n') {
      out += "  \n";
      continue;
    }
    out += c;
  }
  return out;
}

Json rule_descriptor(const std::string& id, const RuleInfo* info, const Finding& first, const Options& opts) {
  Json d;
  d["id"] = id;
  d["name"] = detail::pascal_case(id);
  const Category cat = info ? info->category : first.category;
  const Severity sev = info ? info->default_severity : first.severity;
  const std::string title = info && !info->title.empty() ? info->title : first.message;
  d["shortDescription"] = Json{{"text", title}};
  if (info) {
    const std::string full = info->description.empty() ? title : info->description;
    d["fullDescription"] = Json{{"text", full}};
    std::string text = full, md = md_escape(full);
    if (!info->rationale.empty()) {
      text += "\n\n理由：" + info->rationale;
      md += "\n\n**理由**：" + md_escape(info->rationale);
    }
    if (!info->source.empty()) {
      text += "\n\n依据：" + info->source;
      md += "\n\n**依据**：" + md_escape(info->source);
    }
    auto examples = [&](std::string_view label, const std::vector<std::string>& xs) {
      if (xs.empty()) return;
      text += fmt::format("\n\n{}：", label);
      md += fmt::format("\n\n**{}**\n", label);
      for (const auto& x : xs) {
        text += "\n  " + x;
        md += "\n- " + md_escape(x);
      }
    };
    examples("错误示例", info->bad_examples);
    examples("正确示例", info->good_examples);
    d["help"] = Json{{"text", text}, {"markdown", md}};
  }
  if (!opts.docs_base_uri.empty()) d["helpUri"] = opts.docs_base_uri + "#" + id;
  Json cfg{{"level", sarif_level(sev)}};
  if (info && !info->enabled_by_default) cfg["enabled"] = false;
  d["defaultConfiguration"] = std::move(cfg);
  d["properties"] = Json{{"category", to_string(cat)}, {"tags", Json::array({to_string(cat)})}};
  return d;
}

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

/// Stands in for a rule's missing metadata: its first finding's category, severity and message.
struct FirstSeen {
  Category category;
  Severity severity;
  std::string message;
};

// The document is that of one dump(2), written in two passes: file() spools each file's
// artifact, its results and its error notification (each element already indented to its depth),
// and end() writes the head — the referenced rules, whose indices the results use, and the
// verdict — then copies the spools into their arrays. A result's ruleIndex is spooled as
// "\0rule-id\0" (the dump escapes every control character, so NUL occurs nowhere else) and
// replaced by the index on the way out.
class SarifPrinter final : public Printer {
 public:
  SarifPrinter(const std::vector<RuleInfo>& rules, const Options& opts, const SpoolFactory& spools)
      : rules_(rules),
        opts_(opts),
        root_(make_root(opts.repo_root)),
        artifacts_(spools()),
        results_(spools()),
        errors_(spools()) {}

  void begin(Sink&) override {}

  void file(Sink&, const FileReport& file) override {
    const size_t fi = n_artifacts_;
    Json loc = artifact_location(file.path, root_);
    Json art;
    art["location"] = loc;
    art["mimeType"] = mime_type(file.path);
    if (!file.encoding.empty()) art["encoding"] = detail::charset_name(file.encoding);
    // Checked as an excerpt (--partial or the file's directive): whole-document rules skipped.
    if (file.partial) art["properties"] = Json{{"partial", true}, {"mode", "excerpt（摘录/节选）"}};
    put(*artifacts_, n_artifacts_, art, 8);
    loc["index"] = fi;

    if (file.error) {
      Json n;
      n["level"] = "error";
      n["message"] = Json{{"text", fmt::format("无法检查此文件：{}", detail::error_text(file))}};
      Json pl{{"artifactLocation", loc}};
      if (file.error->line && !error_elsewhere(file))
        pl["region"] = Json{{"startLine", file.error->line}, {"startColumn", std::max<uint32_t>(1, file.error->column)}};
      n["locations"] = Json::array({Json{{"physicalLocation", std::move(pl)}}});
      put(*errors_, n_errors_, n, 12);
      return;
    }
    if (file.findings.empty()) return;

    const detail::FileView v(file);
    const Root& root = root_;
    std::map<std::string, size_t> seen;  // fingerprint → occurrences so far
    std::string out;
    for (const auto& f : file.findings) {
      referenced_.try_emplace(f.rule, FirstSeen{f.category, f.severity, f.message});
      Json r;
      r["ruleId"] = f.rule;
      r["ruleIndex"] = 0;  // spooled as the rule id, see the class comment
      r["level"] = sarif_level(f.severity);
      r["message"] = Json{{"text", f.message}};
      r["locations"] = Json::array(
          {Json{{"physicalLocation", physical_location(v, loc, f.span)}}});
      if (!f.related.empty()) {
        Json rel = Json::array();
        for (size_t i = 0; i < f.related.size(); ++i) {
          Json o;
          o["id"] = i + 1;
          const Related& other = f.related[i];
          if (other.elsewhere())  // another file: its own artifactLocation and a region without snippet
            o["physicalLocation"] = Json{{"artifactLocation", artifact_location(other.path, root)},
                                         {"region", Json{{"startLine", other.line},
                                                         {"startColumn", other.column},
                                                         {"endLine", other.end_line},
                                                         {"endColumn", other.end_column}}}};
          else
            o["physicalLocation"] = Json{{"artifactLocation", loc}, {"region", region(v, other.span, true)}};
          if (!f.related[i].message.empty()) o["message"] = Json{{"text", f.related[i].message}};
          rel.push_back(std::move(o));
        }
        r["relatedLocations"] = std::move(rel);
      }
      if (!f.fixes.empty()) {
        Json reps = Json::array();
        for (const auto& x : f.fixes) {
          Json rep{{"deletedRegion", region(v, x.span, false)}};
          if (!x.replacement.empty()) rep["insertedContent"] = Json{{"text", x.replacement}};
          reps.push_back(std::move(rep));
        }
        Json fix;
        fix["description"] = Json{{"text", detail::describe_fixes(v, f)}};
        fix["artifactChanges"] = Json::array({Json{{"artifactLocation", loc}, {"replacements", std::move(reps)}}});
        r["fixes"] = Json::array({std::move(fix)});
      }
      uint64_t h = detail::fnv1a64(f.rule);
      h = detail::fnv1a64(std::string_view("\0", 1), h);  // separator: "ab"+"c" ≠ "a"+"bc"
      h = detail::fnv1a64(fingerprint_text(v, f.span), h);
      const std::string key = fmt::format("{:016x}", h);
      r["partialFingerprints"] = Json{{"fzlintLineHash/v1", fmt::format("{}:{}", key, ++seen[key])}};
      Json props;
      props["category"] = to_string(f.category);
      if (!f.section.empty()) props["section"] = f.section;
      r["properties"] = std::move(props);

      const std::string d = detail::nest(dump(r), 8);
      // The first "ruleIndex": is the member set above: the only key before it is "ruleId",
      // whose value is an escaped string (a quote inside it is \").
      constexpr std::string_view kKey = "\"ruleIndex\": ";
      const size_t at = d.find(kKey) + kKey.size();
      out += n_results_++ ? ",\n" : "";
      out.append(d, 0, at);
      out += '\0';
      out += f.rule;
      out += '\0';
      out.append(d, at + 1);  // after the placeholder "0"
    }
    results_->write(out);
  }

  void end(Sink& out) override {
    // Referenced rules, sorted by id; the first finding of each stands in for missing metadata.
    std::map<std::string, size_t> rule_index;
    Json rules_json = Json::array();
    for (const auto& [id, first] : referenced_) {
      const auto it = std::find_if(rules_.begin(), rules_.end(), [&id = id](const RuleInfo& r) { return r.id == id; });
      rule_index[id] = rules_json.size();
      Finding stand_in;
      stand_in.category = first.category;
      stand_in.severity = first.severity;
      stand_in.message = first.message;
      rules_json.push_back(rule_descriptor(id, it == rules_.end() ? nullptr : &*it, stand_in, opts_));
    }

    Json driver;
    driver["name"] = "fzlint";
    if (!opts_.tool_version.empty()) {
      driver["version"] = opts_.tool_version;
      driver["semanticVersion"] = opts_.tool_version;
    }
    if (!opts_.information_uri.empty()) driver["informationUri"] = opts_.information_uri;
    driver["rules"] = std::move(rules_json);

    // Placeholders for the spooled arrays: a control character is dumped as \u0001, which no
    // other string of the head can produce unescaped.
    const Json kNotifications = "\x01N", kArtifacts = "\x01A", kResults = "\x01R";
    Json invocation;
    invocation["executionSuccessful"] = n_errors_ == 0;  // skipped paths are notes, not failures
    if (n_errors_ || !opts_.skipped.empty()) invocation["toolExecutionNotifications"] = kNotifications;

    Json run;
    run["tool"] = Json{{"driver", std::move(driver)}};
    run["invocations"] = Json::array({std::move(invocation)});
    if (!root_.uri.empty()) run["originalUriBaseIds"] = Json{{std::string(kBaseId), Json{{"uri", root_.uri}}}};
    run["artifacts"] = kArtifacts;
    run["results"] = kResults;
    run["columnKind"] = "unicodeCodePoints";

    Json doc;
    doc["$schema"] = kSchema;
    doc["version"] = "2.1.0";
    doc["runs"] = Json::array({std::move(run)});
    const std::string head = dump(doc) + '\n';

    size_t pos = 0;
    auto copy_until = [&](const Json& placeholder) {
      const std::string mark = placeholder.dump();
      const size_t at = head.find(mark, pos);
      out.write(std::string_view(head).substr(pos, at - pos));
      pos = at + mark.size();
    };
    if (n_errors_ || !opts_.skipped.empty()) {
      copy_until(kNotifications);
      out.write("[\n");
      size_t n = n_errors_;
      errors_->replay([&](std::string_view piece) { out.write(piece); });
      for (const auto& s : opts_.skipped) {  // listed, at "note" level: not a failed execution
        Json note;
        note["level"] = "note";
        note["message"] = Json{{"text", fmt::format("已跳过：{}", s.reason)}};
        note["locations"] = Json::array(
            {Json{{"physicalLocation", Json{{"artifactLocation", artifact_location(s.path, root_)}}}}});
        out.write(n++ ? ",\n" : "");
        out.write(detail::nest(dump(note), 12));
      }
      out.write("\n          ]");
    }
    copy_until(kArtifacts);
    if (n_artifacts_) {
      out.write("[\n");
      artifacts_->replay([&](std::string_view piece) { out.write(piece); });
      out.write("\n      ]");
    } else {
      out.write("[]");
    }
    copy_until(kResults);
    if (n_results_) {
      out.write("[\n");
      bool in_id = false;  // between the NULs around a rule id
      std::string id;
      results_->replay([&](std::string_view piece) {
        while (!piece.empty()) {
          const size_t nul = piece.find('\0');
          const std::string_view part = piece.substr(0, nul);
          if (in_id) id += part;
          else out.write(part);
          if (nul == std::string_view::npos) break;
          if (in_id) out.write(std::to_string(rule_index.at(id)));
          in_id = !in_id;
          id.clear();
          piece.remove_prefix(nul + 1);
        }
      });
      out.write("\n      ]");
    } else {
      out.write("[]");
    }
    out.write(std::string_view(head).substr(pos));
  }

 private:
  /// One element of a spooled array: the separator, then its dump at its depth.
  static void put(Spool& spool, size_t& count, const Json& j, size_t spaces) {
    if (count++) spool.write(",\n");
    spool.write(detail::nest(dump(j), spaces));
  }

  const std::vector<RuleInfo>& rules_;
  Options opts_;
  Root root_;
  std::unique_ptr<Spool> artifacts_, results_, errors_;
  size_t n_artifacts_ = 0, n_results_ = 0, n_errors_ = 0;
  std::map<std::string, FirstSeen> referenced_;
};

}  // namespace

namespace detail {
std::unique_ptr<Printer> make_sarif_printer(const std::vector<RuleInfo>& rules, const Options& opts,
                                            SpoolFactory spools) {
  return std::make_unique<SarifPrinter>(rules, opts, spools);
}
}  // namespace detail

void write_sarif(std::string& out, const std::vector<FileReport>& files, const std::vector<RuleInfo>& rules,
                 const Options& opts) {
  SarifPrinter p(rules, opts, make_memory_spool);
  detail::print_all(p, out, files);
}

}  // namespace fz::report
