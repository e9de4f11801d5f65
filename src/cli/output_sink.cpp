#include "cli/output_sink.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "cli/io.h"

namespace fz::cli {

namespace {
constexpr size_t kPiece = 64u << 10;
}

StdoutSink::~StdoutSink() { flush(); }

void StdoutSink::write(std::string_view bytes) {
  if (!ok_) return;
  buf_ += bytes;
  if (buf_.size() >= kPiece) flush();
}

bool StdoutSink::flush() {
  if (ok_ && !buf_.empty()) {
    std::cout.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    std::cout.flush();
    ok_ = std::cout.good();
  }
  buf_.clear();
  if (buf_.capacity() > 2 * kPiece) buf_.shrink_to_fit();  // one huge file's output: give it back
  return ok_;
}

FileSpool::FileSpool() {
  auto opened = open_deleted_temp("fzlint-spool");
  if (!opened) {
    ok_ = false;
    error_ = opened.error().message;
    return;
  }
  const int fd = *opened;
  f_ = ::fdopen(fd, "w+b");
  if (!f_) {
    ::close(fd);
    ok_ = false;
    error_ = std::string("无法打开临时文件：") + std::strerror(errno);
  }
}

FileSpool::~FileSpool() {
  if (f_) std::fclose(f_);
}

void FileSpool::write(std::string_view bytes) {
  if (!ok_ || bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
    ok_ = false;
    error_ = std::string("无法写入临时文件（磁盘已满？）：") + std::strerror(errno);
  }
}

void FileSpool::replay(const std::function<void(std::string_view)>& f) {
  if (!ok_) return;
  if (std::fflush(f_) != 0 || std::fseek(f_, 0, SEEK_SET) != 0) {
    ok_ = false;
    error_ = std::string("无法读回临时文件：") + std::strerror(errno);
    return;
  }
  std::string buf(kPiece, '\0');
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), f_)) > 0;) f(std::string_view(buf.data(), n));
  if (std::ferror(f_)) {
    ok_ = false;
    error_ = std::string("无法读回临时文件：") + std::strerror(errno);
  }
}

}  // namespace fz::cli
