#include "cli/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <set>

namespace fs = std::filesystem;

namespace fz::cli {

namespace {
Error err(const std::string& path, const std::string& msg) { return Error{path, 0, 0, msg}; }

std::string lower_ext(const fs::path& p) {
  auto e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

bool wanted_ext(const fs::path& p) {
  auto e = lower_ext(p);
  return e == ".txt" || e == ".md" || e == ".markdown" || e == ".docx" || e == ".odt";
}

// Document types a report folder often holds that fzlint cannot read: listed, not dropped.
bool unsupported_doc(const fs::path& p) {
  static const char* const kExt[] = {".doc", ".docm", ".dot", ".dotx", ".wps", ".wpt", ".pdf",
                                     ".rtf", ".ofd", ".pages", ".xps"};
  auto e = lower_ext(p);
  return std::any_of(std::begin(kExt), std::end(kExt), [&](const char* k) { return e == k; });
}

std::string sys_error(int e) { return std::strerror(e); }

std::string limit_hint(std::string_view what_limit) {
  if (what_limit.empty()) return "（该上限固定，任何选项都不改变它，见 docs/limits.md）";
  return "（可用 " + std::string(what_limit) + " 调整）";
}

// read(2) until EOF into `data`, stopping past `max`. Returns 0, or the errno of a failed read,
// or -1 when the data grew over `max`.
int read_all(int fd, std::string& data, size_t max) {
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return 0;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > max) return -1;
  }
}

bool write_all(int fd, std::string_view bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

long long mtime_ns(const struct stat& st) {
  return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

/// A short temporary name in `dir` (never derived from the target's name: a 255-byte name plus
/// a suffix would exceed NAME_MAX).
std::string temp_template(const fs::path& dir) { return (dir / ".fzlint-XXXXXX").string(); }

/// The file a path finally names: symlinks followed one by one, also when the last one
/// dangles (then the name it would create). The path itself when it is no symlink; "" on a
/// loop (more than 40 links).
std::string resolve(const std::string& path) {
  fs::path cur = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat lst {};
    if (::lstat(cur.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) return cur.string();
    std::error_code ec;
    fs::path next = fs::read_symlink(cur, ec);
    if (ec) return cur.string();
    cur = next.is_absolute() ? next : cur.parent_path() / next;
  }
  return std::string();
}

/// Write `bytes` to a new temporary file beside `target`, carrying `st`'s owner, group and
/// mode (or 0666 & ~umask when !existed). Returns the temporary name, or an error.
/// Writes a whole output into an open file descriptor (false on failure, errno set): the bytes
/// of a string, or a spooled report copied out piece by piece.
using Put = std::function<bool(int fd)>;

Result<std::string> write_temp(const std::string& target, const Put& put,
                               const struct stat* st, bool* kept_owner) {
  fs::path p(target);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::string tmpl = temp_template(dir);
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return err(target, "无法在所在目录创建临时文件：" + sys_error(errno));
  auto fail = [&](const char* what) {
    int e = errno;
    ::close(fd);
    ::unlink(name.data());
    return err(target, std::string(what) + sys_error(e));
  };
  if (!put(fd)) return fail("写入临时文件失败：");
  mode_t mode;
  if (st) {
    mode = st->st_mode & 07777;
    // Owner and group first (chown clears set-id bits, the chmod below restores them). A
    // non-root fixer cannot give the file back to its owner: the caller then writes in place.
    bool same_owner = st->st_uid == ::geteuid() && st->st_gid == ::getegid();
    if (!same_owner && ::fchown(fd, st->st_uid, st->st_gid) == 0) same_owner = true;
    if (kept_owner) *kept_owner = same_owner;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
    if (kept_owner) *kept_owner = true;
  }
  if (::fchmod(fd, mode) != 0) return fail("无法设置文件权限：");
  if (::fsync(fd) != 0) return fail("fsync 失败：");
  if (::close(fd) != 0) {
    int e = errno;
    ::unlink(name.data());
    return err(target, "关闭临时文件失败：" + sys_error(e));
  }
  return std::string(name.data());
}

Result<bool> rename_over(const std::string& tmp, const std::string& target) {
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    return err(target, "无法替换原文件：" + sys_error(e));
  }
  // The rename is durable once the directory is synced.
  fs::path dir = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return true;
}

/// Open an existing non-regular file (device, FIFO) or a regular file for writing in place.
Result<bool> write_into(const std::string& target, const Put& put, bool truncate) {
  int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (truncate ? O_TRUNC : 0));
  if (fd < 0) return err(target, "无法打开以写入：" + sys_error(errno));
  if (!put(fd)) {
    int e = errno;
    ::close(fd);
    return err(target, "写入失败：" + sys_error(e));
  }
  if (::close(fd) != 0) return err(target, "写入失败：" + sys_error(errno));
  return true;
}

Put put_bytes(const std::string& bytes) {
  return [&bytes](int fd) { return write_all(fd, bytes); };
}
Result<std::string> write_temp(const std::string& target, const std::string& bytes, const struct stat* st,
                               bool* kept_owner) {
  return write_temp(target, put_bytes(bytes), st, kept_owner);
}
}  // namespace

