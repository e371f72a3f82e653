//===- ExpandMath.cpp - Polynomial approximations of math functions -------===//

#include "passes/Lowering/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_EXPANDMATH
#include "passes/Lowering/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

namespace {
/// fma(a, b, c) -> a * b + c, for targets that would call fmaf otherwise.
struct SplitFma : OpRewritePattern<math::FmaOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::FmaOp op,
                                PatternRewriter &rewriter) const override {
    Value mul = arith::MulFOp::create(rewriter, op.getLoc(), op.getA(),
                                      op.getB());
    rewriter.replaceOpWithNewOp<arith::AddFOp>(op, mul, op.getC());
    return success();
  }
};

struct ExpandMathPass : sparrow::impl::ExpandMathBase<ExpandMathPass> {
  using ExpandMathBase::ExpandMathBase;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    // Expansions first rewrite e.g. tanh/sinh/powf in terms of exp/log,
    // which the approximations then turn into arith.
    math::populateExpansionPatterns(patterns,
                                    {"tanh", "sinh", "cosh", "powf", "fpowi",
                                     "exp2", "round"});
    auto keep = [](StringRef name) {
      return name != "sqrt" && name != "absf" && name != "floor" &&
             name != "ceil";
    };
    populateMathF32ExpansionPatterns(patterns, keep);
    populateMathPolynomialApproximationPatterns(patterns, keep);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (!expandFma)
      return;
    RewritePatternSet fma(&getContext());
    fma.add<SplitFma>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(fma))))
      signalPassFailure();
  }
};
} // namespace
