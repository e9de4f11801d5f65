// The shipped rule pack as a blob: see pack.h. Layout: "FZRP", kPackFormat (u32 LE), the
// literal table's length and bytes (a vector of PatternLiterals), the file count, then per file
// its variant index and its fields in for_each_field order. Unsigned
// integers are LEB128 varints, signed ones zigzag varints, doubles their IEEE-754 bits (u64 LE),
// strings a varint length and the bytes, containers a varint count and the elements.
#include "rules/pack.h"

#include <bit>
#include <cstring>
#include <map>
#include <optional>
#include <set>

namespace fz::rules {

namespace {

constexpr std::string_view kMagic = "FZRP";

template <class T>
concept Described = requires(T& t) { for_each_field(t, [](std::string_view, auto&) {}); };

class Writer {
 public:
  std::string out;

  void varint(uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  }
  void u32le(uint32_t v) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  }

  void put(bool v) { varint(v ? 1 : 0); }
  template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  void put(T v) {
    if constexpr (std::is_signed_v<T>) {
      const auto u = static_cast<uint64_t>(static_cast<int64_t>(v));
      varint((u << 1) ^ (v < 0 ? ~uint64_t{0} : 0));  // zigzag
    } else {
      varint(v);
    }
  }
  template <class T>
    requires std::is_enum_v<T>
  void put(T v) {
    put(static_cast<std::underlying_type_t<T>>(v));
  }
  void put(double v) {
    const auto bits = std::bit_cast<uint64_t>(v);
    u32le(static_cast<uint32_t>(bits));
    u32le(static_cast<uint32_t>(bits >> 32));
  }
  void put(const std::string& s) {
    varint(s.size());
    out.append(s);
  }
  template <class T>
  void put(const std::optional<T>& o) {
    put(o.has_value());
    if (o) put(*o);
  }
  template <class T>
  void put(const std::vector<T>& v) {
    varint(v.size());
    for (const auto& e : v) put(e);
  }
  template <class K, class V>
  void put(const std::map<K, V>& m) {
    varint(m.size());
    for (const auto& [k, v] : m) put(k), put(v);
  }
  template <Described T>
  void put(const T& s) {
    for_each_field(s, [this](std::string_view, const auto& field) { this->put(field); });
  }
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::optional<std::string> error;  ///< the first problem (the rest of the read is skipped)

