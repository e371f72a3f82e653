//===- SparseTiles.cpp - Which input channels a sparse tile steps over ----===//

#include "passes/Kernels/SparseTiles.h"

using namespace llvm;

namespace sparrow {

SmallVector<SmallVector<int64_t>>
keptChannels(int64_t f, int64_t c, int64_t rows,
             function_ref<bool(int64_t o, int64_t i)> isZero) {
  SmallVector<SmallVector<int64_t>> kept(f / rows);
  for (int64_t t = 0; t < f / rows; ++t)
    for (int64_t i = 0; i < c; ++i)
      for (int64_t o = t * rows; o < (t + 1) * rows; ++o)
        if (!isZero(o, i)) {
          kept[t].push_back(i);
          break;
        }
  return kept;
}

std::optional<SparseTilePlan>
planSparseTiles(int64_t f, int64_t c, ArrayRef<int64_t> rowCandidates,
                int64_t channelsPerStep, double minSkipped,
                function_ref<bool(int64_t o, int64_t i)> isZero) {
  std::optional<SparseTilePlan> best;
  auto stepsOf = [&](int64_t channels) {
    return (channels + channelsPerStep - 1) / channelsPerStep;
  };
  for (int64_t rows : rowCandidates) {
    if (rows < 1 || f % rows || (best && best->rows == rows))
      continue;
    SparseTilePlan plan;
    plan.rows = rows;
    plan.kept = keptChannels(f, c, rows, isZero);
    for (const SmallVector<int64_t> &channels : plan.kept)
      plan.steps += stepsOf(channels.size());
    plan.denseSteps = f / rows * stepsOf(c);
    if (plan.steps == 0 ||
        1.0 - double(plan.steps) / double(plan.denseSteps) < minSkipped)
      continue;
    // The work is the tile's multiply-adds: steps x rows.
    if (best && plan.steps * rows >= best->steps * best->rows)
      continue;
    best = std::move(plan);
  }
  return best;
}

} // namespace sparrow
