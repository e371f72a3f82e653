# Cross-compiles the Sparrow runtime for AArch64 Linux (glibc). Uses Debian's
# gcc-aarch64-linux-gnu, or clang-22 with the libc6-dev-arm64-cross sysroot
# when that gcc is missing. Run the results with
#   qemu-aarch64 -L /usr/aarch64-linux-gnu
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(SPARROW_AARCH64_SYSROOT "/usr/aarch64-linux-gnu" CACHE PATH
    "Root of the AArch64 glibc headers and libraries")

find_program(SPARROW_AARCH64_GCC aarch64-linux-gnu-gcc)
find_program(SPARROW_AARCH64_CLANG clang-22 HINTS /usr/lib/llvm-22/bin)
if(SPARROW_AARCH64_GCC)
  set(CMAKE_C_COMPILER "${SPARROW_AARCH64_GCC}")
elseif(SPARROW_AARCH64_CLANG)
  set(CMAKE_C_COMPILER "${SPARROW_AARCH64_CLANG}")
  set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
  set(CMAKE_EXE_LINKER_FLAGS_INIT "-fuse-ld=lld")
else()
  message(FATAL_ERROR "aarch64: need aarch64-linux-gnu-gcc or clang-22")
endif()

set(CMAKE_FIND_ROOT_PATH "${SPARROW_AARCH64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

find_program(SPARROW_QEMU_AARCH64 qemu-aarch64)
if(SPARROW_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR
      "${SPARROW_QEMU_AARCH64};-L;${SPARROW_AARCH64_SYSROOT}")
endif()