  bool done() const { return pos_ == in_.size(); }
  void fail(std::string what) {
    if (!error) error = std::move(what) + "（偏移 " + std::to_string(pos_) + "）";
    pos_ = in_.size();
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) {
        fail("数据截断");
        return 0;
      }
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return v;
    }
    fail("变长整数过长");
    return 0;
  }
  uint32_t u32le() {
    if (in_.size() - pos_ < 4) {
      fail("数据截断");
      return 0;
    }
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= uint32_t{static_cast<unsigned char>(in_[pos_++])} << (8 * k);
    return v;
  }
  std::string_view bytes(size_t n) {
    if (in_.size() - pos_ < n) {
      fail("数据截断");
      return {};
    }
    auto s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  /// A container count, bounded by the bytes left (each element takes at least one byte).
  size_t count() {
    const uint64_t n = varint();
    if (n > in_.size() - pos_) {
      fail("元素个数超出数据长度");
      return 0;
    }
    return static_cast<size_t>(n);
  }

  void get(bool& v) { v = varint() != 0; }
  template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  void get(T& v) {
    const uint64_t u = varint();
    if constexpr (std::is_signed_v<T>)
      v = static_cast<T>(static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)));
    else
      v = static_cast<T>(u);
  }
  template <class T>
    requires std::is_enum_v<T>
  void get(T& v) {
    std::underlying_type_t<T> u{};
    get(u);
    v = static_cast<T>(u);
  }
  void get(double& v) {
    const uint64_t lo = u32le(), hi = u32le();
    v = std::bit_cast<double>(lo | (hi << 32));
  }
  void get(std::string& s) { s = bytes(count()); }
  template <class T>
  void get(std::optional<T>& o) {
    bool has = false;
    get(has);
    o.reset();
    if (has) get(o.emplace());
  }
  template <class T>
  void get(std::vector<T>& v) {
    const size_t n = count();
    v.clear();
    v.reserve(n);
    for (size_t k = 0; k < n && !error; ++k) {
      if constexpr (std::is_same_v<T, Value::Member>)
        get(v.emplace_back(std::string(), Value{}));
      else
        get(v.emplace_back());
    }
  }
  template <class K, class V>
  void get(std::map<K, V>& m) {
    const size_t n = count();
    m.clear();
    for (size_t k = 0; k < n && !error; ++k) {
      K key{};
      get(key);
      get(m[key]);
    }
  }
  template <Described T>
  void get(T& s) {
    for_each_field(s, [this](std::string_view, auto& field) { this->get(field); });
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string serialize_pack(const std::vector<LoadedFile>& files,
                           const std::vector<PatternLiterals>& literals) {
  Writer w;
  w.out.append(kMagic);
  w.u32le(kPackFormat);
  // The literal table first, with its length: readers that do not want it skip it unread.
  Writer table;
  table.put(literals);
  w.varint(table.out.size());
  w.out.append(table.out);
  w.varint(files.size());
  for (const auto& f : files) {
    w.varint(f.index());
    std::visit([&](const auto& x) { w.put(x); }, f);
  }
  return std::move(w.out);
}

static_assert(std::variant_size_v<LoadedFile> == 3 &&
                  std::is_same_v<std::variant_alternative_t<0, LoadedFile>, RuleSpec> &&
                  std::is_same_v<std::variant_alternative_t<1, LoadedFile>, Genre> &&
                  std::is_same_v<std::variant_alternative_t<2, LoadedFile>, Terms>,
              "deserialize_pack reads the LoadedFile alternatives by index");

namespace {

Error bad_pack(std::string what) {
  return Error{"<builtin>/rules", 0, 0, "内置规则包（预编译）无法读取：" + std::move(what)};
}

// The header (magic, format) and the literal table's bytes; r is left after them.
Result<std::string_view> read_header(Reader& r) {
  if (r.bytes(kMagic.size()) != kMagic) return bad_pack("不是规则包数据");
  if (const uint32_t format = r.u32le(); format != kPackFormat)
    return bad_pack("格式版本 " + std::to_string(format) + "，本程序读取版本 " + std::to_string(kPackFormat));
  std::string_view table = r.bytes(r.count());
  if (r.error) return bad_pack(*r.error);
  return table;
}

Result<std::vector<PatternLiterals>> read_table(std::string_view bytes) {
  Reader r(bytes);
  std::vector<PatternLiterals> out;
  r.get(out);
  if (!r.error && !r.done()) r.fail("文字表末尾有多余字节");
  if (r.error) return bad_pack(*r.error);
  return out;
}

}  // namespace

Result<std::vector<PatternLiterals>> pack_literals(std::string_view blob) {
  Reader r(blob);
  auto table = read_header(r);
  if (!table) return table.error();
  return read_table(*table);
}

Result<std::vector<LoadedFile>> deserialize_pack(std::string_view blob,
                                                 std::vector<PatternLiterals>* literals) {
  const auto bad = bad_pack;
  Reader r(blob);
  auto table = read_header(r);
  if (!table) return table.error();
  if (literals) {
    auto lits = read_table(*table);
    if (!lits) return lits.error();
    *literals = std::move(*lits);
  }
  std::vector<LoadedFile> files(r.count());
  for (auto& f : files) {
    switch (r.varint()) {
      case 0: r.get(f.emplace<RuleSpec>()); break;
      case 1: r.get(f.emplace<Genre>()); break;
      case 2: r.get(f.emplace<Terms>()); break;
      default: r.fail("未知的文件类型");
    }
    if (r.error) break;
  }
  if (!r.error && !r.done()) r.fail("数据末尾有多余字节");
  if (r.error) {
    if (literals) literals->clear();
    return bad(*r.error);
  }
  return files;
}

namespace {

// Every std::string reachable from `x` (through vectors, map values and described structs)
// into `out`, but for fields named origin (where a file came from) and table keys.
template <class T>
void strings_in(const T& x, std::string_view name, std::set<std::string>& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (name != "origin" && name != "first" && !x.empty()) out.insert(x);
  } else if constexpr (detail::IsVector<T>::value) {
    for (const auto& e : x) strings_in(e, name, out);
  } else if constexpr (detail::IsMap<T>::value) {
    for (const auto& [k, v] : x) strings_in(v, name, out);
  } else if constexpr (Described<T>) {
    for_each_field(x, [&](std::string_view n, const auto& f) { strings_in(f, n, out); });
  }
}

}  // namespace

std::vector<std::string> pattern_strings(const RuleSpec& spec) {
  std::set<std::string> out;
  strings_in(spec.params, "params", out);
  return {out.begin(), out.end()};
}

std::vector<std::string> pattern_strings(const std::vector<LoadedFile>& files) {
  std::set<std::string> out;
  for (const auto& f : files) {
    if (const auto* spec = std::get_if<RuleSpec>(&f))
      strings_in(spec->params, "params", out);
    else
      std::visit([&](const auto& x) { strings_in(x, "", out); }, f);
  }
  return {out.begin(), out.end()};
}

}  // namespace fz::rules
