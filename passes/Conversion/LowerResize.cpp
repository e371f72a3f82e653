//===- LowerResize.cpp - sparrow.resize to separable linalg.generics ------===//
//
// Shapes and scales are static, so for every resized dim the source indices
// and weights of each output position (1 tap for nearest, 2 for linear, 4
// for cubic) are computed here, following ONNX's reference implementation,
// and stored as constants. One generic per resized dim then sums
// weight * input[index] over the taps, innermost dim first.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
/// Source indices and weights of every output position along one dim.
struct Taps {
  int64_t count = 0;          ///< taps per output position
  SmallVector<int64_t> index; ///< [out][count], clamped to the input
  SmallVector<float> weight;  ///< [out][count]
  SmallVector<float> bias;    ///< [out]: extrapolation value or 0
  bool extrapolates = false;
};

/// The source coordinate of output position x (ONNX
/// coordinate_transformation_mode); nullopt outside a tf_crop_and_resize
/// region.
std::optional<double> sourceCoordinate(ResizeOp op, int64_t dim, int64_t x,
                                       int64_t in) {
  double scale = op.getScales()[dim];
  double outLen = scale * in; // as the reference, not the rounded size
  switch (op.getCoordinateMode()) {
  case CoordinateMode::align_corners:
    return outLen == 1 ? 0.0 : x * (in - 1) / (outLen - 1);
  case CoordinateMode::asymmetric:
    return x / scale;
  case CoordinateMode::tf_half_pixel_for_nn:
    return (x + 0.5) / scale;
  case CoordinateMode::pytorch_half_pixel:
    return outLen == 1 ? -0.5 : (x + 0.5) / scale - 0.5;
  case CoordinateMode::half_pixel:
    return (x + 0.5) / scale - 0.5;
  case CoordinateMode::half_pixel_symmetric: {
    int64_t out = op.getOutput().getType().getDimSize(dim);
    double adj = out / outLen;
    double centre = in / 2.0, offset = centre * (1 - adj);
    return offset + (x + 0.5) / scale - 0.5;
  }
  case CoordinateMode::tf_crop_and_resize: {
    int64_t rank = op.getScales().size();
    double lo = (*op.getRoi())[dim], hi = (*op.getRoi())[dim + rank];
    double c = outLen == 1 ? (hi - lo) * (in - 1) / 2.0
                           : x * (hi - lo) * (in - 1) / (outLen - 1);
    c += lo * (in - 1);
    if (c < 0 || c > in - 1)
      return std::nullopt;
    return c;
  }
  }
  return 0.0;
}

SmallVector<double> cubicCoeffs(double r, double a) {
  auto far = [&](double t) {
    return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
  };
  auto near = [&](double t) { return ((a + 2) * t - (a + 3)) * t * t + 1; };
  return {far(r + 1), near(r), near(1 - r), far(2 - r)};
}

Taps computeTaps(ResizeOp op, int64_t dim) {
  int64_t in = op.getInput().getType().getDimSize(dim);
  int64_t out = op.getOutput().getType().getDimSize(dim);
  ResizeMode mode = op.getMode();
  Taps t;
  t.count = mode == ResizeMode::nearest  ? 1
            : mode == ResizeMode::linear ? 2
                                         : 4;
  float extrapolation = op.getExtrapolationValue().convertToFloat();
  for (int64_t x = 0; x < out; ++x) {
    std::optional<double> c = sourceCoordinate(op, dim, x, in);
    if (!c) {
      t.extrapolates = true;
      t.bias.push_back(extrapolation);
      for (int64_t k = 0; k < t.count; ++k) {
        t.index.push_back(0);
        t.weight.push_back(0.0f);
      }
      continue;
    }
    t.bias.push_back(0.0f);
    // As the reference: a ratio in (0, 1] measured from the index below.
    double base = std::floor(*c), ratio = *c - base;
    if (ratio == 0) {
      base -= 1;
      ratio = 1;
    }
    SmallVector<int64_t> idx;
    SmallVector<double> w;
    if (mode == ResizeMode::nearest) {
      bool up;
      switch (op.getNearestMode()) {
      case NearestMode::round_prefer_floor:
        up = ratio > 0.5;
        break;
      case NearestMode::round_prefer_ceil:
        up = ratio >= 0.5;
        break;
      case NearestMode::floor:
        up = ratio == 1;
        break;
      case NearestMode::ceil:
        up = true;
        break;
      }
      idx = {static_cast<int64_t>(base) + (up ? 1 : 0)};
      w = {1.0};
    } else if (mode == ResizeMode::linear) {
      idx = {static_cast<int64_t>(base), static_cast<int64_t>(base) + 1};
      w = {1 - ratio, ratio};
    } else {
      int64_t b0 = static_cast<int64_t>(base) - 1;
      idx = {b0, b0 + 1, b0 + 2, b0 + 3};
      w = cubicCoeffs(ratio, op.getCubicCoeffA().convertToDouble());
      if (op.getExcludeOutside()) {
        double sum = 0;
        for (int k = 0; k < 4; ++k) {
          if (idx[k] < 0 || idx[k] >= in)
            w[k] = 0;
          sum += w[k];
        }
        for (double &v : w)
          v = sum != 0 ? v / sum : 0;
      }
    }
    for (size_t k = 0; k < idx.size(); ++k) {
      t.index.push_back(std::clamp<int64_t>(idx[k], 0, in - 1));
      t.weight.push_back(static_cast<float>(w[k]));
    }
  }
  return t;
}

