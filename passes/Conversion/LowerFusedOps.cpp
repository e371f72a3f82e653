//===- LowerFusedOps.cpp - activate, squeeze_excite, layer_norm -----------===//
//
// The ops the fusion passes create, as linalg.generic nests. Squeeze-excite
// computes its per-channel gate in [N, C] and scales the input by it in the
// same loop that reads the input: the broadcast gate is never stored.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
Value addF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::AddFOp::create(b, l, x, y);
}
Value mulF(OpBuilder &b, Location l, Value x, Value y) {
  return arith::MulFOp::create(b, l, x, y);
}

struct LowerActivate : OpConversionPattern<ActivateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ActivateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, applyActivationTensor(rewriter, op.getLoc(),
                                                 adaptor.getInput(),
                                                 op.getActivation()));
    return success();
  }
};

/// out[n, o] = act(bias[o] + sum_i w[o, i] * in[n, i]), w viewed as [O, I].
Value denseLayer(OpBuilder &b, Location loc, Value in, Value w, Value bias,
                 ActivationAttr act) {
  int64_t n = cast<RankedTensorType>(in.getType()).getDimSize(0);
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t o = wType.getDimSize(0), i = wType.getDimSize(1);
  Value w2 = reshapeTensor(b, loc, w, {o, i});
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned k) { return b.getAffineDimExpr(k); };
  // (n, o, i)
  AffineMap inMap = AffineMap::get(3, 0, {d(0), d(2)}, ctx);
  AffineMap wMap = AffineMap::get(3, 0, {d(1), d(2)}, ctx);
  AffineMap outMap = AffineMap::get(3, 0, {d(0), d(1)}, ctx);
  Value sums = buildGeneric(b, loc, filledTensor(b, loc, {n, o}, 0.0),
                            ValueRange{in, w2}, {inMap, wMap, outMap},
                            {IT::parallel, IT::parallel, IT::reduction},
                            [](OpBuilder &nb, Location l, ValueRange a) {
                              return addF(nb, l, a[2], mulF(nb, l, a[0], a[1]));
                            });
  AffineMap id = b.getMultiDimIdentityMap(2);
  AffineMap chan = AffineMap::get(2, 0, {d(1)}, ctx);
  return buildGeneric(b, loc, emptyTensor(b, loc, {n, o}),
                      ValueRange{sums, bias}, {id, chan, id},
                      {IT::parallel, IT::parallel},
                      [&](OpBuilder &nb, Location l, ValueRange a) {
                        Value v = addF(nb, l, a[0], a[1]);
                        return act ? applyActivation(nb, l, v, act) : v;
                      });
}

