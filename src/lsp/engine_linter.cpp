// The production Linter: the same engine call the CLI makes (ingest → outline → engine), with
// the `.fzlint.toml` found upward from the document's folder. This file and stdio.cpp are the
// only parts of src/lsp that touch the file system — and only for configuration and rule files;
// the document itself always comes from the editor's buffer.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "engine/linter.h"
#include "ingest/source_text.h"
#include "lsp/server.h"
#include "outline/document.h"
#include "text/utf8.h"

namespace fs = std::filesystem;

namespace fz::lsp {

namespace {

constexpr size_t kMaxConfigBytes = 1u << 20;

Result<std::string> read_small_file(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  if (ec) return Error{p.string(), 0, 0, "无法读取：" + ec.message()};
  if (size > kMaxConfigBytes) return Error{p.string(), 0, 0, "文件过大"};
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error{p.string(), 0, 0, "无法打开"};
  // Read in chunks and check for a failed read: a file whose size reads as 0 (/proc, a link to
  // /proc/self/mem) may fail with EIO or never end; `ss << rdbuf()` turned both into "".
  std::string data;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, static_cast<size_t>(in.gcount()));
    if (data.size() > kMaxConfigBytes) return Error{p.string(), 0, 0, "文件过大"};
  }
  if (in.bad()) return Error{p.string(), 0, 0, "读取文件时出错（输入输出错误）"};
  return data;
}

/// A configuration and the rule set built from it (or why it could not be built).
struct Profile {
  engine::Config config;
  std::shared_ptr<const engine::RuleSet> rules;
  std::optional<Error> error;
};

/// Typographic punctuation a correctly decoded Chinese report may contain outside CJK blocks.
bool ordinary_symbol(char32_t cp) {
  return cp == 0x00B7 || cp == 0x00D7 || cp == 0x00B0 || (cp >= 0x2010 && cp <= 0x2027) || cp == 0x2030 ||
         (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x2160 && cp <= 0x217F) || cp == 0x00A0;
}

class EngineLinter final : public Linter {
 public:
  LintOutput lint(const LintRequest& req) override {
    LintOutput out;
    std::shared_ptr<const Profile> prof = profile_for(req.path);
    if (prof->error) {
      out.config_error = prof->error;
      return out;
    }
    out.rule_info = [rules = prof->rules](std::string_view id) { return engine::find_rule(*rules, id); };

    if (looks_misdecoded(req.text)) {
      Finding f;
      f.rule = "editor-wrong-encoding";
      f.category = Category::Input;
      f.severity = Severity::Error;
      f.message =
          "编辑器用错误的编码打开了此文件（多半是 GB18030/GBK 文件被当作 UTF-8 或 Latin-1 读取），"
          "为免对乱码给出大量误报，暂不检查。请按 GB18030 重新打开：Neovim 用 :e ++enc=gb18030，"
          "VS Code 用“通过编码重新打开”→“Simplified Chinese (GB 18030)”；设置方法见 docs/editors.md。";
      out.findings.push_back(std::move(f));
      return out;
    }
    const auto fmt = req.format == DocFormat::Markdown ? ingest::Format::Markdown : ingest::Format::Text;
    auto src = ingest::ingest(req.text, fmt);
    if (!src) {
      Finding f;
      f.rule = "unreadable-input";
      f.category = Category::Input;
      f.severity = Severity::Error;
      f.message = "无法检查此文档：" + src.error().message;
      out.findings.push_back(std::move(f));
      return out;
    }
    const outline::Document doc = outline::parse(*src);
    engine::LintResult res;
    if (req.partial) {  // the client's setting; a .fzlint.toml `partial` or the file's directive also do
      engine::Config cfg = prof->config;
      cfg.partial = true;
      res = engine::lint(*src, doc, *prof->rules, cfg);
    } else {
      res = engine::lint(*src, doc, *prof->rules, prof->config);
    }
    // ingest drops a UTF-8 BOM; spans then count from after it, while the editor's buffer (and so
    // every LSP position) still contains it.
    const uint32_t shift =
        (req.text.size() == src->text.size() + 3 && req.text.substr(0, 3) == "\xEF\xBB\xBF") ? 3 : 0;
    if (shift) {
      for (auto& f : res.findings) {
        f.span.begin += shift, f.span.end += shift;
        for (auto& x : f.fixes) x.span.begin += shift, x.span.end += shift;
        for (auto& r : f.related) r.span.begin += shift, r.span.end += shift;
      }
    }
    out.findings = std::move(res.findings);
    return out;
  }

