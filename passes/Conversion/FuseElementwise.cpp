//===- FuseElementwise.cpp - Chains of elementwise generics into one loop -===//
//
// Upstream's elementwise fusion (linalg::fuseElementwiseOps), restricted to
// what saves work:
// the producer has one use and the consumer reads it once per iteration of
// an all-parallel loop (a permutation map). Fusing into a reduction or
// through a broadcast would recompute the producer (an erf per
// multiply-add of the matmul that reads a GELU output, say).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "passes/Conversion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

namespace {
bool savesWork(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  auto consumer = dyn_cast<linalg::GenericOp>(operand->getOwner());
  if (!producer || !producer->hasOneUse() || !consumer)
    return false;
  if (consumer.getNumReductionLoops() != 0)
    return false;
  return consumer.getMatchingIndexingMap(operand).isPermutation();
}

/// One producer fused into the consumer per application (as upstream's
/// pattern does, without its splat-constant folding: weights stay globals).
struct FuseProducer : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      if (!linalg::areElementwiseOpsFusable(&operand) || !savesWork(&operand))
        continue;
      Operation *producer = operand.get().getDefiningOp();
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        continue;
      for (auto [old, replacement] : fused->replacements)
        rewriter.replaceAllUsesExcept(old, replacement, fused->fusedOp);
      if (producer->use_empty())
        rewriter.eraseOp(producer);
      if (consumer->use_empty())
        rewriter.eraseOp(consumer);
      return success();
    }
    return failure();
  }
};

struct FuseElementwisePass
    : sparrow::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseProducer>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
