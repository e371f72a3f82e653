//===- LowerMatMul.cpp - sparrow.gemm and sparrow.matmul to linalg --------===//
//
// Contractions become generics whose innermost loop walks a contiguous
// operand: N for row-major B, K for transposed B (the classifier layout).
// A Gemm with constant B (a classifier) instead runs as a pointwise conv
// over N "pixels", so the register-tiled kernel vectorises it.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/KernelSelection.h"
#include "passes/Kernels/Kernels.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace sparrow;
using IT = utils::IteratorType;

namespace {
/// out = act(A B + C) for constant B as the pointwise conv
/// out[m, n] = act(sum_k A[m, k] * Bt[k, n] + C[n]): A's rows are the
/// filter's output channels, B laid out [K][N] at compile time is the input
/// image (K channels of N pixels), C the residual. Failure for other Gemms
/// (transposed A, alpha != 1, C not a row added to a single output row).
FailureOr<Value> gemmAsPointwise(OpBuilder &b, GemmOp op, Value a, Value bMat,
                                 Value c, const KernelConfig &config) {
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  int64_t m = out[0], n = out[1];
  std::optional<SmallVector<float>> values = getConstantF32(bMat);
  KernelAttr choice = op->getAttrOfType<KernelAttr>(KernelAttr::kAttrName);
  if (!choice || choice.getKind() != KernelKind::pointwise || !config.width ||
      !values || op.getTransA() || op.getAlpha().convertToFloat() != 1.f)
    return failure();
  auto cType = c ? cast<RankedTensorType>(c.getType()) : RankedTensorType();
  if (c && (op.getBeta().convertToFloat() != 1.f ||
            cType.getNumElements() != n || cType.getShape().back() != n))
    return failure();
  Location loc = op.getLoc();
  int64_t k = int64_t(values->size()) / n;
  SmallVector<float> kn(values->size());
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      kn[i * n + j] = (*values)[op.getTransB() ? j * k + i : i * n + j];
  auto f32 = b.getF32Type();
  // Rows of tokens: C is a bias per column, added to every row.
  if (m > 1 && c)
    return emitMatMul(b, loc, a,
                      createF32Constant(b, loc,
                                        RankedTensorType::get({k, n}, f32), kn,
                                        "gemm_rhs"),
                      c, op.getActivationAttr(), op.getOutput().getType(),
                      withTile(config, choice));
  Value image = createF32Constant(
      b, loc, RankedTensorType::get({1, k, 1, n}, f32), kn, "gemm_rhs");
  Value filter = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({m, k, 1, 1}, f32), a, {{0}, {1, 2, 3}});
  Value residual;
  if (c) {
    SmallVector<ReassociationIndices> groups =
        cType.getRank() == 1
            ? SmallVector<ReassociationIndices>{{0, 1, 2, 3}}
            : SmallVector<ReassociationIndices>{{0, 1, 2}, {3}};
    residual = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1, 1, 1, n}, f32), c, groups);
  }
  auto convType = RankedTensorType::get({1, m, 1, n}, f32);
  FailureOr<Value> conv = emitPointwiseConv(
      b, loc, image, filter, Value(), residual, op.getActivationAttr(),
      convType, withTile(config, choice), /*sparse=*/false);
  if (failed(conv))
    return failure();
  return tensor::CollapseShapeOp::create(b, loc, op.getOutput().getType(),
                                         *conv, {{0, 1, 2}, {3}})
      .getResult();
}

struct LowerGemm : OpConversionPattern<GemmOp> {
  LowerGemm(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}

  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (FailureOr<Value> kernel =
            gemmAsPointwise(rewriter, op, adaptor.getA(), adaptor.getB(),
                            adaptor.getC(), config);
        succeeded(kernel)) {
      rewriter.replaceOp(op, *kernel);
      return success();
    }
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    float alpha = op.getAlpha().convertToFloat();
    float beta = op.getBeta().convertToFloat();
    AffineMap id2 = rewriter.getMultiDimIdentityMap(2);
    SmallVector<IT> par2(2, IT::parallel);

    Value init;
    if (Value c = adaptor.getC(); c && beta != 0.f) {
      ArrayRef<int64_t> cShape = cast<RankedTensorType>(c.getType()).getShape();
      init = buildGeneric(rewriter, loc, emptyTensor(rewriter, loc, out), c,
                          {broadcastMap(cShape, out, ctx), id2}, par2,
                          [&](OpBuilder &b, Location l, ValueRange args) {
                            if (beta == 1.f)
                              return args[0];
                            return arith::MulFOp::create(b, l, args[0],
                                                         f32Const(b, l, beta))
                                .getResult();
                          });
    } else {
      init = filledTensor(rewriter, loc, out, 0.0);
    }

