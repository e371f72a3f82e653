//===- PackedWeights.h - Weights in the order kernels read them -*- C++ -*-===//

#ifndef SPARROW_PASSES_KERNELS_PACKEDWEIGHTS_H
#define SPARROW_PASSES_KERNELS_PACKEDWEIGHTS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace sparrow {

/// W [F x C] (`value(o, i)`) in the pointwise kernels' step order
/// [ceil(F / rows)][C / group][rows][group], zero-padded: one load brings a
/// step's weights for a tile of `rows` output channels and `group` input
/// channels (f32: group 1; int8: pairs or quads). C is a multiple of group.
template <typename T>
llvm::SmallVector<T>
packWeightTiles(int64_t f, int64_t c, int64_t rows, int64_t group,
                llvm::function_ref<T(int64_t o, int64_t i)> value) {
  int64_t blocks = (f + rows - 1) / rows;
  llvm::SmallVector<T> packed(blocks * c * rows, T(0));
  for (int64_t o = 0; o < f; ++o)
    for (int64_t i = 0; i < c; ++i)
      packed[((o / rows) * (c / group) + i / group) * rows * group +
             (o % rows) * group + i % group] = value(o, i);
  return packed;
}

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_PACKEDWEIGHTS_H
