//===- WasmOutputs.h - The files of a wasm32 build --------------*- C++ -*-===//
//
// A wasm32 build is more than the module: its loader and, with threads, the
// worker script sit beside it; --emit=npm wraps them in a package folder.
// Every file goes through a PendingOutput, so a failed build leaves none.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_WASMOUTPUTS_H
#define SPARROW_LIB_COMPILER_WASMOUTPUTS_H

#include "lib/Target/Linker.h"
#include "lib/Target/ModelABI.h"

#include "llvm/Support/Error.h"

namespace sparrow {

struct WasmBuild {
  llvm::StringRef object; ///< the compiled model (wasm32 object)
  /// The same model with relaxed SIMD, or empty: linked to
  /// `<stem>.relaxed.wasm`, which the loader picks where the engine has it.
  llvm::StringRef relaxedObject;
  const ModelSignature *signature;
  const LinkOptions *link;
  bool threads = false; ///< target has +atomics
};

/// Links the module to `wasmPath` and writes `<stem>.mjs` (and, with
/// threads, `<stem>.worker.mjs`; with a relaxed variant,
/// `<stem>.relaxed.wasm`) beside it.
llvm::Error writeWasmFiles(const WasmBuild &build, llvm::StringRef wasmPath);

/// Writes an npm package of the model into the folder `dir` (created if
/// missing): package.json, model.wasm, model.mjs, model.worker.mjs and
/// model.d.ts. `name` is the package name.
llvm::Error writeNpmPackage(const WasmBuild &build, llvm::StringRef dir,
                            llvm::StringRef name);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_WASMOUTPUTS_H
