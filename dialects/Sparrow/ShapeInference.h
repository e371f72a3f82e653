//===- ShapeInference.h - Shape arithmetic of the sparrow ops ---*- C++ -*-===//
//
// Pure functions shared by the op verifiers, the importer and the lowering.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DIALECT_SHAPEINFERENCE_H
#define SPARROW_DIALECT_SHAPEINFERENCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace sparrow {

/// Numpy broadcasting of two static shapes; nullopt when incompatible.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> a, llvm::ArrayRef<int64_t> b);

/// Output extent of a sliding window along one dim (conv or pool).
/// Returns a value < 1 when the window does not fit.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padBefore, int64_t padAfter,
                         int64_t dilation, bool ceilMode);

} // namespace sparrow

#endif // SPARROW_DIALECT_SHAPEINFERENCE_H
