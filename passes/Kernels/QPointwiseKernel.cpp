//===- QPointwiseKernel.cpp - Register-tiled int8 1x1 convolution ---------===//
//
// The int8 counterpart of PointwiseKernel.cpp: out[F x P] = requant(W[F x C]
// * X[C x P]) with a tile of `rows` output channels x `vectors` vectors of
// i32 accumulators. Each step takes two input channels: the input is first
// repacked once (C x P bytes) so their pixels sit interleaved as pairs of
// i16, which each step loads and multiplies with a pair of weights, the
// even and odd products summed -- the shape of wasm's i32x4.dot_i16x8_s and
// x86's pmaddwd, twice the multiply-adds of an f32 step per instruction.
// With x86 VNNI a step takes four channels instead, packed as unsigned
// bytes (a signed input shifted by 128, which the bias absorbs) for
// vpdpbusd's u8 x s8 products, whenever the weights fit in s8.
// Zero points are folded at compile time: weights are stored as w - w_zp
// (i16, packed as [F / rows][C / 2][rows][2]) and the bias absorbs
// -x_zp * sum(w - w_zp).
// The epilogue requantizes in f32 (round half even) with the fused clamp.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/PackedWeights.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace sparrow {
namespace {

/// The [C, P] 8-bit input as [C / G, G P] with the pixels of G channels
/// interleaved, so each step of the kernel loads a vector of channel groups
/// instead of re-interleaving the same pixels for every row tile: i16 pairs
/// (G = 2), or quads of bytes (G = 4), unsigned for x86 VNNI and signed
/// for AArch64's sdot (`signedQuads`): an input of the other kind is
/// shifted by 128.
Value packChannelGroups(OpBuilder &b, Location loc, Value in, int64_t group,
                        bool isUnsigned, bool signedQuads) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(in.getType()).getShape();
  int64_t groups = shape[0] / group, numPixels = shape[1];
  Type element = group == 2 ? b.getI16Type() : b.getI8Type();
  auto idx = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  Value out = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{groups, group * numPixels}, element);
  auto interleave = [&](Value k, Value p, Value it, int64_t width) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
    auto bytes = VectorType::get({width}, b.getI8Type());
    Value c0 = arith::MulIOp::create(b, loc, k, idx(group));
    SmallVector<Value> rows;
    for (int64_t j = 0; j < group; ++j)
      rows.push_back(vector::TransferReadOp::create(
          b, loc, bytes, in,
          ValueRange{arith::AddIOp::create(b, loc, c0, idx(j)), p}, zero,
          ArrayRef<bool>{true}));
    // Interleave pairs of rows, then (G = 4) pairs of pairs.
    auto zip = [&](Value x, Value y, int64_t chunk) {
      int64_t n = cast<VectorType>(x.getType()).getNumElements();
      SmallVector<int64_t> mask;
      for (int64_t i = 0; i < n; i += chunk)
        for (int64_t from : {i, n + i})
          for (int64_t j = 0; j < chunk; ++j)
            mask.push_back(from + j);
      return vector::ShuffleOp::create(b, loc, x, y, mask).getResult();
    };
    Value v = zip(rows[0], rows[1], 1);
    if (group == 4)
      v = zip(v, zip(rows[2], rows[3], 1), 2);
    auto vecType = VectorType::get({group * width}, element);
    if (group == 2)
      v = isUnsigned ? arith::ExtUIOp::create(b, loc, vecType, v).getResult()
                     : arith::ExtSIOp::create(b, loc, vecType, v).getResult();
    else if (isUnsigned == signedQuads)
      v = arith::XOrIOp::create(
          b, loc, v,
          arith::ConstantOp::create(
              b, loc,
              DenseElementsAttr::get(vecType, b.getI8IntegerAttr(-128))));
    return vector::TransferWriteOp::create(
               b, loc, v, it,
               ValueRange{k, arith::MulIOp::create(b, loc, p, idx(group))},
               ArrayRef<bool>{true})
        .getResult();
  };
  constexpr int64_t kWidth = 8;
  int64_t main = numPixels / kWidth * kWidth;
  return tileLoop(b, loc, 0, groups, 1, out, [&](Value k, Value it) {
    it = tileLoop(b, loc, 0, main, kWidth, it, [&](Value p, Value it2) {
      return interleave(k, p, it2, kWidth);
    });
    return tileLoop(b, loc, main, numPixels, 1, it, [&](Value p, Value it2) {
      return interleave(k, p, it2, 1);
    });
  });
}

