#include "serve/server.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <map>
#include <mutex>
#include <ostream>
#include <span>
#include <thread>

#include <fmt/core.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "support/embedded.h"

/// The page's files: src/serve/web/* (paths relative to it), embedded by cmake/Embed.cmake.
std::span<const fz::EmbeddedFile> fz_embedded_web();

namespace fz::serve {

namespace {

using Clock = std::chrono::steady_clock;

/// Room for the multipart envelope and the option fields around a file at the size limit.
constexpr size_t kEnvelopeBytes = 64u << 10;

/// A fixed number of slots for checks; a bounded queue of waiters; everything else refused.
class Gate {
 public:
  Gate(unsigned slots, unsigned queue) : slots_(slots), queue_(queue) {}

  /// Take a slot, waiting up to `wait` in the queue. False: queue full, or the wait ran out.
  bool acquire(std::chrono::seconds wait) {
    std::unique_lock lk(m_);
    if (active_ < slots_) return ++active_, true;
    if (waiting_ >= queue_) return false;
    ++waiting_;
    const bool ok = cv_.wait_for(lk, wait, [&] { return active_ < slots_; });
    --waiting_;
    if (ok) ++active_;
    return ok;
  }
  void release() {
    // Notify under the lock: once drain() sees 0 the Gate may be destroyed, so a releasing
    // worker must not touch it after unlocking.
    std::lock_guard lk(m_);
    --active_;
    cv_.notify_all();
  }
  /// Checks running and waiting now (for /healthz).
  std::pair<unsigned, unsigned> load() {
    std::lock_guard lk(m_);
    return {active_, waiting_};
  }
  /// Wait until no check is running (at shutdown).
  void drain() {
    std::unique_lock lk(m_);
    cv_.wait(lk, [&] { return active_ == 0; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  unsigned active_ = 0, waiting_ = 0;
  const unsigned slots_, queue_;
};

/// One check handed to a worker thread, so the request can stop waiting at the time limit.
struct Job {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  Reply reply;
};

enum class Endpoint { Check, Fix, Annotate };

/// RFC 5987 percent-encoding of a file name for Content-Disposition's filename*.
std::string percent_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

void send(httplib::Response& res, const Reply& r) {
  res.status = r.status;
  if (!r.download_name.empty())
    res.set_header("Content-Disposition", "attachment; filename=\"fzlint.docx\"; filename*=UTF-8''" +
                                              percent_encode(r.download_name));
  res.set_content(r.body, r.content_type.c_str());
}

/// Answer before the body was read: read it to the end first (bounded by the size check made
/// before), so that a keep-alive connection does not take the rest of the body for a new request.
void send_unread(httplib::Response& res, const httplib::ContentReader& reader, bool multipart, const Reply& r) {
  auto discard = [](const char*, size_t) { return true; };
  if (multipart)  // httplib parses a multipart body as it reads it: it needs both callbacks
    reader([](const httplib::MultipartFormData&) { return true; }, discard);
  else
    reader(discard);
  send(res, r);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    std::string_view x(s.data() + b, e - b);
    while (!x.empty() && x.front() == ' ') x.remove_prefix(1);
    while (!x.empty() && x.back() == ' ') x.remove_suffix(1);
    if (!x.empty()) out.emplace_back(x);
    b = e + 1;
  }
  return out;
}

bool parse_bool(const std::string& s) { return s == "1" || s == "true" || s == "on" || s == "yes"; }

/// Options from multipart fields (strings). Returns an error message or "".
std::string options_from_fields(const std::map<std::string, std::string>& f, RequestOptions& o) {
  if (auto it = f.find("select"); it != f.end()) o.select = split_list(it->second);
  if (auto it = f.find("ignore"); it != f.end()) o.ignore = split_list(it->second);
  if (auto it = f.find("partial"); it != f.end()) o.partial = parse_bool(it->second);
  if (auto it = f.find("track_fixes"); it != f.end()) o.track_fixes = parse_bool(it->second);
  if (auto it = f.find("year"); it != f.end() && !it->second.empty()) {
    try {
      size_t n = 0;
      o.year = std::stoi(it->second, &n);
      if (n != it->second.size()) throw std::invalid_argument("year");
    } catch (const std::exception&) {
      return "year 应为四位年份：" + it->second;
    }
  }
  return "";
}

/// The upload and options of a JSON body {"text","filename","select","ignore","partial","year"}.
std::string from_json(const std::string& body, Upload& up, RequestOptions& o) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "请求体不是合法的 JSON 对象";
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return "JSON 请求须有字符串字段 \"text\"（报告全文）";
  up.bytes = text->get<std::string>();
  up.filename = "粘贴文本.txt";
  if (auto fn = j.find("filename"); fn != j.end()) {
    if (!fn->is_string()) return "\"filename\" 须为字符串";
    up.filename = fn->get<std::string>();
  }
  auto list = [&](const char* key, std::vector<std::string>& out) -> std::string {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return "";
    if (it->is_string()) return out = split_list(it->get<std::string>()), "";
    if (!it->is_array()) return std::string("\"") + key + "\" 须为字符串或字符串数组";
    for (const auto& x : *it) {
      if (!x.is_string()) return std::string("\"") + key + "\" 须为字符串数组";
      out.push_back(x.get<std::string>());
    }
    return "";
  };
  if (auto e = list("select", o.select); !e.empty()) return e;
  if (auto e = list("ignore", o.ignore); !e.empty()) return e;
  if (auto it = j.find("partial"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return "\"partial\" 须为 true 或 false";
    o.partial = it->get<bool>();
  }
  if (auto it = j.find("year"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) return "\"year\" 须为整数年份";
    o.year = it->get<int>();
  }
  return "";
}

std::string media_type(const httplib::Request& req) {
  std::string ct = req.get_header_value("Content-Type");
  ct = ct.substr(0, ct.find(';'));
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  return ct;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

thread_local Clock::time_point t_request_start;

/// The log stream, shared by the request threads (access log) and the signal thread: one
/// whole line at a time, under a lock.
class LogSink {
 public:
  explicit LogSink(std::ostream& out) : out_(out) {}
  void line(const std::string& text) {
    std::lock_guard lk(m_);
    out_ << text << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex m_;
};

class Http {
 public:
  Http(const Service& service, const HttpOptions& o, LogSink& log)
      : service_(service),
        o_(o),
        log_(log),
        gate_(o.max_concurrent ? o.max_concurrent : std::max(1u, std::thread::hardware_concurrency()), o.queue) {}

  void setup(httplib::Server& svr) {
    const unsigned slots = o_.max_concurrent ? o_.max_concurrent : std::max(1u, std::thread::hardware_concurrency());
    const size_t threads = slots + o_.queue + 8;  // queued checks wait in a thread; light requests need some too
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    svr.set_payload_max_length(service_.max_bytes() + kEnvelopeBytes);
    svr.set_read_timeout(10, 0);
    svr.set_write_timeout(10, 0);
    svr.set_keep_alive_timeout(5);
    svr.set_keep_alive_max_count(100);
    svr.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Cache-Control", "no-store"},
    });
    svr.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      t_request_start = Clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) { access_log(req, res); });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string msg = res.status == 404   ? "没有这个地址（API 见 /api/v1，页面在 /）"
                        : res.status == 413 ? "请求过大：超过了文件大小上限"
                        : res.status == 400 ? "请求格式错误（例如 multipart 不完整或边界不符）"
                                            : "请求无法处理";
      send(res, error_reply(res.status, msg));
    });
    svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send(res, error_reply(500, "服务器内部错误"));
    });

    for (const auto& f : fz_embedded_web()) {
      std::string path = f.path == "index.html" ? "/" : "/" + std::string(f.path);
      std::string type = path.ends_with(".js")    ? "text/javascript; charset=utf-8"
                         : path.ends_with(".css") ? "text/css; charset=utf-8"
                                                  : "text/html; charset=utf-8";
      std::string_view data = f.data;
      svr.Get(path, [data, type](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(data), type.c_str());
      });
    }
    svr.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      const auto [running, queued] = gate_.load();
      res.set_content(fmt::format("{{\"status\":\"ok\",\"checks_running\":{},\"checks_queued\":{}}}\n", running, queued),
                      "application/json; charset=utf-8");
    });
    svr.Get("/api/v1/version", [this](const httplib::Request&, httplib::Response& res) { send(res, service_.version()); });
    svr.Get("/api/v1/rules", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, service_.rules(req.has_param("all") && parse_bool(req.get_param_value("all"))));
    });
    svr.Get(R"(/api/v1/rules/([A-Za-z0-9_.\-]{1,100}))", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, service_.rule(req.matches[1].str()));
    });
    auto post = [this](Endpoint e) {
      return [this, e](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        heavy(e, req, res, reader);
      };
    };
    svr.Post("/api/v1/check", post(Endpoint::Check));
    svr.Post("/api/v1/fix", post(Endpoint::Fix));
    svr.Post("/api/v1/annotate", post(Endpoint::Annotate));
  }

  void drain() { gate_.drain(); }

 private:
  void heavy(Endpoint e, const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    const std::string type = media_type(req);
    const bool multipart = type == "multipart/form-data";
    if (!multipart && !(type == "application/json" && e != Endpoint::Annotate))
      return send_unread(res, reader, multipart, error_reply(415, e == Endpoint::Annotate
                                                      ? "请求的 Content-Type 须为 multipart/form-data（字段 file 为 .docx）"
                                                      : "请求的 Content-Type 须为 multipart/form-data（字段 file）或 application/json"));
    if (req.has_header("Content-Length")) {
      const auto n = req.get_header_value<uint64_t>("Content-Length");
      if (n > service_.max_bytes() + kEnvelopeBytes)  // httplib skips such a body unparsed
        return send_unread(res, reader, multipart,
                           error_reply(413, fmt::format("请求过大（{} 字节）：单个文件不能超过 {} 字节", n, service_.max_bytes())));
    }
    if (!gate_.acquire(std::chrono::seconds(o_.queue_wait))) {
      send_unread(res, reader, multipart, error_reply(503, "服务器正忙：同时检查的文件太多，请稍后重试"));
      res.set_header("Retry-After", "5");
      return;
    }
    // The slot is ours from here; the worker (or this function on an early return) gives it back.
    struct Slot {
      explicit Slot(Gate& g) : g_(g) {}
      Slot(const Slot&) = delete;
      Slot& operator=(const Slot&) = delete;
      ~Slot() { g_.release(); }
      Gate& g_;
    };
    auto slot = std::make_unique<Slot>(gate_);

    Upload up;
    RequestOptions opts;
    std::string problem;
    const size_t limit = service_.max_bytes() + kEnvelopeBytes;
    size_t total = 0;
    bool over = false;  // a chunked body passed the limit (httplib bounds only Content-Length ones)
    auto too_large = [&] {
      return error_reply(413, fmt::format("请求过大：单个文件不能超过 {} 字节", service_.max_bytes()));
    };
    if (multipart) {
      // Parts beyond the first few are read and dropped rather than refused: a callback that
      // stops the reading would leave the rest of the body to be taken for a new request.
      constexpr size_t kMaxParts = 16;
      std::vector<httplib::MultipartFormData> parts;
      bool keep = false;
      const bool ok = reader(
          [&](const httplib::MultipartFormData& h) {
            keep = parts.size() < kMaxParts;
            if (keep) parts.push_back(h);
            return true;
          },
          [&](const char* d, size_t n) {
            if ((total += n) > limit) return over = true, false;
            if (keep) parts.back().content.append(d, n);
            return true;
          });
      if (over) return send(res, too_large());
      if (!ok) return send(res, error_reply(400, "multipart 请求不完整或格式错误"));
      std::map<std::string, std::string> fields;
      bool have_file = false;
      for (auto& p : parts) {
        if (p.name == "file" && !have_file) {
          have_file = true;
          up.filename = p.filename.empty() ? "未命名.txt" : p.filename;
          up.bytes = std::move(p.content);
        } else if (p.filename.empty()) {
          fields[p.name] = p.content;
        }
      }
      if (!have_file) return send(res, error_reply(400, "multipart 请求中缺少字段 file（要检查的文件）"));
      problem = options_from_fields(fields, opts);
    } else {
      std::string body;
      const bool ok = reader([&](const char* d, size_t n) {
        if (body.size() + n > limit) return over = true, false;
        body.append(d, n);
        return true;
      });
      if (over) return send(res, too_large());
      if (!ok) return send(res, error_reply(400, "请求体读取失败或超过大小上限"));
      problem = from_json(body, up, opts);
    }
    if (!problem.empty()) return send(res, error_reply(400, problem));

    auto job = std::make_shared<Job>();
    try {
      std::thread([this, e, job, up = std::move(up), opts = std::move(opts), s = std::move(slot)]() mutable {
        Reply r;
        try {
          r = e == Endpoint::Check ? service_.check(up, opts)
              : e == Endpoint::Fix ? service_.fix(up, opts)
                                   : service_.annotate(up, opts);
        } catch (const std::exception&) {
          r = error_reply(500, "服务器内部错误");
        }
        up = Upload{};  // free the document before the slot is given back
        s.reset();      // before the answer: a client's next request must find the slot free
        {
          std::lock_guard lk(job->m);
          job->reply = std::move(r);
          job->done = true;
        }
        job->cv.notify_all();
      }).detach();
    } catch (const std::system_error&) {
      return send(res, error_reply(503, "服务器资源不足，请稍后重试"));
    }
    std::unique_lock lk(job->m);
    if (!job->cv.wait_for(lk, std::chrono::seconds(o_.time_limit), [&] { return job->done; })) {
      send(res, error_reply(503, fmt::format("检查超过时限（{} 秒）：文件可能过长，请拆分后重试", o_.time_limit)));
      res.set_header("Retry-After", "30");
      return;
    }
    send(res, job->reply);
  }

  void access_log(const httplib::Request& req, const httplib::Response& res) {
    const auto ms = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t_request_start).count() / 1000.0;
    const std::string in = req.has_header("Content-Length") ? req.get_header_value("Content-Length") : "0";
    // Method, path, status and sizes only: never the body, the document text or the file name.
    log_.line(fmt::format("{} {} {} {} {} in={} out={} {:.1f}ms", utc_now(), req.remote_addr, req.method, req.path,
                          res.status, in, res.body.size(), ms));
  }

  const Service& service_;
  const HttpOptions& o_;
  LogSink& log_;
  Gate gate_;
};

}  // namespace

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

