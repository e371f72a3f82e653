//===- LowerPooling.cpp - Pooling ops to linalg.generic -------------------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include <algorithm>
#include <limits>

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
/// The window geometry shared by max and average pooling, per spatial dim.
struct Window {
  SmallVector<int64_t> kernel, stride, dilation, padBefore, padAfter, in, out;

  size_t rank() const { return kernel.size(); }

  /// Padding after the input that the last window actually reads.
  int64_t readPadAfter(size_t i) const {
    int64_t end = (out[i] - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1;
    return std::max<int64_t>(0, end - in[i] - padBefore[i]);
  }
  SmallVector<int64_t> lowPads() const {
    SmallVector<int64_t> p = {0, 0};
    p.append(padBefore.begin(), padBefore.end());
    return p;
  }
  SmallVector<int64_t> highPads() const {
    SmallVector<int64_t> p = {0, 0};
    for (size_t i = 0; i < rank(); ++i)
      p.push_back(readPadAfter(i));
    return p;
  }
};

template <typename PoolOp>
Window windowOf(PoolOp op, ArrayRef<int64_t> dilations) {
  Window w;
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  size_t n = in.size() - 2;
  for (size_t i = 0; i < n; ++i) {
    w.kernel.push_back(op.getKernelShape()[i]);
    w.stride.push_back(op.getStrides()[i]);
    w.dilation.push_back(dilations[i]);
    w.padBefore.push_back(op.getPads()[i]);
    w.padAfter.push_back(op.getPads()[i + n]);
    w.in.push_back(in[2 + i]);
    w.out.push_back(out[2 + i]);
  }
  return w;
}

/// Reduces the padded input over each window with `combine` into `init`.
Value reduceWindows(OpBuilder &b, Location loc, Value padded, Value init,
                    const Window &w, BodyBuilder combine) {
  MLIRContext *ctx = b.getContext();
  size_t n = w.rank();
  unsigned dims = 2 + 2 * n;
  auto d = [&](unsigned i) { return b.getAffineDimExpr(i); };
  // Iteration space (n, c, k..., o...): output rows innermost.
  SmallVector<AffineExpr> inE = {d(0), d(1)}, outE = {d(0), d(1)}, winE;
  for (size_t i = 0; i < n; ++i) {
    inE.push_back(d(2 + n + i) * w.stride[i] + d(2 + i) * w.dilation[i]);
    outE.push_back(d(2 + n + i));
    winE.push_back(d(2 + i));
  }
  // Linalg derives loop bounds from operand shapes; the window dims appear
  // only inside strided sums, so a shape-only operand carries their extent
  // (as upstream's pooling ops do).
  Value window = emptyTensor(b, loc, w.kernel);
  SmallVector<IT> iters = {IT::parallel, IT::parallel};
  iters.append(n, IT::reduction);
  iters.append(n, IT::parallel);
  return buildGeneric(b, loc, init, ValueRange{padded, window},
                      {AffineMap::get(dims, 0, inE, ctx),
                       AffineMap::get(dims, 0, winE, ctx),
                       AffineMap::get(dims, 0, outE, ctx)},
                      iters, [&](OpBuilder &nb, Location l, ValueRange a) {
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
    Value padded = padTensor(rewriter, loc, adaptor.getInput(), w.lowPads(),
                             w.highPads(), lowest);
    Value init = filledTensor(rewriter, loc,
                              op.getOutput().getType().getShape(), lowest);
    rewriter.replaceOp(
        op,
        reduceWindows(
            rewriter, loc, padded, init, w,
            [](OpBuilder &b, Location l, ValueRange a) {
              return arith::MaximumFOp::create(b, l, a[0], a[1]).getResult();
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
    size_t rank = op.getInput().getType().getRank();
    SmallVector<int64_t> ones(rank - 2, 1);
    Window w = windowOf(op, ones);
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    Value padded = padTensor(rewriter, loc, adaptor.getInput(), w.lowPads(),
                             w.highPads(), 0.0);
    Value sums = reduceWindows(
        rewriter, loc, padded, filledTensor(rewriter, loc, out, 0.0), w,
        [](OpBuilder &b, Location l, ValueRange a) {
          return arith::AddFOp::create(b, l, a[0], a[1]).getResult();
        });

    // Each window's element count is known at compile time. Explicit pads
    // count when count_include_pad is set; the ceil_mode overhang never does.
    bool includePad = op.getCountIncludePad();
    auto covered = [&](size_t i, int64_t o) {
      int64_t lo = includePad ? -w.padBefore[i] : 0;
      int64_t hi = includePad ? w.in[i] + w.padAfter[i] : w.in[i];
      int64_t start = o * w.stride[i] - w.padBefore[i];
      int64_t first = std::max(start, lo);
      int64_t last = std::min(start + w.kernel[i], hi);
      return std::max<int64_t>(1, last - first);
    };
    SmallVector<float> inverse;
    SmallVector<int64_t> pos(w.rank(), 0);
    int64_t total = 1;
    for (int64_t o : w.out)
      total *= o;
    for (int64_t k = 0; k < total; ++k) {
      int64_t count = 1;
      for (size_t i = 0; i < w.rank(); ++i)
        count *= covered(i, pos[i]);
      inverse.push_back(1.0f / static_cast<float>(count));
      for (int64_t i = w.rank() - 1; i >= 0; --i) {
        if (++pos[i] < w.out[i])
          break;
        pos[i] = 0;
      }
    }
    auto invType = RankedTensorType::get(w.out, rewriter.getF32Type());
    Value inv = createF32Constant(rewriter, loc, invType, inverse,
                                  "avg_pool_inverse_count");
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    SmallVector<AffineExpr> spatialE;
    for (size_t i = 2; i < rank; ++i)
      spatialE.push_back(rewriter.getAffineDimExpr(i));
    AffineMap spatial = AffineMap::get(rank, 0, spatialE, ctx);
    Value result = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, out), ValueRange{sums, inv},
        {id, spatial, id}, SmallVector<IT>(rank, IT::parallel),
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
