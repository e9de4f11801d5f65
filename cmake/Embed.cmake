# fz_embed(TARGET name FUNCTION fn BASE dir FILES f1 f2 ...)
# Generates a static library `name` whose one function
#   std::span<const fz::EmbeddedFile> fn();
# returns the files' contents (paths relative to BASE), so shipped rule packs and grammars are
# part of the binary and `fzlint check report.txt` needs no path. Re-generated when a file changes.
function(fz_embed)
  cmake_parse_arguments(E "" "TARGET;FUNCTION;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${E_TARGET}.cpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${E_FUNCTION} -DBASE=${E_BASE}
            "-DFILES=${E_FILES}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedGen.cmake"
    DEPENDS ${E_FILES} "${PROJECT_SOURCE_DIR}/cmake/EmbedGen.cmake"
    COMMENT "Embedding ${E_TARGET}"
    VERBATIM)
  add_library(${E_TARGET} STATIC "${out}")
  target_link_libraries(${E_TARGET} PUBLIC fz_support)
endfunction()
