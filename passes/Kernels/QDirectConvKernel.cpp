//===- QDirectConvKernel.cpp - Vectorised int8 direct convolution ---------===//
//
// The int8 counterpart of DirectConvKernel.cpp, for depthwise convs and
// dense convs over few input channels (a network's first layer). The input
// is first widened once into an i16 copy with its zero point subtracted and
// the padding written as zeros, so the loops have no border cases and
// padding adds nothing. Each step takes two of the layer's taps (input
// channel, row, column): `width` output pixels of each are loaded from the
// copy (a span of width x stride), one shuffle keeps every stride-th and
// interleaves the two into i16 pairs, and i32x4.dot_i16x8_s (pmaddwd on x86)
// multiplies them with the taps' weight pair, w - w_zp packed at compile
// time. A dense conv keeps a tile of `rows` filters that share each step's
// interleaved input; a depthwise one a single channel.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace sparrow {
namespace {

struct Tap {
  int64_t channel, row, col; // input channel (dense), offsets in the window
};

struct QDirectConvEmitter {
  OpBuilder &b;
  Location loc;
  Value in;         // [C, Hp, Wp] i16: x - x_zp, padded with zeros
  Value weights;    // [F, pairs, 2] i16: w - w_zp per tap pair
  Value bias, mult; // [F] i32, [F] f32
  SmallVector<Tap> taps;
  bool depthwise;
  int64_t strideH, strideW;
  float zeroPoint, lo, hi;
  PairDot pairDot;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, idx(c)).getResult();
  }
  Value mul(Value a, int64_t c) {
    return c == 1 ? a : arith::MulIOp::create(b, loc, a, idx(c)).getResult();
  }

  /// The span of input read by `width` output pixels of tap t from ow0.
  Value tapSpan(Value ch, Value oh, Value ow0, const Tap &t, int64_t width) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({width * strideW}, b.getI16Type()), in,
        ValueRange{depthwise ? ch : idx(t.channel),
                   add(mul(oh, strideH), t.row), add(mul(ow0, strideW), t.col)},
        zero, ArrayRef<bool>{true});
  }

  /// Taps 2k and 2k + 1 (the second repeated past the end: its weight is
  /// zero) of `width` pixels, interleaved into pairs.
  Value tapPairs(Value ch, Value oh, Value ow0, int64_t k, int64_t width) {
    const Tap &first = taps[2 * k];
    const Tap &second = taps[std::min<int64_t>(2 * k + 1, taps.size() - 1)];
    Value a = tapSpan(ch, oh, ow0, first, width);
    Value c = tapSpan(ch, oh, ow0, second, width);
    int64_t span = width * strideW;
    SmallVector<int64_t> mask;
    for (int64_t l = 0; l < width; ++l)
      mask.append({l * strideW, span + l * strideW});
    return vector::ShuffleOp::create(b, loc, a, c, mask);
  }

  /// A `rows` x `vectors` tile of `width`-pixel vectors at (f0, oh, ow0).
  Value tile(Value out, Value f0, Value oh, Value ow0, int64_t rows,
             int64_t vectors, int64_t width) {
    auto accType = VectorType::get({width}, b.getI32Type());
    SmallVector<Value> acc;
    for (int64_t r = 0; r < rows; ++r) {
      Value start = tensor::ExtractOp::create(b, loc, bias, add(f0, r));
      acc.append(vectors, vector::BroadcastOp::create(b, loc, accType, start));
    }
    int64_t pairs = (taps.size() + 1) / 2;
    Value zero = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < width; ++l)
      lanes.append({0, 1});
    for (int64_t k = 0; k < pairs; ++k) {
      SmallVector<Value> xs;
      for (int64_t v = 0; v < vectors; ++v)
        xs.push_back(tapPairs(f0, oh, add(ow0, v * width), k, width));
      for (int64_t r = 0; r < rows; ++r) {
        Value w = vector::TransferReadOp::create(
            b, loc, VectorType::get({2}, b.getI16Type()), weights,
            ValueRange{add(f0, r), idx(k), idx(0)}, zero, ArrayRef<bool>{true});
        w = vector::ShuffleOp::create(b, loc, w, w, lanes);
        for (int64_t v = 0; v < vectors; ++v)
          acc[r * vectors + v] = arith::AddIOp::create(
              b, loc, acc[r * vectors + v],
              sparrow::pairDot(b, loc, xs[v], w, pairDot));
      }
    }
    for (int64_t r = 0; r < rows; ++r) {
      Value m = tensor::ExtractOp::create(b, loc, mult, add(f0, r));
      for (int64_t v = 0; v < vectors; ++v) {
        Value q = requantizeVector(b, loc, acc[r * vectors + v], m, zeroPoint,
                                   lo, hi);
        out =
            vector::TransferWriteOp::create(
                b, loc, q, out, ValueRange{add(f0, r), oh, add(ow0, v * width)},
                ArrayRef<bool>{true})
                .getResult();
      }
    }
    return out;
  }

  /// One output row of the `rows` filters at f0: tiles of `vectors` vectors,
  /// then single vectors of halving widths down to 4, then the last few
  /// pixels as one more vector ending at the row's end, overlapping pixels
  /// already written (with the same values), or one by one in rows
  /// narrower than a vector.
  Value outputRow(Value out, Value f0, Value oh, int64_t rows, int64_t ow,
                  int64_t width, int64_t vectors) {
    int64_t done = 0;
    auto run = [&](int64_t vw, int64_t count) {
      int64_t end = done + (ow - done) / (vw * count) * (vw * count);
      out =
          tileLoop(b, loc, done, end, vw * count, out, [&](Value c, Value it) {
            return tile(it, f0, oh, c, rows, count, vw);
          });
      done = end;
    };
    run(width, vectors);
    int64_t narrowest = width;
    for (int64_t vw = width; vw >= 4; vw /= 2) {
      run(vw, 1);
      narrowest = vw;
    }
    if (done < ow && ow >= narrowest && narrowest > 1)
      return tile(out, f0, oh, idx(ow - narrowest), rows, 1, narrowest);
    run(1, 1);
    return out;
  }
};

