//===- LowerElementwise.cpp - Elementwise sparrow ops to linalg.generic ---===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
template <typename SrcOp, typename ArithOp>
struct LowerBinary : OpConversionPattern<SrcOp> {
  using OpConversionPattern<SrcOp>::OpConversionPattern;
  using OpAdaptor = typename SrcOp::Adaptor;

  LogicalResult
  matchAndRewrite(SrcOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    auto shapeOf = [](Value v) {
      return cast<RankedTensorType>(v.getType()).getShape();
    };
    MLIRContext *ctx = op.getContext();
    ActivationAttr act = op.getActivationAttr();
    Value result =
        buildGeneric(rewriter, loc, emptyTensor(rewriter, loc, out),
                     ValueRange{adaptor.getLhs(), adaptor.getRhs()},
                     {broadcastMap(shapeOf(adaptor.getLhs()), out, ctx),
                      broadcastMap(shapeOf(adaptor.getRhs()), out, ctx),
                      rewriter.getMultiDimIdentityMap(out.size())},
                     SmallVector<IT>(out.size(), IT::parallel),
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       Value v = ArithOp::create(b, l, args[0], args[1]);
                       return act ? applyActivation(b, l, v, act) : v;
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Unary ops are their activation applied to every element.
template <typename SrcOp> struct LowerUnary : OpConversionPattern<SrcOp> {
  using OpConversionPattern<SrcOp>::OpConversionPattern;
  using OpAdaptor = typename SrcOp::Adaptor;

  static ActivationAttr activationOf(SrcOp op) {
    MLIRContext *ctx = op.getContext();
    if constexpr (std::is_same_v<SrcOp, ReluOp>)
      return ActivationAttr::get(ctx, ActivationKind::relu);
    if constexpr (std::is_same_v<SrcOp, SigmoidOp>)
      return ActivationAttr::get(ctx, ActivationKind::sigmoid);
    if constexpr (std::is_same_v<SrcOp, HardSwishOp>)
      return ActivationAttr::get(ctx, ActivationKind::hard_swish);
    if constexpr (std::is_same_v<SrcOp, ClipOp>)
      return ActivationAttr::get(ctx, ActivationKind::clip,
                                 op.getMin().convertToDouble(),
                                 op.getMax().convertToDouble());
    if constexpr (std::is_same_v<SrcOp, HardSigmoidOp>)
      return ActivationAttr::get(ctx, ActivationKind::hard_sigmoid,
                                 op.getAlpha().convertToDouble(),
                                 op.getBeta().convertToDouble());
    return {};
  }

  LogicalResult
  matchAndRewrite(SrcOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, applyActivationTensor(rewriter, op.getLoc(),
                                                 adaptor.getInput(),
                                                 activationOf(op)));
    return success();
  }
};

struct LowerBatchNorm : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getOutput().getType().getShape();
    unsigned rank = shape.size();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap chan = AffineMap::get(rank, 0, rewriter.getAffineDimExpr(1));
    float eps = op.getEpsilon().convertToFloat();
    Value result = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, shape),
        ValueRange{adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
                   adaptor.getMean(), adaptor.getVariance()},
        {id, chan, chan, chan, chan, id}, SmallVector<IT>(rank, IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value var = arith::AddFOp::create(b, l, a[4], f32Const(b, l, eps));
          Value inv = arith::DivFOp::create(b, l, a[1],
                                            math::SqrtOp::create(b, l, var));
          Value centred = arith::SubFOp::create(b, l, a[0], a[3]);
          Value scaled = arith::MulFOp::create(b, l, centred, inv);
          return arith::AddFOp::create(b, l, scaled, a[2]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// max, exp(x - max), sum, divide: four generics along `axis`.
struct LowerSoftmax : OpConversionPattern<SoftmaxOp> {
  LowerSoftmax(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}
  KernelConfig config;

  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getOutput().getType().getShape();
    unsigned rank = shape.size(), axis = op.getAxis();
    // Along the last axis: rows of SIMD vectors.
    if (config.width > 0 && axis + 1 == rank &&
        op.getOutput().getType().getElementType().isF32()) {
      int64_t n = shape.back(),
              rows = op.getOutput().getType().getNumElements() / n;
      Value x = reshapeTensor(rewriter, loc, adaptor.getInput(), {rows, n});
      rewriter.replaceOp(
          op, reshapeTensor(rewriter, loc,
                            emitRowSoftmax(rewriter, loc, x, config), shape));
      return success();
    }
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = id.dropResult(axis);
    SmallVector<int64_t> redShape(shape);
    redShape.erase(redShape.begin() + axis);
    SmallVector<IT> par(rank, IT::parallel), red(par);
    red[axis] = IT::reduction;
    float lowest = -std::numeric_limits<float>::infinity();

    Value x = adaptor.getInput();
    Value max = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, redShape, lowest), x,
        {id, reduced}, red, [](OpBuilder &b, Location l, ValueRange a) {
          return arith::MaximumFOp::create(b, l, a[0], a[1]).getResult();
        });
    Value exps = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, shape), ValueRange{x, max},
        {id, reduced, id}, par, [](OpBuilder &b, Location l, ValueRange a) {
          Value d = arith::SubFOp::create(b, l, a[0], a[1]);
          return math::ExpOp::create(b, l, d).getResult();
        });
    Value sum = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, redShape, 0.0), exps,
        {id, reduced}, red, [](OpBuilder &b, Location l, ValueRange a) {
          return arith::AddFOp::create(b, l, a[0], a[1]).getResult();
        });
    Value result = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, shape), ValueRange{exps, sum},
        {id, reduced, id}, par, [](OpBuilder &b, Location l, ValueRange a) {
          return arith::DivFOp::create(b, l, a[0], a[1]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void sparrow::populateElementwiseLoweringPatterns(RewritePatternSet &patterns,
                                                  const KernelConfig &config) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<LowerBinary<AddOp, arith::AddFOp>, LowerBinary<SubOp, arith::SubFOp>,
           LowerBinary<MulOp, arith::MulFOp>,
           LowerBinary<DivOp, arith::DivFOp>>(ctx);
  patterns
      .add<LowerUnary<ReluOp>, LowerUnary<SigmoidOp>, LowerUnary<HardSwishOp>,
           LowerUnary<ClipOp>, LowerUnary<HardSigmoidOp>>(ctx);
  patterns.add<LowerBatchNorm>(ctx);
  patterns.add<LowerSoftmax>(ctx, config);
}
