//===- LowerMath.cpp - unary, pow/max/min/mod/prelu, masks to linalg ------===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

Value sparrow::buildElementwise(OpBuilder &b, Location loc, ValueRange operands,
                                ArrayRef<int64_t> out, Type elementType,
                                BodyBuilder body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value v : operands)
    maps.push_back(
        broadcastMap(cast<RankedTensorType>(v.getType()).getShape(), out, ctx));
  maps.push_back(b.getMultiDimIdentityMap(out.size()));
  Value init = tensor::EmptyOp::create(b, loc, out, elementType);
  return buildGeneric(b, loc, init, operands, maps,
                      SmallVector<IT>(out.size(), IT::parallel), body);
}

static Value cst(OpBuilder &b, Location loc, double v) {
  return f32Const(b, loc, v);
}

/// One element of `kind` applied to `x`.
static Value unaryBody(OpBuilder &b, Location l, UnaryKind kind, Value x,
                       double alpha) {
  auto lt0 = [&](Value v) {
    return arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT, v,
                                 cst(b, l, 0.0));
  };
  switch (kind) {
  case UnaryKind::abs:
    return math::AbsFOp::create(b, l, x);
  case UnaryKind::neg:
    return arith::NegFOp::create(b, l, x);
  case UnaryKind::floor:
    return math::FloorOp::create(b, l, x);
  case UnaryKind::ceil:
    return math::CeilOp::create(b, l, x);
  case UnaryKind::sqrt:
    return math::SqrtOp::create(b, l, x);
  case UnaryKind::reciprocal:
    return arith::DivFOp::create(b, l, cst(b, l, 1.0), x);
  case UnaryKind::exp:
    return math::ExpOp::create(b, l, x);
  case UnaryKind::log:
    return math::LogOp::create(b, l, x);
  case UnaryKind::tanh:
    return math::TanhOp::create(b, l, x);
  case UnaryKind::erf:
    return math::ErfOp::create(b, l, x);
  case UnaryKind::gelu: {
    Value e = math::ErfOp::create(
        b, l, arith::MulFOp::create(b, l, x, cst(b, l, M_SQRT1_2)));
    Value h = arith::MulFOp::create(b, l, x, cst(b, l, 0.5));
    return arith::MulFOp::create(
        b, l, h, arith::AddFOp::create(b, l, e, cst(b, l, 1.0)));
  }
  case UnaryKind::gelu_tanh: {
    Value x3 =
        arith::MulFOp::create(b, l, arith::MulFOp::create(b, l, x, x), x);
    Value inner = arith::AddFOp::create(
        b, l, x, arith::MulFOp::create(b, l, x3, cst(b, l, 0.044715)));
    Value t = math::TanhOp::create(
        b, l,
        arith::MulFOp::create(b, l, inner, cst(b, l, std::sqrt(2.0 / M_PI))));
    Value h = arith::MulFOp::create(b, l, x, cst(b, l, 0.5));
    return arith::MulFOp::create(
        b, l, h, arith::AddFOp::create(b, l, t, cst(b, l, 1.0)));
  }
  case UnaryKind::elu: {
    Value em1 = arith::SubFOp::create(b, l, math::ExpOp::create(b, l, x),
                                      cst(b, l, 1.0));
    Value neg = arith::MulFOp::create(b, l, em1, cst(b, l, alpha));
    return arith::SelectOp::create(b, l, lt0(x), neg, x);
  }
  case UnaryKind::leaky_relu: {
    Value neg = arith::MulFOp::create(b, l, x, cst(b, l, alpha));
    return arith::SelectOp::create(b, l, lt0(x), neg, x);
  }
  }
  return x;
}

