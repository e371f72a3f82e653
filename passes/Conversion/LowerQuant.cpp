//===- LowerQuant.cpp - Quantized ops to linalg on integer storage -------===//
//
// Quantized tensors become tensors of their signless storage type; scales
// and zero points are constants in the loop bodies (per-channel ones small
// tables indexed by the channel). Convolutions and matrix products
// accumulate `(x - x_zp) * (w - w_zp)` in i32 and requantize in f32 with
// round-half-even, as onnxruntime does.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace sparrow {

RankedTensorType storageTensor(Type quantized) {
  auto type = cast<RankedTensorType>(quantized);
  QuantParams p = *getQuantParams(type);
  return RankedTensorType::get(type.getShape(),
                               storageType(type.getContext(), p));
}

Value table(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
            ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

Value table(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
            ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get(shape, b.getI32Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, values));
}

Value i32Const(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
}

/// A stored value widened to i32.
Value widen(OpBuilder &b, Location loc, Value v, const QuantParams &p) {
  if (p.bits == 32)
    return v;
  if (p.isSigned)
    return arith::ExtSIOp::create(b, loc, b.getI32Type(), v);
  return arith::ExtUIOp::create(b, loc, b.getI32Type(), v);
}

Value clampToRange(OpBuilder &b, Location loc, Value v, Value lo, Value hi) {
  Value above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, lo, v);
  v = arith::SelectOp::create(b, loc, above, v, lo);
  Value below = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, v, hi);
  return arith::SelectOp::create(b, loc, below, v, hi);
}

} // namespace sparrow

namespace {

/// clamp(round_half_even(f) + zp, lo, hi) in the storage type of `p`; the
/// bounds default to the storage range.
Value saturate(OpBuilder &b, Location loc, Value f, Value zp,
               const QuantParams &p, std::optional<int64_t> lo = {},
               std::optional<int64_t> hi = {}) {
  Value r = math::RoundEvenOp::create(b, loc, f);
  r = arith::AddFOp::create(b, loc, r, zp);
  r = clampToRange(b, loc, r, f32Const(b, loc, double(lo.value_or(p.min))),
                   f32Const(b, loc, double(hi.value_or(p.max))));
  Value i = arith::FPToSIOp::create(b, loc, b.getI32Type(), r);
  if (p.bits == 32)
    return i;
  return arith::TruncIOp::create(b, loc, b.getIntegerType(p.bits), i);
}

/// Map from `rank` loop dims to a table over `axis` (or its single entry).
AffineMap tableMap(MLIRContext *ctx, unsigned rank, int64_t axis) {
  AffineExpr e =
      axis < 0 ? getAffineConstantExpr(0, ctx) : getAffineDimExpr(axis, ctx);
  return AffineMap::get(rank, 0, e, ctx);
}

struct LowerQuantize : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    QuantParams p = *getQuantParams(op.getType());
    RankedTensorType out = storageTensor(op.getType());
    SmallVector<float> scales(p.scales.begin(), p.scales.end());
    SmallVector<float> zps(p.zeroPoints.begin(), p.zeroPoints.end());
    int64_t n = scales.size();
    unsigned rank = out.getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap t = tableMap(getContext(), rank, p.axis);
    Value init = tensor::EmptyOp::create(rewriter, loc, out.getShape(),
                                         out.getElementType());
    Value y =
        buildGeneric(rewriter, loc, init,
                     {adaptor.getInput(), table(rewriter, loc, {n}, scales),
                      table(rewriter, loc, {n}, zps)},
                     {id, t, t, id}, SmallVector<IT>(rank, IT::parallel),
                     [&](OpBuilder &b, Location l, ValueRange args) {
                       Value f = arith::DivFOp::create(b, l, args[0], args[1]);
                       return saturate(b, l, f, args[2], p);
                     });
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct LowerDequantize : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    QuantParams p = *getQuantParams(op.getInput().getType());
    SmallVector<float> scales(p.scales.begin(), p.scales.end());
    SmallVector<int32_t> zps(p.zeroPoints.begin(), p.zeroPoints.end());
    int64_t n = scales.size();
    unsigned rank = op.getType().getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap t = tableMap(getContext(), rank, p.axis);
    Value y = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, op.getType().getShape()),
        {adaptor.getInput(), table(rewriter, loc, {n}, scales),
         table(rewriter, loc, {n}, zps)},
        {id, t, t, id}, SmallVector<IT>(rank, IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value d =
              arith::SubIOp::create(b, l, widen(b, l, args[0], p), args[2]);
          Value f = arith::SIToFPOp::create(b, l, b.getF32Type(), d);
          return arith::MulFOp::create(b, l, f, args[1]).getResult();
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

/// Quantized values are their storage; casts at the graph's boundary keep
/// a cast to the signed or unsigned type there, which LowerToLinalg removes
/// when it makes the function signature signless.
struct LowerStorageCast : OpConversionPattern<StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type want = getQuantParams(op.getType()) ? storageTensor(op.getType())
                                             : op.getType();
    Value in = adaptor.getInput();
    if (in.getType() == want) {
      rewriter.replaceOp(op, in);
      return success();
    }
    rewriter.replaceOpWithNewOp<UnrealizedConversionCastOp>(op, want, in);
    return success();
  }
};

} // namespace

