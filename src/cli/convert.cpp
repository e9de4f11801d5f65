#include "cli/convert.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "cli/io.h"

extern char** environ;

namespace fs = std::filesystem;

namespace fz::cli {

namespace {

std::string command_for(const std::string& path) {
  return "soffice --headless --convert-to docx \"" + path + "\"";
}

bool on_path(const std::string& exe) {
  const char* p = std::getenv("PATH");
  if (!p) return false;
  std::string paths(p);
  size_t b = 0;
  while (b <= paths.size()) {
    size_t e = paths.find(':', b);
    if (e == std::string::npos) e = paths.size();
    const fs::path cand = fs::path(paths.substr(b, e - b).empty() ? "." : paths.substr(b, e - b)) / exe;
    if (::access(cand.c_str(), X_OK) == 0) return true;
    b = e + 1;
  }
  return false;
}

/// Runs argv (no shell), output discarded; the exit status or -1.
int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

bool is_legacy_word(const std::string& path) {
  std::string e = fs::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ".doc" || e == ".wps";
}

Result<std::string> convert_legacy_word(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Error{path, 0, 0, "文件不存在"};
  if (!on_path("soffice"))
    return Error{path, 0, 0,
                 "旧版 Word/WPS 文件（.doc/.wps）需先转换为 .docx：请在 Word/WPS 中另存为 .docx，"
                 "或安装 LibreOffice 后运行：" + command_for(path)};
  std::string tmpl = (fs::temp_directory_path(ec) / "fzlint-convert-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return Error{path, 0, 0, "无法创建临时目录，未转换"};
  const fs::path dir(tmpl);
  const fs::path abs = fs::absolute(path, ec);
  const int rc = run({"soffice", "-env:UserInstallation=file://" + (dir / "profile").string(),
                      "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                      "--outdir", (dir / "out").string(), abs.string()});
  const fs::path out = dir / "out" / (abs.stem().string() + ".docx");
  Result<std::string> bytes = Error{path, 0, 0, ""};
  if (rc == 0 && fs::is_regular_file(out, ec)) bytes = read_input(out.string(), max_bytes);
  fs::remove_all(dir, ec);
  if (rc != 0 || !bytes)
    return Error{path, 0, 0,
                 "LibreOffice 未能把该文件转换为 .docx（文件损坏或格式不符？）；可手动运行：" +
                     command_for(path)};
  return bytes;
}

}  // namespace fz::cli
