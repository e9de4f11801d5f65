// fz::EmbeddedFile — a file compiled into the binary by cmake/Embed.cmake (rule packs,
// grammars). Each embedding target defines one accessor function returning a span of these.
#pragma once

#include <span>
#include <string_view>

namespace fz {

struct EmbeddedFile {
  std::string_view path;  ///< relative to the embedded folder, '/'-separated
  std::string_view data;
};

}  // namespace fz

/// Shipped rule packs: every rules/**/*.toml (paths relative to rules/).
std::span<const fz::EmbeddedFile> fz_embedded_rules();
/// Shipped grammars: grammars/*.toml (paths relative to grammars/).
std::span<const fz::EmbeddedFile> fz_embedded_grammars();