/// The [C, H, W] 8-bit input minus its zero point as i16, inside a
/// [C, Hp, Wp] buffer of zeros at offset (top, left).
Value widenPadded(OpBuilder &b, Location loc, Value in, bool isUnsigned,
                  int64_t zeroPoint, int64_t top, int64_t left, int64_t hp,
                  int64_t wp) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(in.getType()).getShape();
  auto idx = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto i16 = b.getI16Type();
  Value empty =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{shape[0], hp, wp}, i16);
  Value zero = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
  Value out = linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  auto copy = [&](Value c, Value h, Value w, Value it, int64_t width) {
    Value pad = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
    Value x = vector::TransferReadOp::create(
        b, loc, VectorType::get({width}, b.getI8Type()), in,
        ValueRange{c, h, w}, pad, ArrayRef<bool>{true});
    auto wide = VectorType::get({width}, i16);
    x = isUnsigned ? arith::ExtUIOp::create(b, loc, wide, x).getResult()
                   : arith::ExtSIOp::create(b, loc, wide, x).getResult();
    x = arith::SubIOp::create(
        b, loc, x,
        arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(wide, b.getI16IntegerAttr(zeroPoint))));
    Value row = arith::AddIOp::create(b, loc, h, idx(top));
    Value col = arith::AddIOp::create(b, loc, w, idx(left));
    return vector::TransferWriteOp::create(
               b, loc, x, it, ValueRange{c, row, col}, ArrayRef<bool>{true})
        .getResult();
  };
  constexpr int64_t kWidth = 8;
  int64_t main = shape[2] / kWidth * kWidth;
  return tileLoop(b, loc, 0, shape[0], 1, out, [&](Value c, Value it) {
    return tileLoop(b, loc, 0, shape[1], 1, it, [&](Value h, Value it2) {
      it2 = tileLoop(b, loc, 0, main, kWidth, it2, [&](Value w, Value it3) {
        return copy(c, h, w, it3, kWidth);
      });
      return tileLoop(b, loc, main, shape[2], 1, it2, [&](Value w, Value it3) {
        return copy(c, h, w, it3, 1);
      });
    });
  });
}

} // namespace

