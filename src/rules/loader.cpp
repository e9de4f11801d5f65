// TOML → RuleSpec / Genre / Terms. toml++ throws on syntax errors: caught here, so no exception
// leaves the library.
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "rules/rule_spec.h"
#include "support/toml_message.h"

namespace fz::rules {

namespace {

Value convert(const toml::node& n) {
  Value v;
  v.line = n.source().begin.line;
  v.column = n.source().begin.column;
  if (auto* t = n.as_table()) {
    v.type = Value::Type::Table;
    for (auto& [k, child] : *t) v.table.emplace_back(std::string(k.str()), convert(child));
  } else if (auto* a = n.as_array()) {
    v.type = Value::Type::Array;
    for (auto& child : *a) v.array.push_back(convert(child));
  } else if (auto* s = n.as_string()) {
    v.type = Value::Type::String;
    v.s = s->get();
  } else if (auto* i = n.as_integer()) {
    v.type = Value::Type::Int;
    v.i = i->get();
  } else if (auto* f = n.as_floating_point()) {
    v.type = Value::Type::Float;
    v.f = f->get();
  } else if (auto* b = n.as_boolean()) {
    v.type = Value::Type::Bool;
    v.b = b->get();
  } else if (auto* d = n.as_date()) {
    v.type = Value::Type::Date;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", int(d->get().year), int(d->get().month),
                  int(d->get().day));
    v.s = buf;
  } else {
    v.type = Value::Type::String;  // times and date-times: kept as text, rejected by schemas
    v.s = "<time>";
  }
  return v;
}

Result<Value> parse_value(std::string_view toml, std::string_view origin) {
  try {
    toml::table t = toml::parse(toml, origin);
    Value v = convert(t);
    v.line = 1;
    v.column = 1;
    return v;
  } catch (const toml::parse_error& e) {
    return Error{std::string(origin), e.source().begin.line, e.source().begin.column,
                 toml_syntax_error(e.description())};
  } catch (const std::exception& e) {
    return Error{std::string(origin), 0, 0, std::string("TOML 读取失败：") + e.what()};
  }
}

Error err(std::string_view origin, const Value* v, std::string_view key, std::string_view what) {
  Error e{std::string(origin), v ? v->line : 0, v ? v->column : 0, {}};
  e.message = key.empty() ? std::string(what) : std::string(key) + ": " + std::string(what);
  return e;
}

// Typed readers that report wrong types with the value's position.
struct Reader {
  std::string_view origin;
  std::optional<Error> error;

