# Builds the Sparrow runtime for wasm32 with SIMD128, as a static library to
# be linked by wasm-ld together with a compiled model (SPARROW_STATIC_MODEL;
# see runtime/CMakeLists.txt and docs/Runtime.md). libc comes from Debian's
# wasi-libc, which provides malloc/free/memcpy/memset without importing
# anything.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)

set(SPARROW_LLVM_BIN_DIR "/usr/lib/llvm-22/bin" CACHE PATH
    "Directory holding clang, llvm-ar and wasm-ld")
set(SPARROW_WASI_SYSROOT "/usr" CACHE PATH
    "Prefix holding include/wasm32-wasi and lib/wasm32-wasi")

find_program(SPARROW_WASM_CLANG NAMES clang-22 clang
             HINTS "${SPARROW_LLVM_BIN_DIR}" REQUIRED)
set(CMAKE_C_COMPILER "${SPARROW_WASM_CLANG}")
# wasm32-wasip1 rather than the deprecated wasm32-wasi; the headers are found
# by hand because Debian installs them under the old triple's name.
set(CMAKE_C_COMPILER_TARGET wasm32-wasip1)
# Atomics: the runtime's worker pool (wasm_pool.c) runs on shared memory.
set(CMAKE_C_FLAGS_INIT "-msimd128 -matomics -mbulk-memory -nostdlibinc")
string(APPEND CMAKE_C_FLAGS_INIT
       " -idirafter ${SPARROW_WASI_SYSROOT}/include/wasm32-wasi")
set(CMAKE_AR "${SPARROW_LLVM_BIN_DIR}/llvm-ar" CACHE FILEPATH "" FORCE)
set(CMAKE_RANLIB "${SPARROW_LLVM_BIN_DIR}/llvm-ranlib" CACHE FILEPATH "" FORCE)

# Nothing links an executable here; compiler checks must not try.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
