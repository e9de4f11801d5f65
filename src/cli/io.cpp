#include "cli/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace fz::cli {

namespace {
Error err(const std::string& path, const std::string& msg) { return Error{path, 0, 0, msg}; }

bool wanted_ext(const fs::path& p) {
  auto e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ".txt" || e == ".md" || e == ".markdown" || e == ".docx" || e == ".odt";
}
}  // namespace

Result<std::string> read_input(const std::string& path, size_t max_bytes) {
  if (path == "-") {
    std::string data;
    char buf[65536];
    while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
      data.append(buf, static_cast<size_t>(std::cin.gcount()));
      if (data.size() > max_bytes)
        return err("<stdin>", "输入超过大小上限 " + std::to_string(max_bytes) + " 字节");
    }
    return data;
  }
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return err(path, "文件不存在");
  if (fs::is_directory(st)) return err(path, "这是一个目录，需要文件");
  if (!fs::is_regular_file(st)) return err(path, "不是普通文件");
  auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes)
    return err(path, "文件大小 " + std::to_string(size) + " 字节，超过上限 " +
                         std::to_string(max_bytes) + " 字节（可用 --max-size 调整）");
  std::ifstream in(path, std::ios::binary);
  if (!in) return err(path, std::string("无法读取文件：") + std::strerror(errno));
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return err(path, "读取文件时出错");
  return data;
}

Expanded expand_paths(const std::vector<std::string>& paths) {
  Expanded out;
  for (const auto& p : paths) {
    if (p == "-") {
      out.files.push_back(p);
      continue;
    }
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      out.missing.push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec)) {
      out.files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (name.rfind("~$", 0) == 0) continue;  // Word lock files
      if (it->is_regular_file(ec) && wanted_ext(it->path())) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
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
  const std::string target = path.string();
  struct stat st {};
  const bool existed = ::stat(target.c_str(), &st) == 0;
  fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".fzlint-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return err(target, std::string("无法创建临时文件：") + std::strerror(errno));
  auto fail = [&](const char* what) {
    int e = errno;
    ::close(fd);
    ::unlink(name.data());
    return err(target, std::string(what) + std::strerror(e));
  };
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("写入临时文件失败：");
    }
    off += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; keep the original's bits, or give a new file the usual 0666 & ~umask.
  mode_t mode = st.st_mode & 07777;
  if (!existed) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) return fail("无法设置文件权限：");
  if (::fsync(fd) != 0) return fail("fsync 失败：");
  if (::close(fd) != 0) {
    ::unlink(name.data());
    return err(target, std::string("关闭临时文件失败：") + std::strerror(errno));
  }
  if (::rename(name.data(), target.c_str()) != 0) {
    int e = errno;
    ::unlink(name.data());
    return err(target, std::string("无法替换原文件：") + std::strerror(e));
  }
  return true;
}

Result<std::vector<std::pair<std::string, std::string>>> read_rule_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return err(dir, "规则目录不存在或不是目录");
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".toml")
      files.push_back(it->path().string());
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : files) {
    auto r = read_input(f, 4u << 20);
    if (!r) return r.error();
    out.emplace_back(f, std::move(*r));
  }
  return out;
}

}  // namespace fz::cli