FailureOr<Value>
emitQuantDirectConv(OpBuilder &b, Location loc, Value input,
                    const QuantParams &px, ArrayRef<int64_t> weights,
                    ArrayRef<int64_t> filterShape, const QuantParams &pw,
                    ArrayRef<int32_t> bias, const QuantParams &py,
                    ActivationAttr act, ArrayRef<int64_t> strides,
                    ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                    RankedTensorType resultType, const KernelConfig &config) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = filterShape, out = resultType.getShape();
  int64_t c = in[1], f = w[0], cin = w[1], kh = w[2], kw = w[3];
  bool depthwise = cin == 1 && f == c;
  bool fewInputs = cin == c && c <= config.maxDirectInputChannels;
  int64_t numTaps = cin * kh * kw, pairs = (numTaps + 1) / 2;
  if (in[0] != 1 || (!depthwise && !fewInputs) || config.width < 1 ||
      px.bits != 8 || px.zeroPoints.size() != 1 || py.bits != 8 ||
      pairs > kMaxTapPairs)
    return failure();

  QDirectConvEmitter e{b,
                       loc,
                       {},
                       {},
                       {},
                       {},
                       {},
                       depthwise,
                       strides[0],
                       strides[1],
                       float(py.zeroPoints[0]),
                       0,
                       0,
                       config.pairDot};
  for (int64_t ci = 0; ci < cin; ++ci)
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j)
        e.taps.push_back({ci, i * dilations[0], j * dilations[1]});
  // Weights minus their zero point, a pair per step; an odd last tap pairs
  // with a zero weight.
  SmallVector<int16_t> packed(f * pairs * 2, 0);
  for (int64_t o = 0; o < f; ++o)
    for (int64_t t = 0; t < numTaps; ++t)
      packed[o * pairs * 2 + t] =
          static_cast<int16_t>(weights[o * numTaps + t] - pw.zeroPoint(o));
  SmallVector<int32_t> bias32(f, 0);
  if (!bias.empty())
    bias32.assign(bias.begin(), bias.end());
  SmallVector<float> multipliers = requantScales(px, pw, py);
  if (multipliers.size() == 1)
    multipliers.resize(f, multipliers[0]);
  auto [lo, hi] = activationBounds(act, py);
  e.lo = float(lo);
  e.hi = float(hi);

  // The padded copy covers every span a vector reads: up to ow * stride +
  // the window's last column.
  int64_t oh = out[2], ow = out[3];
  int64_t hp = in[2] + pads[0] + pads[2];
  int64_t wp = std::max(in[3] + pads[1] + pads[3],
                        ow * strides[1] + (kw - 1) * dilations[1]);
  auto i8 = b.getI8Type();
  Value in3 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, in[2], in[3]}, i8), input,
      {{0, 1}, {2}, {3}});
  e.in = widenPadded(b, loc, in3, !px.isSigned, px.zeroPoints[0], pads[0],
                     pads[1], hp, wp);
  e.weights = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(
          RankedTensorType::get({f, pairs, 2}, b.getI16Type()),
          ArrayRef(packed)));
  e.bias = table(b, loc, {f}, ArrayRef<int32_t>(bias32));
  e.mult = table(b, loc, {f}, ArrayRef<float>(multipliers));

  int64_t rows = depthwise ? 1 : config.rows;
  int64_t vectors = depthwise ? 4 : config.directVectors;
  Value result =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{f, oh, ow}, i8);
  auto filterLoop = [&](Value res, int64_t from, int64_t to, int64_t r) {
    return tileLoop(b, loc, from, to, r, res, [&](Value f0, Value it) {
      return tileLoop(b, loc, 0, oh, 1, it, [&](Value row, Value it2) {
        return e.outputRow(it2, f0, row, r, ow, config.width, vectors);
      });
    });
  };
  int64_t mainRows = f / rows * rows;
  result = filterLoop(result, 0, mainRows, rows);
  // Filter tiles write disjoint channels: the threads' unit of work.
  if (Operation *loop = result.getDefiningOp<scf::ForOp>())
    loop->setAttr(kParallelAttrName, b.getUnitAttr());
  result = filterLoop(result, mainRows, f, f - mainRows);
  return tensor::ExpandShapeOp::create(b, loc, RankedTensorType::get(out, i8),
                                       result, {{0, 1}, {2}, {3}})
      .getResult();
}

} // namespace sparrow
