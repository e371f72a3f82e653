//===- WindowConvKernel.cpp - Register-tiled KxK convolution --------------===//
//
// A KxK conv (any stride, dilation, padding, groups) as ProductTiles over
// the zero-padded input laid out as rows: output pixel (oh, ow) is computed
// at position q = oh * Wq + ow of a row Wq pixels wide, and tap (kh, kw)
// reads the padded input at q plus a constant offset, so a step is one
// contiguous vector load per tile vector whatever the window. Positions
// with ow >= OW (the window's overhang, (KW - 1) x dilation / stride
// columns) are computed and cropped.
//
// Stride s is undone before the product: the padded image is split into
// its s x s phases (rows i * s + ph, columns j * s + pw), each a plane of
// Hq x Wq, and tap (kh, kw) reads plane ((kh d) mod s, (kw d) mod s) at
// offset ((kh d) / s) Wq + (kw d) / s. Padding and phase split are one copy
// of the input, small beside the C x KH x KW multiply-adds per output.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/ProductTiles.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {

WindowLayout WindowLayout::get(ArrayRef<int64_t> in, ArrayRef<int64_t> w,
                               ArrayRef<int64_t> out, ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> pads,
                               ArrayRef<int64_t> dilations,
                               int64_t positionStep) {
  WindowLayout l;
  l.strideH = strides[0];
  l.strideW = strides[1];
  l.width = out[3] + (w[3] - 1) * dilations[1] / l.strideW;
  // Whole tiles of positions (no scalar tail; the extra ones are cropped),
  // and one more row: the last row's overhang reads into it.
  l.positions =
      (out[2] * l.width + positionStep - 1) / positionStep * positionStep;
  int64_t extraRows = (l.positions - out[2] * l.width + l.width - 1) / l.width;
  l.height = out[2] + (w[2] - 1) * dilations[0] / l.strideH + 1 + extraRows;
  l.planeSize = l.height * l.width;
  for (int64_t kh = 0; kh < w[2]; ++kh)
    for (int64_t kw = 0; kw < w[3]; ++kw) {
      int64_t ah = kh * dilations[0], aw = kw * dilations[1];
      int64_t plane = (ah % l.strideH) * l.strideW + aw % l.strideW;
      l.taps.push_back(plane * l.planeSize + ah / l.strideH * l.width +
                       aw / l.strideW);
    }
  return l;
}

/// The input [1, C, H, W] padded and split into phases: [C, sh sw Hq Wq].
static Value phasePlanes(OpBuilder &b, Location loc, Value input,
                         const WindowLayout &l, ArrayRef<int64_t> pads) {
  auto type = cast<RankedTensorType>(input.getType());
  ArrayRef<int64_t> in = type.getShape();
  int64_t c = in[1], sh = l.strideH, sw = l.strideW;
  int64_t fullH = l.height * sh, fullW = l.width * sw;
  // Rows and columns past the last window are never read.
  int64_t keepH = std::min(in[2], fullH - pads[0]);
  int64_t keepW = std::min(in[3], fullW - pads[1]);
  if (keepH != in[2] || keepW != in[3])
    input = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({1, c, keepH, keepW}, b.getF32Type()),
        input, ValueRange{}, ValueRange{}, ValueRange{},
        b.getDenseI64ArrayAttr({0, 0, 0, 0}),
        b.getDenseI64ArrayAttr({1, c, keepH, keepW}),
        b.getDenseI64ArrayAttr({1, 1, 1, 1}));
  Value padded =
      padTensor(b, loc, input, {0, 0, pads[0], pads[1]},
                {0, 0, fullH - pads[0] - keepH, fullW - pads[1] - keepW}, 0.0);
  auto f32 = b.getF32Type();
  int64_t total = sh * sw * l.planeSize;
  if (sh == 1 && sw == 1)
    return tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({c, total}, f32), padded,
        {{0, 1}, {2, 3}});
  Value split = reshapeTensor(b, loc, padded, {c, l.height, sh, l.width, sw});
  // [C, Hq, sh, Wq, sw] -> [C, sh, sw, Hq, Wq]
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  AffineMap read = AffineMap::get(5, 0, {d(0), d(3), d(1), d(4), d(2)}, ctx);
  Value phases = buildGeneric(
      b, loc, emptyTensor(b, loc, {c, sh, sw, l.height, l.width}), split,
      {read, b.getMultiDimIdentityMap(5)},
      SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  return tensor::CollapseShapeOp::create(b, loc,
                                         RankedTensorType::get({c, total}, f32),
                                         phases, {{0}, {1, 2, 3, 4}});
}

