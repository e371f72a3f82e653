//===- LoweringUtils.cpp - Helpers to build linalg on tensors -------------===//

#include "passes/Conversion/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {

Value buildGeneric(OpBuilder &b, Location loc, Value init, ValueRange inputs,
                   ArrayRef<AffineMap> maps,
                   ArrayRef<utils::IteratorType> iterators, BodyBuilder body) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
      });
  return generic.getResult(0);
}

AffineMap broadcastMap(ArrayRef<int64_t> in, ArrayRef<int64_t> out,
                       MLIRContext *ctx) {
  SmallVector<AffineExpr> exprs;
  size_t lead = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i) {
    size_t j = i + lead;
    exprs.push_back(in[i] == 1 && out[j] != 1 ? getAffineConstantExpr(0, ctx)
                                              : getAffineDimExpr(j, ctx));
  }
  return AffineMap::get(out.size(), 0, exprs, ctx);
}

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  return tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
}

Value f32Const(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value filledTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                   double value) {
  Value v = f32Const(b, loc, value);
  return linalg::FillOp::create(b, loc, v, emptyTensor(b, loc, shape))
      .getResult(0);
}

Value applyActivation(OpBuilder &b, Location loc, Value x, ActivationAttr act) {
  // Scalars and vectors alike: constants take the type of `x`.
  auto cst = [&](double v) -> Value {
    if (auto vec = dyn_cast<VectorType>(x.getType()))
      return arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(vec, b.getF32FloatAttr(v)));
    return f32Const(b, loc, v);
  };
  auto clamp = [&](Value v, double lo, double hi) {
    Value r = arith::MaximumFOp::create(b, loc, v, cst(lo));
    return arith::MinimumFOp::create(b, loc, r, cst(hi)).getResult();
  };
  double p0 = act.getP0().convertToDouble(), p1 = act.getP1().convertToDouble();
  switch (act.getKind()) {
  case ActivationKind::relu:
    return arith::MaximumFOp::create(b, loc, x, cst(0.0));
  case ActivationKind::clip:
    return clamp(x, p0, p1);
  case ActivationKind::sigmoid: {
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    Value d = arith::AddFOp::create(b, loc, cst(1.0), e);
    return arith::DivFOp::create(b, loc, cst(1.0), d);
  }
  case ActivationKind::hard_sigmoid: {
    Value ax = arith::MulFOp::create(b, loc, x, cst(p0));
    return clamp(arith::AddFOp::create(b, loc, ax, cst(p1)), 0.0, 1.0);
  }
  case ActivationKind::hard_swish: {
    Value ax = arith::MulFOp::create(b, loc, x, cst(1.0 / 6.0));
    Value hs = clamp(arith::AddFOp::create(b, loc, ax, cst(0.5)), 0.0, 1.0);
    return arith::MulFOp::create(b, loc, x, hs);
  }
  case ActivationKind::silu: {
    Value e = math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x));
    Value d = arith::AddFOp::create(b, loc, cst(1.0), e);
    return arith::DivFOp::create(b, loc, x, d);
  }
  case ActivationKind::gelu: {
    Value e = math::ErfOp::create(
        b, loc, arith::MulFOp::create(b, loc, x, cst(M_SQRT1_2)));
    Value h = arith::MulFOp::create(b, loc, x, cst(0.5));
    return arith::MulFOp::create(b, loc, h,
                                 arith::AddFOp::create(b, loc, e, cst(1.0)));
  }
  case ActivationKind::gelu_tanh: {
    Value x3 =
        arith::MulFOp::create(b, loc, arith::MulFOp::create(b, loc, x, x), x);
    Value inner = arith::AddFOp::create(
        b, loc, x, arith::MulFOp::create(b, loc, x3, cst(0.044715)));
    Value t = math::TanhOp::create(
        b, loc,
        arith::MulFOp::create(b, loc, inner, cst(std::sqrt(2.0 / M_PI))));
    Value h = arith::MulFOp::create(b, loc, x, cst(0.5));
    return arith::MulFOp::create(b, loc, h,
                                 arith::AddFOp::create(b, loc, t, cst(1.0)));
  }
  }
  return x;
}

