//===- ChannelSets.h - Channel dims whose order must agree ------*- C++ -*-===//
//
// Permuting the output channels of a conv is free as long as every tensor
// those channels flow into (through BN, activations, depthwise convs,
// elementwise ops, pooling, concat segments) is permuted the same way and
// every consumer that mixes channels (a conv, a gemm) permutes its input
// dim to match. This analysis groups the channel dims of a function's
// values into such sets and records every weight that must follow.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_SPARSITY_CHANNELSETS_H
#define SPARROW_PASSES_SPARSITY_CHANNELSETS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/EquivalenceClasses.h"

namespace sparrow {

/// A constant operand whose dim `axis` is indexed by the set's channels.
struct PermutedOperand {
  mlir::Operation *op;
  unsigned operand;
  int64_t axis;
};

struct ChannelSet {
  int64_t channels = 0;
  /// Frozen sets keep their order: they touch a graph input or output, an
  /// op the analysis does not understand, or contradictory constraints.
  bool frozen = false;
  std::string frozenReason;
  /// Ops whose weight rows produce the set's channels (conv, gemm, matmul).
  llvm::SmallVector<mlir::Operation *> producers;
  /// Weights that must follow the permutation: producer rows and biases,
  /// depthwise filters, BN parameters, broadcast constants, consumer
  /// input dims.
  llvm::SmallVector<PermutedOperand> operands;
  /// For a concat output: the sets of its inputs, in order. Its permutation
  /// is the block-diagonal composition of theirs.
  llvm::SmallVector<unsigned> segments;
};

class ChannelSets {
public:
  explicit ChannelSets(mlir::func::FuncOp func);

  llvm::ArrayRef<ChannelSet> sets() const { return finalSets; }

private:
  unsigned spaceOf(mlir::Value v);
  void unite(mlir::Value a, mlir::Value b);
  void freeze(mlir::Value v, llvm::StringRef why);
  void visit(mlir::Operation *op);

  llvm::DenseMap<mlir::Value, unsigned> ids;
  llvm::SmallVector<mlir::Value> values;
  llvm::EquivalenceClasses<unsigned> classes;
  struct Pending {
    unsigned space;
    PermutedOperand operand;
  };
  llvm::SmallVector<Pending> pendingOperands;
  llvm::SmallVector<std::pair<unsigned, mlir::Operation *>> pendingProducers;
  llvm::SmallVector<std::pair<unsigned, std::string>> pendingFrozen;
  llvm::SmallVector<std::pair<unsigned, llvm::SmallVector<unsigned>>>
      pendingConcats;
  llvm::SmallVector<ChannelSet> finalSets;
};

} // namespace sparrow

#endif // SPARROW_PASSES_SPARSITY_CHANNELSETS_H
