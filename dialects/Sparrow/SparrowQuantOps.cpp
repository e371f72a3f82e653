//===- SparrowQuantOps.cpp - Quantized tensors and kernels ---------------===//

#include "dialects/Sparrow/OpHelpers.h"
#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace sparrow;

/// A per-axis type must name a dim of `type` with one scale per slice.
static LogicalResult checkAxis(Operation *op, Type type, StringRef what) {
  auto p = getQuantParams(type);
  if (!p || p->perTensor())
    return success();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(type).getShape();
  if (p->axis >= static_cast<int64_t>(shape.size()))
    return op->emitOpError() << what << " is quantized along axis " << p->axis
                             << " of a rank-" << shape.size() << " tensor";
  if (static_cast<int64_t>(p->scales.size()) != shape[p->axis])
    return op->emitOpError()
           << what << " has " << p->scales.size() << " scales for "
           << shape[p->axis] << " slices along axis " << p->axis;
  return success();
}

static LogicalResult checkSameShape(Operation *op, Type a, Type b) {
  if (cast<ShapedType>(a).getShape() != cast<ShapedType>(b).getShape())
    return op->emitOpError("operand and result shapes differ");
  return success();
}

LogicalResult QuantizeOp::verify() {
  if (failed(checkSameShape(*this, getInput().getType(), getType())))
    return failure();
  return checkAxis(*this, getType(), "the result");
}

LogicalResult DequantizeOp::verify() {
  if (failed(checkSameShape(*this, getInput().getType(), getType())))
    return failure();
  return checkAxis(*this, getInput().getType(), "the operand");
}

OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  if (auto dq = getInput().getDefiningOp<DequantizeOp>())
    if (dq.getInput().getType() == getType())
      return dq.getInput();
  return {};
}

std::optional<SmallVector<float>>
sparrow::getConstantDequantized(DequantizeOp op) {
  auto cast = op.getInput().getDefiningOp<StorageCastOp>();
  DenseIntElementsAttr data;
  if (!cast || !matchPattern(cast.getInput(), m_Constant(&data)))
    return std::nullopt;
  QuantParams p = *getQuantParams(op.getInput().getType());
  ArrayRef<int64_t> shape = op.getType().getShape();
  // Elements between consecutive slices of the quantized axis.
  int64_t inner = 1, extent = p.perTensor() ? 1 : shape[p.axis];
  if (!p.perTensor())
    for (size_t d = p.axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  bool isUnsigned = !p.isSigned;
  SmallVector<float> values;
  values.reserve(op.getType().getNumElements());
  int64_t i = 0;
  for (const APInt &v : data.getValues<APInt>()) {
    int64_t slice = (i++ / inner) % extent;
    int64_t q = isUnsigned ? v.getZExtValue() : v.getSExtValue();
    values.push_back(static_cast<float>(q - p.zeroPoint(slice)) *
                     static_cast<float>(p.scale(slice)));
  }
  return values;
}

LogicalResult StorageCastOp::verify() {
  Type from = getInput().getType().getElementType();
  Type to = getType().getElementType();
  auto qFrom = dyn_cast<quant::QuantizedType>(from);
  auto qTo = dyn_cast<quant::QuantizedType>(to);
  if (failed(checkSameShape(*this, getInput().getType(), getType())))
    return failure();
  if (!qFrom == !qTo)
    return emitOpError("casts between an integer and a quantized tensor");
  auto q = qFrom ? qFrom : qTo;
  auto i = cast<IntegerType>(qFrom ? to : from);
  if (i.getWidth() != q.getStorageTypeIntegralWidth())
    return emitOpError() << "integer width " << i.getWidth()
                         << " differs from the storage width "
                         << q.getStorageTypeIntegralWidth();
  if ((i.isUnsigned() && q.isSigned()) || (i.isSigned() && !q.isSigned()))
    return emitOpError("integer and storage signedness differ");
  return checkAxis(*this, qFrom ? getInput().getType() : getType(),
                   "the quantized side");
}

OpFoldResult StorageCastOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<StorageCastOp>())
    if (inner.getInput().getType() == getType())
      return inner.getInput();
  return {};
}

