//===- Linker.h - Linking objects into .so and .wasm files ------*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_LINKER_H
#define SPARROW_LIB_TARGET_LINKER_H

#include "llvm/Support/Error.h"
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

/// `wasm-ld` of the model object with the wasm32 runtime into a module
/// exporting its memory and the runtime's C API.
llvm::Error linkWasmModule(llvm::StringRef object, llvm::StringRef output,
                           const LinkOptions &options);

/// The ES-module loader written next to a .wasm (`model.mjs`).
std::string renderWasmLoader(llvm::StringRef wasmFileName);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_LINKER_H