  void fail(const Value* v, std::string_view key, std::string_view what) {
    if (!error) error = err(origin, v, key, what);
  }
  std::string str(const Value& tbl, std::string_view key, bool required) {
    const Value* v = tbl.find(key);
    if (!v) {
      if (required) fail(&tbl, key, "缺少必填字段");
      return {};
    }
    if (!v->is_string()) {
      fail(v, key, "应为字符串，实为" + std::string(type_name(v->type)));
      return {};
    }
    if (required && v->s.empty()) fail(v, key, "不能为空");
    return v->s;
  }
  std::vector<std::string> strs(const Value& tbl, std::string_view key, bool required) {
    std::vector<std::string> out;
    const Value* v = tbl.find(key);
    if (!v) {
      if (required) fail(&tbl, key, "缺少必填字段");
      return out;
    }
    if (v->is_string()) return {v->s};
    if (!v->is_array()) {
      fail(v, key, "应为字符串数组，实为" + std::string(type_name(v->type)));
      return out;
    }
    for (auto& e : v->array) {
      if (!e.is_string()) {
        fail(&e, key, "数组元素应为字符串，实为" + std::string(type_name(e.type)));
        return out;
      }
      out.push_back(e.s);
    }
    if (required && out.empty()) fail(v, key, "不能为空数组");
    return out;
  }
  int integer(const Value& tbl, std::string_view key, bool required, int def = 0) {
    const Value* v = tbl.find(key);
    if (!v) {
      if (required) fail(&tbl, key, "缺少必填字段");
      return def;
    }
    if (v->type != Value::Type::Int) {
      fail(v, key, "应为整数，实为" + std::string(type_name(v->type)));
      return def;
    }
    return static_cast<int>(v->i);
  }
  bool boolean(const Value& tbl, std::string_view key, bool def) {
    const Value* v = tbl.find(key);
    if (!v) return def;
    if (v->type != Value::Type::Bool) {
      fail(v, key, "应为 true 或 false，实为" + std::string(type_name(v->type)));
      return def;
    }
    return v->b;
  }
  void only_keys(const Value& tbl, std::string_view where,
                 std::initializer_list<std::string_view> allowed) {
    for (auto& [k, v] : tbl.table)
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        fail(&v, k, std::string("未知字段（") + std::string(where) + "）");
  }
};

Result<LoadedFile> load_genre(const Value& root, std::string_view origin) {
  Reader r{origin, {}};
  const Value& g = *root.find("genre");
  if (!g.is_table()) return err(origin, &g, "genre", "应为表");
  r.only_keys(root, "体裁文件只能有 [genre]", {"genre"});
  r.only_keys(g, "genre", {"strip", "class", "fallback_class", "fallback_before", "plan_class",
                           "plan_fallback", "year_patterns", "issuer", "heading_window"});
  Genre out;
  out.origin = origin;
  out.strip = r.strs(g, "strip", false);
  out.heading_window = r.integer(g, "heading_window", false, 0);
  if (!r.error && out.heading_window < 0)
    r.fail(g.find("heading_window"), "heading_window", "应不小于 0（0 = 整个标题）");
  out.fallback_class = r.str(g, "fallback_class", false);
  out.fallback_before = r.strs(g, "fallback_before", false);
  out.plan_class = r.str(g, "plan_class", false);
  out.plan_fallback = r.strs(g, "plan_fallback", false);
  out.year_patterns = r.strs(g, "year_patterns", true);
  if (const Value* is = g.find("issuer")) {
    if (!is->is_array()) return err(origin, is, "genre.issuer", "应为表数组 [[genre.issuer]]");
    for (auto& i : is->array) {
      if (!i.is_table()) return err(origin, &i, "genre.issuer", "元素应为表");
      r.only_keys(i, "genre.issuer", {"name", "patterns", "intro"});
      GenreIssuer gi;
      gi.name = r.str(i, "name", true);
      gi.patterns = r.strs(i, "patterns", true);
      gi.intro = r.strs(i, "intro", false);
      gi.line = i.line;
      gi.column = i.column;
      if (!r.error && gi.name == "unknown")
        r.fail(i.find("name"), "name", "“unknown”保留给未能识别发文机关的文档");
      out.issuers.push_back(std::move(gi));
    }
  }
  const Value* classes = g.find("class");
  if (!classes || !classes->is_array() || classes->array.empty())
    return err(origin, classes ? classes : &g, "genre.class", "应为非空的表数组 [[genre.class]]");
  for (auto& c : classes->array) {
    if (!c.is_table()) return err(origin, &c, "genre.class", "元素应为表");
    r.only_keys(c, "genre.class",
                {"name", "label", "headings", "items", "sentences", "not_inside", "top_level_only"});
    GenreClass gc;
    gc.name = r.str(c, "name", true);
    gc.label = r.str(c, "label", true);
    gc.headings = r.strs(c, "headings", true);
    gc.items = r.strs(c, "items", false);
    gc.sentences = r.strs(c, "sentences", false);
    gc.not_inside = r.strs(c, "not_inside", false);
    gc.top_level_only = r.boolean(c, "top_level_only", false);
    gc.line = c.line;
    gc.column = c.column;
    out.classes.push_back(std::move(gc));
  }
  if (r.error) return *r.error;
  auto known = [&](const std::string& n) {
    return std::any_of(out.classes.begin(), out.classes.end(), [&](auto& c) { return c.name == n; });
  };
  if (!out.fallback_class.empty() && !known(out.fallback_class))
    return err(origin, g.find("fallback_class"), "fallback_class", "未定义的类别：" + out.fallback_class);
  if (!out.plan_class.empty() && !known(out.plan_class))
    return err(origin, g.find("plan_class"), "plan_class", "未定义的类别：" + out.plan_class);
  for (auto& n : out.fallback_before)
    if (!known(n)) return err(origin, g.find("fallback_before"), "fallback_before", "未定义的类别：" + n);
  for (auto& c : out.classes)
    for (auto& n : c.not_inside)
      if (!known(n)) return err(origin, nullptr, "not_inside", "未定义的类别：" + n);
  return LoadedFile{std::move(out)};
}

Result<LoadedFile> load_terms(const Value& root, std::string_view origin) {
  Reader r{origin, {}};
  r.only_keys(root, "术语表文件只能有 [[term]] 与 [[event]]", {"term", "event"});
  Terms out;
  out.origin = origin;
  if (const Value* ts = root.find("term")) {
    if (!ts->is_array()) return err(origin, ts, "term", "应为表数组 [[term]]");
    for (auto& t : ts->array) {
      if (!t.is_table()) return err(origin, &t, "term", "元素应为表");
      r.only_keys(t, "term", {"id", "name", "patterns", "start", "end", "successor", "labels"});
      Term term;
      term.id = r.str(t, "id", true);
      term.name = r.str(t, "name", true);
      term.patterns = r.strs(t, "patterns", true);
      term.start = r.integer(t, "start", true);
      term.end = r.integer(t, "end", true);
      term.successor = r.str(t, "successor", false);
      term.line = t.line;
      term.column = t.column;
      if (const Value* l = t.find("labels")) {
        if (!l->is_table()) return err(origin, l, "labels", "应为表（年份 = 规范表述）");
        for (auto& [k, v] : l->table) {
          int y = 0;
          for (char ch : k) y = (ch >= '0' && ch <= '9' && y < 100000) ? y * 10 + (ch - '0') : -1;
          if (y < 1900 || y > 2200 || k.size() != 4)
            return err(origin, &v, "labels." + k, "键应为四位年份");
          if (!v.is_string()) return err(origin, &v, "labels." + k, "应为字符串");
          term.labels[y] = v.s;
        }
      }
      if (!r.error && term.end < term.start)
        r.fail(&t, "end", "结束年份早于起始年份");
      out.terms.push_back(std::move(term));
    }
  }
  if (const Value* es = root.find("event")) {
    if (!es->is_array()) return err(origin, es, "event", "应为表数组 [[event]]");
    for (auto& e : es->array) {
      if (!e.is_table()) return err(origin, &e, "event", "元素应为表");
      r.only_keys(e, "event", {"id", "name", "patterns", "date"});
      Event ev;
      ev.id = r.str(e, "id", true);
      ev.name = r.str(e, "name", true);
      ev.patterns = r.strs(e, "patterns", true);
      const Value* d = e.find("date");
      if (!d || d->type != Value::Type::Date)
        r.fail(d ? d : &e, "date", "应为 TOML 日期，如 2024-07-15");
      else
        std::sscanf(d->s.c_str(), "%d-%d-%d", &ev.year, &ev.month, &ev.day);
      ev.line = e.line;
      ev.column = e.column;
      out.events.push_back(std::move(ev));
    }
  }
  if (r.error) return *r.error;
  return LoadedFile{std::move(out)};
}

}  // namespace

