//===- LoopCaptures.h - Values passed to an outlined loop body --*- C++ -*-===//
//
// An outlined parallel loop body receives everything it uses from outside
// in one array of indices (the ctx), so its C signature is fixed:
// void (void *ctx, int64_t begin, int64_t end).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_LOWERING_LOOPCAPTURES_H
#define SPARROW_PASSES_LOWERING_LOOPCAPTURES_H

#include "mlir/IR/Builders.h"

namespace sparrow {

/// How one value used by the loop body reaches the outlined function.
struct Capture {
  mlir::Value value;
  bool clone = false; ///< a constant, re-created inside
  unsigned slot = 0;  ///< first ctx slot (values that are passed)
};

/// Constants the body can re-create itself. Globals (weights) are passed
/// like any memref, so the bodies of identical layers are identical.
bool isCloneable(mlir::Value v);

/// Number of ctx slots `v` needs: 1 for an index or integer, 1 + the dynamic
/// offset/sizes/strides for a strided memref; nullopt if it cannot be passed.
std::optional<unsigned> slotsFor(mlir::Value v);

/// Caller side: stores `c` into ctx (memref<K x index>) at its slots.
void storeCapture(mlir::OpBuilder &b, mlir::Location loc, mlir::Value ctx,
                  const Capture &c);

/// Callee side: re-creates `c` from ctx.
mlir::Value loadCapture(mlir::OpBuilder &b, mlir::Location loc, mlir::Value ctx,
                        const Capture &c);

mlir::Value constIndex(mlir::OpBuilder &b, mlir::Location loc, int64_t v);

/// An index holding an address as an !llvm.ptr.
mlir::Value toPointer(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::Value index);

} // namespace sparrow

#endif // SPARROW_PASSES_LOWERING_LOOPCAPTURES_H