unsigned long long content_hash(std::string_view bytes) {
  unsigned long long h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

Result<std::string> read_input(const std::string& path, size_t max_bytes, FileStamp* stamp,
                               std::string_view what_limit) {
  auto too_big = [&](const std::string& who, const std::string& size) {
    return err(who, "文件大小" + size + "超过上限 " + std::to_string(max_bytes) + " 字节" +
                        limit_hint(what_limit));
  };
  if (path == "-") {
    if (::fcntl(STDIN_FILENO, F_GETFD) == -1)
      return err("<stdin>", "标准输入已关闭，无法读取报告（check - 需要从管道或重定向提供内容）");
    std::string data;
    int r = read_all(STDIN_FILENO, data, max_bytes);
    if (r == -1) return too_big("<stdin>", "");
    if (r != 0) return err("<stdin>", "读取标准输入失败：" + sys_error(r));
    return data;
  }
  // O_NONBLOCK: opening a FIFO must not hang; it is refused below as not a regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT) {
      struct stat lst {};
      if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
        return err(path, "符号链接指向的文件不存在");
      return err(path, "文件不存在");
    }
    if (e == ELOOP) return err(path, "符号链接循环，无法读取");
    if (e == EACCES) return err(path, "没有读取权限：" + sys_error(e));
    if (e == EISDIR) return err(path, "这是一个目录，需要文件");
    return err(path, "无法打开文件：" + sys_error(e));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return err(path, "无法读取文件信息：" + sys_error(errno));
  if (S_ISDIR(st.st_mode)) return err(path, "这是一个目录，需要文件");
  if (!S_ISREG(st.st_mode)) return err(path, "不是普通文件（设备、管道或套接字），未读取");
  if (static_cast<unsigned long long>(st.st_size) > max_bytes)
    return too_big(path, " " + std::to_string(st.st_size) + " 字节，");
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::string data;
  if (st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  // /proc files report size 0 and may be endless: the limit is enforced while reading.
  int r = read_all(fd, data, max_bytes);
  if (r == -1) return too_big(path, "（读取中）");
  if (r != 0) return err(path, "读取文件时出错：" + sys_error(r));
  if (stamp) {
    stamp->valid = true;
    stamp->dev = st.st_dev;
    stamp->ino = st.st_ino;
    stamp->size = static_cast<long long>(data.size());
    stamp->mtime_ns = mtime_ns(st);
    stamp->hash = content_hash(data);
  }
  return data;
}

namespace {
constexpr size_t kMaxWalkDepth = 64;  // folder levels below a PATH given to check/batch
}

Expanded expand_paths(const std::vector<std::string>& paths) {
  Expanded out;
  for (const auto& p : paths) {
    if (p == "-") {
      out.files.push_back(p);
      continue;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      if (errno == ELOOP) out.skipped.push_back({p, "符号链接循环"});
      else out.missing.push_back(p);
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      out.files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    // Explicit stack: (folder, depth). Symlinks to folders are not followed (a link back to an
    // ancestor would loop); each one is listed.
    std::vector<std::pair<fs::path, size_t>> stack{{fs::path(p), 0}};
    while (!stack.empty()) {
      auto [dir, depth] = stack.back();
      stack.pop_back();
      std::error_code ec;
      fs::directory_iterator it(dir, ec), end;
      if (ec) {
        out.skipped.push_back({dir.string(), "无法读取目录：" + ec.message()});
        out.unreadable = true;
        continue;
      }
      for (; it != end; it.increment(ec)) {
        if (ec) break;
        const fs::path& ep = it->path();
        const auto name = ep.filename().string();
        if (name.empty() || name[0] == '.') continue;  // hidden files and folders
        if (name.rfind("~$", 0) == 0) continue;        // Word lock files
        std::error_code e2;
        const bool is_link = it->is_symlink(e2);
        struct stat ts {};
        const bool ok = ::stat(ep.c_str(), &ts) == 0;
        const int serr = errno;
        if (is_link && !ok) {
          out.skipped.push_back({ep.string(), serr == ELOOP ? "符号链接循环" : "符号链接指向的文件不存在"});
          continue;
        }
        if (!ok) continue;  // vanished while listing
        if (S_ISDIR(ts.st_mode)) {
          if (is_link) {
            out.skipped.push_back({ep.string(), "指向目录的符号链接，未跟随（可能形成循环）"});
          } else if (depth + 1 > kMaxWalkDepth) {
            out.skipped.push_back(
                {ep.string(), "目录层级超过 " + std::to_string(kMaxWalkDepth) + " 层，未进入"});
          } else {
            stack.push_back({ep, depth + 1});
          }
          continue;
        }
        if (!S_ISREG(ts.st_mode)) continue;
        if (wanted_ext(ep)) found.push_back(ep.string());
        else if (unsupported_doc(ep))
          out.skipped.push_back({ep.string(), "不支持的文件类型（" + lower_ext(ep) +
                                                  "），请另存为 .docx 或 .txt 后再检查"});
      }
      if (ec) {
        out.skipped.push_back({dir.string(), "读取目录中途出错：" + ec.message()});
        out.unreadable = true;
      }
    }
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  // A file named twice (`a.txt ./a.txt`, or a folder and a file in it) is checked once, under
  // its first spelling: twice would print its findings twice and count them twice in the
  // verdict. Only the spelling is compared (absolute, lexically normal): a hard or symbolic
  // link is another name the user chose, and may come under another .fzlint.toml.
  std::set<std::string> seen;
  auto first = [&seen](const std::string& f) {
    if (f == "-") return seen.insert(f).second;
    std::error_code ec;
    const fs::path abs = fs::absolute(fs::path(f), ec);
    return seen.insert((ec ? fs::path(f) : abs).lexically_normal().string()).second;
  };
  std::erase_if(out.files, [&](const std::string& f) { return !first(f); });
  std::erase_if(out.missing, [&](const std::string& f) { return !first(f); });
  std::sort(out.skipped.begin(), out.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return a.path < b.path; });
  return out;
}

std::optional<fs::path> find_config_upward(const fs::path& start_dir) {
  std::error_code ec;
  fs::path dir = fs::absolute(start_dir, ec);
  if (ec) return std::nullopt;
  while (true) {
    fs::path cand = dir / ".fzlint.toml";
    if (fs::is_regular_file(cand, ec)) return cand;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

Result<bool> atomic_write(const fs::path& path, const std::string& bytes) {
  return atomic_write(path, [&bytes](const std::function<bool(std::string_view)>& write) { return write(bytes); });
}

Result<bool> atomic_write(const fs::path& path, const Produce& produce) {
  const Put bytes = [&produce](int fd) {  // may run twice (a temporary file, then in place)
    return produce([fd](std::string_view piece) { return write_all(fd, piece); });
  };
  const std::string given = path.string();
  struct stat lst {};
  if (::lstat(given.c_str(), &lst) != 0) {
    auto tmp = write_temp(given, bytes, nullptr, nullptr);  // a new file
    if (!tmp) return tmp.error();
    return rename_over(*tmp, given);
  }
  // A symlink is followed: its target is written (or created), the link stays a link.
  const std::string target = S_ISLNK(lst.st_mode) ? resolve(given) : given;
  if (target.empty()) return err(given, "符号链接循环，未写入");
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    auto tmp = write_temp(target, bytes, nullptr, nullptr);
    if (!tmp) return tmp.error();
    return rename_over(*tmp, target);
  }
  if (S_ISDIR(st.st_mode)) return err(given, "这是一个目录，无法写入");
  if (!S_ISREG(st.st_mode)) return write_into(target, bytes, false);  // /dev/null, a FIFO, a tty
  bool kept_owner = true;
  auto tmp = write_temp(target, bytes, &st, &kept_owner);
  if (!tmp) return tmp.error();
  if (!kept_owner || st.st_nlink > 1) {  // keep the owner / every name: write in place
    ::unlink(tmp->c_str());
    return write_into(target, bytes, true);
  }
  return rename_over(*tmp, target);
}

Result<std::string> save_fixed(const std::string& path, const std::string& bytes,
                               const SaveOptions& opts) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0) return err(path, "文件已不存在，未写入修复：" + sys_error(errno));
  const std::string target = S_ISLNK(lst.st_mode) ? resolve(path) : path;
  if (target.empty()) return err(path, "符号链接循环，未写入修复");
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) return err(path, "无法读取文件信息，未写入修复：" + sys_error(errno));
  if (!S_ISREG(st.st_mode)) return err(path, "不是普通文件，未写入修复");
  if (!opts.force && ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0))
    return err(path, "文件是只读的，未写入修复（确需修改请加 --force，像 sed -i 一样）");

  // Lost update: the file must still be what was read (size, mtime, content hash).
  if (opts.expect && opts.expect->valid) {
    std::string now;
    int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    int r = fd < 0 ? errno : read_all(fd, now, static_cast<size_t>(opts.expect->size) + 1);
    if (fd >= 0) ::close(fd);
    const bool same = r == 0 && static_cast<long long>(st.st_size) == opts.expect->size &&
                      mtime_ns(st) == opts.expect->mtime_ns &&
                      static_cast<long long>(now.size()) == opts.expect->size &&
                      content_hash(now) == opts.expect->hash;
    if (!same) {
      if (r == 0 && now == bytes) return std::string("文件已是修复后的内容");
      // Keep ours beside theirs: a short new name in the same folder (never overwritten).
      fs::path dir = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
      std::string ext = fs::path(target).extension().string();
      if (ext.size() > 16) ext.clear();
      std::string tmpl = (dir / ("fzlint-fixed-XXXXXX" + ext)).string();
      std::vector<char> name(tmpl.begin(), tmpl.end());
      name.push_back('\0');
      int out = ::mkostemps(name.data(), static_cast<int>(ext.size()), O_CLOEXEC);
      std::string kept;
      if (out >= 0) {
        if (write_all(out, bytes) && ::fsync(out) == 0) kept = name.data();
        ::close(out);
        if (kept.empty()) ::unlink(name.data());
      }
      return err(path, "文件在检查之后被其他程序修改过，为免覆盖他人的修改，未写入修复；" +
                           (kept.empty() ? std::string("修复后的文本也未能另存")
                                         : "修复后的文本另存为 " + kept + "，请比较两个版本"));
    }
  }

  bool kept_owner = true;
  auto tmp = write_temp(target, bytes, &st, &kept_owner);
  if (!tmp) return tmp.error();
  if (kept_owner && st.st_nlink == 1) {
    auto r = rename_over(*tmp, target);
    if (!r) return r.error();
    return std::string();
  }
  // Hard links (every name must see the fix) or an owner we cannot restore: write in place
  // through the same inode. The temporary file now holds the NEW text; a copy of the OLD text
  // is made first, so a failure half-way loses nothing.
  ::unlink(tmp->c_str());
  std::string old;
  {
    int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    int r = fd < 0 ? errno : read_all(fd, old, SIZE_MAX / 2);
    if (fd >= 0) ::close(fd);
    if (r != 0) return err(path, "无法读取原文件以备份，未写入修复：" + sys_error(r));
  }
  auto backup = write_temp(target, old, &st, nullptr);
  if (!backup) return backup.error();
  int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    int e = errno;
    ::unlink(backup->c_str());
    return err(path, "无法打开原文件以就地写入，未写入修复：" + sys_error(e));
  }
  bool ok = ::ftruncate(fd, 0) == 0 && write_all(fd, bytes) && ::fsync(fd) == 0;
  int e = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok)
    return err(path, "就地写入失败（" + sys_error(e) + "），原文已备份在 " + *backup +
                         "，请用它恢复");
  ::unlink(backup->c_str());
  return std::string(st.st_nlink > 1 ? "硬链接文件已就地写入，所有链接名都看到修复" : "");
}