/// a ** b as exp(b * log|a|) with the signs and special cases of powf:
/// a negative base gives NaN for a fractional exponent and a negative
/// result for an odd one; b == 0 gives 1.
static Value powBody(OpBuilder &b, Location l, Value a, Value e) {
  auto cmp = [&](arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, l, p, x, y).getResult();
  };
  Value mag = math::ExpOp::create(
      b, l,
      arith::MulFOp::create(
          b, l, e, math::LogOp::create(b, l, math::AbsFOp::create(b, l, a))));
  Value isInt =
      cmp(arith::CmpFPredicate::OEQ, math::FloorOp::create(b, l, e), e);
  Value half = arith::MulFOp::create(b, l, e, cst(b, l, 0.5));
  Value odd = arith::AndIOp::create(
      b, l, isInt,
      cmp(arith::CmpFPredicate::UNE, math::FloorOp::create(b, l, half), half));
  Value negBase = cmp(arith::CmpFPredicate::OLT, a, cst(b, l, 0.0));
  Value signed_ =
      arith::SelectOp::create(b, l, arith::AndIOp::create(b, l, negBase, odd),
                              arith::NegFOp::create(b, l, mag), mag);
  Value nan = cst(b, l, std::numeric_limits<double>::quiet_NaN());
  Value fractional = arith::AndIOp::create(
      b, l, negBase,
      arith::XOrIOp::create(b, l, isInt,
                            arith::ConstantIntOp::create(b, l, 1, 1)));
  Value r = arith::SelectOp::create(b, l, fractional, nan, signed_);
  return arith::SelectOp::create(
      b, l, cmp(arith::CmpFPredicate::OEQ, e, cst(b, l, 0.0)), cst(b, l, 1.0),
      r);
}

/// C fmod without a libm call (phone objects link none): in f64 the
/// quotient of two f32 values truncates exactly enough that a - b * q is
/// the exact remainder, corrected by one b when q was one off; the result
/// takes a's sign, and fmod(a, inf) is a.
static Value fmodBody(OpBuilder &b, Location l, Value a, Value d) {
  Type f64 = b.getF64Type();
  Value x = arith::ExtFOp::create(b, l, f64, a);
  Value y = arith::ExtFOp::create(b, l, f64, d);
  Value q = math::TruncOp::create(b, l, arith::DivFOp::create(b, l, x, y));
  Value r = arith::SubFOp::create(b, l, x, arith::MulFOp::create(b, l, y, q));
  Value ay = math::AbsFOp::create(b, l, y);
  auto cmp = [&](arith::CmpFPredicate p, Value u, Value v) {
    return arith::CmpFOp::create(b, l, p, u, v).getResult();
  };
  Value zero = arith::ConstantOp::create(b, l, b.getF64FloatAttr(0.0));
  Value xNeg = cmp(arith::CmpFPredicate::OLT, x, zero);
  // Bring r into [0, |y|) for x >= 0 and (-|y|, 0] for x < 0.
  Value step =
      arith::SelectOp::create(b, l, xNeg, arith::NegFOp::create(b, l, ay), ay);
  Value wrongSign = arith::SelectOp::create(
      b, l, xNeg, cmp(arith::CmpFPredicate::OGT, r, zero),
      cmp(arith::CmpFPredicate::OLT, r, zero));
  r = arith::SelectOp::create(b, l, wrongSign,
                              arith::AddFOp::create(b, l, r, step), r);
  Value tooBig =
      cmp(arith::CmpFPredicate::OGE, math::AbsFOp::create(b, l, r), ay);
  r = arith::SelectOp::create(b, l, tooBig,
                              arith::SubFOp::create(b, l, r, step), r);
  Value rf = arith::TruncFOp::create(b, l, b.getF32Type(), r);
  rf = math::CopySignOp::create(b, l, rf, a);
  Value inf = cst(b, l, std::numeric_limits<double>::infinity());
  Value dInf =
      cmp(arith::CmpFPredicate::OEQ, math::AbsFOp::create(b, l, d), inf);
  // a finite: fmod(a, +-inf) = a; a infinite: NaN (r already is).
  Value aFinite =
      cmp(arith::CmpFPredicate::ONE, math::AbsFOp::create(b, l, a), inf);
  return arith::SelectOp::create(
      b, l, arith::AndIOp::create(b, l, dInf, aFinite), a, rf);
}

