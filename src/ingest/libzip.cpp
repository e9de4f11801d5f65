#include "ingest/libzip.h"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

#ifndef FZ_LIBZIP_SONAME
#define FZ_LIBZIP_SONAME "libzip.so.4"
#endif

namespace fz::ingest::libzip {
namespace {

struct Loaded {
  Api api;
  bool ok = false;
  std::string error;
};

Loaded load() {
  Loaded l;
  const char* env = std::getenv("FZLINT_LIBZIP");
  const std::string name = env && *env ? env : FZ_LIBZIP_SONAME;
  // RTLD_LOCAL: libzip's symbols stay out of the global scope (nothing else may bind to them).
  void* h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char* why = dlerror();
    l.error = "无法加载 libzip（" + name + "：" + (why ? why : "未知原因") +
              "），读写 .docx 需要它；请安装 libzip4 软件包（apt install libzip4）";
    return l;
  }
  std::string missing;
#define FZ_LIBZIP_RESOLVE(fn)                                                         \
  l.api.fn = reinterpret_cast<decltype(l.api.fn)>(dlsym(h, "zip_" #fn));              \
  if (!l.api.fn) missing += (missing.empty() ? "" : "、") + std::string("zip_" #fn);
  FZ_LIBZIP_FUNCTIONS(FZ_LIBZIP_RESOLVE)
#undef FZ_LIBZIP_RESOLVE
  if (!missing.empty()) {
    // The handle stays open: dlclose of a library that may have run constructors buys nothing.
    l.error = "libzip（" + name + "）缺少函数 " + missing + "，版本过旧；请安装 libzip4 软件包（1.7 或更新）";
    return l;
  }
  l.ok = true;
  return l;
}

const Loaded& loaded() {
  static const Loaded l = load();  // C++ guarantees one initialisation across threads
  return l;
}

}  // namespace

const Api* api() {
  const Loaded& l = loaded();
  return l.ok ? &l.api : nullptr;
}

const std::string& error() { return loaded().error; }

}  // namespace fz::ingest::libzip
