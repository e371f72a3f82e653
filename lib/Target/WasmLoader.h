//===- WasmLoader.h - The JS files written next to a .wasm ------*- C++ -*-===//
//
// A wasm32 build is the module plus an ES-module loader (`model.mjs`,
// template runtime/js/model-loader.mjs.in) and, with threads, the script each
// worker runs (`model.worker.mjs`, runtime/js/model-worker.mjs).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_TARGET_WASMLOADER_H
#define SPARROW_LIB_TARGET_WASMLOADER_H

#include "lib/Target/Linker.h"

#include "llvm/ADT/StringRef.h"
#include <string>

namespace sparrow {

struct WasmLoaderParams {
  llvm::StringRef wasmFile;   ///< the module's file name, next to the loader
  llvm::StringRef workerFile; ///< the worker script's (threads only)
  llvm::StringRef relaxedWasmFile; ///< the relaxed-SIMD variant's, or empty
  WasmMemory memory;               ///< what the module declares
};

/// The loader's text for one module.
std::string renderWasmLoader(const WasmLoaderParams &params);

/// The worker script (the same for every module).
llvm::StringRef wasmWorkerSource();

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_WASMLOADER_H
