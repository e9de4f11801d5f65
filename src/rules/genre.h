// fz::rules::Genre — the report genre as data (rules/<pack>/genre.toml): section classes with the
// heading lexicons that classify them (rules-catalogue C1), so a province can adapt the schema
// without C++. Classification itself runs in src/engine (the only code that walks the tree).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fz::rules {

struct GenreClass {
  std::string name;                     ///< "achievements", "shortcomings", …
  std::string label;                    ///< Chinese name for messages ("主要举措和成效")
  std::vector<std::string> headings;    ///< RE2: a heading (marker and years stripped) matching
                                        ///< any of these belongs to the class
  std::vector<std::string> items;       ///< RE2: an enumeration item / run-in lead matching these
                                        ///< is a region of the class (searched at any level)
  std::vector<std::string> sentences;   ///< RE2: last resort, a paragraph containing one of these
  std::vector<std::string> not_inside;  ///< classes inside whose sections this one is not sought
  bool top_level_only = false;          ///< only top-level headings are classified
  uint32_t line = 0, column = 0;
};

/// Who issued a report (design.md §7): a name rules test with `when.issuer`, and the RE2
/// patterns that recognise it in the title, else in the closing signature.
struct GenreIssuer {
  std::string name;                   ///< "government", "joint", "department", "party"
  std::vector<std::string> patterns;
  /// Last resort, tried on each sentence of the intro's first paragraph when neither the title
  /// nor the signature told: the issuer as a subject there ("普兰县人民政府始终坚持…").
  std::vector<std::string> intro;
  uint32_t line = 0, column = 0;
};

struct Genre {
  std::string origin;
  /// Issuer kinds in matching order (the first whose patterns match the title, else the
  /// signature, is the document's issuer; none → "unknown").
  std::vector<GenreIssuer> issuers;
  /// RE2 patterns removed from a heading before matching (years, "年度", spaces).
  std::vector<std::string> strip;
  /// Only the first N characters (code points, after `strip`) of a heading are matched; 0 = all.
  /// A run-in paragraph the outline could not split from its heading ("（一）加强组织领导，统筹
  /// 推进法治政府建设镇党委、镇政府高度重视…第一责任人职责…") is not a part of that class.
  int heading_window = 0;
  /// Classes in matching order (the first class whose lexicon matches wins).
  std::vector<GenreClass> classes;
  /// Unclassified top-level sections before the first section of one of `fallback_before`
  /// (or all of them when none exists) belong to `fallback_class` (themed H1s are 成效).
  std::string fallback_class;
  std::vector<std::string> fallback_before;
  /// Plan fallback: a paragraph in the last top-level section (or the last paragraph) whose
  /// first sentence matches one of these (after "{next}" is replaced by the report year + 1).
  std::string plan_class;
  std::vector<std::string> plan_fallback;
  /// Report year: RE2 patterns with one capture group (4 digits) tried on the title, then intro.
  std::vector<std::string> year_patterns;
};

}  // namespace fz::rules
