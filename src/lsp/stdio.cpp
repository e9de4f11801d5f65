// The session loop (transport + Server) and `fzlint lsp` over the process's stdin/stdout.
#include <csignal>
#include <cerrno>
#include <iostream>
#include <streambuf>
#include <unistd.h>

#include "lsp/server.h"
#include "lsp/transport.h"

namespace fz::lsp {

int run_session(std::istream& in, std::ostream& out, ServerOptions opts) {
  MessageReader reader(in, opts.max_message_bytes);
  auto log = opts.log;
  bool out_broken = false;
  Server server(std::move(opts), [&](std::string body) {
    if (out_broken) return;
    out << frame(body);
    out.flush();
    if (!out) out_broken = true;
  });
  while (!server.exited() && !out_broken) {
    ReadResult r = reader.next();
    if (r.kind == ReadResult::Kind::Eof) {
      if (log) log(r.error.empty() ? "输入结束，客户端已断开" : "客户端已断开：" + r.error);
      break;
    }
    if (r.kind == ReadResult::Kind::FramingError) {
      server.framing_error(r.error);
      continue;
    }
    server.set_input_pending(reader.has_buffered_input());
    server.handle(r.body);
    if (!reader.has_buffered_input()) server.idle();
  }
  if (out_broken && log) log("无法写入输出，客户端已断开");
  return server.exit_code();
}

namespace {

/// Unbuffered-write / buffered-read stream buffers over raw file descriptors, so that the
/// protocol stream does not depend on (or interfere with) the C stdio state of the process.
class FdOutBuf final : public std::streambuf {
 public:
  explicit FdOutBuf(int fd) : fd_(fd) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::streamsize done = 0;
    while (done < n) {
      const ssize_t w = ::write(fd_, s + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return done;
      done += w;
    }
    return done;
  }
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
  }

 private:
  int fd_;
};

class FdInBuf final : public std::streambuf {
 public:
  explicit FdInBuf(int fd) : fd_(fd) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    ssize_t n;
    do n = ::read(fd_, buf_, sizeof buf_);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return traits_type::eof();
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  int fd_;
  char buf_[1 << 16];
};

}  // namespace

int run_stdio(const ServerOptions& opts) {
  // A client that closes the pipe must end the session, not kill us with SIGPIPE mid-write.
  std::signal(SIGPIPE, SIG_IGN);
  // Keep the real stdout for protocol only; anything else printed to fd 1 goes to stderr.
  const int proto_fd = ::dup(STDOUT_FILENO);
  if (proto_fd < 0) {
    std::cerr << "fzlint lsp: 无法复制标准输出\n";
    return 1;
  }
  ::dup2(STDERR_FILENO, STDOUT_FILENO);

  ServerOptions o = opts;
  if (!o.linter) o.linter = make_engine_linter();
  if (!o.log) o.log = [](std::string_view line) { std::cerr << "fzlint lsp: " << line << "\n"; };

  FdInBuf inbuf(STDIN_FILENO);
  FdOutBuf outbuf(proto_fd);
  std::istream in(&inbuf);
  std::ostream out(&outbuf);
  const int code = run_session(in, out, std::move(o));
  ::close(proto_fd);
  return code;
}

}  // namespace fz::lsp
