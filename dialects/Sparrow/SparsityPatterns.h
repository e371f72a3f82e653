//===- SparsityPatterns.h - Weight views and block statistics ---*- C++ -*-===//
//
// Weights of conv2d, gemm and matmul seen as [out channels x in channels x
// window]: the one view that sparsity patterns, pruning and channel
// rearrangement share.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DIALECT_SPARSITYPATTERNS_H
#define SPARROW_DIALECT_SPARSITYPATTERNS_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/IR/Operation.h"

#include <optional>

namespace sparrow {

/// Where an op's weight lives and how its elements map to (out, in, window).
struct WeightLayout {
  unsigned operand = 0;    ///< which operand holds the weight
  int64_t outChannels = 0; ///< F (conv) or N (gemm/matmul)
  int64_t inChannels = 0;  ///< C / groups (conv) or K (gemm/matmul)
  int64_t window = 1;      ///< kh * kw for convs, 1 otherwise
  bool outMajor = true;    ///< element (o, i, w) at (o * in + i) * window + w
  bool isKxK = false;      ///< a conv with a window larger than 1x1

  int64_t index(int64_t o, int64_t i, int64_t w) const {
    return outMajor ? (o * inChannels + i) * window + w
                    : (i * outChannels + o) * window + w;
  }
};

/// The weight view of conv2d, gemm (B) and matmul (2-D rhs); nullopt for
/// other ops.
std::optional<WeightLayout> getWeightLayout(mlir::Operation *op);

/// Fraction of exactly-zero values.
double measureSparsity(llvm::ArrayRef<float> values);

/// Squared L2 norm of every block of `groupSize` consecutive output
/// channels x 1 input channel x window, as [outChannels / G][inChannels].
llvm::SmallVector<double> blockSquaredNorms(llvm::ArrayRef<float> values,
                                            const WeightLayout &layout,
                                            int64_t groupSize);

/// Fraction of weights that lie in all-zero blocks of the pattern: the work
/// a kernel specialised to the pattern skips. Zeros inside kept blocks do
/// not count.
double blockSparsity(llvm::ArrayRef<float> values, const WeightLayout &layout,
                     SparsityKind kind, int64_t groupSize);

/// Blocks pruned out of `blocks` at `sparsity` (rounded down, so a layer is
/// never emptied by rounding).
int64_t prunedBlockCount(double sparsity, int64_t blocks);

/// True when every zero lies in an all-zero block of the pattern.
bool fitsPattern(llvm::ArrayRef<float> values, const WeightLayout &layout,
                 SparsityKind kind, int64_t groupSize);

/// Checks `attr` against the op's constant weights; emits on `op`.
mlir::LogicalResult verifySparsityAttr(mlir::Operation *op, SparsityAttr attr);

} // namespace sparrow

#endif // SPARROW_DIALECT_SPARSITYPATTERNS_H
