//===- RecognizeActivations.cpp - Activations spelled in primitives -------===//
//
// Exporters write hard-swish as x * Clip(x + 3, 0, 6) / 6, SiLU as
// x * Sigmoid(x) and GELU as 0.5 * x * (1 + Erf(x / sqrt 2)) (or its tanh
// approximation). Each becomes one activation, which fuse-activations then
// moves into the producing conv or Gemm.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace sparrow {
#define GEN_PASS_DEF_RECOGNIZEACTIVATIONS
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
bool near(double a, double b) {
  return std::fabs(a - b) <= 1e-4 * std::fabs(b);
}

/// Matches `op` (single use, no fused activation) of type OpT.
template <typename OpT> OpT single(Value v) {
  auto op = v.getDefiningOp<OpT>();
  return op && op->hasOneUse() && hasNoActivation(op) ? op : OpT();
}

/// clip(x + b, 0, m): returns x and sets b, m.
Value matchShiftedClip(Value v, double &shift, double &max) {
  auto clip = single<ClipOp>(v);
  if (!clip || clip.getMin().convertToDouble() != 0.0)
    return {};
  auto add = single<AddOp>(clip.getInput());
  if (!add)
    return {};
  for (int i = 0; i < 2; ++i)
    if (auto b = getSplatConstant(add->getOperand(1 - i))) {
      shift = *b;
      max = clip.getMax().convertToDouble();
      return add->getOperand(i);
    }
  return {};
}

/// `y + 1` or `1 + y` where y is produced by `fn`: returns y.
Value matchPlusOne(Value v) {
  auto add = single<AddOp>(v);
  if (!add)
    return {};
  if (isConstantNear(add.getRhs(), 1.0))
    return add.getLhs();
  if (isConstantNear(add.getLhs(), 1.0))
    return add.getRhs();
  return {};
}

/// The single non-constant factor of `v` when its constant factor is
/// `scale` (approximately), else null.
Value scaledBy(Value v, double scale) {
  double s;
  SmallVector<Value> f = productFactors(v, s);
  return f.size() == 1 && near(s, scale) ? f[0] : Value();
}

struct Recognize : RewritePattern {
  Recognize(MLIRContext *ctx, bool report)
      : RewritePattern(MatchAnyOpTypeTag(), 1, ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (auto min = dyn_cast<MinOp>(op))
      return relu6(min, rewriter);
    if (!isa<MulOp, DivOp>(op) || !hasNoActivation(op))
      return failure();
    double scale;
    SmallVector<Value> f = productFactors(op->getResult(0), scale);
    Type type = op->getResult(0).getType();
    auto replace = [&](Value x, ActivationAttr act) -> LogicalResult {
      if (x.getType() != type)
        return failure();
      reportFusion(op, stringifyActivationKind(act.getKind()), report);
      rewriter.replaceOpWithNewOp<ActivateOp>(op, x, act);
      return success();
    };
    MLIRContext *ctx = op->getContext();
    double shift, max;
    // clip(x + b, 0, m) * s with m * s = 1: a hard sigmoid.
    if (f.size() == 1)
      if (Value x = matchShiftedClip(f[0], shift, max);
          x && near(max * scale, 1.0))
        return replace(x, ActivationAttr::get(ctx, ActivationKind::hard_sigmoid,
                                              scale, shift * scale));
    if (f.size() != 2)
      return failure();
    for (int i = 0; i < 2; ++i) {
      Value x = f[i], g = f[1 - i];
      // x * clip(x + 3, 0, 6) / 6, x * hard_sigmoid(x)
      if (matchShiftedClip(g, shift, max) == x && near(max * scale, 1.0) &&
          near(shift * scale, 0.5) && near(scale, 1.0 / 6.0))
        return replace(x, ActivationAttr::get(ctx, ActivationKind::hard_swish));
      if (auto act = single<ActivateOp>(g);
          act && act.getInput() == x && near(scale, 1.0) &&
          act.getActivation().getKind() == ActivationKind::hard_sigmoid &&
          near(act.getActivation().getP0().convertToDouble(), 1.0 / 6.0) &&
          near(act.getActivation().getP1().convertToDouble(), 0.5))
        return replace(x, ActivationAttr::get(ctx, ActivationKind::hard_swish));
      if (auto hs = single<HardSigmoidOp>(g);
          hs && hs.getInput() == x && near(scale, 1.0) &&
          near(hs.getAlpha().convertToDouble(), 1.0 / 6.0) &&
          near(hs.getBeta().convertToDouble(), 0.5))
        return replace(x, ActivationAttr::get(ctx, ActivationKind::hard_swish));
      // x * sigmoid(x)
      if (auto sig = single<SigmoidOp>(g);
          sig && sig.getInput() == x && near(scale, 1.0))
        return replace(x, ActivationAttr::get(ctx, ActivationKind::silu));
      if (!near(scale, 0.5))
        continue;
      Value core = matchPlusOne(g);
      auto fn = core ? single<UnaryFnOp>(core) : UnaryFnOp();
      if (!fn)
        continue;
      // 0.5 * x * (1 + erf(x / sqrt 2))
      if (fn.getKind() == UnaryKind::erf &&
          scaledBy(fn.getInput(), M_SQRT1_2) == x)
        return replace(x, ActivationAttr::get(ctx, ActivationKind::gelu));
      // 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
      if (fn.getKind() == UnaryKind::tanh)
        if (Value inner = scaledBy(fn.getInput(), std::sqrt(2.0 / M_PI));
            inner && isCubicTerm(inner, x))
          return replace(x,
                         ActivationAttr::get(ctx, ActivationKind::gelu_tanh));
    }
    return failure();
  }

  /// x + 0.044715 * x^3, the cube as x * x * x or pow(x, 3).
  static bool isCubicTerm(Value v, Value x) {
    auto add = single<AddOp>(v);
    if (!add)
      return false;
    for (int i = 0; i < 2; ++i) {
      if (add->getOperand(i) != x)
        continue;
      double s;
      SmallVector<Value> f = productFactors(add->getOperand(1 - i), s);
      if (!near(s, 0.044715))
        return false;
      if (f.size() == 3 && llvm::all_of(f, [&](Value y) { return y == x; }))
        return true;
      auto pow = f.size() == 1 ? single<PowOp>(f[0]) : PowOp();
      return pow && pow.getLhs() == x && isConstantNear(pow.getRhs(), 3.0);
    }
    return false;
  }

  /// min(max(x, 0), 6): Relu6 spelled with Min and Max.
  LogicalResult relu6(MinOp min, PatternRewriter &rewriter) const {
    std::optional<double> hi = getSplatConstant(min.getRhs());
    auto max = single<MaxOp>(min.getLhs());
    if (!hi || !max || !hasNoActivation(min))
      return failure();
    std::optional<double> lo = getSplatConstant(max.getRhs());
    Value x = max.getLhs();
    if (!lo || *lo > *hi || x.getType() != min.getType())
      return failure();
    reportFusion(min, "relu6", report);
    rewriter.replaceOpWithNewOp<ClipOp>(min, x, rewriter.getF32FloatAttr(*lo),
                                        rewriter.getF32FloatAttr(*hi));
    return success();
  }
};

struct RecognizeActivationsPass
    : sparrow::impl::RecognizeActivationsBase<RecognizeActivationsPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<Recognize>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