int run(const Service& service, const HttpOptions& o, std::ostream& log) {
  // Block the stop signals in every thread (httplib's pool inherits the mask) and wait for them
  // in one thread of our own, which stops the server; SIGPIPE from a client that hangs up is ignored.
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGTERM);
  sigaddset(&stop_set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_set, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  LogSink sink(log);
  httplib::Server svr;
  Http http(service, o, sink);
  http.setup(svr);

  if (!is_loopback(o.host))
    sink.line(fmt::format("fzlint serve: 警告：将监听 {}，网络中任何能访问本机的人都可以使用此服务并上传文件；"
                          "请只在可信的内网中这样做，并用防火墙限制来源",
                          o.host));
  int port = o.port;
  if (port == 0) {
    port = svr.bind_to_any_port(o.host);
    if (port <= 0) port = -1;
  } else if (!svr.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    sink.line(fmt::format("fzlint serve: 无法监听 {}:{}（地址不可用或端口已被占用）", o.host, o.port));
    return 2;
  }
  const std::string shown = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  sink.line(fmt::format("fzlint serve: 正在监听 http://{}:{}/ （Ctrl-C 或 SIGTERM 停止）", shown, port));

  std::atomic<bool> stopping{false};
  std::thread signals([&] {
    int sig = 0;
    sigwait(&stop_set, &sig);
    if (stopping.exchange(true)) return;  // woken by run() itself after listen ended
    sink.line("fzlint serve: 收到停止信号，正在完成进行中的请求…");
    svr.stop();
  });
  const bool ok = svr.listen_after_bind();  // returns once stopped and the pool has finished
  if (!stopping.exchange(true)) pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  http.drain();  // checks that outlived their request's time limit
  sink.line("fzlint serve: 已停止");
  return ok ? 0 : 2;
}

}  // namespace fz::serve
