//===- FuseActivations.cpp - Fold activation ops into their producer ------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_FUSEACTIVATIONS
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

/// The activation an op computes, when it is one of the fusable kinds.
static ActivationAttr asActivation(Operation *op) {
  MLIRContext *ctx = op->getContext();
  if (isa<ReluOp>(op))
    return ActivationAttr::get(ctx, ActivationKind::relu);
  if (isa<SigmoidOp>(op))
    return ActivationAttr::get(ctx, ActivationKind::sigmoid);
  if (isa<HardSwishOp>(op))
    return ActivationAttr::get(ctx, ActivationKind::hard_swish);
  if (auto clip = dyn_cast<ClipOp>(op))
    return ActivationAttr::get(ctx, ActivationKind::clip,
                               clip.getMin().convertToDouble(),
                               clip.getMax().convertToDouble());
  if (auto act = dyn_cast<ActivateOp>(op))
    return act.getActivation();
  if (auto hs = dyn_cast<HardSigmoidOp>(op))
    return ActivationAttr::get(ctx, ActivationKind::hard_sigmoid,
                               hs.getAlpha().convertToDouble(),
                               hs.getBeta().convertToDouble());
  return {};
}

namespace {
struct FuseIntoProducer : RewritePattern {
  FuseIntoProducer(MLIRContext *ctx, bool report)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        report(report) {}
  bool report;

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    ActivationAttr act = asActivation(op);
    if (!act)
      return failure();
    Operation *producer = op->getOperand(0).getDefiningOp();
    if (!producer || !producer->hasOneUse() ||
        !isa<Conv2DOp, GemmOp, AddOp, SubOp, MulOp, DivOp>(producer) ||
        producer->hasAttr("activation"))
      return rewriter.notifyMatchFailure(op, "no fusable producer");
    // The producer's result type is the activation's: elementwise ops keep
    // shapes, so replacing the activation by the producer is type-correct.
    reportFusion(op,
                 (stringifyActivationKind(act.getKind()) + "_into_" +
                  producer->getName().stripDialect())
                     .str(),
                 report);
    rewriter.modifyOpInPlace(producer,
                             [&] { producer->setAttr("activation", act); });
    rewriter.replaceOp(op, producer->getResults());
    return success();
  }
};

struct FuseActivationsPass
    : sparrow::impl::FuseActivationsBase<FuseActivationsPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoProducer>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
