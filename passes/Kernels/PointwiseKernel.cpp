//===- PointwiseKernel.cpp - Register-tiled 1x1 convolution ---------------===//
//
// Pointwise convs are most of a mobile CNN's work. In NCHW they are a
// product W[F x C] * X[C x P] over the P pixels: ProductTiles with one tap.
// Constant weights are packed at compile time as [F / rows][C][rows], so
// one vector load brings a step's `rows` weights (NEON then multiplies by
// lane: fmla v.4s, v.4s, w.s[r]).
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/ProductTiles.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {

/// A constant image read by single-row tiles only (a batch-1 Gemm's
/// weights, see LowerMatMul.cpp): each tile would read its T pixels from C
/// rows far apart, which defeats the prefetchers; laid out tile by tile it
/// is one contiguous run per tile.
static void tileConstantImage(ProductTiles &e, ArrayRef<float> image, int64_t c,
                              int64_t p) {
  OpBuilder &b = e.b;
  const KernelConfig &config = e.config;
  auto f32 = b.getF32Type();
  int64_t t = config.rows * config.vectors * config.width;
  int64_t tiles = p / t, rest = p - tiles * t;
  SmallVector<float> tiled(tiles * c * t), tail(c * rest);
  for (int64_t k = 0; k < c; ++k)
    for (int64_t j = 0; j < p; ++j) {
      float v = image[k * p + j];
      if (j < tiles * t)
        tiled[((j / t) * c + k) * t + j % t] = v;
      else
        tail[k * rest + j - tiles * t] = v;
    }
  e.inTiles =
      createF32Constant(b, e.loc, RankedTensorType::get({tiles, c, t}, f32),
                        tiled, "image_tiles");
  e.tiledPixels = tiles * t;
  if (rest)
    e.inTail = createF32Constant(
        b, e.loc, RankedTensorType::get({c, rest}, f32), tail, "image_tail");
}

FailureOr<Value> emitPointwiseConv(OpBuilder &b, Location loc, Value input,
                                   Value filter, Value bias, Value residual,
                                   ActivationAttr act,
                                   RankedTensorType resultType,
                                   const KernelConfig &config, bool sparse) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> wShape =
      cast<RankedTensorType>(filter.getType()).getShape();
  if (in[0] != 1 || wShape[2] != 1 || wShape[3] != 1 || wShape[1] != in[1])
    return failure();
  int64_t c = in[1], f = wShape[0], p = in[2] * in[3];
  auto f32 = b.getF32Type();
  ProductTiles e(b, loc, config);
  e.in = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, p}, f32), input, {{0, 1}, {2, 3}});
  e.w = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, c}, f32), filter, {{0}, {1, 2, 3}});
  e.bias = bias;
  if (residual)
    e.residual = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({f, p}, f32), residual, {{0, 1}, {2, 3}});
  e.act = act;
  e.channels = c;
  std::optional<SmallVector<float>> values = getConstantF32(filter);
  bool sparseTables = sparse && values && e.buildSparseTables(*values, f, p);
  if (values && config.packWeights && !sparseTables)
    e.packWeights(*values, f);
  int64_t tilePixelsSingle = config.rows * config.vectors * config.width;
  if (f < config.rows && !sparseTables && p >= tilePixelsSingle)
    if (std::optional<SmallVector<float>> image = getConstantF32(input))
      tileConstantImage(e, *image, c, p);
  return tensor::ExpandShapeOp::create(b, loc, resultType, e.emit(f, p),
                                       {{0, 1}, {2, 3}})
      .getResult();
}

} // namespace sparrow