Value applyActivationTensor(OpBuilder &b, Location loc, Value t,
                            ActivationAttr act) {
  if (!act)
    return t;
  auto type = cast<RankedTensorType>(t.getType());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iters(type.getRank(),
                                         utils::IteratorType::parallel);
  return buildGeneric(b, loc, emptyTensor(b, loc, type.getShape()), t, {id, id},
                      iters,
                      [&](OpBuilder &nb, Location nloc, ValueRange args) {
                        return applyActivation(nb, nloc, args[0], act);
                      });
}

Value padTensor(OpBuilder &b, Location loc, Value t, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, double value) {
  return padTensor(b, loc, t, low, high, f32Const(b, loc, value));
}

Value padTensor(OpBuilder &b, Location loc, Value t, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, Value value) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return t;
  auto type = cast<RankedTensorType>(t.getType());
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> lo, hi;
  for (size_t i = 0; i < shape.size(); ++i) {
    shape[i] += low[i] + high[i];
    lo.push_back(b.getIndexAttr(low[i]));
    hi.push_back(b.getIndexAttr(high[i]));
  }
  auto padded = RankedTensorType::get(shape, type.getElementType());
  return tensor::PadOp::create(b, loc, padded, t, lo, hi, value);
}

GroupedConvLoops::GroupedConvLoops(MLIRContext *ctx, ArrayRef<int64_t> strides,
                                   ArrayRef<int64_t> dil) {
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  input = AffineMap::get(8, 0,
                         {d(0), d(1), d(3), d(6) * strides[0] + d(4) * dil[0],
                          d(7) * strides[1] + d(5) * dil[1]},
                         ctx);
  filter = AffineMap::get(8, 0, {d(1), d(2), d(3), d(4), d(5)}, ctx);
  output = AffineMap::get(8, 0, {d(0), d(1), d(2), d(6), d(7)}, ctx);
  using IT = utils::IteratorType;
  iterators = {IT::parallel,  IT::parallel,  IT::parallel, IT::reduction,
               IT::reduction, IT::reduction, IT::parallel, IT::parallel};
}

Value tileLoop(OpBuilder &b, Location loc, int64_t from, int64_t to,
               int64_t step, Value out,
               function_ref<Value(Value, Value)> body) {
  if (step < 1 || to - from < step)
    return out;
  auto idx = [&](int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto loop = scf::ForOp::create(
      b, loc, idx(from), idx(from + (to - from) / step * step), idx(step),
      ValueRange{out}, [&](OpBuilder &nb, Location, Value iv, ValueRange it) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        scf::YieldOp::create(b, loc, body(iv, it[0]));
      });
  return loop.getResult(0);
}

Value reshapeTensor(OpBuilder &b, Location loc, Value t,
                    ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(t.getType());
  if (type.getShape() == shape)
    return t;
  // Rank-0 tensors reshape with an empty reassociation.
  if (type.getRank() == 0 || shape.empty()) {
    auto outType = RankedTensorType::get(shape, type.getElementType());
    if (type.getRank() == 0)
      return tensor::ExpandShapeOp::create(b, loc, outType, t,
                                           SmallVector<ReassociationIndices>{});
    return tensor::CollapseShapeOp::create(b, loc, outType, t,
                                           SmallVector<ReassociationIndices>{});
  }
  auto reassociation = [](int64_t rank) {
    ReassociationIndices all;
    for (int64_t i = 0; i < rank; ++i)
      all.push_back(i);
    return SmallVector<ReassociationIndices>{all};
  };
  Value flat = t;
  if (type.getRank() != 1) {
    auto flatType =
        RankedTensorType::get({type.getNumElements()}, type.getElementType());
    flat = tensor::CollapseShapeOp::create(b, loc, flatType, t,
                                           reassociation(type.getRank()));
  }
  if (shape.size() == 1)
    return flat;
  auto outType = RankedTensorType::get(shape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, outType, flat,
                                       reassociation(shape.size()));
}

Value multiplyAdd(OpBuilder &b, Location loc, Value a, Value x, Value acc,
                  const KernelConfig &config) {
  if (config.fma)
    return vector::FMAOp::create(b, loc, a, x, acc);
  auto flags = config.contract ? arith::FastMathFlags::contract
                               : arith::FastMathFlags::none;
  Value p = arith::MulFOp::create(b, loc, a, x, flags);
  return arith::AddFOp::create(b, loc, acc, p, flags);
}

} // namespace sparrow
