# Builds the runtime for aarch64 and wasm32 with their toolchain files and
# installs each into ${CMAKE_BINARY_DIR}/lib/sparrow/<target>, where
# sparrow-compile (wasm32 runtime) and sparrow-run (aarch64 runner) find them.
include(ExternalProject)

set(SPARROW_RUNTIME_TARGETS)
foreach(target aarch64 wasm32)
  if(target STREQUAL "aarch64")
    set(toolchain ${PROJECT_SOURCE_DIR}/cmake/toolchains/aarch64-linux-gnu.cmake)
  else()
    set(toolchain ${PROJECT_SOURCE_DIR}/cmake/toolchains/wasm32.cmake)
  endif()
  ExternalProject_Add(sparrow-runtime-${target}
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/runtime
    BINARY_DIR ${CMAKE_BINARY_DIR}/runtime-${target}
    INSTALL_DIR ${CMAKE_BINARY_DIR}/lib/sparrow/${target}
    CMAKE_ARGS
      -DCMAKE_TOOLCHAIN_FILE=${toolchain}
      -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_INSTALL_PREFIX=<INSTALL_DIR>
      -DCMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER}
    BUILD_ALWAYS ON
    USES_TERMINAL_BUILD OFF)
  list(APPEND SPARROW_RUNTIME_TARGETS sparrow-runtime-${target})
endforeach()

add_custom_target(sparrow-runtime-targets
  DEPENDS ${SPARROW_RUNTIME_TARGETS} sparrow_runtime sparrow-runner)