struct QPointwiseEmitter {
  OpBuilder &b;
  Location loc;
  Value in;     // [C / G, G P]: channel groups interleaved by pixel
  Value packed; // [ceil(F / rows), C / G, rows * G] weights
  QuantTileEnds ends;
  const KernelConfig &config;
  int64_t group;  // G: 2 (i16 pairs) or 4 (byte quads: VNNI, sdot)
  int64_t groups; // C / G

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, idx(c)).getResult();
  }

  Type element() { return group == 2 ? b.getI16Type() : b.getI8Type(); }
  Value zero(Location l) {
    return arith::ConstantOp::create(b, l, b.getIntegerAttr(element(), 0));
  }

  /// Pixels p0.. of channels Gk .. Gk + G - 1, interleaved: one load from
  /// the packed input.
  Value inputGroups(Location l, Value k, Value p, int64_t width) {
    return vector::TransferReadOp::create(
        b, l, VectorType::get({group * width}, element()), in,
        ValueRange{k, arith::MulIOp::create(b, l, p, idx(group))}, zero(l),
        ArrayRef<bool>{true});
  }

  /// One rows x vectors tile at (f0, p0) with `width`-pixel vectors.
  Value tile(Value out, Value f0, Value p0, int64_t rows, int64_t vectors,
             int64_t width) {
    SmallVector<Value> init = ends.start(b, loc, f0, rows, vectors, width);
    Value block = arith::DivUIOp::create(b, loc, f0, idx(config.rows));
    auto weightVec = VectorType::get({group * config.rows}, element());
    auto loop = scf::ForOp::create(
        b, loc, idx(0), idx(groups), idx(1), init,
        [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          Value weights = vector::TransferReadOp::create(
              b, l, weightVec, packed, ValueRange{block, k, idx(0)}, zero(l),
              ArrayRef<bool>{true});
          SmallVector<Value> xs;
          for (int64_t v = 0; v < vectors; ++v)
            xs.push_back(inputGroups(l, k, add(p0, v * width), width));
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r) {
            // Row r's G weights, once per pixel lane.
            SmallVector<int64_t> lanes;
            for (int64_t i = 0; i < width; ++i)
              for (int64_t j = 0; j < group; ++j)
                lanes.push_back(group * r + j);
            Value w = vector::ShuffleOp::create(b, l, weights, weights, lanes);
            for (int64_t v = 0; v < vectors; ++v) {
              Value a = acc[r * vectors + v];
              next.push_back(
                  group == 4
                      ? quadDotAccumulate(b, l, a, xs[v], w, config)
                      : arith::AddIOp::create(
                            b, l, a, pairDot(b, l, xs[v], w, config.pairDot))
                            .getResult());
            }
          }
          scf::YieldOp::create(b, l, next);
        });
    return ends.store(b, loc, out, loop.getResults(), f0, p0, rows, vectors,
                      width);
  }

  /// All P pixels of the channel rows at f0.
  Value row(Value out, Value f0, int64_t rows, int64_t numPixels) {
    return tileInt8Pixels(
        b, loc, numPixels, config.width, config.vectors, out,
        [&](Value it, Value p0, int64_t vectors, int64_t width) {
          return tile(it, f0, p0, rows, vectors, width);
        });
  }
};

} // namespace

bool usesDotQuads(ArrayRef<int64_t> weights, const QuantParams &pw, int64_t f,
                  int64_t c, const KernelConfig &config) {
  // VNNI multiplies u8 by s8, sdot s8 by s8: four channels per step when
  // the weights minus their zero point fit in s8.
  if (config.quadDot == QuadDot::None || c % 4)
    return false;
  for (int64_t o = 0; o < f; ++o)
    for (int64_t i = 0; i < c; ++i) {
      int64_t w = weights[o * c + i] - pw.zeroPoint(o);
      if (w < -128 || w > 127)
        return false;
    }
  return true;
}

SmallVector<int32_t> foldZeroPoints(ArrayRef<int64_t> weights, int64_t f,
                                    const QuantParams &pw,
                                    ArrayRef<int32_t> bias, int64_t xz) {
  int64_t c = int64_t(weights.size()) / f;
  SmallVector<int32_t> folded(f, 0);
  for (int64_t o = 0; o < f; ++o) {
    int64_t sum = 0;
    for (int64_t i = 0; i < c; ++i)
      sum += weights[o * c + i] - pw.zeroPoint(o);
    folded[o] = static_cast<int32_t>((bias.empty() ? 0 : bias[o]) - xz * sum);
  }
  return folded;
}

