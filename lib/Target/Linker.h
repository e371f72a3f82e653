//===- Linker.h - Linking objects into .so and .wasm files ------*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_LINKER_H
#define SPARROW_LIB_TARGET_LINKER_H

#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>

namespace sparrow {

struct LinkOptions {
  std::string ldLld;      ///< --ld-lld, else $SPARROW_LD_LLD, else LLVM 22's
  std::string wasmLd;     ///< --wasm-ld, else $SPARROW_WASM_LD, else LLVM 22's
  std::string runtimeDir; ///< holds wasm32/lib/libsparrow_runtime.a
  std::string wasiLibc;   ///< wasi-libc's libc.a (malloc, memcpy for wasm32)
};

/// `ld.lld -shared` of one object into a shared object. `selfContained`
/// (AArch64, for Android): no undefined symbol is allowed (the object
/// defines its own memcpy/memset) and LOAD segments are aligned for 16 KB
/// pages.
llvm::Error linkSharedObject(llvm::StringRef object, llvm::StringRef output,
                             const LinkOptions &options,
                             bool selfContained = false);

/// The linear memory a wasm32 module declares.
struct WasmMemory {
  /// The main thread's stack; each worker gets one of the same size.
  static constexpr uint64_t kStackBytes = 1 << 20;
  uint64_t initialBytes = 0, maximumBytes = 0; ///< multiples of 64 KiB
  /// Imported shared memory (threads) rather than exported private memory.
  bool shared = false;
};

/// `wasm-ld` of the model object with the wasm32 runtime into a module
/// exporting the runtime's C API, with `memory` (exported, or imported
/// and shared).
llvm::Error linkWasmModule(llvm::StringRef object, llvm::StringRef output,
                           const LinkOptions &options,
                           const WasmMemory &memory);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_LINKER_H
