//===- FoldBatchNorm.cpp - Fold batch_norm into the producing conv --------===//

#include "passes/Fusion/Matchers.h"
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
  FoldIntoConv(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || conv.getActivation() || conv.getResidual() ||
        !conv->hasOneUse())
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

    reportFusion(bn, "batch_norm_into_conv", report);
    rewriter.setInsertionPoint(conv);
    auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
    Value newFilter = createF32Constant(rewriter, conv.getLoc(), filterType,
                                        *filter, "conv_bn_filter");
    auto biasType = RankedTensorType::get({outChannels}, rewriter.getF32Type());
    Value newBias = createF32Constant(rewriter, conv.getLoc(), biasType, bias,
                                      "conv_bn_bias");
    // The folded conv keeps the conv's node name: layers are named after
    // their weights' owner.
    auto folded = Conv2DOp::create(
        rewriter, conv.getLoc(), conv.getInput(), newFilter, newBias,
        /*residual=*/Value(), conv.getStridesAttr(), conv.getPadsAttr(),
        conv.getDilationsAttr(), conv.getGroupsAttr(), /*activation=*/nullptr,
        conv.getSparsityAttr());
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// batch_norm(gemm(a, B, c)) over the gemm's N columns: scale op(B)'s
/// columns and rewrite the bias as a [N] vector with beta 1.
struct FoldIntoGemm : OpRewritePattern<BatchNormOp> {
  FoldIntoGemm(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || gemm.getActivation() || !gemm->hasOneUse() ||
        gemm.getSparsityAttr())
      return rewriter.notifyMatchFailure(bn, "input is not a plain gemm");
    auto b = getConstantF32(gemm.getB());
    auto gamma = getConstantF32(bn.getScale());
    auto beta = getConstantF32(bn.getBias());
    auto mean = getConstantF32(bn.getMean());
    auto var = getConstantF32(bn.getVariance());
    if (!b || !gamma || !beta || !mean || !var)
      return rewriter.notifyMatchFailure(bn, "weights are not constant");
    auto bType = gemm.getB().getType();
    int64_t n = gemm.getType().getDimSize(1);
    bool transB = gemm.getTransB();
    int64_t k = bType.getDimSize(transB ? 1 : 0);
    // The old bias as a [N] vector: scalar, [N] and [1, N] broadcast so.
    SmallVector<float> bias(n, 0.f);
    if (Value c = gemm.getC()) {
      auto values = getConstantF32(c);
      if (!values || !(values->size() == 1 || (int64_t)values->size() == n))
        return rewriter.notifyMatchFailure(bn, "bias is not a constant row");
      float betaGemm = gemm.getBeta().convertToFloat();
      for (int64_t j = 0; j < n; ++j)
        bias[j] = betaGemm * (*values)[values->size() == 1 ? 0 : j];
    }
    float eps = bn.getEpsilon().convertToFloat();
    for (int64_t j = 0; j < n; ++j) {
      float s = (*gamma)[j] / std::sqrt((*var)[j] + eps);
      for (int64_t i = 0; i < k; ++i)
        (*b)[transB ? j * k + i : i * n + j] *= s;
      bias[j] = (bias[j] - (*mean)[j]) * s + (*beta)[j];
    }
    reportFusion(bn, "batch_norm_into_gemm", report);
    rewriter.setInsertionPoint(gemm);
    Location loc = gemm.getLoc();
    Value newB = createF32Constant(rewriter, loc, bType, *b, "gemm_bn_weight");
    Value newC = createF32Constant(
        rewriter, loc, RankedTensorType::get({n}, rewriter.getF32Type()), bias,
        "gemm_bn_bias");
    auto folded = GemmOp::create(
        rewriter, loc, gemm.getType(), gemm.getA(), newB, newC,
        gemm.getTransAAttr(), gemm.getTransBAttr(), gemm.getAlphaAttr(),
        rewriter.getF32FloatAttr(1.0f), /*activation=*/nullptr,
        /*sparsity=*/nullptr);
    rewriter.replaceOp(bn, folded.getResult());
    rewriter.eraseOp(gemm);
    return success();
  }
};

struct FoldBatchNormPass : sparrow::impl::FoldBatchNormBase<FoldBatchNormPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
