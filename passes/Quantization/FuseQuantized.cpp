//===- FuseQuantized.cpp - QDQ layers into integer kernels ----------------===//
//
// A layer in QDQ form reads dequantized operands and has its result
// quantized; the integer kernel computes the same thing without the f32
// round trip: the requantization is monotonic, so a relu or clip between the
// layer and its quantize becomes a clamp of the integer result.
//
//===----------------------------------------------------------------------===//

#include "passes/Fusion/Matchers.h"
#include "passes/Quantization/Passes.h"

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace sparrow {
#define GEN_PASS_DEF_FUSEQUANTIZED
#include "passes/Quantization/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {

/// The quantized operand `v` is dequantized from, with 8-bit storage.
Value quantizedSource(Value v) {
  auto dq = v.getDefiningOp<DequantizeOp>();
  if (!dq)
    return {};
  auto p = getQuantParams(dq.getInput().getType());
  return p && p->bits == 8 ? dq.getInput() : Value();
}

/// The f32 values of a constant or a dequantized constant.
std::optional<SmallVector<float>> constantValues(Value v) {
  if (auto dq = v.getDefiningOp<DequantizeOp>())
    return getConstantDequantized(dq);
  return getConstantF32(v);
}

/// The parameters of an i32 accumulator of x times w: scale
/// x_scale * w_scale(f) (in f32, as onnxruntime's quantizer computes the bias
/// scale), zero point 0, one per filter along `axis` when w is per filter.
QuantParams accumulatorParams(const QuantParams &px, const QuantParams &pw,
                              int64_t axis) {
  QuantParams p;
  p.bits = 32;
  p.isSigned = true;
  p.min = INT32_MIN;
  p.max = INT32_MAX;
  p.axis = pw.perTensor() ? -1 : axis;
  for (size_t f = 0; f < pw.scales.size(); ++f) {
    p.scales.push_back(double(float(px.scales[0]) * float(pw.scales[f])));
    p.zeroPoints.push_back(0);
  }
  return p;
}

/// `bias` as i32 at scale x_scale * w_scale(f), zero point 0, as a
/// storage_cast of a constant; null if a value does not fit in i32.
Value quantizeBias(PatternRewriter &rewriter, Location loc, Value bias,
                   const QuantParams &px, const QuantParams &pw) {
  std::optional<SmallVector<float>> values = constantValues(bias);
  if (!values)
    return {};
  int64_t n = values->size();
  QuantParams pb = accumulatorParams(px, pw, /*axis=*/0);
  SmallVector<int32_t> stored;
  for (int64_t f = 0; f < n; ++f) {
    double scale = pb.scale(f);
    double q = std::nearbyint(double((*values)[f]) / scale);
    if (scale == 0 || q < double(INT32_MIN) || q > double(INT32_MAX))
      return {};
    stored.push_back(static_cast<int32_t>(q));
  }
  auto quantType =
      makeQuantType([&] { return emitError(loc); }, rewriter.getContext(), pb);
  if (!quantType)
    return {};
  auto intType = RankedTensorType::get({n}, rewriter.getI32Type());
  Value data = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(intType, ArrayRef(stored)));
  return StorageCastOp::create(rewriter, loc,
                               RankedTensorType::get({n}, quantType), data);
}

/// The integer operands of a conv on dequantized 8-bit operands: the input
/// per tensor, the filter per tensor or per filter, and its bias (if any)
/// as i32 at their scales.
struct IntegerConvOperands {
  Value x, w, bias;
  QuantParams px, pw;
};

FailureOr<IntegerConvOperands> integerOperands(PatternRewriter &rewriter,
                                               Conv2DOp conv) {
  IntegerConvOperands ops;
  ops.x = quantizedSource(conv.getInput());
  ops.w = quantizedSource(conv.getFilter());
  if (!ops.x || !ops.w)
    return rewriter.notifyMatchFailure(conv, "operands are not dequantized");
  ops.px = *getQuantParams(ops.x.getType());
  ops.pw = *getQuantParams(ops.w.getType());
  if (!ops.px.perTensor() || (!ops.pw.perTensor() && ops.pw.axis != 0))
    return rewriter.notifyMatchFailure(conv, "unsupported quantization axes");
  if (conv.getBias() &&
      !(ops.bias = quantizeBias(rewriter, conv.getLoc(), conv.getBias(), ops.px,
                                ops.pw)))
    return rewriter.notifyMatchFailure(conv, "bias is not an i32 constant");
  return ops;
}

/// The activation of a standalone relu/clip op.
ActivationAttr activationOf(Operation *op) {
  if (isa<ReluOp>(op))
    return ActivationAttr::get(op->getContext(), ActivationKind::relu);
  if (auto clip = dyn_cast<ClipOp>(op))
    return ActivationAttr::get(op->getContext(), ActivationKind::clip,
                               clip.getMin().convertToDouble(),
                               clip.getMax().convertToDouble());
  return {};
}

bool isClamp(ActivationAttr act) {
  return !act || act.getKind() == ActivationKind::relu ||
         act.getKind() == ActivationKind::clip;
}

