// fz_rulepack — build-time tool (src/rules/pack.h): loads the shipped rule pack with the run-time
// loader and writes it as a blob into a generated C++ file, so fzlint parses no TOML at start;
// with it, the literal prefilter's analysis of the pack's strings (checks/prefilter.h).
//
//   fz_rulepack OUT.cpp RULES_DIR REL_PATH...
//
// REL_PATH are the pack's files relative to RULES_DIR, in the order cmake/Embed.cmake embeds
// them; each is loaded with the origin "<builtin>/rules/REL_PATH", as the engine loads the
// embedded TOML. A file that does not load fails the build with its path:line:col error. OUT is
// rewritten only when its content changes.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "checks/prefilter.h"
#include "checks/util.h"
#include "rules/pack.h"

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return static_cast<bool>(in) || in.eof();
}

/// The blob as adjacent string literals (printable ASCII as is, other bytes as 3-digit octal).
std::string cpp_literal(std::string_view blob) {
  std::string out = "    \"";
  size_t col = 0;
  for (unsigned char c : blob) {
    if (c == '\\' || c == '"' || c == '?') {
      out += '\\';
      out += static_cast<char>(c);
      col += 2;
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      ++col;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
      col += 4;
    }
    if (col >= 96) {
      out += "\"\n    \"";
      col = 0;
    }
  }
  out += "\"";
  return out;
}

/// `s` as a C++ expression of type std::string_view (exact length, any bytes).
std::string cpp_view(std::string_view s) {
  return "std::string_view(\n" + cpp_literal(s) + ", " + std::to_string(s.size()) + ")";
}

