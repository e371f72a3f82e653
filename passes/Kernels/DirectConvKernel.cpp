//===- DirectConvKernel.cpp - Vectorised direct convolution ---------------===//
//
// A depthwise conv (one filter per channel), or a dense conv over few input
// channels (a network's first layer, 3 x 3 over RGB), computes each output
// row as a sum of shifted input rows: kh x kw taps per input channel. The
// kernel walks output channels and rows and keeps a few vectors of `width`
// output pixels in registers while the taps accumulate into them; with
// stride s it loads s x width input pixels and keeps every s-th.
//
// The input is read in place, never copied into a padded buffer: rows and
// columns whose window reaches into the padding are split off at compile
// time (a layer's shape is static) and computed with only the taps that
// fall inside the image, so the interior runs without any bounds check.
// Bias and activation are applied before the store.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {
namespace {

// Rounding toward -inf and +inf (numerators may be negative).
int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
int64_t ceilDiv(int64_t a, int64_t b) { return -floorDiv(-a, b); }

struct DirectConvEmitter {
  OpBuilder &b;
  Location loc;
  // [C, H, W] (unpadded), [F, Cin * KH * KW], [F] or null; Cin = 1
  // (depthwise: output channel f reads input channel f) or C (dense).
  Value in, w, bias;
  ActivationAttr act;
  const KernelConfig &config;
  int64_t kh, kw, strideH, strideW, dilH, dilW, padTop, padLeft, height, width;
  bool depthwise;
  int64_t inChannels;
  // Output channels computed together (a dense conv loads each input
  // vector once for all of them) and pixel vectors per channel in a
  // column group: ocBlock x groupVectors accumulators.
  int64_t ocBlock, groupVectors;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value affine(Value x, int64_t mul, int64_t c) {
    Value r =
        mul == 1 ? x : arith::MulIOp::create(b, loc, x, idx(mul)).getResult();
    return c ? arith::AddIOp::create(b, loc, r, idx(c)).getResult() : r;
  }

  /// Window rows of output row oh that fall inside the image.
  SmallVector<int64_t> rowTaps(std::optional<int64_t> oh) {
    SmallVector<int64_t> taps;
    for (int64_t i = 0; i < kh; ++i) {
      int64_t r = oh ? *oh * strideH - padTop + i * dilH : 0;
      if (!oh || (r >= 0 && r < height))
        taps.push_back(i);
    }
    return taps;
  }