Result<int> open_deleted_temp(std::string_view stem) {
  const char* dir = std::getenv("TMPDIR");
  std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/" + std::string(stem) + "-XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return Error{"", 0, 0, "无法创建临时文件 " + tmpl + "：" + std::strerror(errno)};
  ::unlink(tmpl.c_str());  // gone with the process, whatever happens
  return fd;
}

bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  std::error_code e1, e2;
  auto ca = fs::weakly_canonical(a, e1), cb = fs::weakly_canonical(b, e2);
  return !e1 && !e2 && ca == cb;
}

Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir,
                                                                       RulePackBudget& budget) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return err(dir, "规则目录不存在或不是目录");
  std::vector<std::string> files;
  std::vector<std::pair<fs::path, size_t>> stack{{fs::path(dir), 0}};
  while (!stack.empty()) {
    auto [d, depth] = stack.back();
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(d, ec), end;
    if (ec) return err(d.string(), "无法读取规则目录：" + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) break;
      const fs::path& ep = it->path();
      struct stat ts {};
      if (::stat(ep.c_str(), &ts) != 0) {
        if (errno == ELOOP) return err(ep.string(), "规则目录中有符号链接循环");
        continue;
      }
      std::error_code e2;
      if (S_ISDIR(ts.st_mode)) {
        if (it->is_symlink(e2)) continue;  // never followed: a link could climb out or loop
        if (depth + 1 > RulePackBudget::kMaxDepth)
          return err(ep.string(), "规则目录层级超过 " + std::to_string(RulePackBudget::kMaxDepth) +
                                      " 层（上限固定，见 docs/limits.md）");
        stack.push_back({ep, depth + 1});
      } else if (S_ISREG(ts.st_mode) && ep.extension() == ".toml") {
        files.push_back(ep.string());
      }
    }
    if (ec) return err(d.string(), "读取规则目录中途出错：" + ec.message());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : files) {
    if (++budget.files > RulePackBudget::kMaxFiles)
      return err(f, "规则文件总数超过 " + std::to_string(RulePackBudget::kMaxFiles) +
                        " 个的上限（--rules 与 rule_dirs 合计；上限固定，见 docs/limits.md）");
    auto r = read_input(f, RulePackBudget::kMaxFileBytes, nullptr, "");
    if (!r) return r.error();
    budget.bytes += r->size();
    if (budget.bytes > RulePackBudget::kMaxTotalBytes)
      return err(f, "规则文件合计超过 " + std::to_string(RulePackBudget::kMaxTotalBytes) +
                        " 字节的上限（--rules 与 rule_dirs 合计；上限固定，见 docs/limits.md）");
    out.emplace_back(f, std::move(*r));
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir) {
  RulePackBudget b;
  return read_rule_dir(dir, b);
}

}  // namespace fz::cli
