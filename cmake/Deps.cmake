# How the libraries are linked (issue #16, start-up). A check is one short process: before this,
# the dynamic loader mapped and relocated ten shared libraries at every start — 4.5 ms of an
# 18.7 ms run on the seed report, against 0.7 ms for a program that loads none (bench/RESULTS.md
# §19). So, from Debian's own packages:
#   * fmt header-only (fmt::fmt-header-only), toml++ compiled once into fz_toml (its
#     TOML_IMPLEMENTATION mode), pugixml and tree-sitter from their static archives;
#   * ICU from its static archives in fzlint itself (property FZ_STATIC_LINK, see
#     fz_static_program). ICU's data is 30 MB, so only the program whose start-up counts carries
#     it: fzlint-serve (a long-running server), the tests and the tools keep the shared ICU;
#   * libstdc++ and libgcc statically in fzlint (not under sanitizers, whose runtimes must see
#     the shared libstdc++'s operator new);
#   * libzip is never linked: src/ingest/libzip.cpp opens it on the first .docx (it brings
#     OpenSSL's libcrypto, bzip2 and zlib, 1.7 ms of every start, for a format most runs never read).
option(FZ_STATIC_LINK "Link the shipped programs' libraries from Debian's static archives" ON)

# fmt: header-only (the same headers; no libfmt.so at run time).
add_library(fz_fmt INTERFACE)
target_link_libraries(fz_fmt INTERFACE fmt::fmt-header-only)

# toml++: its implementation compiled once here, from the installed headers.
add_library(fz_toml STATIC ${PROJECT_SOURCE_DIR}/cmake/toml_impl.cpp)
get_target_property(fz_toml_inc tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(fz_toml SYSTEM PUBLIC ${fz_toml_inc})
target_compile_definitions(fz_toml PUBLIC TOML_HEADER_ONLY=0)
set_target_properties(fz_toml PROPERTIES POSITION_INDEPENDENT_CODE ON)

# pugixml and tree-sitter: Debian ships the archives beside the shared objects (FZ_STATIC_LINK).
add_library(fz_pugixml INTERFACE)
if(FZ_STATIC_LINK AND TARGET pugixml::static)
  target_link_libraries(fz_pugixml INTERFACE pugixml::static)
else()
  target_link_libraries(fz_pugixml INTERFACE pugixml::pugixml)
endif()
find_library(FZ_TREESITTER_ARCHIVE NAMES libtree-sitter.a)
if(FZ_STATIC_LINK AND FZ_TREESITTER_ARCHIVE)
  set_target_properties(PkgConfig::TREESITTER PROPERTIES
    INTERFACE_LINK_LIBRARIES "${FZ_TREESITTER_ARCHIVE}" INTERFACE_LINK_DIRECTORIES "")
endif()

# ICU: static in a target whose FZ_STATIC_LINK property is on (the property is read on the
# program being linked, through the libraries that use ICU), shared elsewhere.
find_library(FZ_ICU_UC_ARCHIVE NAMES libicuuc.a)
find_library(FZ_ICU_I18N_ARCHIVE NAMES libicui18n.a)
find_library(FZ_ICU_DATA_ARCHIVE NAMES libicudata.a)
add_library(fz_icu INTERFACE)
target_include_directories(fz_icu SYSTEM INTERFACE ${ICU_INCLUDE_DIRS})
if(FZ_STATIC_LINK AND FZ_ICU_UC_ARCHIVE AND FZ_ICU_I18N_ARCHIVE AND FZ_ICU_DATA_ARCHIVE)
  set(fz_icu_static "${FZ_ICU_I18N_ARCHIVE};${FZ_ICU_UC_ARCHIVE};${FZ_ICU_DATA_ARCHIVE};${CMAKE_DL_LIBS};Threads::Threads")
  target_link_libraries(fz_icu INTERFACE
    "$<IF:$<BOOL:$<TARGET_PROPERTY:FZ_STATIC_LINK>>,${fz_icu_static},ICU::i18n;ICU::uc>")
else()
  target_link_libraries(fz_icu INTERFACE ICU::i18n ICU::uc)
endif()

# libzip: headers only; the library is opened at run time by its SONAME (libzip4 in Debian 12).
set(FZ_LIBZIP_SONAME "libzip.so.4")
find_library(fz_libzip_so NAMES zip HINTS ${LIBZIP_LIBRARY_DIRS})
if(fz_libzip_so AND CMAKE_OBJDUMP)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p "${fz_libzip_so}" OUTPUT_VARIABLE fz_objdump ERROR_QUIET)
  if(fz_objdump MATCHES "SONAME +([^ \n]+)")
    set(FZ_LIBZIP_SONAME "${CMAKE_MATCH_1}")
  endif()
endif()
add_library(fz_libzip_headers INTERFACE)
target_include_directories(fz_libzip_headers SYSTEM INTERFACE ${LIBZIP_INCLUDE_DIRS})
target_compile_definitions(fz_libzip_headers INTERFACE FZ_LIBZIP_SONAME="${FZ_LIBZIP_SONAME}")
target_link_libraries(fz_libzip_headers INTERFACE ${CMAKE_DL_LIBS})

# A program whose start-up counts: ICU statically (above), and libstdc++/libgcc statically with g++ outside
# sanitizer builds.
function(fz_static_program target)
  if(NOT FZ_STATIC_LINK)
    return()
  endif()
  set_target_properties(${target} PROPERTIES FZ_STATIC_LINK ON)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT FZ_SANITIZE
     AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize" AND NOT CMAKE_EXE_LINKER_FLAGS MATCHES "-fsanitize")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
