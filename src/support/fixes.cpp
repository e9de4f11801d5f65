#include "support/fixes.h"

#include <cstdio>
#include <algorithm>

namespace fz::fixes {

Applied apply(std::string_view text, const std::vector<Finding>& findings) {
  std::vector<Fix> all;
  for (const auto& f : findings)
    for (const auto& x : f.fixes)
      if (x.span.begin <= x.span.end && x.span.end <= text.size()) all.push_back(x);
  std::stable_sort(all.begin(), all.end(), [](const Fix& a, const Fix& b) {
    return a.span.begin != b.span.begin ? a.span.begin < b.span.begin : a.span.end < b.span.end;
  });
  Applied out;
  out.text.reserve(text.size());
  uint32_t pos = 0;
  bool have_prev = false;
  Fix prev;
  for (const auto& x : all) {
    if (have_prev && x.span == prev.span && x.replacement == prev.replacement) continue;  // dup
    // Overlap, or two insertions at the same point: keep the first.
    if (x.span.begin < pos || (have_prev && x.span.begin == prev.span.begin && x.span.empty() &&
                               prev.span.empty())) {
      out.skipped.push_back(x);
      continue;
    }
    out.text.append(text.substr(pos, x.span.begin - pos));
    out.text.append(x.replacement);
    pos = x.span.end;
    out.applied.push_back(x);
    prev = x;
    have_prev = true;
  }
  out.text.append(text.substr(pos));
  return out;
}

namespace {

// Split into lines, keeping each line's terminator so the diff is byte-exact.
std::vector<std::string_view> split_lines(std::string_view t) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n' || t[i] == '\r') {
      size_t end = i + 1;
      if (t[i] == '\r' && i + 1 < t.size() && t[i + 1] == '\n') end = i + 2;
      lines.push_back(t.substr(start, end - start));
      start = end;
      i = end - 1;
    }
  }
  if (start < t.size()) lines.push_back(t.substr(start));
  return lines;
}

std::string_view strip_eol(std::string_view l) {
  while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
  return l;
}

}  // namespace

std::string diff_header_name(std::string_view prefix, std::string_view path) {
  // Git's quoting, which GNU patch reads: a name with a control character, a quote or a
  // backslash is written "a/…" with C escapes, so a crafted name ("x\n+++ b/other") can never
  // start a header line of its own and redirect the patch to another file. Tabs end a name in
  // patch's reading; they are escaped too.
  bool plain = true;
  for (unsigned char c : path)
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') plain = false;
  if (plain) return std::string(prefix) + std::string(path);
  std::string out = "\"";
  out += prefix;
  for (unsigned char c : path) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[5];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string unified_diff(std::string_view before, std::string_view after, std::string_view path) {
  if (before == after) return {};
  const auto a = split_lines(before), b = split_lines(after);
  const size_t n = a.size(), m = b.size();
  // Fixes change few lines; trim the common prefix and suffix, then LCS on the middle.
  size_t pre = 0;
  while (pre < n && pre < m && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < n - pre && suf < m - pre && a[n - 1 - suf] == b[m - 1 - suf]) ++suf;
  const size_t an = n - pre - suf, bm = m - pre - suf;
  // ops over the middle: ' ' keep, '-' delete, '+' insert (index into a or b)
  struct Op {
    char kind;
    size_t ai, bi;
  };
  std::vector<Op> ops;
  if (an * bm <= 4'000'000) {
    std::vector<std::vector<uint32_t>> L(an + 1, std::vector<uint32_t>(bm + 1, 0));
    for (size_t i = an; i-- > 0;)
      for (size_t j = bm; j-- > 0;)
        L[i][j] = a[pre + i] == b[pre + j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < an || j < bm) {
      if (i < an && j < bm && a[pre + i] == b[pre + j]) {
        ops.push_back({' ', pre + i, pre + j});
        ++i, ++j;
      } else if (i < an && (j == bm || L[i + 1][j] >= L[i][j + 1])) {
        ops.push_back({'-', pre + i, pre + j});  // deletions first, as diff(1) prints them
        ++i;
      } else {
        ops.push_back({'+', pre + i, pre + j});
        ++j;
      }
    }
  } else {  // too large for LCS: replace the whole middle
    for (size_t i = 0; i < an; ++i) ops.push_back({'-', pre + i, pre});
    for (size_t j = 0; j < bm; ++j) ops.push_back({'+', pre + an, pre + j});
  }
  // Full op list with the common prefix/suffix as context.
  std::vector<Op> all;
  for (size_t i = 0; i < pre; ++i) all.push_back({' ', i, i});
  all.insert(all.end(), ops.begin(), ops.end());
  for (size_t k = 0; k < suf; ++k) all.push_back({' ', n - suf + k, m - suf + k});

  std::string out;
  out += "--- " + diff_header_name("a/", path) + "\n";
  out += "+++ " + diff_header_name("b/", path) + "\n";
  const size_t ctx = 3;
  size_t k = 0;
  while (k < all.size()) {
    if (all[k].kind == ' ') {
      ++k;
      continue;
    }
    // Hunk from k-ctx, extended while changes are within 2*ctx of each other.
    size_t start = k >= ctx ? k - ctx : 0;
    size_t end = k;
    size_t last_change = k;
    while (end < all.size()) {
      if (all[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * ctx) break;
      ++end;
    }
    end = std::min(all.size(), last_change + ctx + 1);
    size_t a_start = all[start].ai, b_start = all[start].bi, a_len = 0, b_len = 0;
    for (size_t q = start; q < end; ++q) {
      if (all[q].kind != '+') ++a_len;
      if (all[q].kind != '-') ++b_len;
    }
    out += "@@ -" + std::to_string(a_len ? a_start + 1 : a_start) + "," + std::to_string(a_len) +
           " +" + std::to_string(b_len ? b_start + 1 : b_start) + "," + std::to_string(b_len) +
           " @@\n";
    for (size_t q = start; q < end; ++q) {
      const auto& op = all[q];
      std::string_view line = op.kind == '+' ? b[op.bi] : a[op.ai];
      out += op.kind;
      out += strip_eol(line);
      out += '\n';
      if (strip_eol(line).size() == line.size()) out += "\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

}  // namespace fz::fixes
