//===- FoldBatchNorm.cpp - Fold batch_norm into the producing conv --------===//

#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace sparrow {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || conv.getActivation() || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a plain conv2d");
    auto filter = getConstantF32(conv.getFilter());
    auto gamma = getConstantF32(bn.getScale());
    auto beta = getConstantF32(bn.getBias());
    auto mean = getConstantF32(bn.getMean());
    auto var = getConstantF32(bn.getVariance());
    if (!filter || !gamma || !beta || !mean || !var)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    int64_t outChannels = gamma->size();
    SmallVector<float> bias(outChannels, 0.f);
    if (Value b = conv.getBias()) {
      auto values = getConstantF32(b);
      if (!values)
        return rewriter.notifyMatchFailure(bn, "bias is not constant");
      bias = *values;
    }

    float eps = bn.getEpsilon().convertToFloat();
    int64_t perChannel = filter->size() / outChannels;
    for (int64_t f = 0; f < outChannels; ++f) {
      float s = (*gamma)[f] / std::sqrt((*var)[f] + eps);
      for (int64_t i = 0; i < perChannel; ++i)
        (*filter)[f * perChannel + i] *= s;
      bias[f] = (bias[f] - (*mean)[f]) * s + (*beta)[f];
    }

    rewriter.setInsertionPoint(conv);
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    Value newFilter = createF32Constant(rewriter, conv.getLoc(), filterType,
                                        *filter, "conv_bn_filter");
    auto biasType =
        RankedTensorType::get({outChannels}, rewriter.getF32Type());
    Value newBias = createF32Constant(rewriter, conv.getLoc(), biasType, bias,
                                      "conv_bn_bias");
    // The folded conv keeps the conv's node name: layers are named after
    // their weights' owner.
    auto folded = Conv2DOp::create(
        rewriter, conv.getLoc(), conv.getInput(), newFilter, newBias,
        conv.getStridesAttr(), conv.getPadsAttr(), conv.getDilationsAttr(),
        conv.getGroupsAttr(), /*activation=*/nullptr, conv.getSparsityAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct FoldBatchNormPass
    : sparrow::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
