//===- LowerPooling.cpp - Pooling ops to linalg.generic -------------------===//

#include "passes/Lowering/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
/// The window geometry shared by max and average pooling.
struct Window {
  int64_t kernel[2], stride[2], dilation[2], padBefore[2], padAfter[2];
  int64_t in[2], out[2];

  /// Padding after the input that the last window actually reads.
  int64_t readPadAfter(int i) const {
    int64_t end = (out[i] - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1;
    return std::max<int64_t>(0, end - in[i] - padBefore[i]);
  }
};

template <typename PoolOp>
Window windowOf(PoolOp op, ArrayRef<int64_t> dilations) {
  Window w;
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = op.getKernelShape()[i];
    w.stride[i] = op.getStrides()[i];
    w.dilation[i] = dilations[i];
    w.padBefore[i] = op.getPads()[i];
    w.padAfter[i] = op.getPads()[i + 2];
    w.in[i] = in[2 + i];
    w.out[i] = out[2 + i];
  }
  return w;
}

/// Reduces the padded input over each window with `combine` into `init`.
Value reduceWindows(OpBuilder &b, Location loc, Value padded, Value init,
                    const Window &w, BodyBuilder combine) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return b.getAffineDimExpr(i); };
  // Iteration space (n, c, kh, kw, oh, ow): output rows innermost.
  AffineMap inMap = AffineMap::get(
      6, 0,
      {d(0), d(1), d(4) * w.stride[0] + d(2) * w.dilation[0],
       d(5) * w.stride[1] + d(3) * w.dilation[1]},
      ctx);
  AffineMap outMap = AffineMap::get(6, 0, {d(0), d(1), d(4), d(5)}, ctx);
  // Linalg derives loop bounds from operand shapes; the window dims appear
  // only inside strided sums, so a shape-only operand carries their extent
  // (as upstream's pooling ops do).
  Value window = emptyTensor(b, loc, {w.kernel[0], w.kernel[1]});
  AffineMap windowMap = AffineMap::get(6, 0, {d(2), d(3)}, ctx);
  SmallVector<IT> iters = {IT::parallel,  IT::parallel, IT::reduction,
                           IT::reduction, IT::parallel, IT::parallel};
  return buildGeneric(b, loc, init, ValueRange{padded, window},
                      {inMap, windowMap, outMap}, iters,
                      [&](OpBuilder &nb, Location l, ValueRange a) {
                        return combine(nb, l, ValueRange{a[0], a[2]});
                      });
}

struct LowerMaxPool : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Window w = windowOf(op, op.getDilations());
    float lowest = -std::numeric_limits<float>::infinity();
    Value padded = padTensor(rewriter, loc, adaptor.getInput(),
                             {0, 0, w.padBefore[0], w.padBefore[1]},
                             {0, 0, w.readPadAfter(0), w.readPadAfter(1)},
                             lowest);
    Value init = filledTensor(rewriter, loc,
                              op.getOutput().getType().getShape(), lowest);
    rewriter.replaceOp(
        op, reduceWindows(rewriter, loc, padded, init, w,
                          [](OpBuilder &b, Location l, ValueRange a) {
                            return arith::MaximumFOp::create(b, l, a[0], a[1])
                                .getResult();
                          }));
    return success();
  }
};

struct LowerAveragePool : OpConversionPattern<AveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    int64_t ones[2] = {1, 1};
    Window w = windowOf(op, ones);
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    Value padded = padTensor(rewriter, loc, adaptor.getInput(),
                             {0, 0, w.padBefore[0], w.padBefore[1]},
                             {0, 0, w.readPadAfter(0), w.readPadAfter(1)}, 0.0);
    Value sums = reduceWindows(
        rewriter, loc, padded, filledTensor(rewriter, loc, out, 0.0), w,
        [](OpBuilder &b, Location l, ValueRange a) {
          return arith::AddFOp::create(b, l, a[0], a[1]).getResult();
        });

    // Each window's element count is known at compile time. Explicit pads
    // count when count_include_pad is set; the ceil_mode overhang never does.
    bool includePad = op.getCountIncludePad();
    auto covered = [&](int i, int64_t o) {
      int64_t lo = includePad ? -w.padBefore[i] : 0;
      int64_t hi = includePad ? w.in[i] + w.padAfter[i] : w.in[i];
      int64_t start = o * w.stride[i] - w.padBefore[i];
      int64_t first = std::max(start, lo);
      int64_t last = std::min(start + w.kernel[i], hi);
      return std::max<int64_t>(1, last - first);
    };
    SmallVector<float> inverse;
    for (int64_t oh = 0; oh < w.out[0]; ++oh)
      for (int64_t ow = 0; ow < w.out[1]; ++ow)
        inverse.push_back(1.0f / static_cast<float>(covered(0, oh) *
                                                    covered(1, ow)));
    auto invType =
        RankedTensorType::get({w.out[0], w.out[1]}, rewriter.getF32Type());
    Value inv = createF32Constant(rewriter, loc, invType, inverse,
                                  "avg_pool_inverse_count");
    AffineMap id = rewriter.getMultiDimIdentityMap(4);
    AffineMap spatial = AffineMap::get(
        4, 0, {rewriter.getAffineDimExpr(2), rewriter.getAffineDimExpr(3)},
        ctx);
    Value result = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, out), ValueRange{sums, inv},
        {id, spatial, id}, SmallVector<IT>(4, IT::parallel),
        [](OpBuilder &b, Location l, ValueRange a) {
          return arith::MulFOp::create(b, l, a[0], a[1]).getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct LowerGlobalAveragePool : OpConversionPattern<GlobalAveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(GlobalAveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    unsigned rank = in.size();
    int64_t count = 1;
    for (int64_t d : in.drop_front(2))
      count *= d;
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap nc = AffineMap::get(
        rank, 0, {rewriter.getAffineDimExpr(0), rewriter.getAffineDimExpr(1)},
        op.getContext());
    SmallVector<IT> iters(rank, IT::reduction);
    iters[0] = iters[1] = IT::parallel;
    Value sums = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, {in[0], in[1]}, 0.0),
        adaptor.getInput(), {id, nc}, iters,
        [](OpBuilder &b, Location l, ValueRange a) {
          return arith::AddFOp::create(b, l, a[0], a[1]).getResult();
        });
    AffineMap id2 = rewriter.getMultiDimIdentityMap(2);
    float scale = 1.0f / static_cast<float>(count);
    Value means = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, {in[0], in[1]}), sums,
        {id2, id2}, SmallVector<IT>(2, IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          return arith::MulFOp::create(b, l, a[0], f32Const(b, l, scale))
              .getResult();
        });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, means,
                                         op.getOutput().getType().getShape()));
    return success();
  }
};
} // namespace

void sparrow::populatePoolingLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerMaxPool, LowerAveragePool, LowerGlobalAveragePool>(
      patterns.getContext());
}
