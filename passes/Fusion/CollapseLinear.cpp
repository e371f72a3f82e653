//===- CollapseLinear.cpp - Linear chains and parallel branches as one conv //
//
// Training needs over-parameterised linear structure that inference does not:
// a kxk conv followed by a 1x1 conv with nothing non-linear between them is
// one kxk conv (SESR's collapsible linear blocks), and kxk, 1x1 and identity
// branches of one input summed by Add are one kxk conv (RepVGG). Both
// rewrites are exact up to float rounding of the combined weights.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace sparrow {
#define GEN_PASS_DEF_COLLAPSELINEAR
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
bool allEqual(ArrayRef<int64_t> v, int64_t x) {
  return llvm::all_of(v, [&](int64_t e) { return e == x; });
}

/// The conv's bias values, zeros when it has none; nullopt if not constant.
std::optional<SmallVector<float>> biasValues(Conv2DOp conv) {
  int64_t c = conv.getFilter().getType().getDimSize(0);
  if (!conv.getBias())
    return SmallVector<float>(c, 0.f);
  return getConstantF32(conv.getBias());
}

/// A conv whose weights and bias are constants and whose groups are 1.
bool isPlainLinearConv(Conv2DOp conv) {
  return conv && conv.getGroups() == 1 && !conv.getSparsityAttr() &&
         !conv.getResidual() && getConstantF32(conv.getFilter()) &&
         biasValues(conv);
}

Conv2DOp makeConv(PatternRewriter &rewriter, Location loc, Value input,
                  ArrayRef<int64_t> filterShape, ArrayRef<float> filter,
                  ArrayRef<float> bias, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                  ActivationAttr act, StringRef hint) {
  Type f32 = rewriter.getF32Type();
  Value w =
      createF32Constant(rewriter, loc, RankedTensorType::get(filterShape, f32),
                        filter, hint.str() + "_filter");
  Value b = createF32Constant(rewriter, loc,
                              RankedTensorType::get({filterShape[0]}, f32),
                              bias, hint.str() + "_bias");
  return Conv2DOp::create(rewriter, loc, input, w, b, /*residual=*/Value(),
                          rewriter.getDenseI64ArrayAttr(strides),
                          rewriter.getDenseI64ArrayAttr(pads),
                          rewriter.getDenseI64ArrayAttr(dilations),
                          rewriter.getI64IntegerAttr(1), act,
                          /*sparsity=*/nullptr);
}

