// Issue #16 (long text and LSP): what one document's lint shares between its two threads and
// across documents — the literal pass (prefilter::scan), the pattern-set group's whole-text
// screening done ahead (Check::prepare) and memoised per document id — must never change a
// finding. After each edit of a deterministic random sequence, the text is linted the way the
// editor does (one RuleSet kept for the session, two threads) and compared with a plain lint
// (one thread, no literal prefilter) by a RuleSet built afresh for it, so no state is shared.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "lint_fixture.h"

using namespace fz;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A freshly built shipped RuleSet: no screening group, memo or scan shared with shipped() or
/// with an earlier step (a new set's first document is screened by each rule alone).
std::shared_ptr<const engine::RuleSet> fresh() {
  auto r = engine::build_ruleset({}, {});
  if (!r) FAIL(r.error().to_string());
  return *r;
}

std::string describe(const Finding& f) {
  std::string s = f.rule + " " + std::to_string(f.span.begin) + "-" + std::to_string(f.span.end) + " " +
                  std::string(to_string(f.severity)) + " " + f.section + " " + f.message;
  for (auto& x : f.fixes)
    s += " fix " + std::to_string(x.span.begin) + "-" + std::to_string(x.span.end) + "=" + x.replacement;
  return s;
}

/// The findings of the editor's way and of the plain way, one per line.
std::pair<std::string, std::string> both_ways(const std::string& text) {
  engine::Config editor;
  editor.threads = 2;
  engine::Config plain;
  plain.threads = 1;
  plain.prefilter = false;
  auto a = testing::lint_text(text, editor);
  const auto rules = fresh();
  auto b = testing::lint_text(text, plain, rules.get());
  std::string x, y;
  for (auto& f : a->res.findings) x += describe(f) + "\n";
  for (auto& f : b->res.findings) y += describe(f) + "\n";
  return {x, y};
}

/// Insert or delete at a random character boundary: characters that open and close quotes and
/// brackets, change numbering, punctuation and figures, and split or join paragraphs.
void random_edit(std::string& text, std::mt19937& rng) {
  static const char* kInserts[] = {"“", "”", "（", "）", "(", ")", "，", ",", "。", "\n", "一、", "（二）",
                                   "2024年", "截止目前", "第一责任人", "4余次", "的", "、", "《", "》", "；"};
  auto boundary = [&](size_t at) {
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  const size_t at = boundary(std::uniform_int_distribution<size_t>(0, text.size())(rng));
  if (rng() % 3 == 0 && at < text.size()) {  // delete one to four characters
    size_t end = at;
    for (unsigned n = 1 + rng() % 4; n > 0 && end < text.size(); --n) {
      ++end;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    text.erase(at, end - at);
  } else {
    text.insert(at, kInserts[rng() % std::size(kInserts)]);
  }
}

std::string corpus_text(size_t copies) {
  std::string sample = read_file(fs::path(FZ_SOURCE_DIR) / "examples" / "sample-report.txt");
  REQUIRE_FALSE(sample.empty());
  std::string text;
  const char* shared = std::getenv("FZ_SHARED_DIR");
  const fs::path seed = fs::path(shared ? shared : FZ_SOURCE_DIR "/../shared") / "seeds" /
                        "000_4cb5d7ebd9b6d720.txt";
  if (fs::exists(seed)) text += read_file(seed);  // optional: the sample alone is enough
  for (size_t i = 0; i < copies; ++i) text += sample;
  return text;
}

}  // namespace

TEST_CASE("editor's lint (two threads, shared rule set) equals a plain lint after random edits") {
  std::string text = corpus_text(13);  // ≥ 30 KB, as the LSP bench's report
  REQUIRE(text.size() > 30000);
  std::mt19937 rng(16);  // deterministic
  for (int step = 0; step < 40; ++step) {
    const auto [editor, plain] = both_ways(text);
    INFO("step " << step << ", " << text.size() << " bytes");
    REQUIRE(editor == plain);
    if (step == 0) CHECK(!editor.empty());  // the comparison compares something
    random_edit(text, rng);
  }
}

TEST_CASE("a long text (shared screening from its first document) equals a plain lint after edits") {
  // Above the pattern-set group's first-document limit (256 KB), so the group's Set screens it.
  std::string text = corpus_text(110);
  REQUIRE(text.size() > 256 * 1024);
  std::mt19937 rng(1616);
  for (int step = 0; step < 3; ++step) {
    const auto [editor, plain] = both_ways(text);
    INFO("step " << step);
    REQUIRE(editor == plain);
    for (int k = 0; k < 5; ++k) random_edit(text, rng);
  }
}