namespace {
struct LowerUnaryFn : OpConversionPattern<UnaryFnOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(UnaryFnOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    UnaryKind kind = op.getKind();
    double alpha = op.getAlphaAttr() ? op.getAlphaAttr().getValueAsDouble() : 0;
    Value r = buildElementwise(rewriter, op.getLoc(), adaptor.getInput(),
                               op.getOutput().getType().getShape(),
                               rewriter.getF32Type(),
                               [&](OpBuilder &b, Location l, ValueRange a) {
                                 return unaryBody(b, l, kind, a[0], alpha);
                               });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Binary ops whose body is not one arith op.
template <typename SrcOp> struct LowerBinaryFn : OpConversionPattern<SrcOp> {
  using OpConversionPattern<SrcOp>::OpConversionPattern;
  using OpAdaptor = typename SrcOp::Adaptor;
  LogicalResult
  matchAndRewrite(SrcOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ActivationAttr act = op.getActivationAttr();
    Value r = buildElementwise(
        rewriter, op.getLoc(), ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        op.getOutput().getType().getShape(), rewriter.getF32Type(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value v;
          if constexpr (std::is_same_v<SrcOp, PowOp>)
            v = powBody(b, l, a[0], a[1]);
          else if constexpr (std::is_same_v<SrcOp, MaxOp>)
            v = arith::MaximumFOp::create(b, l, a[0], a[1]);
          else if constexpr (std::is_same_v<SrcOp, MinOp>)
            v = arith::MinimumFOp::create(b, l, a[0], a[1]);
          else if constexpr (std::is_same_v<SrcOp, ModOp>)
            v = fmodBody(b, l, a[0], a[1]);
          else {
            Value neg = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT,
                                              a[0], cst(b, l, 0.0));
            v = arith::SelectOp::create(
                b, l, neg, arith::MulFOp::create(b, l, a[0], a[1]), a[0]);
          }
          return act ? applyActivation(b, l, v, act) : v;
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct LowerCompare : OpConversionPattern<CompareOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CompareOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    arith::CmpFPredicate pred;
    switch (op.getPredicate()) {
    case ComparePredicate::eq:
      pred = arith::CmpFPredicate::OEQ;
      break;
    case ComparePredicate::lt:
      pred = arith::CmpFPredicate::OLT;
      break;
    case ComparePredicate::le:
      pred = arith::CmpFPredicate::OLE;
      break;
    case ComparePredicate::gt:
      pred = arith::CmpFPredicate::OGT;
      break;
    case ComparePredicate::ge:
      pred = arith::CmpFPredicate::OGE;
      break;
    }
    Value r = buildElementwise(
        rewriter, op.getLoc(), ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        op.getOutput().getType().getShape(), rewriter.getI1Type(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          return arith::CmpFOp::create(b, l, pred, a[0], a[1]).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct LowerWhere : OpConversionPattern<WhereOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(WhereOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value r = buildElementwise(
        rewriter, op.getLoc(),
        ValueRange{adaptor.getCondition(), adaptor.getLhs(), adaptor.getRhs()},
        op.getOutput().getType().getShape(), rewriter.getF32Type(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          return arith::SelectOp::create(b, l, a[0], a[1], a[2]).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct LowerNot : OpConversionPattern<NotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(NotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value r = buildElementwise(
        rewriter, op.getLoc(), adaptor.getInput(),
        op.getOutput().getType().getShape(), rewriter.getI1Type(),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value one = arith::ConstantIntOp::create(b, l, 1, 1);
          return arith::XOrIOp::create(b, l, a[0], one).getResult();
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};
} // namespace

void sparrow::populateMathLoweringPatterns(RewritePatternSet &patterns) {
  patterns.add<LowerUnaryFn, LowerBinaryFn<PowOp>, LowerBinaryFn<MaxOp>,
               LowerBinaryFn<MinOp>, LowerBinaryFn<PReluOp>,
               LowerBinaryFn<ModOp>, LowerCompare, LowerWhere, LowerNot>(
      patterns.getContext());
}
