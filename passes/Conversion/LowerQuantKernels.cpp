//===- LowerQuantKernels.cpp - sparrow.qconv2d and qmatmul to linalg -----===//
//
// Reference loop nests with i32 accumulation: the conv is LowerConv.cpp's
// grouped generic (input padded with its zero point, so padding adds
// nothing), the matmul one generic with broadcast batch dims. Each ends in
// a requantizing generic when the result is 8-bit.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/KernelSelection.h"
#include "passes/Kernels/Kernels.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {

/// Per-slice i32 zero points of `p` for `n` slices.
SmallVector<int32_t> zeroPoints(const QuantParams &p, int64_t n) {
  SmallVector<int32_t> z;
  for (int64_t i = 0; i < n; ++i)
    z.push_back(p.zeroPoint(i));
  return z;
}

struct LowerQConv2D : OpConversionPattern<QConv2DOp> {
  LowerQConv2D(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}
  KernelConfig config;

  /// The vector kernels for pointwise, depthwise and first-layer convs with
  /// constant weights.
  FailureOr<Value> emitKernel(QConv2DOp op, OpAdaptor adaptor,
                              ConversionPatternRewriter &rewriter) const {
    KernelAttr choice = op->getAttrOfType<KernelAttr>(KernelAttr::kAttrName);
    if (!choice || choice.getKind() == KernelKind::loops || config.width < 1)
      return failure();
    auto weights = getStoredConstant(op.getFilter());
    std::optional<SmallVector<int64_t>> bias;
    if (op.getBias() && !(bias = getStoredConstant(op.getBias())))
      return failure();
    if (!weights)
      return failure();
    SmallVector<int32_t> bias32;
    if (bias)
      bias32.assign(bias->begin(), bias->end());
    QuantParams px = *getQuantParams(op.getInput().getType());
    QuantParams pw = *getQuantParams(op.getFilter().getType());
    QuantParams py = *getQuantParams(op.getType());
    KernelConfig tiled = withTile(config, choice);
    if (choice.getKind() == KernelKind::int8_pointwise && choice.getSparse())
      return emitQuantSparsePointwiseConv(
          rewriter, op.getLoc(), adaptor.getInput(), px, *weights, pw, bias32,
          py, op.getActivationAttr(), storageTensor(op.getType()), tiled);
    if (choice.getKind() == KernelKind::int8_pointwise)
      return emitQuantPointwiseConv(
          rewriter, op.getLoc(), adaptor.getInput(), px, *weights, pw, bias32,
          py, op.getActivationAttr(), storageTensor(op.getType()), tiled);
    return emitQuantDirectConv(rewriter, op.getLoc(), adaptor.getInput(), px,
                               *weights, op.getFilter().getType().getShape(),
                               pw, bias32, py, op.getActivationAttr(),
                               op.getStrides(), op.getPads(), op.getDilations(),
                               storageTensor(op.getType()), config);
  }

  LogicalResult
  matchAndRewrite(QConv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (FailureOr<Value> kernel = emitKernel(op, adaptor, rewriter);
        succeeded(kernel)) {
      rewriter.replaceOp(op, *kernel);
      return success();
    }
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    QuantParams px = *getQuantParams(op.getInput().getType());
    QuantParams pw = *getQuantParams(op.getFilter().getType());
    QuantParams py = *getQuantParams(op.getType());
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> w = op.getFilter().getType().getShape();
    ArrayRef<int64_t> out = op.getType().getShape();
    ArrayRef<int64_t> pads = op.getPads(), strides = op.getStrides(),
                      dil = op.getDilations();
    int64_t g = op.getGroups(), n = in[0], cg = w[1], fg = w[0] / g;
    Type i32 = rewriter.getI32Type();

    Value xzp = arith::ConstantOp::create(
        rewriter, loc,
        rewriter.getIntegerAttr(rewriter.getIntegerType(px.bits),
                                px.zeroPoints[0]));
    Value input =
        padTensor(rewriter, loc, adaptor.getInput(), {0, 0, pads[0], pads[1]},
                  {0, 0, pads[2], pads[3]}, xzp);
    auto padded = cast<RankedTensorType>(input.getType());
    input = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(
            {n, g, cg, padded.getDimSize(2), padded.getDimSize(3)},
            padded.getElementType()),
        input, {{0}, {1, 2}, {3}, {4}});
    Value filter = tensor::ExpandShapeOp::create(
        rewriter, loc,
        RankedTensorType::get(
            {g, fg, cg, w[2], w[3]},
            storageTensor(op.getFilter().getType()).getElementType()),
        adaptor.getFilter(), {{0, 1}, {2}, {3}, {4}});
    Value wzp = table(rewriter, loc, {g, fg}, zeroPoints(pw, w[0]));