struct FuseQuantizedConv : OpRewritePattern<QuantizeOp> {
  FuseQuantizedConv(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    Value v = q.getInput();
    ActivationAttr act;
    if (Operation *def = v.getDefiningOp())
      if ((act = activationOf(def))) {
        if (!def->hasOneUse())
          return rewriter.notifyMatchFailure(q, "activation has other users");
        v = def->getOperand(0);
      }
    auto conv = v.getDefiningOp<Conv2DOp>();
    if (!conv || !conv->hasOneUse() || conv.getResidual())
      return rewriter.notifyMatchFailure(q, "no conv with this one user");
    if (ActivationAttr own = conv.getActivationAttr()) {
      if (act)
        return rewriter.notifyMatchFailure(q, "two activations");
      act = own;
    }
    if (!isClamp(act))
      return rewriter.notifyMatchFailure(q, "activation is not a clamp");
    QuantParams py = *getQuantParams(q.getType());
    if (!py.perTensor() || py.bits != 8)
      return rewriter.notifyMatchFailure(q, "result not 8-bit per tensor");
    FailureOr<IntegerConvOperands> ops = integerOperands(rewriter, conv);
    if (failed(ops))
      return failure();
    reportFusion(conv, "qdq_conv2d", report);
    rewriter.replaceOpWithNewOp<QConv2DOp>(
        q, q.getType(), ops->x, ops->w, ops->bias, conv.getStridesAttr(),
        conv.getPadsAttr(), conv.getDilationsAttr(), conv.getGroupsAttr(), act);
    return success();
  }
};

/// A conv on dequantized operands whose result is not quantized again (the
/// last conv before a float pooling): the integer kernel with an i32 result
/// at scale x_scale * w_scale(f), then a dequantize. Runs after the fusions
/// into 8-bit results.
struct FuseDequantizedConv : OpRewritePattern<Conv2DOp> {
  FuseDequantizedConv(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(Conv2DOp conv,
                                PatternRewriter &rewriter) const override {
    if (conv.getResidual() || conv.getActivationAttr())
      return rewriter.notifyMatchFailure(conv, "residual or activation");
    FailureOr<IntegerConvOperands> ops = integerOperands(rewriter, conv);
    if (failed(ops))
      return failure();
    Location loc = conv.getLoc();
    // The bias's parameters, along the result's channel axis.
    auto accType = makeQuantType([&] { return emitError(loc); }, getContext(),
                                 accumulatorParams(ops->px, ops->pw,
                                                   /*axis=*/1));
    if (!accType)
      return failure();
    reportFusion(conv, "qdq_conv2d", report);
    ArrayRef<int64_t> shape = conv.getOutput().getType().getShape();
    auto acc = QConv2DOp::create(
        rewriter, loc, RankedTensorType::get(shape, accType), ops->x, ops->w,
        ops->bias, conv.getStridesAttr(), conv.getPadsAttr(),
        conv.getDilationsAttr(), conv.getGroupsAttr(), ActivationAttr());
    rewriter.replaceOpWithNewOp<DequantizeOp>(conv, conv.getOutput().getType(),
                                              acc);
    return success();
  }
};

struct FuseQuantizedMatMul : OpRewritePattern<QuantizeOp> {
  FuseQuantizedMatMul(MLIRContext *ctx, bool report)
      : OpRewritePattern(ctx), report(report) {}
  bool report;

  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rewriter) const override {
    auto matmul = q.getInput().getDefiningOp<MatMulOp>();
    if (!matmul || !matmul->hasOneUse())
      return rewriter.notifyMatchFailure(q, "no matmul with this one user");
    Value a = quantizedSource(matmul.getLhs());
    Value b = quantizedSource(matmul.getRhs());
    if (!a || !b)
      return rewriter.notifyMatchFailure(q, "operands are not dequantized");
    QuantParams pa = *getQuantParams(a.getType());
    QuantParams pb = *getQuantParams(b.getType());
    QuantParams py = *getQuantParams(q.getType());
    int64_t lastAxis = cast<RankedTensorType>(b.getType()).getRank() - 1;
    if (!pa.perTensor() || !py.perTensor() || py.bits != 8 ||
        (!pb.perTensor() && pb.axis != lastAxis))
      return rewriter.notifyMatchFailure(q, "unsupported quantization axes");
    reportFusion(matmul, "qdq_matmul", report);
    rewriter.replaceOpWithNewOp<QMatMulOp>(q, q.getType(), a, b);
    return success();
  }
};

/// Weights of layers that stay f32 become f32 constants.
struct FoldConstantDequantize : OpRewritePattern<DequantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DequantizeOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<SmallVector<float>> values = getConstantDequantized(op);
    if (!values)
      return failure();
    rewriter.replaceOp(op,
                       createF32Constant(rewriter, op.getLoc(), op.getType(),
                                         *values, "dequantized"));
    return success();
  }
};

struct FuseQuantizedPass : sparrow::impl::FuseQuantizedBase<FuseQuantizedPass> {
  using Base::Base;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // Two rounds: the fusions must see the integer weights before the fold
    // turns the leftover ones into f32.
    if (!foldOnly) {
      RewritePatternSet fusions(ctx);
      fusions.add<FuseQuantizedConv, FuseQuantizedMatMul>(ctx, report);
      if (failed(applyPatternsGreedily(getOperation(), std::move(fusions))))
        return signalPassFailure();
      RewritePatternSet toInt32(ctx);
      toInt32.add<FuseDequantizedConv>(ctx, report);
      if (failed(applyPatternsGreedily(getOperation(), std::move(toInt32))))
        return signalPassFailure();
    }
    RewritePatternSet folds(ctx);
    folds.add<FoldConstantDequantize>(ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(folds))))
      signalPassFailure();
  }
};

} // namespace
