//===- Matchers.h - Small pattern-matching helpers for fusion ---*- C++ -*-===//

#ifndef SPARROW_PASSES_FUSION_MATCHERS_H
#define SPARROW_PASSES_FUSION_MATCHERS_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace sparrow {

/// The value of a constant whose elements are all equal (a scalar or a
/// splat), or nullopt.
std::optional<double> getSplatConstant(mlir::Value v);

/// Whether `v` is a constant equal to `expected` within a relative 1e-4
/// (exporters write 1/sqrt(2) or 0.044715 with varying digits).
bool isConstantNear(mlir::Value v, double expected);

/// The factors of a product tree of sparrow.mul ops (one use each, no
/// activation), left to right; `v` itself when it is not such a product.
/// Constants among the factors are multiplied into `scale` (1 when none);
/// divisions by a constant count as a factor 1 / c.
llvm::SmallVector<mlir::Value> productFactors(mlir::Value v, double &scale);

/// Whether `op` has no fused activation attribute.
bool hasNoActivation(mlir::Operation *op);

/// Emits `remark: fused <what>` at `op` when `enabled`, for
/// `sparrow-compile --report`.
void reportFusion(mlir::Operation *op, llvm::StringRef what, bool enabled);

} // namespace sparrow

#endif // SPARROW_PASSES_FUSION_MATCHERS_H
