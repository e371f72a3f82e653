//===- SimplifyLayout.cpp - Pads into convs, transpose pairs cancelled ----===//
//
// Exporters write explicit Pad nodes before convs (TF-style SAME padding)
// and Transpose pairs around layout-agnostic ops; both cost a full copy of
// the tensor at run time and nothing at compile time.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_SIMPLIFYLAYOUT
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
/// conv2d(pad(x)) with zero constant padding of H and W only.
struct FoldPadIntoConv : OpRewritePattern<Conv2DOp> {
  FoldPadIntoConv(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    auto pad = conv.getInput().getDefiningOp<PadOp>();
    if (!pad || pad.getMode() != PadMode::constant ||
        !pad.getValue().isZero() || !pad->hasOneUse())
      return failure();
    ArrayRef<int64_t> p = pad.getPads(); // [b0 b1 b2 b3 e0 e1 e2 e3]
    if (p.size() != 8 || p[0] || p[1] || p[4] || p[5])
      return rewriter.notifyMatchFailure(conv, "pads batch or channels");
    ArrayRef<int64_t> cp = conv.getPads(); // [top left bottom right]
    SmallVector<int64_t> pads = {cp[0] + p[2], cp[1] + p[3], cp[2] + p[6],
                                 cp[3] + p[7]};
    reportFusion(conv, "pad_into_conv", report);
    rewriter.modifyOpInPlace(conv, [&] {
      conv.setPads(pads);
      conv.getInputMutable().assign(pad.getInput());
    });
    rewriter.eraseOp(pad);
    return success();
  }
};

/// transpose(transpose(x, p), q) -> transpose(x, p o q), or x.
struct CancelTransposePair : OpRewritePattern<TransposeOp> {
  CancelTransposePair(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(TransposeOp outer,
                                PatternRewriter &rewriter) const override {
    auto inner = outer.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    ArrayRef<int64_t> p = inner.getPerm(), q = outer.getPerm();
    // Result dim i is inner dim q[i], which is input dim p[q[i]].
    SmallVector<int64_t> perm;
    for (int64_t i : q)
      perm.push_back(p[i]);
    reportFusion(outer, "transpose_pair", report);
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()))) {
      rewriter.replaceOp(outer, inner.getInput());
      return success();
    }
    rewriter.replaceOpWithNewOp<TransposeOp>(outer, outer.getType(),
                                             inner.getInput(), perm);
    return success();
  }
};

struct SimplifyLayoutPass
    : sparrow::impl::SimplifyLayoutBase<SimplifyLayoutPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldPadIntoConv, CancelTransposePair>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
