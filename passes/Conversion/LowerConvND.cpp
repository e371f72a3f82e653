//===- LowerConvND.cpp - conv3d and conv_transpose to linalg.generic ------===//
//
// A direct convolution over any number of spatial dims with an explicit
// group dim, like LowerConv.cpp's 2-D one. A transposed convolution is the
// direct convolution of the input with `stride - 1` zeros inserted between
// elements and `(k - 1) * dilation - pad` zeros around it, with the filter
// flipped and its channel dims swapped; the flip is in the indexing map.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
struct DirectConv {
  Value input;  ///< [N, G*Cg, spatial...], already padded
  Value filter; ///< grouped as `filterGrouped` says
  Value bias;   ///< [G*Fg] or null
  int64_t groups, cg, fg;
  SmallVector<int64_t> kernel, strides, dilations, out; ///< out: full result
  bool transposed; ///< filter [G*Cg, Fg, k...] read flipped
};

SmallVector<ReassociationIndices> splitDim(int64_t rank, int64_t dim) {
  SmallVector<ReassociationIndices> r;
  for (int64_t i = 0, next = 0; i < rank; ++i) {
    ReassociationIndices g = {next++};
    if (i == dim)
      g.push_back(next++);
    r.push_back(g);
  }
  return r;
}

Value buildDirectConv(OpBuilder &b, Location loc, const DirectConv &c) {
  MLIRContext *ctx = b.getContext();
  size_t s = c.kernel.size();
  auto inShape = cast<RankedTensorType>(c.input.getType()).getShape();
  int64_t n = inShape[0], g = c.groups;
  // Input [N, G, Cg, spatial...].
  SmallVector<int64_t> in(inShape);
  in[1] = c.cg;
  in.insert(in.begin() + 1, g);
  Value input = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(in, b.getF32Type()), c.input,
      splitDim(inShape.size(), 1));
  // Filter [G, Fg, Cg, k...] or, transposed, [G, Cg, Fg, k...].
  auto wShape = cast<RankedTensorType>(c.filter.getType()).getShape();
  SmallVector<int64_t> w(wShape);
  w[0] /= g;
  w.insert(w.begin(), g);
  Value filter = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(w, b.getF32Type()), c.filter,
      splitDim(wShape.size(), 0));

  // Iteration space (n, g, f, c, k..., o...): output rows innermost.
  unsigned dims = 4 + 2 * s;
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto kd = [&](size_t i) { return d(4 + i); };
  auto od = [&](size_t i) { return d(4 + s + i); };
  SmallVector<AffineExpr> inE = {d(0), d(1), d(3)}, wE = {d(1)},
                          outE = {d(0), d(1), d(2)};
  wE.push_back(c.transposed ? d(3) : d(2));
  wE.push_back(c.transposed ? d(2) : d(3));
  SmallVector<AffineExpr> windowE;
  for (size_t i = 0; i < s; ++i) {
    inE.push_back(od(i) * c.strides[i] + kd(i) * c.dilations[i]);
    wE.push_back(c.transposed ? c.kernel[i] - 1 - kd(i) : kd(i));
    outE.push_back(od(i));
    windowE.push_back(kd(i));
  }
  SmallVector<int64_t> out5 = {n, g, c.fg};
  out5.append(c.out.begin() + 2, c.out.end());
  Value init;
  if (c.bias) {
    Value b2 = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({g, c.fg}, b.getF32Type()), c.bias,
        {{0, 1}});
    AffineMap bmap = AffineMap::get(3 + s, 0, {d(1), d(2)}, ctx);
    init =
        buildGeneric(b, loc, emptyTensor(b, loc, out5), b2,
                     {bmap, b.getMultiDimIdentityMap(3 + s)},
                     SmallVector<IT>(3 + s, IT::parallel),
                     [](OpBuilder &, Location, ValueRange a) { return a[0]; });
  } else {
    init = filledTensor(b, loc, out5, 0.0);
  }
  SmallVector<IT> iters = {IT::parallel, IT::parallel, IT::parallel,
                           IT::reduction};
  iters.append(s, IT::reduction);
  iters.append(s, IT::parallel);
  // The flipped filter map has no plain kernel dims: a shape-only operand
  // gives linalg their extent (as the pooling lowering does).
  Value window = emptyTensor(b, loc, c.kernel);
  Value acc = buildGeneric(
      b, loc, init, ValueRange{input, filter, window},
      {AffineMap::get(dims, 0, inE, ctx), AffineMap::get(dims, 0, wE, ctx),
       AffineMap::get(dims, 0, windowE, ctx),
       AffineMap::get(dims, 0, outE, ctx)},
      iters, [](OpBuilder &nb, Location l, ValueRange a) {
        Value p = arith::MulFOp::create(nb, l, a[0], a[1]);
        return arith::AddFOp::create(nb, l, a[3], p).getResult();
      });
  SmallVector<ReassociationIndices> merge = {{0}, {1, 2}};
  for (size_t i = 0; i < s; ++i)
    merge.push_back({static_cast<int64_t>(3 + i)});
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get(c.out, b.getF32Type()), acc, merge);
}

