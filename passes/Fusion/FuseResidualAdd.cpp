//===- FuseResidualAdd.cpp - Residual Add into the producing conv ---------===//
//
// add(conv(x), r) with the conv's only user the Add becomes conv(x) with
// residual r: the kernel adds r in its epilogue instead of a second pass
// over both tensors. The Add's activation moves to the conv.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_FUSERESIDUALADD
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
struct FuseResidualAddPattern : OpRewritePattern<AddOp> {
  FuseResidualAddPattern(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int i = 0; i < 2; ++i) {
      auto conv = add->getOperand(i).getDefiningOp<Conv2DOp>();
      Value residual = add->getOperand(1 - i);
      if (!conv || !conv->hasOneUse() || conv.getActivation() ||
          conv.getResidual() || conv.getType() != add.getType() ||
          residual.getType() != add.getType())
        continue;
      reportFusion(add, "residual_add_into_conv2d", report);
      rewriter.modifyOpInPlace(conv, [&] {
        conv.getResidualMutable().assign(residual);
        if (ActivationAttr act = add.getActivationAttr())
          conv.setActivationAttr(act);
      });
      // The residual may be defined after the conv: move the conv down.
      if (Operation *def = residual.getDefiningOp();
          def && def->getBlock() == conv->getBlock() &&
          conv->isBeforeInBlock(def))
        rewriter.moveOpBefore(conv, add);
      rewriter.replaceOp(add, conv.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no plain conv operand");
  }
};

struct FuseResidualAddPass
    : sparrow::impl::FuseResidualAddBase<FuseResidualAddPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseResidualAddPattern>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
