#include "cli/batch_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cli/io.h"

namespace fz::cli {

RecordSpool::RecordSpool() {
  auto opened = open_deleted_temp("fzlint-batch");
  if (opened) fd_ = *opened;
  else error_ = opened.error().message;
}

RecordSpool::~RecordSpool() {
  if (fd_ >= 0) ::close(fd_);
}

Result<uint64_t> RecordSpool::append(std::string_view bytes) {
  if (fd_ < 0) return Error{"", 0, 0, error_};
  const uint64_t at = end_;
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{"", 0, 0, std::string("无法写入临时文件（批量比对用）：") + std::strerror(n < 0 ? errno : ENOSPC)};
    done += static_cast<size_t>(n);
  }
  end_ += bytes.size();
  return at;
}

Result<std::string> RecordSpool::read(uint64_t offset, size_t len) const {
  if (fd_ < 0) return Error{"", 0, 0, error_};
  std::string out(len, '\0');
  for (size_t done = 0; done < len;) {
    const ssize_t n = ::pread(fd_, out.data() + done, len - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{"", 0, 0, std::string("无法读回临时文件（批量比对用）：") + (n < 0 ? std::strerror(errno) : "文件被截断")};
    done += static_cast<size_t>(n);
  }
  return out;
}

namespace {

void put_u32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}
void put_span(std::string& out, ByteSpan s) {
  put_u32(out, s.begin);
  put_u32(out, s.end);
}

/// Reads what the put_* functions wrote; any overrun makes ok false (and reads zeros).
struct Reader {
  std::string_view in;
  bool ok = true;
  uint32_t u32() {
    uint32_t v = 0;
    if (in.size() < 4) {
      ok = false;
      return 0;
    }
    std::memcpy(&v, in.data(), 4);
    in.remove_prefix(4);
    return v;
  }
  std::string str() {
    const uint32_t n = u32();
    if (n > in.size()) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  ByteSpan span() {
    ByteSpan s;
    s.begin = u32();
    s.end = u32();
    return s;
  }
  /// A count of items each at least `min_bytes` long (bounded by what is left).
  uint32_t count(size_t min_bytes) {
    const uint32_t n = u32();
    if (n > in.size() / min_bytes) {
      ok = false;
      return 0;
    }
    return n;
  }
};

void put_finding(std::string& out, const Finding& f) {
  put_str(out, f.rule);
  put_u32(out, static_cast<uint32_t>(f.category) | static_cast<uint32_t>(f.severity) << 8);
  put_str(out, f.message);
  put_span(out, f.span);
  put_str(out, f.section);
  put_u32(out, static_cast<uint32_t>(f.fixes.size()));
  for (const auto& x : f.fixes) {
    put_span(out, x.span);
    put_str(out, x.replacement);
  }
  put_u32(out, static_cast<uint32_t>(f.related.size()));
  for (const auto& r : f.related) {
    put_span(out, r.span);
    put_str(out, r.message);
    put_str(out, r.path);
    for (uint32_t v : {r.line, r.column, r.end_line, r.end_column}) put_u32(out, v);
  }
}

Finding get_finding(Reader& r) {
  Finding f;
  f.rule = r.str();
  const uint32_t cs = r.u32();
  f.category = static_cast<Category>(cs & 0xFF);
  f.severity = static_cast<Severity>((cs >> 8) & 0xFF);
  f.message = r.str();
  f.span = r.span();
  f.section = r.str();
  for (uint32_t n = r.count(12); n-- > 0 && r.ok;) {
    Fix x;
    x.span = r.span();
    x.replacement = r.str();
    f.fixes.push_back(std::move(x));
  }
  for (uint32_t n = r.count(40); n-- > 0 && r.ok;) {
    Related x;
    x.span = r.span();
    x.message = r.str();
    x.path = r.str();
    x.line = r.u32();
    x.column = r.u32();
    x.end_line = r.u32();
    x.end_column = r.u32();
    f.related.push_back(std::move(x));
  }
  return f;
}

}  // namespace

Result<SpoolPlace> spool_report(RecordSpool& spool, const SpooledReport& r) {
  std::string rest;
  put_u32(rest, static_cast<uint32_t>(r.directives.size()));
  for (const auto& d : r.directives) {
    put_u32(rest, static_cast<uint32_t>(d.kind));
    put_span(rest, d.span);
    put_u32(rest, static_cast<uint32_t>(d.rules.size()));
    for (const auto& x : d.rules) put_str(rest, x);
  }
  put_u32(rest, static_cast<uint32_t>(r.sections.size()));
  for (const auto& [span, path] : r.sections) {
    put_span(rest, span);
    put_str(rest, path);
  }
  put_u32(rest, static_cast<uint32_t>(r.findings.size()));
  for (const auto& f : r.findings) put_finding(rest, f);
  SpoolPlace at;
  at.text_len = static_cast<uint32_t>(r.text.size());
  at.shed_len = static_cast<uint32_t>(r.shed.size());
  at.rest_len = static_cast<uint32_t>(rest.size());
  std::string all;
  all.reserve(r.text.size() + r.shed.size() + rest.size());
  all += r.text;
  all += r.shed;
  all += rest;
  auto off = spool.append(all);
  if (!off) return off.error();
  at.offset = *off;
  return at;
}

Result<std::string> load_text(const RecordSpool& spool, const SpoolPlace& at) {
  return spool.read(at.offset, at.text_len);
}

Result<std::string> load_shed(const RecordSpool& spool, const SpoolPlace& at, size_t offset, size_t len) {
  if (offset >= at.shed_len) return std::string();
  return spool.read(at.offset + at.text_len + offset, std::min<size_t>(len, at.shed_len - offset));
}

Result<SpooledReport> load_report(const RecordSpool& spool, const SpoolPlace& at) {
  auto bytes = spool.read(at.offset, size_t{at.text_len} + at.shed_len + at.rest_len);
  if (!bytes) return bytes.error();
  SpooledReport out;
  Reader r{std::string_view(*bytes).substr(size_t{at.text_len} + at.shed_len)};
  for (uint32_t n = r.count(16); n-- > 0 && r.ok;) {
    ingest::Directive d;
    d.kind = static_cast<ingest::Directive::Kind>(r.u32());
    d.span = r.span();
    for (uint32_t k = r.count(4); k-- > 0 && r.ok;) d.rules.push_back(r.str());
    out.directives.push_back(std::move(d));
  }
  for (uint32_t n = r.count(12); n-- > 0 && r.ok;) {
    const ByteSpan span = r.span();
    out.sections.push_back({span, r.str()});
  }
  for (uint32_t n = r.count(40); n-- > 0 && r.ok;) out.findings.push_back(get_finding(r));
  if (!r.ok || !r.in.empty()) return Error{"", 0, 0, "临时文件（批量比对用）中的记录已损坏"};
  bytes->resize(at.text_len);
  out.text = std::move(*bytes);
  return out;
}

}  // namespace fz::cli