struct LowerConv3D : OpConversionPattern<Conv3DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv3DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> w = op.getFilter().getType().getShape();
    ArrayRef<int64_t> pads = op.getPads();
    DirectConv c;
    SmallVector<int64_t> lo = {0, 0}, hi = {0, 0};
    lo.append(pads.begin(), pads.begin() + 3);
    hi.append(pads.begin() + 3, pads.end());
    c.input = padTensor(rewriter, op.getLoc(), adaptor.getInput(), lo, hi, 0.0);
    c.filter = adaptor.getFilter();
    c.bias = adaptor.getBias();
    c.groups = op.getGroups();
    c.cg = w[1];
    c.fg = w[0] / c.groups;
    c.kernel.assign(w.begin() + 2, w.end());
    c.strides.assign(op.getStrides().begin(), op.getStrides().end());
    c.dilations.assign(op.getDilations().begin(), op.getDilations().end());
    c.out.assign(op.getOutput().getType().getShape().begin(),
                 op.getOutput().getType().getShape().end());
    c.transposed = false;
    rewriter.replaceOp(op, buildDirectConv(rewriter, op.getLoc(), c));
    return success();
  }
};

struct LowerConvTranspose : OpConversionPattern<ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> w = op.getFilter().getType().getShape();
    ArrayRef<int64_t> pads = op.getPads(), strides = op.getStrides(),
                      dil = op.getDilations(), outPad = op.getOutputPadding();
    size_t s = in.size() - 2;
    // Zeros between and around the input elements; negative amounts crop.
    SmallVector<int64_t> full(in.begin(), in.end());
    SmallVector<OpFoldResult> offsets(in.size(), rewriter.getIndexAttr(0)),
        sizes, steps(in.size(), rewriter.getIndexAttr(1));
    bool crop = false;
    SmallVector<int64_t> cropOffsets(in.size(), 0),
        cropSizes(in.begin(), in.end());
    for (size_t i = 0; i < s; ++i) {
      int64_t span = (w[2 + i] - 1) * dil[i];
      int64_t lo = span - pads[i], hi = span - pads[i + s] + outPad[i];
      int64_t dilated = (in[2 + i] - 1) * strides[i] + 1;
      full[2 + i] =
          dilated + std::max<int64_t>(lo, 0) + std::max<int64_t>(hi, 0);
      offsets[2 + i] = rewriter.getIndexAttr(std::max<int64_t>(lo, 0));
      steps[2 + i] = rewriter.getIndexAttr(strides[i]);
      cropOffsets[2 + i] = std::max<int64_t>(-lo, 0);
      cropSizes[2 + i] =
          full[2 + i] - std::max<int64_t>(-lo, 0) - std::max<int64_t>(-hi, 0);
      crop |= lo < 0 || hi < 0;
    }
    cropSizes[0] = full[0];
    cropSizes[1] = full[1];
    for (int64_t d : in)
      sizes.push_back(rewriter.getIndexAttr(d));
    Value x = tensor::InsertSliceOp::create(
        rewriter, loc, adaptor.getInput(),
        filledTensor(rewriter, loc, full, 0.0), offsets, sizes, steps);
    if (crop) {
      SmallVector<OpFoldResult> o, z, one(in.size(), rewriter.getIndexAttr(1));
      for (size_t i = 0; i < in.size(); ++i) {
        o.push_back(rewriter.getIndexAttr(cropOffsets[i]));
        z.push_back(rewriter.getIndexAttr(cropSizes[i]));
      }
      x = tensor::ExtractSliceOp::create(
          rewriter, loc,
          RankedTensorType::get(cropSizes, rewriter.getF32Type()), x, o, z,
          one);
    }
    DirectConv c;
    c.input = x;
    c.filter = adaptor.getFilter();
    c.bias = adaptor.getBias();
    c.groups = op.getGroups();
    c.cg = w[0] / c.groups;
    c.fg = w[1];
    c.kernel.assign(w.begin() + 2, w.end());
    c.strides.assign(s, 1);
    c.dilations.assign(dil.begin(), dil.end());
    c.out.assign(op.getOutput().getType().getShape().begin(),
                 op.getOutput().getType().getShape().end());
    c.transposed = true;
    rewriter.replaceOp(op, buildDirectConv(rewriter, loc, c));
    return success();
  }
};
} // namespace

void sparrow::populateConvNDLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerConv3D, LowerConvTranspose>(patterns.getContext());
}
