//===- DepthwiseKernel.cpp - Vectorised depthwise convolution -------------===//
//
// A depthwise conv (one filter per channel) computes each output row as a
// sum of kh x kw shifted input rows. The kernel walks channels and output
// rows and keeps a vector of `width` output pixels in a register while the
// window's taps accumulate into it; with stride s it loads s x width input
// pixels and keeps every s-th (the input is padded on the right so the
// wide load stays in bounds). Bias and activation are applied before the
// store; leftover pixels use one-pixel vectors.
//
//===----------------------------------------------------------------------===//

#include "passes/Lowering/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {
namespace {

struct DepthwiseEmitter {
  OpBuilder &b;
  Location loc;
  Value in, w, bias; // [C, Hp, Wp], [C, KH * KW], [C] or null
  ActivationAttr act;
  const KernelTiling &tiling;
  int64_t kh, kw, strideH, strideW, dilH, dilW;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value affine(Value x, int64_t mul, Value add, int64_t c) {
    Value r =
        mul == 1 ? x : arith::MulIOp::create(b, loc, x, idx(mul)).getResult();
    if (add)
      r = arith::AddIOp::create(b, loc, r, add);
    return c ? arith::AddIOp::create(b, loc, r, idx(c)).getResult() : r;
  }

  /// `width` output pixels of channel c, row oh, starting at column ow0.
  Value vectorAt(Value out, Value c, Value oh, Value ow0, int64_t width) {
    auto f32 = b.getF32Type();
    auto vecType = VectorType::get({width}, f32);
    Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    Value start =
        bias
            ? tensor::ExtractOp::create(b, loc, bias, ValueRange{c}).getResult()
            : zero;
    Value acc = vector::BroadcastOp::create(b, loc, vecType, start);
    Value rowBase = affine(oh, strideH, nullptr, 0);
    Value colBase = affine(ow0, strideW, nullptr, 0);
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j) {
        Value row = affine(rowBase, 1, nullptr, i * dilH);
        Value col = affine(colBase, 1, nullptr, j * dilW);
        Value x;
        if (strideW == 1 || width == 1) {
          x = vector::TransferReadOp::create(b, loc, vecType, in,
                                             ValueRange{c, row, col}, zero,
                                             ArrayRef<bool>{true});
        } else {
          auto wide = VectorType::get({width * strideW}, f32);
          Value v = vector::TransferReadOp::create(b, loc, wide, in,
                                                   ValueRange{c, row, col},
                                                   zero, ArrayRef<bool>{true});
          SmallVector<int64_t> lanes;
          for (int64_t l = 0; l < width; ++l)
            lanes.push_back(l * strideW);
          x = vector::ShuffleOp::create(b, loc, v, v, lanes);
        }
        Value wt = tensor::ExtractOp::create(b, loc, w,
                                             ValueRange{c, idx(i * kw + j)});
        Value wb = vector::BroadcastOp::create(b, loc, vecType, wt);
        acc = multiplyAdd(b, loc, wb, x, acc, tiling);
      }
    if (act)
      acc = applyActivation(b, loc, acc, act);
    return vector::TransferWriteOp::create(
               b, loc, acc, out, ValueRange{c, oh, ow0}, ArrayRef<bool>{true})
        .getResult();
  }

  /// Loop over columns [from, to) in steps of `width`.
  Value columns(Value out, Value c, Value oh, int64_t from, int64_t to,
                int64_t width) {
    if (to - from < width)
      return out;
    auto loop = scf::ForOp::create(
        b, loc, idx(from), idx(from + (to - from) / width * width), idx(width),
        ValueRange{out},
        [&](OpBuilder &nb, Location, Value ow0, ValueRange it) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          scf::YieldOp::create(b, loc, vectorAt(it[0], c, oh, ow0, width));
        });
    return loop.getResult(0);
  }
};

} // namespace

FailureOr<Value>
emitDepthwiseConv(OpBuilder &b, Location loc, Value input, Value filter,
                  Value bias, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                  ArrayRef<int64_t> dilations, ActivationAttr act,
                  RankedTensorType resultType, const KernelTiling &tiling) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  ArrayRef<int64_t> out = resultType.getShape();
  if (in[0] != 1 || w[0] != in[1] || w[1] != 1)
    return failure();
  int64_t c = in[1], oh = out[2], ow = out[3];
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
      b, loc, RankedTensorType::get({c, w[2] * w[3]}, f32), filter,
      {{0}, {1, 2, 3}});
  DepthwiseEmitter e{b,          loc,          in3,         w2,   bias,
                     act,        tiling,       w[2],        w[3], strides[0],
                     strides[1], dilations[0], dilations[1]};
  Value result = emptyTensor(b, loc, {c, oh, ow});
  auto channels = scf::ForOp::create(
      b, loc, e.idx(0), e.idx(c), e.idx(1), ValueRange{result},
      [&](OpBuilder &nb, Location, Value ch, ValueRange it) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        auto rows = scf::ForOp::create(
            b, loc, e.idx(0), e.idx(oh), e.idx(1), ValueRange{it[0]},
            [&](OpBuilder &nb2, Location, Value row, ValueRange it2) {
              OpBuilder::InsertionGuard guard2(b);
              b.setInsertionPoint(nb2.getInsertionBlock(),
                                  nb2.getInsertionPoint());
              int64_t mainEnd = ow / tiling.width * tiling.width;
              Value o = e.columns(it2[0], ch, row, 0, mainEnd, tiling.width);
              o = e.columns(o, ch, row, mainEnd, ow, 1);
              scf::YieldOp::create(b, loc, o);
            });
        scf::YieldOp::create(b, loc, rows.getResult(0));
      });
  channels->setAttr(kParallelAttrName, b.getUnitAttr());
  return tensor::ExpandShapeOp::create(
             b, loc, resultType, channels.getResult(0), {{0, 1}, {2}, {3}})
      .getResult();
}

} // namespace sparrow