  /// `count` adjacent vectors of `vw` output pixels of channels c to
  /// c + ocBlock - 1, row oh, from column ow0: independent accumulators
  /// (so the multiply-add chains overlap); a channel's vectors share each
  /// tap's broadcast weight, the channels each tap's input vectors. With
  /// `staticCol` (one pixel at a known column) taps outside the image are
  /// left out; otherwise every tap must be inside.
  Value vectorsAt(Value out, Value c, Value oh, ArrayRef<int64_t> taps,
                  Value ow0, std::optional<int64_t> staticCol, int64_t vw,
                  int64_t count) {
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({vw}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    SmallVector<Value> accs; // [ocBlock][count]
    for (int64_t o = 0; o < ocBlock; ++o) {
      Value start = bias ? tensor::ExtractOp::create(
                               b, loc, bias, ValueRange{affine(c, 1, o)})
                               .getResult()
                         : zero;
      accs.append(count, vector::BroadcastOp::create(b, loc, vecType, start));
    }
    // One input channel's taps; a dense conv loops over its channels
    // (the taps of all of them unrolled made the first layer half the
    // model's IR, and compile time follows).
    // One window row's taps: input row `row`, weights from `wRow` (the
    // row's first tap).
    auto windowRow = [&](Value inCh, Value row, Value wRow,
                         SmallVector<Value> &accs) {
      for (int64_t j = 0; j < kw; ++j) {
        int64_t colOffset = j * dilW - padLeft;
        if (staticCol && (*staticCol * strideW + colOffset < 0 ||
                          *staticCol * strideW + colOffset >= width))
          continue;
        SmallVector<Value> xs;
        for (int64_t v = 0; v < count; ++v)
          xs.push_back(load(inCh, row,
                            affine(ow0, strideW, colOffset + v * vw * strideW),
                            vw));
        for (int64_t o = 0; o < ocBlock; ++o) {
          Value wt = tensor::ExtractOp::create(
              b, loc, w, ValueRange{affine(c, 1, o), affine(wRow, 1, j)});
          Value wb = vector::BroadcastOp::create(b, loc, vecType, wt);
          for (int64_t v = 0; v < count; ++v)
            accs[o * count + v] =
                multiplyAdd(b, loc, wb, xs[v], accs[o * count + v], config);
        }
      }
    };
    // One input channel's taps. Windows of more than 3 rows (ConvNeXt's
    // 7 x 7) loop over their rows: 49 taps unrolled into every border
    // copy made One-Shot Bufferize the larger part of ConvNeXt-T's compile.
    auto channelTaps = [&](Value inCh, Value tap0, SmallVector<Value> &accs) {
      if (taps.size() <= 3) {
        for (int64_t i : taps)
          windowRow(inCh, affine(oh, strideH, i * dilH - padTop),
                    affine(tap0, 1, i * kw), accs);
        return;
      }
      auto loop = scf::ForOp::create(
          b, loc, idx(taps.front()), idx(taps.back() + 1), idx(1), accs,
          [&](OpBuilder &nb, Location, Value i, ValueRange it) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            SmallVector<Value> sums(it);
            Value row = arith::AddIOp::create(
                b, loc, affine(oh, strideH, -padTop), affine(i, dilH, 0));
            Value wRow = arith::AddIOp::create(b, loc, tap0, affine(i, kw, 0));
            windowRow(inCh, row, wRow, sums);
            scf::YieldOp::create(b, loc, sums);
          });
      accs.assign(loop.getResults().begin(), loop.getResults().end());
    };
    if (depthwise) {
      channelTaps(c, idx(0), accs);
    } else {
      auto loop = scf::ForOp::create(
          b, loc, idx(0), idx(inChannels), idx(1), accs,
          [&](OpBuilder &nb, Location, Value ci, ValueRange it) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            SmallVector<Value> sums(it);
            channelTaps(ci, affine(ci, kh * kw, 0), sums);
            scf::YieldOp::create(b, loc, sums);
          });
      accs.assign(loop.getResults().begin(), loop.getResults().end());
    }
    for (int64_t o = 0; o < ocBlock; ++o)
      for (int64_t v = 0; v < count; ++v) {
        Value acc = accs[o * count + v];
        if (act)
          acc = applyActivation(b, loc, acc, act);
        out = vector::TransferWriteOp::create(
                  b, loc, acc, out,
                  ValueRange{affine(c, 1, o), oh, affine(ow0, 1, v * vw)},
                  ArrayRef<bool>{true})
                  .getResult();
      }
    return out;
  }

  /// `vw` input pixels every strideW-th from (ch, row, col). Strided
  /// loads read vw x strideW pixels (whole SIMD registers, one shuffle;
  /// outputRow keeps them inside the row).
  Value load(Value ch, Value row, Value col, int64_t vw) {
    auto f32 = b.getF32Type();
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    if (strideW == 1 || vw == 1)
      return vector::TransferReadOp::create(b, loc, VectorType::get({vw}, f32),
                                            in, ValueRange{ch, row, col}, zero,
                                            ArrayRef<bool>{true});
    int64_t span = vw * strideW;
    Value v = vector::TransferReadOp::create(
        b, loc, VectorType::get({span}, f32), in, ValueRange{ch, row, col},
        zero, ArrayRef<bool>{true});
    SmallVector<int64_t> lanes;
    for (int64_t l = 0; l < vw; ++l)
      lanes.push_back(l * strideW);
    return vector::ShuffleOp::create(b, loc, v, v, lanes);
  }

  /// Loop over columns [from, to) in steps of `count` x `vw`.
  Value columns(Value out, Value c, Value oh, ArrayRef<int64_t> taps,
                int64_t from, int64_t to, int64_t vw, int64_t count) {
    return tileLoop(
        b, loc, from, to, vw * count, out, [&](Value ow0, Value it) {
          return vectorsAt(it, c, oh, taps, ow0, std::nullopt, vw, count);
        });
  }

