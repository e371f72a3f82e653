//===- LowerIndexing.cpp - slice, gather, pad, tile, expand to linalg -----===//
//
// Each op is one linalg.generic over its result. Where the source element
// is an affine function of the result index (slice, tile, expand) it is an
// indexing map; otherwise (gather, reflect/edge padding) the body computes
// the index and reads the input with tensor.extract.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

/// A generic over `out` reading `input` through `map`.
static Value mapInput(OpBuilder &b, Location loc, Value input, AffineMap map,
                      ArrayRef<int64_t> out) {
  return buildGeneric(b, loc, emptyTensor(b, loc, out), input,
                      {map, b.getMultiDimIdentityMap(out.size())},
                      SmallVector<IT>(out.size(), IT::parallel),
                      [](OpBuilder &, Location, ValueRange a) { return a[0]; });
}

static Value clampIndex(OpBuilder &b, Location l, Value i, int64_t extent) {
  Value lo = arith::ConstantIndexOp::create(b, l, 0);
  Value hi = arith::ConstantIndexOp::create(b, l, extent - 1);
  return arith::MinSIOp::create(b, l, arith::MaxSIOp::create(b, l, i, lo), hi);
}

namespace {
/// Positive strides make a tensor.extract_slice (a view after
/// bufferization); negative ones compute the source index in the body,
/// since linalg infers loop bounds from pure-dim operand maps.
struct LowerSlice : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    ArrayRef<int64_t> offsets = op.getOffsets(), strides = op.getStrides();
    if (llvm::all_of(strides, [](int64_t s) { return s > 0; })) {
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, op.getOutput().getType(), adaptor.getInput(), ValueRange{},
          ValueRange{}, ValueRange{}, offsets, out, strides);
      return success();
    }
    Value source = adaptor.getInput();
    Value r = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, out), ValueRange{},
        {rewriter.getMultiDimIdentityMap(out.size())},
        SmallVector<IT>(out.size(), IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (size_t d = 0; d < out.size(); ++d) {
            Value o = linalg::IndexOp::create(b, l, d);
            Value scaled = arith::MulIOp::create(
                b, l, o, arith::ConstantIndexOp::create(b, l, strides[d]));
            coords.push_back(arith::AddIOp::create(
                b, l, scaled,
                arith::ConstantIndexOp::create(b, l, offsets[d])));
          }
          return tensor::ExtractOp::create(b, l, source, coords).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct LowerTile : OpConversionPattern<TileOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    if (llvm::is_contained(out, 0)) {
      rewriter.replaceOp(op, emptyTensor(rewriter, op.getLoc(), out));
      return success();
    }
    SmallVector<AffineExpr> exprs;
    for (size_t d = 0; d < out.size(); ++d) {
      AffineExpr e = rewriter.getAffineDimExpr(d);
      exprs.push_back(in[d] == out[d] ? e : e % in[d]);
    }
    AffineMap map = AffineMap::get(out.size(), 0, exprs, op.getContext());
    rewriter.replaceOp(
        op, mapInput(rewriter, op.getLoc(), adaptor.getInput(), map, out));
    return success();
  }
};

struct LowerExpand : OpConversionPattern<ExpandOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    rewriter.replaceOp(op,
                       mapInput(rewriter, op.getLoc(), adaptor.getInput(),
                                broadcastMap(in, out, op.getContext()), out));
    return success();
  }
};

struct LowerGather : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> data = op.getData().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    int64_t axis = op.getAxis();
    int64_t idxRank = op.getIndices().getType().getRank();
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(rewriter.getAffineDimExpr(axis + i));
    AffineMap idxMap = AffineMap::get(out.size(), 0, idxExprs, op.getContext());
    Value source = adaptor.getData();
    Value r = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, out), adaptor.getIndices(),
        {idxMap, rewriter.getMultiDimIdentityMap(out.size())},
        SmallVector<IT>(out.size(), IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value idx = arith::IndexCastOp::create(b, l, b.getIndexType(), a[0]);
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d));
          coords.push_back(clampIndex(b, l, idx, data[axis]));
          for (int64_t d = axis + 1; d < static_cast<int64_t>(data.size()); ++d)
            coords.push_back(linalg::IndexOp::create(b, l, d - 1 + idxRank));
          return tensor::ExtractOp::create(b, l, source, coords).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct LowerPad : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    ArrayRef<int64_t> pads = op.getPads();
    size_t rank = in.size();
    if (op.getMode() == PadMode::constant) {
      rewriter.replaceOp(op,
                         padTensor(rewriter, loc, adaptor.getInput(),
                                   pads.take_front(rank), pads.drop_front(rank),
                                   op.getValue().convertToDouble()));
      return success();
    }
    bool reflect = op.getMode() == PadMode::reflect;
    Value source = adaptor.getInput();
    Value r = buildGeneric(
        rewriter, loc, emptyTensor(rewriter, loc, out), ValueRange{},
        {rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<IT>(rank, IT::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> coords;
          for (size_t d = 0; d < rank; ++d) {
            Value o = linalg::IndexOp::create(b, l, d);
            if (pads[d] == 0 && pads[d + rank] == 0) {
              coords.push_back(o);
              continue;
            }
            Value i = arith::SubIOp::create(
                b, l, o, arith::ConstantIndexOp::create(b, l, pads[d]));
            if (reflect) {
              // |i|, then mirror at the far end: 2 (n - 1) - i.
              Value zero = arith::ConstantIndexOp::create(b, l, 0);
              Value neg = arith::SubIOp::create(b, l, zero, i);
              i = arith::MaxSIOp::create(b, l, i, neg);
              Value far = arith::SubIOp::create(
                  b, l, arith::ConstantIndexOp::create(b, l, 2 * (in[d] - 1)),
                  i);
              i = arith::MinSIOp::create(b, l, i, far);
            }
            coords.push_back(clampIndex(b, l, i, in[d]));
          }
          return tensor::ExtractOp::create(b, l, source, coords).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};
} // namespace

void sparrow::populateIndexingLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerSlice, LowerTile, LowerExpand, LowerGather, LowerPad>(
      patterns.getContext());
}
