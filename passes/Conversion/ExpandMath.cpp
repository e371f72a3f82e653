//===- ExpandMath.cpp - Polynomial approximations of math functions -------===//

#include "passes/Conversion/Passes.h"
#include "passes/Kernels/KernelConfig.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_EXPANDMATH
#include "passes/Conversion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

namespace {
/// fma(a, b, c) -> a * b + c, for targets that would call fmaf otherwise.
/// With `contract` the pair may fuse again where the target has an
/// instruction free to (wasm relaxed SIMD's relaxed_madd).
struct SplitFma : OpRewritePattern<math::FmaOp> {
  SplitFma(MLIRContext *ctx, bool contract)
      : OpRewritePattern(ctx), contract(contract) {}
  LogicalResult matchAndRewrite(math::FmaOp op,
                                PatternRewriter &rewriter) const override {
    auto flags =
        contract ? arith::FastMathFlags::contract : arith::FastMathFlags::none;
    Value mul = arith::MulFOp::create(rewriter, op.getLoc(), op.getA(),
                                      op.getB(), flags);
    rewriter.replaceOpWithNewOp<arith::AddFOp>(op, mul, op.getC(), flags);
    return success();
  }
  bool contract;
};

struct ExpandMathPass : sparrow::impl::ExpandMathBase<ExpandMathPass> {
  using ExpandMathBase::ExpandMathBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Expansions first rewrite e.g. tanh/sinh/powf in terms of exp/log,
    // which the approximations then turn into arith.
    math::populateExpansionPatterns(
        patterns, {"tanh", "sinh", "cosh", "powf", "fpowi", "exp2", "round"});
    auto keep = [](StringRef name) {
      return name != "sqrt" && name != "absf" && name != "floor" &&
             name != "ceil";
    };
    populateMathF32ExpansionPatterns(patterns, keep);
    populateMathPolynomialApproximationPatterns(patterns, keep);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // The target decides unless the options say.
    sparrow::KernelConfig config =
        sparrow::KernelConfig::get(sparrow::TargetAttr::lookup(getOperation()),
                                   Float32Type::get(&getContext()));
    bool split = expandFma.hasValue() ? bool(expandFma) : !config.fma;
    bool contractible = contract.hasValue() ? bool(contract) : config.contract;
    if (!split)
      return;
    RewritePatternSet fma(&getContext());
    fma.add<SplitFma>(&getContext(), contractible);
    if (failed(applyPatternsGreedily(getOperation(), std::move(fma))))
      signalPassFailure();
  }
};
} // namespace
