//===- DirectConvKernel.cpp - Vectorised direct convolution ---------------===//
//
// A depthwise conv (one filter per channel), or a dense conv over few input
// channels (a network's first layer, 3 x 3 over RGB), computes each output
// row as a sum of shifted input rows: kh x kw taps per input channel. The
// kernel walks output channels and rows and keeps a few vectors of `width`
// output pixels in registers while the taps accumulate into them; with
// stride s it loads s x width input pixels and keeps every s-th (the input
// is padded on the right so the wide load stays in bounds). Bias and
// activation are applied before the store; leftover pixels use narrower
// vectors, then single pixels.
//
//===----------------------------------------------------------------------===//

#include "passes/Lowering/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {
namespace {

struct DirectConvEmitter {
  OpBuilder &b;
  Location loc;
  // [C, Hp, Wp], [F, Cin * KH * KW], [F] or null; Cin = 1 (depthwise: output
  // channel f reads input channel f) or C (dense).
  Value in, w, bias;
  ActivationAttr act;
  const KernelTiling &tiling;
  int64_t kh, kw, strideH, strideW, dilH, dilW;
  bool depthwise;
  int64_t inChannels;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value affine(Value x, int64_t mul, Value add, int64_t c) {
    Value r =
        mul == 1 ? x : arith::MulIOp::create(b, loc, x, idx(mul)).getResult();
    if (add)
      r = arith::AddIOp::create(b, loc, r, add);
    return c ? arith::AddIOp::create(b, loc, r, idx(c)).getResult() : r;
  }

  /// `count` adjacent vectors of `width` output pixels of channel c, row oh,
  /// from column ow0: independent accumulators (so the multiply-add chains
  /// overlap) sharing each tap's broadcast weight.
  Value vectorsAt(Value out, Value c, Value oh, Value ow0, int64_t width,
                  int64_t count) {
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({width}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    Value start =
        bias
            ? tensor::ExtractOp::create(b, loc, bias, ValueRange{c}).getResult()
            : zero;
    SmallVector<Value> accs(
        count, vector::BroadcastOp::create(b, loc, vecType, start));
    Value rowBase = affine(oh, strideH, nullptr, 0);
    Value colBase = affine(ow0, strideW, nullptr, 0);
    for (int64_t ci = 0; ci < inChannels; ++ci)
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j) {
          Value inCh = depthwise ? c : idx(ci);
          Value row = affine(rowBase, 1, nullptr, i * dilH);
          Value wt = tensor::ExtractOp::create(
              b, loc, w, ValueRange{c, idx((ci * kh + i) * kw + j)});
          Value wb = vector::BroadcastOp::create(b, loc, vecType, wt);
          for (int64_t v = 0; v < count; ++v) {
            Value col =
                affine(colBase, 1, nullptr, j * dilW + v * width * strideW);
            Value x;
            if (strideW == 1 || width == 1) {
              x = vector::TransferReadOp::create(b, loc, vecType, in,
                                                 ValueRange{inCh, row, col},
                                                 zero, ArrayRef<bool>{true});
            } else {
              auto wide = VectorType::get({width * strideW}, f32);
              Value v = vector::TransferReadOp::create(
                  b, loc, wide, in, ValueRange{inCh, row, col}, zero,
                  ArrayRef<bool>{true});
              SmallVector<int64_t> lanes;
              for (int64_t l = 0; l < width; ++l)
                lanes.push_back(l * strideW);
              x = vector::ShuffleOp::create(b, loc, v, v, lanes);
            }
            accs[v] = multiplyAdd(b, loc, wb, x, accs[v], tiling);
          }
        }
    for (int64_t v = 0; v < count; ++v) {
      Value acc = act ? applyActivation(b, loc, accs[v], act) : accs[v];
      out = vector::TransferWriteOp::create(
                b, loc, acc, out,
                ValueRange{c, oh, affine(ow0, 1, nullptr, v * width)},
                ArrayRef<bool>{true})
                .getResult();
    }
    return out;
  }