FailureOr<Value> emitWindowConv(OpBuilder &b, Location loc, Value input,
                                Value filter, Value bias, Value residual,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations, int64_t groups,
                                ActivationAttr act, RankedTensorType resultType,
                                const KernelConfig &config, bool sparse) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  ArrayRef<int64_t> out = resultType.getShape();
  int64_t f = w[0], cg = w[1], fg = f / groups;
  if (in[0] != 1 || cg * groups != in[1] || f % groups)
    return failure();
  // A tile never spans groups; sparrow-select-kernels picks one that fits
  // (one group: leftover rows take single-row tiles).
  if (groups > 1 && fg % config.rows)
    return failure();
  const KernelConfig &tiled = config;
  WindowLayout layout = WindowLayout::get(in, w, out, strides, pads, dilations,
                                          tiled.vectors * tiled.width);
  auto f32 = b.getF32Type();
  int64_t numTaps = w[2] * w[3], rows = out[2] * layout.width;
  int64_t p = layout.positions;
  ProductTiles e(b, loc, tiled);
  e.in = phasePlanes(b, loc, input, layout, pads);
  e.w = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, cg * numTaps}, f32), filter,
      {{0}, {1, 2, 3}});
  e.bias = bias;
  e.act = act;
  e.channels = cg;
  e.taps = layout.taps;
  e.groupRows = groups > 1 ? fg : 0;
  // A residual in the same rows-of-Wq layout as the output.
  if (residual) {
    Value wide = padTensor(b, loc, residual, {0, 0, 0, 0},
                           {0, 0, 0, layout.width - out[3]}, 0.0);
    e.residual = padTensor(b, loc,
                           tensor::CollapseShapeOp::create(
                               b, loc, RankedTensorType::get({f, rows}, f32),
                               wide, {{0, 1}, {2, 3}}),
                           {0, 0}, {0, p - rows}, 0.0);
  }
  int64_t rowLength = cast<RankedTensorType>(e.in.getType()).getShape()[1];
  std::optional<SmallVector<float>> values = getConstantF32(filter);
  bool sparseTables =
      sparse && values && e.buildSparseTables(*values, f, rowLength);
  if (values && tiled.packWeights && !sparseTables)
    e.packWeights(*values, f);
  if (!sparseTables && numTaps > 1 &&
      (tiled.tapSteps || numTaps > tiled.maxUnrolledTaps))
    (void)e.buildStepTable(rowLength);
  auto slice = [&](Value t, ArrayRef<int64_t> shape) -> Value {
    if (cast<RankedTensorType>(t.getType()).getShape() == shape)
      return t;
    SmallVector<int64_t> zeros(shape.size(), 0), ones(shape.size(), 1);
    return tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get(shape, f32), t, ValueRange{},
        ValueRange{}, ValueRange{}, b.getDenseI64ArrayAttr(zeros),
        b.getDenseI64ArrayAttr(shape), b.getDenseI64ArrayAttr(ones));
  };
  Value wide = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({1, f, out[2], layout.width}, f32),
      slice(e.emit(f, p), {f, rows}), {{0, 1}, {2, 3}});
  return slice(wide, out);
}

} // namespace sparrow
