//===- WeightOps.h - The weight-bearing ops of a function -------*- C++ -*-===//

#ifndef SPARROW_PASSES_SPARSITY_WEIGHTOPS_H
#define SPARROW_PASSES_SPARSITY_WEIGHTOPS_H

#include "dialects/Sparrow/SparsityPatterns.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace sparrow {

/// A conv2d/gemm/matmul whose weight operand is a constant.
struct WeightOp {
  mlir::Operation *op = nullptr;
  WeightLayout layout;
  llvm::SmallVector<float> values;
  std::string name; ///< the ONNX node name (from the NameLoc), or ""
  bool depthwise = false;
};

/// Weight-bearing ops with constant weights, in program order.
llvm::SmallVector<WeightOp> collectWeightOps(mlir::func::FuncOp func);

/// The node name carried by `op`'s location, or "".
std::string layerName(mlir::Operation *op);

/// Replaces operand `operand` of `op` by a new constant holding `values`.
void replaceWeights(mlir::Operation *op, unsigned operand,
                    llvm::ArrayRef<float> values);

/// Parses "4x1" / "kernel" / "dense".
mlir::FailureOr<std::pair<SparsityKind, int64_t>>
parsePatternName(llvm::StringRef name);

} // namespace sparrow

#endif // SPARROW_PASSES_SPARSITY_WEIGHTOPS_H
