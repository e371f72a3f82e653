//===- WasmMemory.cpp - Sizing a wasm32 module's linear memory ------------===//

#include "lib/Target/WasmMemory.h"

#include "llvm/Object/Wasm.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace sparrow {

static constexpr uint64_t kPage = 64 * 1024;
/// The runtime's and libc's own data, and the allocator's bookkeeping.
static constexpr uint64_t kRuntimeBytes = 256 * 1024;
/// Room to grow beyond the planned allocations (a caller's own buffers).
static constexpr uint64_t kHeadroomBytes = 8 << 20;

static uint64_t elementBytes(int32_t dtype) {
  switch (dtype) {
  case kDTypeUInt8:
  case kDTypeInt8:
  case kDTypeBool:
    return 1;
  case kDTypeInt64:
    return 8;
  default:
    return 4;
  }
}

static uint64_t tensorBytes(const TensorSignature &t) {
  uint64_t n = elementBytes(t.dtype);
  for (int64_t d : t.shape)
    n *= d > 0 ? uint64_t(d) : 1;
  return alignTo(n, 64);
}

Expected<WasmMemory> planWasmMemory(StringRef objectPath,
                                    const ModelSignature &signature,
                                    bool shared) {
  auto buffer = MemoryBuffer::getFile(objectPath);
  if (!buffer)
    return createStringError(buffer.getError(),
                             "cannot read '" + objectPath + "'");
  Error err = Error::success();
  object::WasmObjectFile file((*buffer)->getMemBufferRef(), err);
  if (err)
    return std::move(err);
  uint64_t data = 0;
  for (const object::WasmSegment &segment : file.dataSegments())
    data += alignTo(segment.Data.Content.size(), 16);
  uint64_t buffers = alignTo(signature.arenaBytes, 64);
  for (const TensorSignature &t : signature.inputs)
    buffers += tensorBytes(t);
  for (const TensorSignature &t : signature.outputs)
    buffers += tensorBytes(t);

  WasmMemory memory;
  memory.shared = shared;
  memory.initialBytes =
      alignTo(WasmMemory::kStackBytes + data + kRuntimeBytes + buffers, kPage);
  uint64_t workerStacks =
      shared ? kWasmMaxWorkers * WasmMemory::kStackBytes : 0;
  memory.maximumBytes =
      alignTo(memory.initialBytes + workerStacks + kHeadroomBytes, kPage);
  // wasm32 addresses 4 GiB at most.
  constexpr uint64_t kLimit = uint64_t(1) << 32;
  if (memory.initialBytes > kLimit)
    return createStringError(inconvertibleErrorCode(),
                             "the model needs " +
                                 Twine(memory.initialBytes >> 20) +
                                 " MiB of memory; wasm32 has 4096 MiB");
  memory.maximumBytes = std::min(memory.maximumBytes, kLimit);
  return memory;
}

} // namespace sparrow