  /// One output row. Columns whose window leaves the image (the first
  /// ceil(padLeft / strideW), and from the first whose widest load of
  /// vw x strideW pixels would pass the right edge) are single pixels with
  /// their inside taps; the
  /// rest go in groups of groupVectors vectors, then single vectors of halving
  /// widths down to 4 lanes (so 14- and 7-pixel rows still use SIMD with
  /// 16-lane AVX-512), then single pixels.
  Value outputRow(Value out, Value c, Value oh, ArrayRef<int64_t> taps,
                  int64_t ow) {
    int64_t lo = std::min(ceilDiv(padLeft, strideW), ow);
    int64_t hi = std::clamp(
        floorDiv(width + padLeft - (kw - 1) * dilW - (strideW - 1), strideW),
        lo, ow);
    auto pixels = [&](int64_t from, int64_t to) {
      for (int64_t col = from; col < to; ++col)
        out = vectorsAt(out, c, oh, taps, idx(col), col, 1, 1);
    };
    pixels(0, lo);
    int64_t done = lo;
    auto run = [&](int64_t vw, int64_t count) {
      int64_t step = vw * count;
      int64_t end = done + (hi - done) / step * step;
      out = columns(out, c, oh, taps, done, end, vw, count);
      done = end;
    };
    run(config.width, groupVectors);
    for (int64_t vw = config.width; vw >= 4; vw /= 2)
      run(vw, 1);
    // Inside pixels left over: one loop body rather than a copy each.
    if (hi - done > 1)
      run(1, 1);
    pixels(done, ow);
    return out;
  }

  /// Every output row of channel c: rows whose window leaves the image at
  /// the top or bottom one by one with their inside taps, the others in a
  /// loop with all taps.
  Value channel(Value out, Value c, int64_t oh, int64_t ow) {
    int64_t lo = std::min(ceilDiv(padTop, strideH), oh);
    int64_t hi = std::clamp(
        floorDiv(height - 1 + padTop - (kh - 1) * dilH, strideH) + 1, lo, oh);
    for (int64_t r = 0; r < lo; ++r)
      out = outputRow(out, c, idx(r), rowTaps(r), ow);
    if (hi > lo) {
      SmallVector<int64_t> all = rowTaps(std::nullopt);
      auto rows = scf::ForOp::create(
          b, loc, idx(lo), idx(hi), idx(1), ValueRange{out},
          [&](OpBuilder &nb, Location, Value row, ValueRange it) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            scf::YieldOp::create(b, loc, outputRow(it[0], c, row, all, ow));
          });
      out = rows.getResult(0);
    }
    for (int64_t r = hi; r < oh; ++r)
      out = outputRow(out, c, idx(r), rowTaps(r), ow);
    return out;
  }
};

} // namespace

FailureOr<Value>
emitDirectConv(OpBuilder &b, Location loc, Value input, Value filter,
               Value bias, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
               ArrayRef<int64_t> dilations, ActivationAttr act,
               RankedTensorType resultType, const KernelConfig &config) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  ArrayRef<int64_t> out = resultType.getShape();
  bool depthwise = w[0] == in[1] && w[1] == 1;
  bool fewInputs = w[1] == in[1] && in[1] <= config.maxDirectInputChannels;
  if (in[0] != 1 || (!depthwise && !fewInputs))
    return failure();
  int64_t c = in[1], f = w[0], oh = out[2], ow = out[3];
  auto f32 = b.getF32Type();
  Value in3 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, in[2], in[3]}, f32), input,
      {{0, 1}, {2}, {3}});
  Value w2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, w[1] * w[2] * w[3]}, f32), filter,
      {{0}, {1, 2, 3}});
  DirectConvEmitter e{b,
                      loc,
                      in3,
                      w2,
                      bias,
                      act,
                      config,
                      w[2],
                      w[3],
                      strides[0],
                      strides[1],
                      dilations[0],
                      dilations[1],
                      pads[0],
                      pads[1],
                      in[2],
                      in[3],
                      depthwise,
                      depthwise ? 1 : c,
                      /*ocBlock=*/1,
                      /*groupVectors=*/4};
  // A dense conv takes eight output channels at a time with one vector
  // each (or four with two): the same eight accumulators as a depthwise
  // column group, but each (shuffled, for stride 2) input vector serves
  // all the block's channels. MobileNet-v1's first layer in V8: 8 x 1 is
  // 1.6x faster than channel by channel, 4 x 2 1.45x.
  if (!depthwise && f % 4 == 0) {
    e.ocBlock = f % 8 == 0 ? 8 : 4;
    e.groupVectors = f % 8 == 0 ? 1 : 2;
  }
  Value result = emptyTensor(b, loc, {f, oh, ow});
  auto channels = scf::ForOp::create(
      b, loc, e.idx(0), e.idx(f), e.idx(e.ocBlock), ValueRange{result},
      [&](OpBuilder &nb, Location, Value ch, ValueRange it) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        scf::YieldOp::create(b, loc, e.channel(it[0], ch, oh, ow));
      });
  channels->setAttr(kParallelAttrName, b.getUnitAttr());
  return tensor::ExpandShapeOp::create(
             b, loc, resultType, channels.getResult(0), {{0, 1}, {2}, {3}})
      .getResult();
}

} // namespace sparrow