/// The generated definition of fz_costly_patterns(): every string of the literal table that
/// compiles (as the engine compiles a shipped pattern) to a program of at least
/// kCostlyProgramSize instructions, costliest first, with its literals.
std::string costly_patterns_cpp(const std::vector<fz::rules::LoadedFile>& files,
                                const std::vector<fz::rules::PatternLiterals>& literals) {
  struct Costly {
    const fz::rules::PatternLiterals* p;
    int size;
    std::vector<std::string> literals;
  };
  // Strings only rules on the title or a heading use: a literal of theirs found anywhere in the
  // text says little about whether such a rule will build the program (the title's 关于…报告).
  std::set<std::string> wide, narrow;
  for (const auto& f : files) {
    if (const auto* spec = std::get_if<fz::rules::RuleSpec>(&f)) {
      const bool headline = spec->scope == "title" || spec->scope == "heading";
      for (auto& str : fz::rules::pattern_strings(*spec)) (headline ? narrow : wide).insert(str);
    }
  }
  std::vector<Costly> costly;
  for (const auto& pl : literals) {
    if (narrow.count(pl.pattern) && !wide.count(pl.pattern)) continue;
    std::string error;
    // No TrustedPatterns scope here: compiled now, with compile_limited's options and limits.
    const auto re = fz::checks::compile_limited(pl.pattern, &error);
    if (!re || !re->ok()) continue;  // not a pattern (a name, a message) or refused
    const int n = re->ProgramSize();
    if (n < fz::rules::kCostlyProgramSize) continue;
    // The prefilter's literals, or, where it has none (one-byte literals such as an ASCII
    // quote are too common for it), literals of any length.
    auto lits = pl.literals ? pl.literals : fz::checks::prefilter::any_required_literals(pl.pattern);
    costly.push_back({&pl, n, lits.value_or(std::vector<std::string>{})});
  }
  std::sort(costly.begin(), costly.end(), [](const Costly& a, const Costly& b) {
    return a.size != b.size ? a.size > b.size : a.p->pattern < b.p->pattern;
  });
  std::string out = "namespace {\n";
  std::string table;
  for (size_t i = 0; i < costly.size(); ++i) {
    const auto* lits = &costly[i].literals;
    std::string span = "{}";
    if (!lits->empty()) {
      const std::string name = "kLiterals" + std::to_string(i);
      out += "const std::string_view " + name + "[] = {\n";
      for (const auto& l : *lits) out += cpp_view(l) + ",\n";
      out += "};\n";
      span = "std::span<const std::string_view>(" + name + ", " + std::to_string(lits->size()) + ")";
    }
    table += "    {" + cpp_view(costly[i].p->pattern) + ", " + std::to_string(costly[i].size) + ", " + span + "},\n";
  }
  if (costly.empty()) {
    out += "}  // namespace\n\nstd::span<const fz::rules::CostlyPattern> fz_costly_patterns() { return {}; }\n";
  } else {
    out += "// " + std::to_string(costly.size()) + " patterns of at least " +
           std::to_string(fz::rules::kCostlyProgramSize) + " instructions.\n"
           "const fz::rules::CostlyPattern kCostly[] = {\n" + table + "};\n"
           "}  // namespace\n\n"
           "std::span<const fz::rules::CostlyPattern> fz_costly_patterns() { return kCostly; }\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: fz_rulepack OUT.cpp RULES_DIR REL_PATH...\n";
    return 2;
  }
  const std::string out_path = argv[1], dir = argv[2];
  std::vector<fz::rules::LoadedFile> files;
  for (int k = 3; k < argc; ++k) {
    const std::string rel = argv[k], path = dir + "/" + rel;
    std::string text;
    if (!read_file(path, text)) {
      std::cerr << path << ": 无法读取\n";
      return 1;
    }
    auto loaded = fz::rules::load(text, "<builtin>/rules/" + rel);
    if (!loaded) {
      // Name the source file, so the build log points at what to fix.
      const auto& e = loaded.error();
      std::cerr << path << ":" << e.line << ":" << e.column << ": " << e.message << "\n";
      return 1;
    }
    files.push_back(std::move(*loaded));
  }
  // The literal prefilter's analysis of the pack's strings, stored so a start need not redo it.
  const auto literals = fz::checks::prefilter::analyse_all(fz::rules::pattern_strings(files));
  const std::string blob = fz::rules::serialize_pack(files, literals);
  // The blob must read back to what it was written from (same field lists both ways).
  std::vector<fz::rules::PatternLiterals> literals_back;
  auto back = fz::rules::deserialize_pack(blob, &literals_back);
  if (!back || fz::rules::serialize_pack(*back, literals_back) != blob) {
    std::cerr << "fz_rulepack: the pack does not read back: "
              << (back ? std::string("different bytes") : back.error().to_string()) << "\n";
    return 1;
  }

  std::string cpp = "// Generated by fz_rulepack (src/rules/precompile) from rules/. Do not edit.\n"
                    "#include \"rules/pack.h\"\n\n"
                    "static_assert(fz::rules::kPackFormat == " + std::to_string(fz::rules::kPackFormat) +
                    ", \"the precompiled rule pack is stale: rebuild fz_rulepack and rerun it\");\n\n"
                    "// One literal of the blob's length: longer than the 65,536 characters C++ requires\n"
                    "// compilers to support, which g++ and clang accept.\n"
                    "#pragma GCC diagnostic ignored \"-Woverlength-strings\"\n\n"
                    "namespace {\n"
                    "// " + std::to_string(files.size()) + " files, " + std::to_string(blob.size()) + " bytes.\n"
                    "const char kPack[] =\n" + cpp_literal(blob) + ";\n"
                    "}  // namespace\n\n"
                    "std::string_view fz_precompiled_rules() { return {kPack, sizeof kPack - 1}; }\n\n" +
                    costly_patterns_cpp(files, literals);
  std::string old;
  if (read_file(out_path, old) && old == cpp) return 0;
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << cpp;
    if (!out.flush()) {
      std::cerr << tmp << ": 无法写入\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::cerr << out_path << ": 无法写入\n";
    return 1;
  }
  return 0;
}
