// toml++'s implementation, compiled once from the installed headers (libtomlplusplus-dev) into
// fz_toml, so that no program needs libtomlplusplus.so at run time (cmake/Deps.cmake).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
