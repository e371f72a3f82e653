//===- WasmMemory.h - Sizing a wasm32 module's linear memory ----*- C++ -*-===//
//
// A module declares the memory it starts with and the most it may grow to.
// Browsers reserve the maximum up front on some platforms and iOS Safari
// refuses large reservations, so both are sized from what the model needs:
// its data (weights), the stack, the arena and the input/output buffers.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_TARGET_WASMMEMORY_H
#define SPARROW_LIB_TARGET_WASMMEMORY_H

#include "lib/Target/Linker.h"
#include "lib/Target/ModelABI.h"

namespace sparrow {

/// Worker threads the loader may start besides the main thread; each needs
/// a stack inside the maximum.
constexpr unsigned kWasmMaxWorkers = 15;

/// The memory for the wasm32 object at `objectPath` (its data segments are
/// the static data) running the model `signature` describes.
llvm::Expected<WasmMemory> planWasmMemory(llvm::StringRef objectPath,
                                          const ModelSignature &signature,
                                          bool shared);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_WASMMEMORY_H
