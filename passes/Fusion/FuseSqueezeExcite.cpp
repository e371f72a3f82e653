//===- FuseSqueezeExcite.cpp - GAP -> 1x1 -> 1x1 -> gate -> Mul as one op -===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_FUSESQUEEZEEXCITE
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
/// A 1x1, stride-1, unpadded, ungrouped conv with constant weights and a
/// single use, applied to a [N, C, 1, 1] tensor.
Conv2DOp pointwiseOnPooled(Value v) {
  auto conv = v.getDefiningOp<Conv2DOp>();
  if (!conv || !conv->hasOneUse() || conv.getGroups() != 1 ||
      conv.getResidual() || !getConstantF32(conv.getFilter()))
    return {};
  ArrayRef<int64_t> w = conv.getFilter().getType().getShape();
  ArrayRef<int64_t> out = conv.getOutput().getType().getShape();
  if (w[2] != 1 || w[3] != 1 || out.size() != 4 || out[2] != 1 || out[3] != 1)
    return {};
  if (llvm::any_of(conv.getStrides(), [](int64_t s) { return s != 1; }) ||
      llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; }))
    return {};
  return conv;
}

/// The conv's bias, or a zero constant of its output channels.
Value biasOrZero(PatternRewriter &rewriter, Conv2DOp conv) {
  if (Value b = conv.getBias())
    return b;
  int64_t c = conv.getFilter().getType().getDimSize(0);
  auto type = RankedTensorType::get({c}, rewriter.getF32Type());
  return createF32Constant(rewriter, conv.getLoc(), type,
                           SmallVector<float>(c, 0.f), "se_bias");
}

struct FuseSqueezeExcitePattern : OpRewritePattern<MulOp> {
  FuseSqueezeExcitePattern(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    if (!hasNoActivation(mul))
      return failure();
    for (int i = 0; i < 2; ++i) {
      Value x = mul->getOperand(i);
      Conv2DOp expand = pointwiseOnPooled(mul->getOperand(1 - i));
      if (!expand || !expand.getActivation() || x.getType() != mul.getType())
        continue;
      Conv2DOp reduce = pointwiseOnPooled(expand.getInput());
      auto pool = reduce
                      ? reduce.getInput().getDefiningOp<GlobalAveragePoolOp>()
                      : GlobalAveragePoolOp();
      if (!pool || !pool->hasOneUse() || pool.getInput() != x)
        continue;
      if (cast<RankedTensorType>(x.getType()).getRank() != 4)
        continue;
      reportFusion(mul, "squeeze_excite", report);
      rewriter.setInsertionPoint(mul);
      Value b1 = biasOrZero(rewriter, reduce),
            b2 = biasOrZero(rewriter, expand);
      rewriter.replaceOpWithNewOp<SqueezeExciteOp>(
          mul, mul.getType(), x, reduce.getFilter(), b1, expand.getFilter(), b2,
          reduce.getActivationAttr(), expand.getActivationAttr());
      return success();
    }
    return rewriter.notifyMatchFailure(mul, "not a squeeze-excite product");
  }
};

struct FuseSqueezeExcitePass
    : sparrow::impl::FuseSqueezeExciteBase<FuseSqueezeExcitePass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseSqueezeExcitePattern>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
