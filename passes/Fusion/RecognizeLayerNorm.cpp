//===- RecognizeLayerNorm.cpp - LayerNormalization spelled in primitives --===//
//
// Exporters before opset 17 write layer norm as
//   d = x - ReduceMean(x);  v = ReduceMean(Pow(d, 2))  (or d * d)
//   y = d / Sqrt(v + eps) * gamma + beta
// over trailing axes; it becomes one sparrow.layer_norm.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Fusion/Passes.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_RECOGNIZELAYERNORM
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
/// A keep-dims mean over the trailing axes from `axis` on; returns its input.
Value trailingMean(Value v, int64_t &axis) {
  auto r = v.getDefiningOp<ReduceOp>();
  if (!r || r.getKind() != ReduceKind::mean || !r.getKeepDims())
    return {};
  ArrayRef<int64_t> axes = r.getAxes();
  int64_t rank = r.getInput().getType().getRank();
  if (axes.empty() || axes.back() != rank - 1)
    return {};
  for (size_t i = 1; i < axes.size(); ++i)
    if (axes[i] != axes[i - 1] + 1)
      return {};
  axis = axes.front();
  return r.getInput();
}

/// A constant with exactly the normalised dims (or broadcastable to them
/// from the left: [D] for [.., D]); returns it reshaped to those dims.
Value affineParam(PatternRewriter &rewriter, Location loc, Value v,
                  ArrayRef<int64_t> dims) {
  auto values = getConstantF32(v);
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!values || !type)
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  while (!shape.empty() && shape.front() == 1 && shape.size() > dims.size())
    shape = shape.drop_front();
  if (shape != dims)
    return {};
  return createF32Constant(rewriter, loc,
                           RankedTensorType::get(dims, rewriter.getF32Type()),
                           *values, "layer_norm_param");
}

struct RecognizeLayerNormPattern : OpRewritePattern<DivOp> {
  RecognizeLayerNormPattern(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(DivOp div,
                                PatternRewriter &rewriter) const override {
    auto sub = div.getLhs().getDefiningOp<SubOp>();
    auto sqrt = div.getRhs().getDefiningOp<UnaryFnOp>();
    if (!sub || !sqrt || sqrt.getKind() != UnaryKind::sqrt ||
        !hasNoActivation(div) || !hasNoActivation(sub))
      return failure();
    int64_t axis, varAxis;
    Value x = sub.getLhs();
    if (trailingMean(sub.getRhs(), axis) != x || x.getType() != div.getType())
      return failure();
    auto addEps = sqrt.getInput().getDefiningOp<AddOp>();
    std::optional<double> eps =
        addEps ? getSplatConstant(addEps.getRhs()) : std::nullopt;
    if (!eps || *eps < 0 || !hasNoActivation(addEps))
      return failure();
    Value sq = trailingMean(addEps.getLhs(), varAxis);
    if (!sq || varAxis != axis)
      return failure();
    Operation *square = sq.getDefiningOp();
    bool isSquare =
        (isa_and_nonnull<PowOp>(square) && square->getOperand(0) == sub &&
         isConstantNear(square->getOperand(1), 2.0)) ||
        (isa_and_nonnull<MulOp>(square) && square->getOperand(0) == sub &&
         square->getOperand(1) == sub);
    if (!isSquare || !hasNoActivation(square))
      return failure();

    // Fold a following constant scale and shift.
    Operation *root = div;
    ArrayRef<int64_t> dims = div.getType().getShape().drop_front(axis);
    Location loc = div.getLoc();
    rewriter.setInsertionPoint(div);
    Value gamma, beta;
    auto takeParam = [&](auto opType, Value &param) {
      using OpT = decltype(opType);
      if (!root->hasOneUse())
        return;
      auto next = dyn_cast<OpT>(*root->getUsers().begin());
      if (!next || !hasNoActivation(next))
        return;
      Value other = next->getOperand(next->getOperand(0) == root->getResult(0));
      if (next.getType() != div.getType())
        return;
      if (Value p = affineParam(rewriter, loc, other, dims)) {
        param = p;
        root = next;
      }
    };
    takeParam(MulOp(), gamma);
    if (gamma)
      takeParam(AddOp(), beta);
    if (!gamma)
      gamma = createF32Constant(
          rewriter, loc, RankedTensorType::get(dims, rewriter.getF32Type()),
          SmallVector<float>(RankedTensorType::get(dims, rewriter.getF32Type())
                                 .getNumElements(),
                             1.f),
          "layer_norm_scale");
    reportFusion(root, "layer_norm", report);
    rewriter.setInsertionPoint(root);
    rewriter.replaceOpWithNewOp<LayerNormOp>(
        root, div.getType(), x, gamma, beta, rewriter.getI64IntegerAttr(axis),
        rewriter.getF32FloatAttr(*eps));
    return success();
  }
};

struct RecognizeLayerNormPass
    : sparrow::impl::RecognizeLayerNormBase<RecognizeLayerNormPass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeLayerNormPattern>(&getContext(), report);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
