//===- ChannelPermutation.h - Ordering channels for group sparsity -*- C++ -*-//
//
// Chooses the order of a set of output channels so that blocks of G
// consecutive channels x 1 input channel keep as much L2 norm as possible
// when the smallest blocks are pruned to a target sparsity: channels with
// similar input-channel importance profiles are clustered into the same
// block, then pairs are swapped while that helps.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_SPARSITY_CHANNELPERMUTATION_H
#define SPARROW_PASSES_SPARSITY_CHANNELPERMUTATION_H

#include "dialects/Sparrow/SparsityPatterns.h"

namespace sparrow {

/// Squared norms of one producer's weights per (output, input) channel pair.
struct RowNorms {
  int64_t rows = 0, cols = 0;
  std::vector<double> data; ///< rows x cols
  double at(int64_t r, int64_t c) const { return data[r * cols + c]; }
  static RowNorms fromWeights(llvm::ArrayRef<float> values,
                              const WeightLayout &layout);
};

/// Squared L2 norm kept when rows are taken in `order` (position j holds
/// row order[j]), grouped by `groupSize` and the round(sparsity * blocks)
/// smallest blocks are pruned, exactly as sparrow-sparsify prunes.
double keptSquaredNorm(const RowNorms &norms, llvm::ArrayRef<int64_t> order,
                       int64_t groupSize, double sparsity);

struct PermutationSearch {
  int64_t groupSize = 4;
  double sparsity = 0.5;
  unsigned sweeps = 8;
  unsigned seed = 0;

  /// The best order found for channels shared by `producers` (all with the
  /// same row count); the identity when nothing beats it.
  std::vector<int64_t> run(llvm::ArrayRef<RowNorms> producers) const;
};

} // namespace sparrow

#endif // SPARROW_PASSES_SPARSITY_CHANNELPERMUTATION_H