const Value* Value::find(std::string_view key) const {
  for (auto& [k, v] : table)
    if (k == key) return &v;
  return nullptr;
}

std::string_view type_name(Value::Type t) {
  switch (t) {
    case Value::Type::Bool: return "布尔值";
    case Value::Type::Int: return "整数";
    case Value::Type::Float: return "浮点数";
    case Value::Type::String: return "字符串";
    case Value::Type::Date: return "日期";
    case Value::Type::Array: return "数组";
    case Value::Type::Table: return "表";
  }
  return "?";
}

const std::vector<std::string_view>& common_keys() {
  static const std::vector<std::string_view> k{
      "id",     "category", "severity", "kind",     "scope",   "message", "title",
      "description", "rationale", "source", "examples", "fix", "enabled", "superseded_by",
      "when",
      "whole_document", "skip_when", "judges_whole_node"};
  return k;
}

const std::vector<std::string_view>& skip_when_traits() {
  static const std::vector<std::string_view> t{"width-folded"};
  return t;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char prev = 0;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    if (c == '-' && prev == '-') return false;
    prev = c;
  }
  return true;
}

Error RuleSpec::error_at(const Value* v, std::string_view key, std::string_view what) const {
  Error e{origin, v && v->line ? v->line : line, v && v->line ? v->column : column, {}};
  e.message = key.empty() ? std::string(what) : std::string(key) + ": " + std::string(what);
  return e;
}

Result<Value> parse_table(std::string_view toml, std::string_view origin) {
  return parse_value(toml, origin);
}