struct LowerSqueezeExcite : OpConversionPattern<SqueezeExciteOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SqueezeExciteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    MLIRContext *ctx = op.getContext();
    auto d = [&](unsigned k) { return rewriter.getAffineDimExpr(k); };
    AffineMap id = rewriter.getMultiDimIdentityMap(4);
    AffineMap nc = AffineMap::get(4, 0, {d(0), d(1)}, ctx);
    Value sums = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, {shape[0], shape[1]}, 0.0),
        adaptor.getInput(), {id, nc},
        {IT::parallel, IT::parallel, IT::reduction, IT::reduction},
        [](OpBuilder &b, Location l, ValueRange a) {
          return addF(b, l, a[0], a[1]);
        });
    float inv = 1.0f / static_cast<float>(shape[2] * shape[3]);
    AffineMap id2 = rewriter.getMultiDimIdentityMap(2);
    Value means = buildGeneric(rewriter, loc,
                               emptyTensor(rewriter, loc, {shape[0], shape[1]}),
                               sums, {id2, id2}, {IT::parallel, IT::parallel},
                               [&](OpBuilder &b, Location l, ValueRange a) {
                                 return mulF(b, l, a[0], f32Const(b, l, inv));
                               });
    Value hidden =
        denseLayer(rewriter, loc, means, adaptor.getReduce(),
                   adaptor.getReduceBias(), op.getReduceActivationAttr());
    Value gate = denseLayer(rewriter, loc, hidden, adaptor.getExpand(),
                            adaptor.getExpandBias(), op.getGateActivation());
    Value result =
        buildGeneric(rewriter, loc, emptyTensor(rewriter, loc, shape),
                     ValueRange{adaptor.getInput(), gate}, {id, nc, id},
                     SmallVector<IT>(4, IT::parallel),
                     [](OpBuilder &b, Location l, ValueRange a) {
                       return mulF(b, l, a[0], a[1]);
                     });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Mean, variance (of the centred values, as the recognised graphs compute
/// it) and the normalisation: three generics over [outer, inner].
struct LowerLayerNorm : OpConversionPattern<LayerNormOp> {
  LowerLayerNorm(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}
  KernelConfig config;

  LogicalResult
  matchAndRewrite(LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> shape = op.getInput().getType().getShape();
    int64_t axis = op.getAxis(), outer = 1, inner = 1;
    for (auto [k, dim] : llvm::enumerate(shape))
      (static_cast<int64_t>(k) < axis ? outer : inner) *= dim;
    MLIRContext *ctx = op.getContext();
    auto d = [&](unsigned k) { return rewriter.getAffineDimExpr(k); };
    AffineMap id = rewriter.getMultiDimIdentityMap(2);
    AffineMap row = AffineMap::get(2, 0, {d(0)}, ctx);
    AffineMap col = AffineMap::get(2, 0, {d(1)}, ctx);
    SmallVector<IT> reduce = {IT::parallel, IT::reduction};
    SmallVector<IT> par = {IT::parallel, IT::parallel};
    Value x = reshapeTensor(rewriter, loc, adaptor.getInput(), {outer, inner});
    Value scale = reshapeTensor(rewriter, loc, adaptor.getScale(), {inner});
    Value bias = adaptor.getBias()
                     ? reshapeTensor(rewriter, loc, adaptor.getBias(), {inner})
                     : filledTensor(rewriter, loc, {inner}, 0.0);
    // Rows of SIMD vectors where the target has them.
    if (config.width > 0 && op.getInput().getType().getElementType().isF32()) {
      Value y = emitRowLayerNorm(rewriter, loc, x, scale,
                                 adaptor.getBias() ? bias : Value(),
                                 op.getEpsilon().convertToFloat(), config);
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, y, shape));
      return success();
    }
    float invCount = 1.0f / static_cast<float>(inner);
    auto rowMean = [&](Value t, bool square) {
      Value sum = buildGeneric(
          rewriter, loc, filledTensor(rewriter, loc, {outer}, 0.0), t,
          {id, row}, reduce, [&](OpBuilder &b, Location l, ValueRange a) {
            return addF(b, l, a[1], square ? mulF(b, l, a[0], a[0]) : a[0]);
          });
      return buildGeneric(
          rewriter, loc, emptyTensor(rewriter, loc, {outer}), sum,
          {rewriter.getMultiDimIdentityMap(1),
           rewriter.getMultiDimIdentityMap(1)},
          {IT::parallel}, [&](OpBuilder &b, Location l, ValueRange a) {
            return mulF(b, l, a[0], f32Const(b, l, invCount));
          });
    };
    Value mean = rowMean(x, false);
    Value centred = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, {outer, inner}),
        ValueRange{x, mean}, {id, row, id}, par,
        [](OpBuilder &b, Location l, ValueRange a) {
          return arith::SubFOp::create(b, l, a[0], a[1]).getResult();
        });
    Value var = rowMean(centred, true);
    float eps = op.getEpsilon().convertToFloat();
    Value y = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, {outer, inner}),
        ValueRange{centred, var, scale, bias}, {id, row, col, col, id}, par,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value sd =
              math::SqrtOp::create(b, l, addF(b, l, a[1], f32Const(b, l, eps)));
          Value n = arith::DivFOp::create(b, l, a[0], sd);
          return addF(b, l, mulF(b, l, n, a[2]), a[3]);
        });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, y, shape));
    return success();
  }
};
} // namespace

void sparrow::populateFusedOpLoweringPatterns(RewritePatternSet &patterns,
                                              const KernelConfig &config) {
  patterns.add<LowerActivate, LowerSqueezeExcite>(patterns.getContext());
  patterns.add<LowerLayerNorm>(patterns.getContext(), config);
}
