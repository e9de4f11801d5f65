// fuzz_check: the whole pipeline the CLI runs on one file — ingest (format chosen by the first
// byte) → outline::parse → engine::lint with the shipped rules → every printer. Checks that
// findings are sorted, inside the text, carry valid UTF-8, and that fixes stay inside the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "outline/document.h"
#include "report/report.h"
#include "text/line_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto format = data[0] % 3 == 0   ? fz::ingest::Format::Text
                      : data[0] % 3 == 1 ? fz::ingest::Format::Markdown
                                         : fz::ingest::Format::Docx;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto r = fz::ingest::ingest(bytes, format);
  if (!r) return 0;
  const auto& src = *r;
  fz::fuzz::check_source(src);
  auto doc = fz::outline::parse(src);
  const auto& rules = fz::fuzz::shipped_rules();
  auto res = fz::engine::lint(src, doc, rules, fz::engine::Config{});
  const size_t n = src.text.size();
  for (size_t i = 0; i < res.findings.size(); ++i) {
    const auto& f = res.findings[i];
    fz_fuzz_check(fz::fuzz::span_in(f.span, n));
    fz_fuzz_check(fz::fuzz::valid_utf8(f.message));
    fz_fuzz_check(fz::fuzz::valid_utf8(f.section));
    for (const auto& fx : f.fixes) {
      fz_fuzz_check(fz::fuzz::span_in(fx.span, n));
      fz_fuzz_check(fz::fuzz::valid_utf8(fx.replacement));
    }
    for (const auto& rel : f.related) fz_fuzz_check(fz::fuzz::span_in(rel.span, n));
    if (i > 0) fz_fuzz_check(!fz::finding_less(f, res.findings[i - 1]));
  }
  fz::text::LineIndex index(src.text);
  std::vector<fz::report::FileReport> files(1);
  files[0].path = "fuzz.txt";
  files[0].text = src.text;
  files[0].index = &index;
  files[0].encoding = src.encoding;
  files[0].findings = res.findings;
  files[0].report_year = res.report_year;
  if (doc.title) files[0].title = doc.title->text;
  fz::report::Options opts;
  opts.tool_version = "fuzz";
  std::string out;
  fz::report::write_text(out, files, opts);
  fz::report::write_gcc(out, files, opts);
  fz::report::write_json(out, files, opts);
  fz::report::write_csv(out, files, opts);
  fz::report::write_sarif(out, files, fz::engine::rule_infos(rules), opts);
  fz::report::write_html(out, files, fz::engine::rule_infos(rules), opts);
  fz_fuzz_check(fz::fuzz::valid_utf8(out));
  return 0;
}