  void reload() override {
    config_of_dir_.clear();
    profiles_.clear();
  }

 private:
  /// Nearest .fzlint.toml from the document's folder upward ("" = none), cached per folder so
  /// that a keystroke costs no file-system lookups.
  std::string config_for(const std::string& doc_path) {
    if (doc_path.empty()) return {};
    const std::string dir = fs::path(doc_path).parent_path().string();
    if (auto it = config_of_dir_.find(dir); it != config_of_dir_.end()) return it->second;
    std::string found;
    std::error_code ec;
    for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
      const fs::path cand = d / ".fzlint.toml";
      if (fs::is_regular_file(cand, ec)) {
        found = cand.string();
        break;
      }
      if (d == d.parent_path()) break;
    }
    config_of_dir_[dir] = found;
    return found;
  }

  std::shared_ptr<const Profile> profile_for(const std::string& doc_path) {
    const std::string cfg = config_for(doc_path);
    if (auto it = profiles_.find(cfg); it != profiles_.end()) return it->second;
    auto prof = std::make_shared<Profile>();
    build(*prof, cfg);
    profiles_[cfg] = prof;
    return prof;
  }

  static void build(Profile& prof, const std::string& cfg_path) {
    if (!cfg_path.empty()) {
      auto text = read_small_file(cfg_path);
      if (!text) {
        prof.error = text.error();
        return;
      }
      auto cfg = engine::parse_config(*text, cfg_path);
      if (!cfg) {
        prof.error = cfg.error();
        return;
      }
      prof.config = std::move(*cfg);
      for (auto& d : prof.config.rule_dirs)  // relative to the config file, as in the CLI
        if (fs::path(d).is_relative()) d = (fs::path(cfg_path).parent_path() / d).string();
    }
    std::vector<engine::RuleFile> extra;
    for (const auto& d : prof.config.rule_dirs) {
      std::error_code ec;
      std::vector<fs::path> files;
      for (fs::recursive_directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".toml") files.push_back(it->path());
      if (ec) {
        prof.error = Error{d, 0, 0, "无法读取规则目录：" + ec.message()};
        return;
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        auto t = read_small_file(f);
        if (!t) {
          prof.error = t.error();
          return;
        }
        extra.push_back({f.string(), std::move(*t)});
      }
    }
    // One document at a time, and a keystroke waits for it: its rules run on two threads.
    prof.config.threads = 2;
    auto rs = engine::build_ruleset(extra, prof.config);
    if (!rs) {
      prof.error = rs.error();
      return;
    }
    prof.rules = std::move(*rs);
  }

  std::map<std::string, std::string> config_of_dir_;
  std::map<std::string, std::shared_ptr<const Profile>> profiles_;
};

}  // namespace

std::shared_ptr<Linter> make_engine_linter() { return std::make_shared<EngineLinter>(); }

bool looks_misdecoded(std::string_view text) {
  size_t replacement = 0, cjk = 0, foreign = 0;
  for (size_t off = 0; off < text.size();) {
    // The usual character of a report, a URO ideograph (U+4E00–9FFF: lead E4 B8–BF or E5–E9,
    // then any continuation byte), counted without decoding.
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + off;
    if (off + 3 <= text.size() && ((p[0] == 0xE4 && p[1] >= 0xB8) || (p[0] >= 0xE5 && p[0] <= 0xE9)) &&
        (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      ++cjk;
      off += 3;
      continue;
    }
    const text::Decoded d = text::decode_utf8(text, off);
    off += d.len ? d.len : 1;
    if (d.cp < 0x80) continue;
    if (!d.valid || d.cp == text::kReplacementChar) ++replacement;
    else if (text::is_cjk(d.cp) || text::is_cjk_punct(d.cp)) ++cjk;
    else if (!ordinary_symbol(d.cp)) ++foreign;
  }
  // A few stray U+FFFD or accented names are normal; a report where they rival the Chinese
  // text is not. Thresholds: at least 8 such characters, and more than a fifth of the text's
  // non-ASCII characters for U+FFFD (GB18030 read as UTF-8 gives one per character or two),
  // more than the CJK characters for Latin-looking letters (GB18030 read as Latin-1 gives two
  // Latin letters per Chinese character and no CJK at all).
  if (replacement >= 8 && replacement * 5 > replacement + cjk + foreign) return true;
  return foreign >= 8 && foreign > cjk;
}

}  // namespace fz::lsp