    // Accumulators start at the bias (or zero).
    SmallVector<int64_t> out5 = {n, g, fg, out[2], out[3]};
    Value init = zeroI32Tensor(rewriter, loc, out5);
    if (Value bias = adaptor.getBias()) {
      Value b2 = tensor::ExpandShapeOp::create(
          rewriter, loc, RankedTensorType::get({g, fg}, i32), bias, {{0, 1}});
      AffineMap id = rewriter.getMultiDimIdentityMap(5);
      AffineMap bmap = AffineMap::get(
          5, 0, {rewriter.getAffineDimExpr(1), rewriter.getAffineDimExpr(2)},
          ctx);
      init = buildGeneric(
          rewriter, loc, init, b2, {bmap, id}, SmallVector<IT>(5, IT::parallel),
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }

    GroupedConvLoops loops(ctx, strides, dil);
    // Filter zero points per (g, f).
    AffineMap zpMap = AffineMap::get(
        8, 0, {getAffineDimExpr(1, ctx), getAffineDimExpr(2, ctx)}, ctx);
    Value acc = buildGeneric(
        rewriter, loc, init, ValueRange{input, filter, wzp},
        {loops.input, loops.filter, zpMap, loops.output}, loops.iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          return multiplyAccumulate(b, l, args[0], args[1], args[2], args[3],
                                    px, pw);
        });
    acc = tensor::CollapseShapeOp::create(rewriter, loc,
                                          RankedTensorType::get(out, i32), acc,
                                          {{0}, {1, 2}, {3}, {4}});
    rewriter.replaceOp(op, requantize(rewriter, loc, acc, op.getType(),
                                      requantScales(px, pw, py), 1,
                                      op.getActivationAttr()));
    return success();
  }
};

struct LowerQMatMul : OpConversionPattern<QMatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QMatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = getContext();
    QuantParams pa = *getQuantParams(op.getLhs().getType());
    QuantParams pb = *getQuantParams(op.getRhs().getType());
    QuantParams py = *getQuantParams(op.getType());
    ArrayRef<int64_t> a = op.getLhs().getType().getShape();
    ArrayRef<int64_t> bShape = op.getRhs().getType().getShape();
    ArrayRef<int64_t> out = op.getType().getShape();
    unsigned rank = out.size(), loops = rank + 1, batch = rank - 2;
    int64_t cols = bShape.back();

    // Loops (batch..., m, n, k); operand batch dims align at the right and
    // broadcast where they are 1.
    auto operandMap = [&](ArrayRef<int64_t> shape, AffineExpr row,
                          AffineExpr col) {
      SmallVector<AffineExpr> e;
      size_t own = shape.size() - 2, lead = batch - own;
      for (size_t i = 0; i < own; ++i)
        e.push_back(shape[i] == 1 && out[i + lead] != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(i + lead, ctx));
      e.append({row, col});
      return AffineMap::get(loops, 0, e, ctx);
    };
    AffineExpr m = getAffineDimExpr(rank - 2, ctx),
               nDim = getAffineDimExpr(rank - 1, ctx),
               k = getAffineDimExpr(rank, ctx);
    SmallVector<AffineExpr> outE;
    for (unsigned i = 0; i < rank; ++i)
      outE.push_back(getAffineDimExpr(i, ctx));
    SmallVector<IT> iters(rank, IT::parallel);
    iters.push_back(IT::reduction);
    Value bzp = table(rewriter, loc, {cols}, zeroPoints(pb, cols));
    Value acc =
        buildGeneric(rewriter, loc, zeroI32Tensor(rewriter, loc, out),
                     ValueRange{adaptor.getLhs(), adaptor.getRhs(), bzp},
                     {operandMap(a, m, k), operandMap(bShape, k, nDim),
                      AffineMap::get(loops, 0, nDim, ctx),
                      AffineMap::get(loops, 0, outE, ctx)},
                     iters, [&](OpBuilder &b, Location l, ValueRange args) {
                       return multiplyAccumulate(b, l, args[0], args[1],
                                                 args[2], args[3], pa, pb);
                     });
    rewriter.replaceOp(op, requantize(rewriter, loc, acc, op.getType(),
                                      requantScales(pa, pb, py), rank - 1));
    return success();
  }
};

} // namespace

std::optional<SmallVector<int64_t>> sparrow::getStoredConstant(Value v) {
  auto cast = v.getDefiningOp<StorageCastOp>();
  DenseIntElementsAttr data;
  if (!cast || !matchPattern(cast.getInput(), m_Constant(&data)))
    return std::nullopt;
  bool isSigned = getQuantParams(v.getType())->isSigned;
  SmallVector<int64_t> values;
  values.reserve(data.getNumElements());
  for (const APInt &x : data.getValues<APInt>())
    values.push_back(isSigned ? x.getSExtValue() : int64_t(x.getZExtValue()));
  return values;
}

void sparrow::populateQuantKernelPatterns(RewritePatternSet &patterns,
                                          const KernelConfig &config) {
  patterns.add<LowerQConv2D>(patterns.getContext(), config);
  patterns.add<LowerQMatMul>(patterns.getContext());
}
