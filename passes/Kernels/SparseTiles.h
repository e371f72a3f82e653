//===- SparseTiles.h - Which input channels a sparse tile steps over -*- C++
//-*-===//
//
// The sparse kernels keep a tile of `rows` output channels in registers and
// step only over the input channels whose weights are not all zero over
// the tile. One planner serves the f32 and int8 kernels (and the kernel
// selection): it picks the tile height and lists the kept channels.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_SPARSETILES_H
#define SPARROW_PASSES_KERNELS_SPARSETILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace sparrow {

struct SparseTilePlan {
  /// Output channels per tile.
  int64_t rows = 0;
  /// Per tile, the input channels with a non-zero weight in it.
  llvm::SmallVector<llvm::SmallVector<int64_t>> kept;
  /// Steps of the sparse kernel and of the dense one over the same tiles.
  int64_t steps = 0, denseSteps = 0;
  /// Share of the dense steps the sparse kernel skips, in percent.
  int64_t skippedPercent() const {
    return (100 * (denseSteps - steps) + denseSteps / 2) / denseSteps;
  }
};

/// The input channels of each tile of a [F][C] weight matrix with a
/// non-zero weight (`isZero(o, i)` says), for each tile height of
/// `rowCandidates` that divides F. A step takes `channelsPerStep` kept
/// channels (f32: 1, int8 pairs: 2). Returns the plan whose steps x rows
/// is least, or nothing when none skips at least `minSkipped` of the
/// dense steps.
std::optional<SparseTilePlan>
planSparseTiles(int64_t f, int64_t c, llvm::ArrayRef<int64_t> rowCandidates,
                int64_t channelsPerStep, double minSkipped,
                llvm::function_ref<bool(int64_t o, int64_t i)> isZero);

/// The kept channels of each tile of `rows` output channels.
llvm::SmallVector<llvm::SmallVector<int64_t>>
keptChannels(int64_t f, int64_t c, int64_t rows,
             llvm::function_ref<bool(int64_t o, int64_t i)> isZero);

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_SPARSETILES_H