    // Dims: (m, n, k) when B is transposed (k contiguous), else (m, k, n).
    bool tb = op.getTransB();
    auto d = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
    AffineExpr m = d(0), k = tb ? d(2) : d(1), n = tb ? d(1) : d(2);
    AffineMap aMap = AffineMap::get(3, 0,
                                    op.getTransA() ? ArrayRef<AffineExpr>{k, m}
                                                   : ArrayRef<AffineExpr>{m, k},
                                    ctx);
    AffineMap bMap = AffineMap::get(
        3, 0, tb ? ArrayRef<AffineExpr>{n, k} : ArrayRef<AffineExpr>{k, n},
        ctx);
    AffineMap oMap = AffineMap::get(3, 0, {m, n}, ctx);
    SmallVector<IT> iters =
        tb ? SmallVector<IT>{IT::parallel, IT::parallel, IT::reduction}
           : SmallVector<IT>{IT::parallel, IT::reduction, IT::parallel};
    Value acc = buildGeneric(
        rewriter, loc, init, ValueRange{adaptor.getA(), adaptor.getB()},
        {aMap, bMap, oMap}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value p = arith::MulFOp::create(b, l, args[0], args[1]);
          if (alpha != 1.f)
            p = arith::MulFOp::create(b, l, p, f32Const(b, l, alpha));
          return arith::AddFOp::create(b, l, args[2], p).getResult();
        });
    rewriter.replaceOp(
        op, applyActivationTensor(rewriter, loc, acc, op.getActivationAttr()));
    return success();
  }

  KernelConfig config;
};

struct LowerMatMul : OpConversionPattern<MatMulOp> {
  LowerMatMul(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}
  KernelConfig config;

  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KernelAttr choice = op->getAttrOfType<KernelAttr>(KernelAttr::kAttrName);
    if (choice && choice.getKind() == KernelKind::matmul)
      if (FailureOr<Value> kernel =
              emitMatMul(rewriter, loc, adaptor.getLhs(), adaptor.getRhs(),
                         Value(), ActivationAttr(), op.getOutput().getType(),
                         withTile(config, choice), choice.getSparse());
          succeeded(kernel)) {
        rewriter.replaceOp(op, *kernel);
        return success();
      }
    MLIRContext *ctx = op.getContext();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    ArrayRef<int64_t> l = op.getLhs().getType().getShape();
    ArrayRef<int64_t> r = op.getRhs().getType().getShape();
    unsigned batch = out.size() - 2, rank = out.size() + 1;
    // Dims: (batch..., m, k, n).
    auto d = [&](unsigned i) { return rewriter.getAffineDimExpr(i); };
    auto operandMap = [&](ArrayRef<int64_t> shape, AffineExpr row,
                          AffineExpr col) {
      SmallVector<AffineExpr> exprs;
      unsigned lead = batch - (shape.size() - 2);
      for (unsigned i = 0; i + 2 < shape.size(); ++i)
        exprs.push_back(shape[i] == 1 && out[i + lead] != 1
                            ? rewriter.getAffineConstantExpr(0)
                            : d(i + lead));
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(rank, 0, exprs, ctx);
    };
    AffineExpr m = d(batch), k = d(batch + 1), n = d(batch + 2);
    SmallVector<AffineExpr> outExprs;
    for (unsigned i = 0; i < batch; ++i)
      outExprs.push_back(d(i));
    outExprs.append({m, n});
    SmallVector<IT> iters(rank, IT::parallel);
    iters[batch + 1] = IT::reduction;
    Value acc = buildGeneric(
        rewriter, loc, filledTensor(rewriter, loc, out, 0.0),
        ValueRange{adaptor.getLhs(), adaptor.getRhs()},
        {operandMap(l, m, k), operandMap(r, k, n),
         AffineMap::get(rank, 0, outExprs, ctx)},
        iters, [](OpBuilder &b, Location lc, ValueRange args) {
          Value p = arith::MulFOp::create(b, lc, args[0], args[1]);
          return arith::AddFOp::create(b, lc, args[2], p).getResult();
        });
    rewriter.replaceOp(op, acc);
    return success();
  }
};
} // namespace

void sparrow::populateMatMulLoweringPatterns(RewritePatternSet &patterns,
                                             const KernelConfig &config) {
  patterns.add<LowerGemm>(patterns.getContext(), config);
  patterns.add<LowerMatMul>(patterns.getContext(), config);
}