/// Whether the resize is the identity along `dim`.
bool isIdentity(ResizeOp op, int64_t dim) {
  int64_t in = op.getInput().getType().getDimSize(dim);
  return in == op.getOutput().getType().getDimSize(dim) &&
         op.getScales()[dim] == 1.0f &&
         op.getCoordinateMode() != CoordinateMode::tf_crop_and_resize;
}

/// Interpolates `input` along `dim` with `taps`.
Value resizeDim(OpBuilder &b, Location loc, Value input, int64_t dim,
                const Taps &taps) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  SmallVector<int64_t> out(in);
  out[dim] = taps.bias.size();
  int64_t rank = in.size();
  MLIRContext *ctx = b.getContext();
  auto tableType = [&](Type elem) {
    return RankedTensorType::get({out[dim], taps.count}, elem);
  };
  Value index = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(tableType(b.getI64Type()),
                             ArrayRef<int64_t>(taps.index)));
  Value weight = createF32Constant(b, loc, tableType(b.getF32Type()),
                                   taps.weight, "resize_weights");
  AffineMap outMap =
      AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank);
  AffineMap tableMap = AffineMap::get(
      rank + 1, 0, {getAffineDimExpr(dim, ctx), getAffineDimExpr(rank, ctx)},
      ctx);
  Value init;
  if (taps.extrapolates) {
    Value bias = createF32Constant(
        b, loc, RankedTensorType::get({out[dim]}, b.getF32Type()), taps.bias,
        "resize_extrapolation");
    AffineMap biasMap =
        AffineMap::get(rank, 0, {getAffineDimExpr(dim, ctx)}, ctx);
    init =
        buildGeneric(b, loc, emptyTensor(b, loc, out), bias,
                     {biasMap, b.getMultiDimIdentityMap(rank)},
                     SmallVector<IT>(rank, IT::parallel),
                     [](OpBuilder &, Location, ValueRange a) { return a[0]; });
  } else {
    init = filledTensor(b, loc, out, 0.0);
  }
  SmallVector<IT> iters(rank, IT::parallel);
  iters.push_back(IT::reduction);
  return buildGeneric(
      b, loc, init, ValueRange{index, weight}, {tableMap, tableMap, outMap},
      iters, [&](OpBuilder &nb, Location l, ValueRange a) {
        SmallVector<Value> coords;
        for (int64_t d = 0; d < rank; ++d)
          coords.push_back(
              d == dim
                  ? arith::IndexCastOp::create(nb, l, nb.getIndexType(), a[0])
                        .getResult()
                  : linalg::IndexOp::create(nb, l, d).getResult());
        Value v = tensor::ExtractOp::create(nb, l, input, coords);
        Value p = arith::MulFOp::create(nb, l, v, a[1]);
        return arith::AddFOp::create(nb, l, a[2], p).getResult();
      });
}

struct LowerResize : OpConversionPattern<ResizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value v = adaptor.getInput();
    for (int64_t dim = op.getInput().getType().getRank() - 1; dim >= 0; --dim)
      if (!isIdentity(op, dim))
        v = resizeDim(rewriter, op.getLoc(), v, dim, computeTaps(op, dim));
    rewriter.replaceOp(op, v);
    return success();
  }
};
} // namespace

void sparrow::populateResizeLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerResize>(patterns.getContext());
}
