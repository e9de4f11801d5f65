#include "support/finding.h"

#include <array>
#include <tuple>

namespace fz {

namespace {
struct CatName {
  Category c;
  std::string_view name;
  std::string_view zh;
};
constexpr std::array<CatName, kCategoryCount> kCats{{
    {Category::Input, "input", "输入文件"},
    {Category::Structure, "structure", "结构层次"},
    {Category::RequiredSection, "required-section", "法定部分"},
    {Category::RequiredContent, "required-content", "必备内容"},
    {Category::FirstResponsible, "first-responsible", "第一责任人"},
    {Category::QuantifiedResults, "quantified-results", "量化成效"},
    {Category::NextYearPlan, "next-year-plan", "下一年度安排"},
    {Category::Consistency, "consistency", "年份与表述一致"},
    {Category::Terms, "terms", "规范表述"},
    {Category::Punctuation, "punctuation", "标点符号"},
    {Category::Numbers, "numbers", "数字用法"},
    {Category::Format, "format", "格式"},
    {Category::Comparison, "comparison", "对比上年"},
}};
}  // namespace

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::Info;
  if (s == "warning" || s == "warn") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

std::string_view label_zh(Severity s) {
  switch (s) {
    case Severity::Info: return "提示";
    case Severity::Warning: return "警告";
    case Severity::Error: return "错误";
  }
  return "警告";
}

std::string_view to_string(Category c) { return kCats[static_cast<size_t>(c)].name; }
std::string_view label_zh(Category c) { return kCats[static_cast<size_t>(c)].zh; }

std::optional<Category> parse_category(std::string_view s) {
  for (const auto& e : kCats)
    if (e.name == s) return e.c;
  return std::nullopt;
}

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.span.begin, a.span.end, a.rule, a.message) <
         std::tie(b.span.begin, b.span.end, b.rule, b.message);
}

std::string Error::to_string() const {
  std::string out;
  if (!origin.empty()) {
    out += origin;
    if (line) {
      out += ':' + std::to_string(line);
      if (column) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace fz