/// 8-bit operands; an 8-bit per-tensor result, or an i32 one that is the
/// accumulator itself (zero point 0, scale in_scale * w_scale(f)).
static LogicalResult checkQuantKernel(Operation *op, const QuantParams &in,
                                      const QuantParams &w,
                                      const QuantParams &out, int64_t filters,
                                      int64_t channelAxis) {
  if (in.bits != 8 || w.bits != 8)
    return op->emitOpError("expects 8-bit quantized operands");
  if (!in.perTensor())
    return op->emitOpError("expects a per-tensor quantized input");
  if (out.bits == 8) {
    if (!out.perTensor())
      return op->emitOpError("expects a per-tensor quantized result");
    return success();
  }
  // An i32 result is the accumulator: per tensor, or per filter along the
  // result's channel axis with per-filter weights.
  if (out.bits != 32 ||
      llvm::any_of(out.zeroPoints, [](int64_t z) { return z != 0; }))
    return op->emitOpError(
        "expects an 8-bit result, or an i32 one with zero point 0");
  if (!out.perTensor() && (w.perTensor() || out.axis != channelAxis))
    return op->emitOpError()
           << "expects an i32 result per tensor, or along axis " << channelAxis
           << " with per-filter weights";
  for (int64_t f = 0; f < filters; ++f) {
    double want = in.scales[0] * w.scale(f);
    if (std::abs(out.scale(f) - want) > 1e-6 * want)
      return op->emitOpError()
             << "i32 result scale " << out.scale(f)
             << " is not input scale x filter scale (" << want << ")";
  }
  return success();
}

LogicalResult QConv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> w = getFilter().getType().getShape();
  if (in.size() != 4 || w.size() != 4)
    return emitOpError("expects 4-D input and filter");
  int64_t groups = getGroups();
  if (in[1] % groups || w[0] % groups || w[1] * groups != in[1])
    return emitOpError() << "filter " << w[0] << "x" << w[1] << " does not fit "
                         << in[1] << " input channels in " << groups
                         << " groups";
  auto pIn = *getQuantParams(getInput().getType());
  auto pW = *getQuantParams(getFilter().getType());
  auto pOut = *getQuantParams(getType());
  if (!pW.perTensor() && pW.axis != 0)
    return emitOpError("expects the filter quantized per tensor or along "
                       "axis 0");
  if (failed(checkAxis(*this, getFilter().getType(), "the filter")))
    return failure();
  if (failed(checkQuantKernel(*this, pIn, pW, pOut, w[0], /*channelAxis=*/1)))
    return failure();
  if (Value bias = getBias()) {
    auto pB = *getQuantParams(bias.getType());
    if (shapeOf(bias).size() != 1 || shapeOf(bias)[0] != w[0])
      return emitOpError() << "bias must be 1-D of size " << w[0];
    if (pB.bits != 32 ||
        llvm::any_of(pB.zeroPoints, [](int64_t z) { return z != 0; }))
      return emitOpError("expects an i32 bias with zero point 0");
  }
  if (ActivationAttr act = getActivationAttr()) {
    if (act.getKind() != ActivationKind::relu &&
        act.getKind() != ActivationKind::clip)
      return emitOpError("fuses only relu and clip activations");
    if (pOut.bits != 8)
      return emitOpError("fuses an activation only with an 8-bit result");
  }
  SmallVector<int64_t> out;
  if (failed(windowResult(getLoc(), in, w[0], w.drop_front(2), getStrides(),
                          getPads(), getDilations(), false, out)))
    return failure();
  if (ArrayRef<int64_t>(out) != getType().getShape())
    return emitOpError("result shape does not match the convolution");
  return success();
}

LogicalResult QMatMulOp::verify() {
  ArrayRef<int64_t> a = getLhs().getType().getShape();
  ArrayRef<int64_t> b = getRhs().getType().getShape();
  if (a.size() < 2 || b.size() < 2)
    return emitOpError("expects operands of rank 2 or more");
  if (a.back() != b[b.size() - 2])
    return emitOpError() << "inner dims differ: " << a.back() << " and "
                         << b[b.size() - 2];
  auto pA = *getQuantParams(getLhs().getType());
  auto pB = *getQuantParams(getRhs().getType());
  auto pOut = *getQuantParams(getType());
  if (!pB.perTensor() && pB.axis != static_cast<int32_t>(b.size()) - 1)
    return emitOpError("expects the rhs quantized per tensor or per column");
  if (failed(checkAxis(*this, getRhs().getType(), "the rhs")))
    return failure();
  if (failed(checkQuantKernel(*this, pA, pB, pOut, b.back(),
                              getType().getRank() - 1)))
    return failure();
  auto batch = broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (!batch)
    return emitOpError("batch dims do not broadcast");
  SmallVector<int64_t> out = *batch;
  out.append({a[a.size() - 2], b.back()});
  if (ArrayRef<int64_t>(out) != getType().getShape())
    return emitOpError("result shape does not match the product");
  return success();
}
