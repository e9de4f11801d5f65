// Kinds `passages-from-previous` (this year's report with last year's) and `shared-passages`
// (every report of a batch with the others): passages of at least `min_chars` characters
// (folded: punctuation, spaces and widths ignored) that two reports share outside the genre's
// fixed text — title, headings, signature, the `formulas` (习近平法治思想 and the like) and, with
// `quotes`, what both may quote from a common source (《document names》, “slogans”). Found by
// winnowing (fold.h), never by comparing every pair of texts.
// Placeholders: {chars}, {location} (path:line:col in the other report), {other} (its path),
// {excerpt} (the start of the passage).
#include "compare/parts.h"

namespace fz::compare {
namespace {

struct PassageOptions {
  PassageParams params;
  checks::RegexList formulas;
  std::vector<std::optional<std::vector<std::string>>> literals;  ///< required literals per formula
  bool quotes = true;
};

Result<PassageOptions> options(const rules::RuleSpec& spec, bool batch) {
  PassageOptions o;
  o.params.min_chars = static_cast<size_t>(std::max<int64_t>(1, checks::param_int(spec, "min_chars", 50)));
  o.params.gram = static_cast<size_t>(std::max<int64_t>(1, checks::param_int(spec, "gram", 10)));
  if (batch) o.params.max_shared_by = static_cast<size_t>(std::max<int64_t>(0, checks::param_int(spec, "max_shared_by", 10)));
  if (o.params.gram > o.params.min_chars)
    return spec.error_at(spec.params.find("gram"), "gram", "不应大于 min_chars");
  o.quotes = checks::param_bool(spec, "quotes", true);
  auto f = checks::regex_list(spec, "formulas");
  if (!f) return f.error();
  o.formulas = std::move(*f);
  for (const auto& re : o.formulas) o.literals.push_back(checks::prefilter::required_literals(re->pattern()));
  return o;
}

std::vector<checks::ParamSpec> params(bool batch) {
  std::vector<checks::ParamSpec> p{
      {"min_chars", checks::ParamType::Int, false, "共同段落的最少字数（去标点后，默认 50）"},
      {"gram", checks::ParamType::Int, false, "指纹 k 元组的字数（不大于 min_chars，默认 10）"},
      {"formulas", checks::ParamType::RegexList, false, "体裁固定表述（正则），不计入共同段落"},
      {"quotes", checks::ParamType::Bool, false, "书名号《》和引号“”内的共同来源文字不计入（默认 true）"}};
  if (batch)
    p.push_back({"max_shared_by", checks::ParamType::Int, false,
                 "一段文字出现在超过此数量的报告中时视为共同范本，不逐对报告（0 = 不限，默认 10）"});
  return p;
}

Folded folded(const Side& s, const PassageOptions& o) {
  const std::string_view t = s.ctx->text;
  return fold(t, {0, static_cast<uint32_t>(t.size())}, fixed_text(*s.ctx, o.formulas, o.literals, o.quotes));
}

void report(const Side& here, ByteSpan mine, const Side& there, ByteSpan theirs, size_t chars,
            checks::Emitter& out) {
  Related rel = related_in(there, theirs, "相同段落");
  // where(there, theirs), from the position related_in found (each costs a scan of the line)
  std::string location = std::string(there.path) + ":" + std::to_string(rel.line) + ":" + std::to_string(rel.column);
  out.emit(mine,
           {{"chars", std::to_string(chars)},
            {"location", std::move(location)},
            {"other", std::string(there.path)},
            {"excerpt", excerpt(checks::slice(here.ctx->text, mine), 20)}},
           {}, {std::move(rel)});
}

class PassagesFromPrevious : public PairCheck {
 public:
  PassageOptions o;
  void compare(const Side& cur, const Side& prev, checks::Emitter& out) const override {
    const Folded a = folded(cur, o), b = folded(prev, o);
    const Folded* docs[] = {&a, &b};
    for (const auto& p : shared_passages(docs, o.params)) report(cur, p.a_span, prev, p.b_span, p.chars(), out);
  }
};

class SharedPassages : public BatchCheck {
 public:
  PassageOptions o;
  struct Fold : Prepared {
    Folded f;
  };
  std::unique_ptr<Prepared> prepare(const Side& r) const override {
    auto p = std::make_unique<Fold>();
    p->f = folded(r, o);
    return p;
  }
  void compare(std::span<const Side> reports, std::span<const Prepared* const> prepared,
               std::span<checks::Emitter> out, const ForEach& each) const override {
    std::vector<const Folded*> docs;
    docs.reserve(prepared.size());
    for (const auto* p : prepared) docs.push_back(&static_cast<const Fold*>(p)->f);
    const std::vector<Passage> passages = shared_passages(docs, o.params);
    // Each report's findings in the order of `passages` (as one loop over them would emit),
    // written by report so that the reports' threads share nothing they write.
    std::vector<std::vector<uint32_t>> of(reports.size());
    for (size_t k = 0; k < passages.size(); ++k) {
      of[passages[k].a].push_back(static_cast<uint32_t>(k));
      of[passages[k].b].push_back(static_cast<uint32_t>(k));
    }
    each(reports.size(), [&](size_t i) {
      for (const uint32_t k : of[i]) {
        const Passage& p = passages[k];
        if (p.a == i) report(reports[p.a], p.a_span, reports[p.b], p.b_span, p.chars(), out[i]);
        else report(reports[p.b], p.b_span, reports[p.a], p.a_span, p.chars(), out[i]);
      }
    });
  }
};

Result<std::unique_ptr<checks::Check>> make_previous(const rules::RuleSpec& spec, const checks::CompileContext&) {
  auto o = options(spec, false);
  if (!o) return o.error();
  auto c = std::make_unique<PassagesFromPrevious>();
  c->o = std::move(*o);
  return std::unique_ptr<checks::Check>(std::move(c));
}

Result<std::unique_ptr<checks::Check>> make_batch(const rules::RuleSpec& spec, const checks::CompileContext&) {
  auto o = options(spec, true);
  if (!o) return o.error();
  auto c = std::make_unique<SharedPassages>();
  c->o = std::move(*o);
  return std::unique_ptr<checks::Check>(std::move(c));
}

}  // namespace

checks::KindInfo kind_passages_from_previous() {
  return {"passages-from-previous",
          "与上一年度报告对比：两年报告共有的长段落（体裁固定表述、标题、共同引用的文件名和口号除外）",
          params(false), false, make_previous};
}

checks::KindInfo kind_shared_passages() {
  return {"shared-passages",
          "同一批报告互相对比：两份报告共有的长段落（体裁固定表述、标题、共同引用的文件名和口号除外），两份报告上各报告一次",
          params(true), false, make_batch};
}

}  // namespace fz::compare
