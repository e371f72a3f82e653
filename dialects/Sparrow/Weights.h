//===- Weights.h - Reading and creating constant weight tensors -*- C++ -*-===//
//
// Weights live in `arith.constant` ops: small ones as `dense<...>`, large
// ones as `dense_resource<...>` blobs so the IR stays printable and the
// bytes are not uniqued in the context.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DIALECT_WEIGHTS_H
#define SPARROW_DIALECT_WEIGHTS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include <optional>

namespace sparrow {

/// Tensors with at least this many elements are stored as resource blobs.
constexpr int64_t kResourceBlobThreshold = 256;

/// The f32 values of a constant tensor (dense or dense_resource), or nullopt
/// when `v` is not produced by such a constant.
std::optional<llvm::SmallVector<float>> getConstantF32(mlir::Value v);

/// Creates an `arith.constant` of `type` holding `values` (row-major).
/// `nameHint` names the resource blob of large tensors.
mlir::Value createF32Constant(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::RankedTensorType type,
                              llvm::ArrayRef<float> values,
                              llvm::StringRef nameHint = "weight");

/// The elements attribute for `values`, dense or resource-backed by size.
mlir::TypedAttr createF32Elements(mlir::RankedTensorType type,
                                     llvm::ArrayRef<float> values,
                                     llvm::StringRef nameHint);

} // namespace sparrow

#endif // SPARROW_DIALECT_WEIGHTS_H