Value tileInt8Pixels(OpBuilder &b, Location loc, int64_t numPixels,
                     int64_t width, int64_t vectors, Value out,
                     function_ref<Value(Value, Value, int64_t, int64_t)> tile) {
  auto pixels = [&](Value out, int64_t from, int64_t to, int64_t vectors,
                    int64_t width) {
    return tileLoop(
        b, loc, from, to, vectors * width, out,
        [&](Value p0, Value it) { return tile(it, p0, vectors, width); });
  };
  int64_t full = vectors * width;
  int64_t done = numPixels / full * full;
  out = pixels(out, 0, done, vectors, width);
  int64_t narrowest = width;
  for (int64_t w = width; w >= 4 || w == width; w /= 2) {
    int64_t end = done + (numPixels - done) / w * w;
    out = pixels(out, done, end, 1, w);
    done = end;
    narrowest = w;
  }
  if (done < numPixels && numPixels >= narrowest)
    return pixels(out, numPixels - narrowest, numPixels, 1, narrowest);
  return pixels(out, done, numPixels, 1, 1);
}

FailureOr<Value> emitQuantPointwiseConv(
    OpBuilder &b, Location loc, Value input, const QuantParams &px,
    ArrayRef<int64_t> weights, const QuantParams &pw, ArrayRef<int32_t> bias,
    const QuantParams &py, ActivationAttr act, RankedTensorType resultType,
    const KernelConfig &config) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  int64_t c = in[1], p = in[2] * in[3];
  int64_t f = resultType.getDimSize(1), rows = config.rows;
  if (in[0] != 1 || c % 2 || (py.bits != 8 && py.bits != 32) ||
      config.width < 1 || int64_t(weights.size()) != f * c)
    return failure();
  bool quads = usesDotQuads(weights, pw, f, c, config);
  int64_t group = quads ? 4 : 2;
  // Weights minus their zero point, packed; the bias takes the input's
  // zero point: sum (x - xz)(w - wz) = sum x (w - wz) - xz sum (w - wz).
  // Quads of the other signedness than the instruction's are shifted by
  // 128, and so is their zero point.
  bool signedQuads = config.quadDot == QuadDot::ArmSdot;
  int64_t shift = !quads || px.isSigned == signedQuads ? 0
                  : signedQuads                        ? -128
                                                       : 128;
  int64_t blocks = (f + rows - 1) / rows;
  int64_t xz = px.zeroPoints[0] + shift;
  SmallVector<int64_t> packed =
      packWeightTiles<int64_t>(f, c, rows, group, [&](int64_t o, int64_t i) {
        return weights[o * c + i] - pw.zeroPoint(o);
      });
  SmallVector<int32_t> folded = foldZeroPoints(weights, f, pw, bias, xz);

  auto i8 = b.getI8Type();
  Value in2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, p}, i8), input, {{0, 1}, {2, 3}});
  auto packedType =
      RankedTensorType::get({blocks, c / group, rows * group},
                            quads ? b.getI8Type() : b.getI16Type());
  DenseElementsAttr packedAttr =
      quads ? DenseElementsAttr::get(
                  packedType,
                  ArrayRef(SmallVector<int8_t>(packed.begin(), packed.end())))
            : DenseElementsAttr::get(
                  packedType,
                  ArrayRef(SmallVector<int16_t>(packed.begin(), packed.end())));
  QPointwiseEmitter e{
      b,
      loc,
      packChannelGroups(b, loc, in2, group, !px.isSigned, signedQuads),
      arith::ConstantOp::create(b, loc, packedAttr),
      QuantTileEnds::build(b, loc, folded, px, pw, py, act, f),
      config,
      group,
      c / group};
  Type outElement = py.bits == 32 ? b.getI32Type() : i8;
  Value out =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{f, p}, outElement);
  auto rowLoop = [&](Value out, int64_t from, int64_t to, int64_t rows) {
    return tileLoop(b, loc, from, to, rows, out,
                    [&](Value f0, Value it) { return e.row(it, f0, rows, p); });
  };
  int64_t mainRows = f / rows * rows;
  out = rowLoop(out, 0, mainRows, rows);
  // Row tiles write disjoint output rows: the threads' unit of work.
  if (Operation *loop = out.getDefiningOp<scf::ForOp>())
    loop->setAttr(kParallelAttrName, b.getUnitAttr());
  // Leftover rows (if any): one tile of fewer rows in the last packed
  // block.
  out = rowLoop(out, mainRows, f, f - mainRows);
  return tensor::ExpandShapeOp::create(
             b, loc, RankedTensorType::get(resultType.getShape(), outElement),
             out, {{0, 1}, {2, 3}})
      .getResult();
}

} // namespace sparrow
