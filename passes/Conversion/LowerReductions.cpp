//===- LowerReductions.cpp - sparrow.reduce and arg_max to linalg ---------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
/// The reduced dims dropped: shape, map and iterators of one reduction.
struct ReductionSpace {
  SmallVector<int64_t> kept;
  AffineMap outMap;
  SmallVector<IT> iters;
  int64_t count = 1;

  ReductionSpace(ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
                 MLIRContext *ctx) {
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0, e = in.size(); i < e; ++i) {
      bool reduced = llvm::is_contained(axes, i);
      iters.push_back(reduced ? IT::reduction : IT::parallel);
      if (reduced) {
        count *= in[i];
      } else {
        kept.push_back(in[i]);
        exprs.push_back(getAffineDimExpr(i, ctx));
      }
    }
    outMap = AffineMap::get(in.size(), 0, exprs, ctx);
  }
};

struct LowerReduce : OpConversionPattern<ReduceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReduceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ReductionSpace space(in, op.getAxes(), op.getContext());
    ReduceKind kind = op.getKind();
    double init = 0.0;
    if (kind == ReduceKind::prod)
      init = 1.0;
    else if (kind == ReduceKind::max)
      init = -std::numeric_limits<double>::infinity();
    else if (kind == ReduceKind::min)
      init = std::numeric_limits<double>::infinity();
    Value acc = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, space.kept, init),
        adaptor.getInput(),
        {rewriter.getMultiDimIdentityMap(in.size()), space.outMap}, space.iters,
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value x = a[0], r = a[1];
          switch (kind) {
          case ReduceKind::sum:
          case ReduceKind::mean:
            return arith::AddFOp::create(b, l, r, x);
          case ReduceKind::max:
            return arith::MaximumFOp::create(b, l, r, x);
          case ReduceKind::min:
            return arith::MinimumFOp::create(b, l, r, x);
          case ReduceKind::prod:
            return arith::MulFOp::create(b, l, r, x);
          case ReduceKind::l1:
            return arith::AddFOp::create(b, l, r,
                                         math::AbsFOp::create(b, l, x));
          case ReduceKind::l2:
          case ReduceKind::sum_square:
            return arith::AddFOp::create(b, l, r,
                                         arith::MulFOp::create(b, l, x, x));
          }
          return x;
        });
    if (kind == ReduceKind::mean || kind == ReduceKind::l2) {
      int64_t rank = space.kept.size();
      AffineMap id = rewriter.getMultiDimIdentityMap(rank);
      double count = static_cast<double>(space.count);
      acc = buildGeneric(rewriter, loc, emptyTensor(rewriter, loc, space.kept),
                         acc, {id, id}, SmallVector<IT>(rank, IT::parallel),
                         [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                           if (kind == ReduceKind::l2)
                             return math::SqrtOp::create(b, l, a[0]);
                           return arith::DivFOp::create(b, l, a[0],
                                                        f32Const(b, l, count));
                         });
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, acc,
                                         op.getOutput().getType().getShape()));
    return success();
  }
};

/// Running (max, index) pairs along the axis; the first index of the
/// maximum wins, or the last with select_last_index.
struct LowerArgMax : OpConversionPattern<ArgMaxOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArgMaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    int64_t axis = op.getAxis();
    ReductionSpace space(in, {axis}, op.getContext());
    bool last = op.getSelectLastIndex();
    Value maxInit = filledTensor(rewriter, loc, space.kept,
                                 -std::numeric_limits<double>::infinity());
    Value zero = arith::ConstantIntOp::create(rewriter, loc, 0, 64);
    Value idxInit = linalg::FillOp::create(
                        rewriter, loc, zero,
                        tensor::EmptyOp::create(rewriter, loc, space.kept,
                                                rewriter.getI64Type())
                            .getResult())
                        .getResult(0);
    AffineMap id = rewriter.getMultiDimIdentityMap(in.size());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{maxInit.getType(), idxInit.getType()},
        adaptor.getInput(), ValueRange{maxInit, idxInit},
        ArrayRef<AffineMap>{id, space.outMap, space.outMap}, space.iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value x = a[0], m = a[1], i = a[2];
          Value pos = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          Value take = arith::CmpFOp::create(b, l,
                                             last ? arith::CmpFPredicate::OGE
                                                  : arith::CmpFPredicate::OGT,
                                             x, m);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, x, m),
                         arith::SelectOp::create(b, l, take, pos, i)});
        });
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, generic.getResult(1),
                                         op.getOutput().getType().getShape()));
    return success();
  }
};
} // namespace

void sparrow::populateReductionLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerReduce, LowerArgMax>(patterns.getContext());
}
