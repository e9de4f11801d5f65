#include "cli/baseline.h"

#include <nlohmann/json.hpp>

#include "text/utf8.h"

namespace fz::cli {

namespace {
std::string key_text(const report::FileReport& f, const Finding& x) {
  if (x.span.end <= f.text.size() && x.span.begin <= x.span.end) {
    // At most 200 bytes, cut at a character boundary (a cut inside a character made the JSON
    // writer throw; keys of files written before are unchanged wherever they were valid).
    auto t = text::head_bytes(f.text.substr(x.span.begin, x.span.size()), 200);
    if (!t.empty()) return std::string(t);
  }
  return x.message;
}
}  // namespace

Result<Baseline> Baseline::parse(const std::string& json, const std::string& origin) {
  Baseline b;
  try {
    auto j = nlohmann::json::parse(json);
    if (!j.is_object() || j.value("fzlint_baseline", 0) != 1 || !j.contains("entries") ||
        !j["entries"].is_array())
      return Error{origin, 0, 0, "不是 fzlint 基线文件（缺少 fzlint_baseline/entries）"};
    for (const auto& e : j["entries"]) {
      Key k{e.at("path").get<std::string>(), e.at("rule").get<std::string>(),
            e.at("text").get<std::string>()};
      b.counts_[k] += e.value("count", size_t{1});
    }
  } catch (const std::exception& ex) {
    return Error{origin, 0, 0, std::string("基线文件无法解析：") + ex.what()};
  }
  return b;
}

Baseline Baseline::from(const std::vector<report::FileReport>& files) {
  Baseline b;
  for (const auto& f : files) b.add(f);
  return b;
}

void Baseline::add(const report::FileReport& f) {
  for (const auto& x : f.findings) counts_[{f.path, x.rule, key_text(f, x)}]++;
}

std::string Baseline::to_json() const {
  nlohmann::ordered_json j;
  j["fzlint_baseline"] = 1;
  j["entries"] = nlohmann::ordered_json::array();
  for (const auto& [k, n] : counts_) {
    nlohmann::ordered_json e;
    e["path"] = std::get<0>(k);
    e["rule"] = std::get<1>(k);
    e["text"] = std::get<2>(k);
    e["count"] = n;
    j["entries"].push_back(std::move(e));
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

size_t Baseline::mark_known(std::vector<report::FileReport>& files) const {
  size_t known = 0;
  Baseline left = *this;
  for (auto& f : files) known += left.take_known(f);
  return known;
}

size_t Baseline::take_known(report::FileReport& f) {
  std::vector<Finding> fresh, old;
  for (auto& x : f.findings) {
    auto it = counts_.find({f.path, x.rule, key_text(f, x)});
    if (it != counts_.end() && it->second > 0) {
      --it->second;
      old.push_back(std::move(x));
    } else {
      fresh.push_back(std::move(x));
    }
  }
  for (auto& x : old) x.message = "（上一轮已指出）" + x.message;
  f.known = old.size();
  fresh.insert(fresh.end(), std::make_move_iterator(old.begin()), std::make_move_iterator(old.end()));
  f.findings = std::move(fresh);
  return f.known;
}

}  // namespace fz::cli
