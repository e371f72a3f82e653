//===- OpHelpers.h - Shared by the op definition files ----------*- C++ -*-===//
//
// Internal to dialects/Sparrow: small helpers the result-type inference of
// several op files shares.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DIALECT_OPHELPERS_H
#define SPARROW_DIALECT_OPHELPERS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"
#include <optional>

namespace sparrow {

mlir::RankedTensorType f32Tensor(mlir::MLIRContext *ctx,
                                 llvm::ArrayRef<int64_t> shape);
llvm::ArrayRef<int64_t> shapeOf(mlir::Value v);

/// Checks kernel dims, strides and dilations (`spatial` of each) and pads
/// [begins..., ends...].
mlir::LogicalResult checkWindowAttrs(std::optional<mlir::Location> loc,
                                     unsigned spatial,
                                     llvm::ArrayRef<int64_t> kernel,
                                     llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> pads,
                                     llvm::ArrayRef<int64_t> dilations);

/// [N, channels, out spatial...] of a sliding window over the dims of `in`
/// after the first two.
mlir::LogicalResult
windowResult(std::optional<mlir::Location> loc, llvm::ArrayRef<int64_t> in,
             int64_t channels, llvm::ArrayRef<int64_t> kernel,
             llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
             llvm::ArrayRef<int64_t> dilations, bool ceilMode,
             llvm::SmallVectorImpl<int64_t> &out);

} // namespace sparrow

#endif // SPARROW_DIALECT_OPHELPERS_H