Result<LoadedFile> load(std::string_view toml, std::string_view origin) {
  auto parsed = parse_value(toml, origin);
  if (!parsed) return parsed.error();
  const Value& root = *parsed;
  if (root.find("genre")) return load_genre(root, origin);
  if (root.find("term") || root.find("event")) return load_terms(root, origin);

  Reader r{origin, {}};
  RuleSpec spec;
  spec.origin = origin;
  spec.info.id = r.str(root, "id", true);
  if (!r.error && !valid_id(spec.info.id))
    r.fail(root.find("id"), "id", "应为小写 kebab-case（如 missing-next-year-plan）：" + spec.info.id);
  std::string cat = r.str(root, "category", true);
  if (!r.error) {
    if (auto c = parse_category(cat))
      spec.info.category = *c;
    else
      r.fail(root.find("category"), "category",
             "未知类别“" + cat + "”（可选：input, structure, required-section, required-content, "
             "first-responsible, quantified-results, next-year-plan, consistency, terms, "
             "punctuation, numbers, format）");
  }
  std::string sev = r.str(root, "severity", true);
  if (!r.error) {
    if (auto s = parse_severity(sev))
      spec.info.default_severity = *s;
    else
      r.fail(root.find("severity"), "severity", "应为 error、warning 或 info：" + sev);
  }
  spec.kind = r.str(root, "kind", true);
  spec.scope = r.str(root, "scope", false);
  if (const Value* s = root.find("scope")) {
    spec.scope_line = s->line;
    spec.scope_column = s->column;
  }
  if (spec.scope.empty()) spec.scope = "document";
  spec.message = r.str(root, "message", true);
  spec.info.title = r.str(root, "title", true);
  if (!r.error && spec.info.title.find('\n') != std::string::npos)
    r.fail(root.find("title"), "title", "应为一行");
  spec.info.description = r.str(root, "description", true);
  spec.info.rationale = r.str(root, "rationale", true);
  spec.info.source = r.str(root, "source", true);
  spec.info.enabled_by_default = r.boolean(root, "enabled", true);
  spec.info.whole_document = r.boolean(root, "whole_document", false);
  spec.info.judges_whole_node = r.boolean(root, "judges_whole_node", false);
  spec.superseded_by = r.strs(root, "superseded_by", false);
  spec.skip_when = r.strs(root, "skip_when", false);
  for (const auto& t : spec.skip_when) {
    const auto& known = skip_when_traits();
    if (!r.error && std::find(known.begin(), known.end(), t) == known.end())
      r.fail(root.find("skip_when"), "skip_when", "未知的文档特征“" + t + "”（可选：width-folded）");
  }
  for (const auto& id : spec.superseded_by)
    if (!r.error && !valid_id(id))
      r.fail(root.find("superseded_by"), "superseded_by", "规则 ID 应为小写 kebab-case：" + id);
  if (const Value* w = root.find("when")) {
    if (!w->is_table())
      r.fail(w, "when", "应为表（如 [when] issuer = ['government'] 或 term = 'xi-fazhi-thought'）");
    else {
      r.only_keys(*w, "when", {"issuer", "term"});
      spec.when_issuer = r.strs(*w, "issuer", false);
      spec.when_term = r.str(*w, "term", false);
      if (!r.error && spec.when_issuer.empty() && spec.when_term.empty())
        r.fail(w, "when", "需要 issuer 或 term");
    }
  }
  if (const Value* f = root.find("fix")) {
    if (!f->is_string())
      r.fail(f, "fix", "应为字符串（替换模板）");
    else
      spec.fix = f->s;
  }
  const Value* ex = root.find("examples");
  if (!ex)
    r.fail(&root, "examples", "缺少必填字段（examples.bad 与 examples.good）");
  else if (!ex->is_table())
    r.fail(ex, "examples", "应为表（examples.bad / examples.good）");
  else {
    r.only_keys(*ex, "examples", {"bad", "good"});
    spec.info.bad_examples = r.strs(*ex, "bad", true);
    spec.info.good_examples = r.strs(*ex, "good", true);
  }
  if (r.error) return *r.error;
  spec.line = 1;
  spec.column = 1;
  spec.params.type = Value::Type::Table;
  const auto& common = common_keys();
  for (auto& [k, v] : root.table)
    if (std::find(common.begin(), common.end(), k) == common.end())
      spec.params.table.emplace_back(k, v);
  return LoadedFile{std::move(spec)};
}

}  // namespace fz::rules
