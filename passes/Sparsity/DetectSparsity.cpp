//===- DetectSparsity.cpp - Find the pattern a layer's zeros fit ----------===//

#include "passes/Sparsity/Passes.h"
#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/SparrowOps.h"

namespace sparrow {
#define GEN_PASS_DEF_DETECTSPARSITY
#include "passes/Sparsity/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
struct DetectSparsityPass
    : sparrow::impl::DetectSparsityBase<DetectSparsityPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    for (WeightOp &w : collectWeightOps(getOperation())) {
      double measured = measureSparsity(w.values);
      if (measured == 0.0)
        continue;
      SparsityAttr found;
      for (int64_t g : {16, 8, 4, 2}) {
        if (fitsPattern(w.values, w.layout, SparsityKind::group, g)) {
          found = SparsityAttr::get(ctx, SparsityKind::group, g, measured);
          break;
        }
      }
      if (!found) {
        SparsityKind kind =
            w.layout.isKxK ? SparsityKind::kernel : SparsityKind::group;
        if (fitsPattern(w.values, w.layout, kind, 1))
          found = SparsityAttr::get(ctx, kind, 1, measured);
      }
      if (found)
        w.op->setAttr("sparsity", found);
      else
        w.op->removeAttr("sparsity");
    }
  }
};
} // namespace