  /// Loop over columns [from, to) in steps of `count` x `width`.
  Value columns(Value out, Value c, Value oh, int64_t from, int64_t to,
                int64_t width, int64_t count = 1) {
    int64_t step = width * count;
    if (to - from < step)
      return out;
    auto loop = scf::ForOp::create(
        b, loc, idx(from), idx(from + (to - from) / step * step), idx(step),
        ValueRange{out},
        [&](OpBuilder &nb, Location, Value ow0, ValueRange it) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          scf::YieldOp::create(b, loc,
                               vectorsAt(it[0], c, oh, ow0, width, count));
        });
    return loop.getResult(0);
  }

  /// One output row: groups of kVectors vectors, then single vectors of
  /// halving widths down to 4 lanes (narrow layers such as 14 or 7 pixels
  /// still run vectorised with 16-lane AVX-512), then single pixels.
  Value outputRow(Value out, Value c, Value oh, int64_t ow) {
    constexpr int64_t kVectors = 4;
    int64_t done = 0;
    auto run = [&](int64_t width, int64_t count) {
      int64_t step = width * count;
      int64_t end = done + (ow - done) / step * step;
      out = columns(out, c, oh, done, end, width, count);
      done = end;
    };
    run(tiling.width, kVectors);
    for (int64_t width = tiling.width; width >= 4; width /= 2)
      run(width, 1);
    run(1, 1);
    return out;
  }
};

} // namespace

FailureOr<Value>
emitDirectConv(OpBuilder &b, Location loc, Value input, Value filter,
               Value bias, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
               ArrayRef<int64_t> dilations, ActivationAttr act,
               RankedTensorType resultType, const KernelTiling &tiling) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  ArrayRef<int64_t> out = resultType.getShape();
  bool depthwise = w[0] == in[1] && w[1] == 1;
  bool fewInputs = w[1] == in[1] && in[1] <= kMaxDirectInputChannels;
  if (in[0] != 1 || (!depthwise && !fewInputs))
    return failure();
  int64_t c = in[1], f = w[0], oh = out[2], ow = out[3];
  auto f32 = b.getF32Type();
  // Extra right padding keeps the strided wide loads in bounds.
  Value padded =
      padTensor(b, loc, input, {0, 0, pads[0], pads[1]},
                {0, 0, pads[2], pads[3] + strides[1] * tiling.width}, 0.0);
  auto p = cast<RankedTensorType>(padded.getType()).getShape();
  Value in3 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, p[2], p[3]}, f32), padded,
      {{0, 1}, {2}, {3}});
  Value w2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, w[1] * w[2] * w[3]}, f32), filter,
      {{0}, {1, 2, 3}});
  DirectConvEmitter e{
      b,          loc,          in3,          w2,        bias,
      act,        tiling,       w[2],         w[3],      strides[0],
      strides[1], dilations[0], dilations[1], depthwise, depthwise ? 1 : c};
  Value result = emptyTensor(b, loc, {f, oh, ow});
  auto channels = scf::ForOp::create(
      b, loc, e.idx(0), e.idx(f), e.idx(1), ValueRange{result},
      [&](OpBuilder &nb, Location, Value ch, ValueRange it) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        auto rows = scf::ForOp::create(
            b, loc, e.idx(0), e.idx(oh), e.idx(1), ValueRange{it[0]},
            [&](OpBuilder &nb2, Location, Value row, ValueRange it2) {
              OpBuilder::InsertionGuard guard2(b);
              b.setInsertionPoint(nb2.getInsertionBlock(),
                                  nb2.getInsertionPoint());
              scf::YieldOp::create(b, loc, e.outputRow(it2[0], ch, row, ow));
            });
        scf::YieldOp::create(b, loc, rows.getResult(0));
      });
  channels->setAttr(kParallelAttrName, b.getUnitAttr());
  return tensor::ExpandShapeOp::create(
             b, loc, resultType, channels.getResult(0), {{0, 1}, {2}, {3}})
      .getResult();
}

} // namespace sparrow