/// conv1x1(convKxK(x)) -> convKxK(x) when it needs fewer multiply-adds.
struct CollapseConvChain : OpRewritePattern<Conv2DOp> {
  CollapseConvChain(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(Conv2DOp second,
                                PatternRewriter &rewriter) const override {
    auto first = second.getInput().getDefiningOp<Conv2DOp>();
    ArrayRef<int64_t> w2s = second.getFilter().getType().getShape();
    if (!isPlainLinearConv(second) || !isPlainLinearConv(first) ||
        first.getActivation() || !first->hasOneUse() || w2s[2] != 1 ||
        w2s[3] != 1 || !allEqual(second.getStrides(), 1) ||
        !allEqual(second.getPads(), 0))
      return failure();
    ArrayRef<int64_t> w1s = first.getFilter().getType().getShape();
    int64_t c2 = w2s[0], c1 = w2s[1], c0 = w1s[1], k = w1s[2] * w1s[3];
    if (c2 * c0 * k >= c1 * c0 * k + c2 * c1)
      return rewriter.notifyMatchFailure(second, "collapsing costs more");
    SmallVector<float> w1 = *getConstantF32(first.getFilter());
    SmallVector<float> w2 = *getConstantF32(second.getFilter());
    SmallVector<float> b1 = *biasValues(first), b2 = *biasValues(second);
    SmallVector<float> w(c2 * c0 * k, 0.f), b(b2);
    for (int64_t o = 0; o < c2; ++o)
      for (int64_t m = 0; m < c1; ++m) {
        float s = w2[o * c1 + m];
        b[o] += s * b1[m];
        for (int64_t i = 0; i < c0 * k; ++i)
          w[o * c0 * k + i] += s * w1[m * c0 * k + i];
      }
    reportFusion(second, "linear_chain", report);
    rewriter.setInsertionPoint(second);
    Conv2DOp conv = makeConv(rewriter, second.getLoc(), first.getInput(),
                             {c2, c0, w1s[2], w1s[3]}, w, b, first.getStrides(),
                             first.getPads(), first.getDilations(),
                             second.getActivationAttr(), "collapsed");
    rewriter.replaceOp(second, conv.getResult());
    rewriter.eraseOp(first);
    return success();
  }
};

/// The summands of an Add tree (single-use inner Adds, no broadcasting).
void addTerms(Value v, Type type, bool root, SmallVectorImpl<Value> &terms) {
  auto add = v.getDefiningOp<AddOp>();
  if (add && (root || add->hasOneUse()) && hasNoActivation(add) &&
      add.getLhs().getType() == type && add.getRhs().getType() == type) {
    addTerms(add.getLhs(), type, false, terms);
    addTerms(add.getRhs(), type, false, terms);
    return;
  }
  terms.push_back(v);
}

/// Sum of convs (odd kernels, centred padding), BN-scaled and plain copies
/// of one input -> one conv with the largest kernel.
struct MergeParallelBranches : OpRewritePattern<AddOp> {
  MergeParallelBranches(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    if (!hasNoActivation(add))
      return failure();
    SmallVector<Value> terms;
    addTerms(add, add.getType(), true, terms);
    if (terms.size() < 2)
      return failure();
    Value x;
    SmallVector<Conv2DOp> convs;
    SmallVector<BatchNormOp> norms;
    int64_t identities = 0, kh = 1, kw = 1;
    SmallVector<int64_t> strides;
    for (Value t : terms) {
      if (auto conv = t.getDefiningOp<Conv2DOp>();
          conv && conv->hasOneUse() && isPlainLinearConv(conv) &&
          !conv.getActivation() && allEqual(conv.getDilations(), 1)) {
        ArrayRef<int64_t> s = conv.getFilter().getType().getShape();
        ArrayRef<int64_t> p = conv.getPads();
        if (s[2] % 2 == 0 || s[3] % 2 == 0 || p[0] != s[2] / 2 ||
            p[2] != s[2] / 2 || p[1] != s[3] / 2 || p[3] != s[3] / 2)
          return rewriter.notifyMatchFailure(add, "kernel not centred");
        if (!strides.empty() && ArrayRef<int64_t>(strides) != conv.getStrides())
          return rewriter.notifyMatchFailure(add, "strides differ");
        strides.assign(conv.getStrides().begin(), conv.getStrides().end());
        kh = std::max(kh, s[2]);
        kw = std::max(kw, s[3]);
        convs.push_back(conv);
        t = conv.getInput();
      } else if (auto bn = t.getDefiningOp<BatchNormOp>();
                 bn && bn->hasOneUse() && getConstantF32(bn.getScale()) &&
                 getConstantF32(bn.getBias()) && getConstantF32(bn.getMean()) &&
                 getConstantF32(bn.getVariance())) {
        norms.push_back(bn);
        t = bn.getInput();
      } else {
        ++identities;
      }
      if (x && t != x)
        return rewriter.notifyMatchFailure(add, "branches of different inputs");
      x = t;
    }
    if (convs.empty())
      return rewriter.notifyMatchFailure(add, "no conv branch");
    auto xType = cast<RankedTensorType>(x.getType());
    if ((identities || !norms.empty()) &&
        (xType != add.getType() || !allEqual(strides, 1)))
      return rewriter.notifyMatchFailure(add, "identity changes the shape");

    int64_t cout = add.getType().getDimSize(1), cin = xType.getDimSize(1);
    SmallVector<float> w(cout * cin * kh * kw, 0.f), b(cout, 0.f);
    auto at = [&](int64_t o, int64_t i, int64_t r, int64_t c) -> float & {
      return w[((o * cin + i) * kh + r) * kw + c];
    };
    for (Conv2DOp conv : convs) {
      ArrayRef<int64_t> s = conv.getFilter().getType().getShape();
      SmallVector<float> f = *getConstantF32(conv.getFilter());
      SmallVector<float> bias = *biasValues(conv);
      int64_t dr = (kh - s[2]) / 2, dc = (kw - s[3]) / 2;
      for (int64_t o = 0; o < cout; ++o) {
        b[o] += bias[o];
        for (int64_t i = 0; i < cin; ++i)
          for (int64_t r = 0; r < s[2]; ++r)
            for (int64_t c = 0; c < s[3]; ++c)
              at(o, i, r + dr, c + dc) +=
                  f[((o * cin + i) * s[2] + r) * s[3] + c];
      }
    }
    for (int64_t c = 0; c < cout && (identities || !norms.empty()); ++c)
      at(c, c, kh / 2, kw / 2) += identities;
    for (BatchNormOp bn : norms) {
      SmallVector<float> g = *getConstantF32(bn.getScale()),
                         beta = *getConstantF32(bn.getBias()),
                         mean = *getConstantF32(bn.getMean()),
                         var = *getConstantF32(bn.getVariance());
      float eps = bn.getEpsilon().convertToFloat();
      for (int64_t c = 0; c < cout; ++c) {
        float s = g[c] / std::sqrt(var[c] + eps);
        at(c, c, kh / 2, kw / 2) += s;
        b[c] += beta[c] - mean[c] * s;
      }
    }
    reportFusion(add, "parallel_branches", report);
    rewriter.setInsertionPoint(add);
    Conv2DOp conv =
        makeConv(rewriter, add.getLoc(), x, {cout, cin, kh, kw}, w, b, strides,
                 {kh / 2, kw / 2, kh / 2, kw / 2}, {1, 1}, nullptr, "merged");
    rewriter.replaceOp(add, conv.getResult());
    return success();
  }
};

struct CollapseLinearPass
    : sparrow::impl::CollapseLinearBase<CollapseLinearPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<CollapseConvChain, MergeParallelBranches>(&getContext(),
                                                           report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