namespace sparrow {

/// f32 multipliers x_scale * w_scale(f) / y_scale, computed as
/// onnxruntime does (in f32).
SmallVector<float> requantScales(const QuantParams &x, const QuantParams &w,
                                 const QuantParams &y) {
  SmallVector<float> m;
  for (double ws : w.scales)
    m.push_back(float(x.scales[0]) * float(ws) / float(y.scales[0]));
  return m;
}

std::pair<int64_t, int64_t> activationBounds(ActivationAttr activation,
                                             const QuantParams &y) {
  int64_t lo = y.min, hi = y.max, zp = y.zeroPoints[0];
  auto quantize = [&](double v) {
    return std::clamp<int64_t>(
        static_cast<int64_t>(std::nearbyint(float(v) / float(y.scales[0]))) +
            zp,
        y.min, y.max);
  };
  if (!activation)
    return {lo, hi};
  if (activation.getKind() == ActivationKind::relu)
    return {std::max(lo, zp), hi};
  // clip(min, max), the only other kind sparrow.qconv2d accepts.
  return {quantize(activation.getP0().convertToDouble()),
          quantize(activation.getP1().convertToDouble())};
}

/// The i32 accumulator `acc` requantized to `resultType` (as its storage),
/// with per-channel multipliers along `axis`; `acc` itself for i32 results.
Value requantize(OpBuilder &b, Location loc, Value acc, Type resultType,
                 ArrayRef<float> multipliers, int64_t axis,
                 ActivationAttr activation) {
  QuantParams y = *getQuantParams(resultType);
  if (y.bits == 32)
    return acc;
  int64_t lo, hi;
  std::tie(lo, hi) = activationBounds(activation, y);
  RankedTensorType out = storageTensor(resultType);
  unsigned rank = out.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  int64_t n = multipliers.size();
  AffineMap t = tableMap(b.getContext(), rank, n == 1 ? -1 : axis);
  Value init =
      tensor::EmptyOp::create(b, loc, out.getShape(), out.getElementType());
  return buildGeneric(
      b, loc, init, {acc, table(b, loc, {n}, multipliers)}, {id, t, id},
      SmallVector<IT>(rank, IT::parallel),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value f = arith::SIToFPOp::create(nb, l, nb.getF32Type(), args[0]);
        f = arith::MulFOp::create(nb, l, f, args[1]);
        return saturate(nb, l, f, f32Const(nb, l, double(y.zeroPoints[0])), y,
                        lo, hi);
      });
}

/// acc + (x - xzp) * (w - wzp) on stored values.
Value multiplyAccumulate(OpBuilder &b, Location loc, Value x, Value w,
                         Value wzp, Value acc, const QuantParams &px,
                         const QuantParams &pw) {
  Value xv = arith::SubIOp::create(b, loc, widen(b, loc, x, px),
                                   i32Const(b, loc, px.zeroPoints[0]));
  Value wv = arith::SubIOp::create(b, loc, widen(b, loc, w, pw), wzp);
  Value prod = arith::MulIOp::create(b, loc, xv, wv);
  return arith::AddIOp::create(b, loc, acc, prod);
}

Value zeroI32Tensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, b.getI32Type());
  return linalg::FillOp::create(b, loc, i32Const(b, loc, 0), empty)
      .getResult(0);
}

} // namespace sparrow

void sparrow::populateQuantLoweringPatterns(RewritePatternSet &patterns,
                                            const KernelConfig &config) {
  patterns.add<LowerQuantize, LowerDequantize, LowerStorageCast>(
      patterns.getContext());
  populateQuantKernelPatterns(patterns, config);
}
