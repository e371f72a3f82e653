//===- QuantConverters.cpp - QuantizeLinear, QLinearConv and friends -----===//
//
// Scales and zero points must be compile-time data: they become the
// `!quant.uniform` element types of the values they describe.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/ConvWindow.h"
#include "lib/Import/Converters/NodeAttributes.h"

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

#include <cmath>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

std::string typeName(int32_t onnxType) {
  return onnx::TensorProto_DataType_Name(
      static_cast<onnx::TensorProto_DataType>(onnxType));
}

/// Where a node keeps the parameters of one quantized operand.
struct ParamInputs {
  int scale = -1;     ///< input index of the scale; -1: scale 1
  int zeroPoint = -1; ///< input index of the zero point (optional input)
  int data = -1;      ///< input whose type decides without a zero point
  /// Axis of per-channel parameters (negative counts from the end); none:
  /// per tensor only.
  std::optional<int64_t> axis;
};

Expected<QuantParams>
readParams(GraphImporter &gi, const onnx::NodeProto &node,
           const ParamInputs &in, ArrayRef<int64_t> shape,
           int32_t defaultType = onnx::TensorProto::UINT8) {
  QuantParams p;
  if (in.scale < 0) {
    p.scales = {1.0};
  } else {
    auto scales = gi.floatConstant(node, in.scale);
    if (!scales)
      return gi.error(node, "scale '" + node.input(in.scale) +
                                "' must be a compile-time constant (an "
                                "initializer)");
    for (float s : *scales) {
      if (!(s > 0.0f) || !std::isfinite(s))
        return gi.error(node, "scale " + Twine(std::to_string(s)) + " in '" +
                                  node.input(in.scale) +
                                  "' must be positive and finite");
      p.scales.push_back(s);
    }
  }
  int32_t type = defaultType;
  if (gi.hasInput(node, in.zeroPoint)) {
    auto zps = gi.intTensor(node, in.zeroPoint);
    if (!zps)
      return zps.takeError();
    p.zeroPoints.assign(zps->data.begin(), zps->data.end());
    type = gi.elemType(node, in.zeroPoint);
  } else {
    p.zeroPoints = {0};
    if (in.data >= 0)
      type = gi.elemType(node, in.data);
  }
  switch (type) {
  case onnx::TensorProto::UINT8:
    p.bits = 8, p.isSigned = false, p.min = 0, p.max = 255;
    break;
  case onnx::TensorProto::INT8:
    p.bits = 8, p.isSigned = true, p.min = -128, p.max = 127;
    break;
  case onnx::TensorProto::INT32:
    p.bits = 32, p.isSigned = true, p.min = INT32_MIN, p.max = INT32_MAX;
    break;
  default:
    return gi.error(node, "quantized data of type " + typeName(type) +
                              " is not supported (uint8, int8 and int32 "
                              "are)");
  }
  size_t n = std::max(p.scales.size(), p.zeroPoints.size());
  if (p.scales.empty() || p.zeroPoints.empty() ||
      (p.scales.size() != n && p.scales.size() != 1) ||
      (p.zeroPoints.size() != n && p.zeroPoints.size() != 1))
    return gi.error(node, "scale and zero point have " +
                              Twine(p.scales.size()) + " and " +
                              Twine(p.zeroPoints.size()) + " elements");
  for (int64_t z : p.zeroPoints)
    if (z < p.min || z > p.max)
      return gi.error(node, "zero point " + Twine(z) + " is outside the " +
                                typeName(type) + " range");
  if (n == 1)
    return p;
  int64_t rank = shape.size();
  if (!in.axis)
    return gi.error(node, "per-channel quantization of input '" +
                              node.input(in.data >= 0 ? in.data : 0) +
                              "' is not supported");
  int64_t axis = *in.axis < 0 ? *in.axis + rank : *in.axis;
  if (axis < 0 || axis >= rank || shape[axis] != static_cast<int64_t>(n))
    return gi.error(node, "per-axis parameters have " + Twine(n) +
                              " elements, which does not match the "
                              "quantized axis");
  p.scales.resize(n, p.scales[0]);
  p.zeroPoints.resize(n, p.zeroPoints[0]);
  p.axis = axis;
  return p;
}

Expected<Type> quantType(GraphImporter &gi, const onnx::NodeProto &node,
                         const QuantParams &p) {
  gi.diagnostic.clear();
  Type t = makeQuantType([&] { return emitError(gi.locOf(node)); },
                         gi.builder().getContext(), p);
  if (!t)
    return gi.error(node, "invalid quantization parameters: " + gi.diagnostic);
  return t;
}

/// The i32 accumulator type of a product of `a` and per-slice `b` values.
QuantParams accumulatorParams(const QuantParams &a, const QuantParams &b) {
  QuantParams acc;
  acc.bits = 32, acc.isSigned = true, acc.min = INT32_MIN, acc.max = INT32_MAX;
  acc.scales = {a.scales[0] * b.scales[0]};
  acc.zeroPoints = {0};
  return acc;
}

/// Shape of input `i` (runtime value or compile-time data).
Expected<SmallVector<int64_t>>
inputShape(GraphImporter &gi, const onnx::NodeProto &node, unsigned i) {
  if (gi.isInt(node, i)) {
    auto t = gi.intTensor(node, i);
    if (!t)
      return t.takeError();
    return t->dims;
  }
  if (Value v = gi.lookup(node, i))
    return SmallVector<int64_t>(shapeOf(v));
  auto v = gi.input(node, i);
  if (!v)
    return v.takeError();
  return SmallVector<int64_t>(shapeOf(*v));
}

Error convertQuantizeLinear(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ParamInputs in{1, 2, -1, attrInt(node, "axis", 1)};
  auto p = readParams(gi, node, in, shapeOf(*x));
  if (!p)
    return p.takeError();
  if (p->bits != 8)
    return gi.error(node, "QuantizeLinear produces uint8 or int8 data");
  auto q = quantType(gi, node, *p);
  if (!q)
    return q.takeError();
  auto type = RankedTensorType::get(shapeOf(*x), *q);
  gi.setOutput(node, 0,
               QuantizeOp::create(gi.builder(), gi.locOf(node), type, *x));
  return Error::success();
}

Error convertDequantizeLinear(GraphImporter &gi, const onnx::NodeProto &node) {
  auto shape = inputShape(gi, node, 0);
  if (!shape)
    return shape.takeError();
  ParamInputs in{1, 2, 0, attrInt(node, "axis", 1)};
  auto p = readParams(gi, node, in, *shape);
  if (!p)
    return p.takeError();
  auto q = quantType(gi, node, *p);
  if (!q)
    return q.takeError();
  auto x = gi.quantInput(node, 0, *q);
  if (!x)
    return x.takeError();
  auto type = RankedTensorType::get(*shape, gi.builder().getF32Type());
  gi.setOutput(node, 0,
               DequantizeOp::create(gi.builder(), gi.locOf(node), type, *x));
  return Error::success();
}

/// Operand `i` as a quantized tensor with parameters `p`.
Expected<Value> quantOperand(GraphImporter &gi, const onnx::NodeProto &node,
                             unsigned i, const QuantParams &p) {
  auto q = quantType(gi, node, p);
  if (!q)
    return q.takeError();
  return gi.quantInput(node, i, *q);
}

/// QLinearConv (x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B) and
/// ConvInteger (x, w, x_zp, w_zp): `integer` selects the second.
Error convertQuantConv(GraphImporter &gi, const onnx::NodeProto &node,
                       bool integer) {
  unsigned xi = 0, wi = integer ? 1 : 3;
  auto xs = inputShape(gi, node, xi), ws = inputShape(gi, node, wi);
  if (!xs)
    return xs.takeError();
  if (!ws)
    return ws.takeError();
  if (xs->size() != 4 || ws->size() != 4)
    return gi.error(node, "only 2-D convolutions (4-D input and weight) are "
                          "supported");
  ParamInputs xin =
      integer ? ParamInputs{-1, 2, 0, {}} : ParamInputs{1, 2, 0, {}};
  ParamInputs win =
      integer ? ParamInputs{-1, 3, 1, 0} : ParamInputs{4, 5, 3, 0};
  auto xp = readParams(gi, node, xin, *xs);
  auto wp = readParams(gi, node, win, *ws);
  if (!xp)
    return xp.takeError();
  if (!wp)
    return wp.takeError();
  auto x = quantOperand(gi, node, xi, *xp);
  if (!x)
    return x.takeError();
  auto w = quantOperand(gi, node, wi, *wp);
  if (!w)
    return w.takeError();

  QuantParams outp = accumulatorParams(*xp, *wp);
  Value bias;
  if (!integer) {
    auto yp = readParams(gi, node, {6, 7, -1, {}}, {});
    if (!yp)
      return yp.takeError();
    outp = *yp;
    if (gi.hasInput(node, 8)) {
      QuantParams bp = accumulatorParams(*xp, *wp);
      if (!wp->perTensor()) {
        bp.axis = 0;
        bp.scales.clear();
        for (double s : wp->scales)
          bp.scales.push_back(xp->scales[0] * s);
        bp.zeroPoints.assign(bp.scales.size(), 0);
      }
      auto b = quantOperand(gi, node, 8, bp);
      if (!b)
        return b.takeError();
      bias = *b;
    }
  } else if (!wp->perTensor() &&
             llvm::any_of(wp->scales, [](double s) { return s != 1.0; })) {
    return gi.error(node, "per-channel weight scales need an 8-bit output");
  }

  auto win2 = readWindow(gi, node, *xs, ArrayRef<int64_t>(*ws).drop_front(2));
  if (!win2)
    return win2.takeError();
  if (ArrayRef<int64_t>(win2->kernel) != ArrayRef<int64_t>(*ws).drop_front(2))
    return gi.error(node, "kernel_shape disagrees with the weight shape");
  int64_t groups = attrInt(node, "group", 1);
  if (groups < 1 || (*xs)[1] % groups || (*ws)[0] % groups ||
      (*ws)[1] * groups != (*xs)[1])
    return gi.error(node, "the weight does not fit the input channels and "
                          "groups");
  SmallVector<int64_t> out = {(*xs)[0], (*ws)[0]};
  for (int d = 0; d < 2; ++d) {
    int64_t o = windowOutputSize((*xs)[2 + d], win2->kernel[d],
                                 win2->strides[d], win2->pads[d],
                                 win2->pads[2 + d], win2->dilations[d], false);
    if (o < 1)
      return gi.error(node, "the window does not fit the input");
    out.push_back(o);
  }
  auto q = quantType(gi, node, outp);
  if (!q)
    return q.takeError();
  OpBuilder &b = gi.builder();
  Value y = QConv2DOp::create(
      b, gi.locOf(node), RankedTensorType::get(out, *q), *x, *w, bias,
      b.getDenseI64ArrayAttr(win2->strides), b.getDenseI64ArrayAttr(win2->pads),
      b.getDenseI64ArrayAttr(win2->dilations), b.getI64IntegerAttr(groups),
      ActivationAttr());
  gi.setOutput(node, 0, y);
  return Error::success();
}

/// QLinearMatMul (a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp) and
/// MatMulInteger (A, B, a_zp, b_zp).
Error convertQuantMatMul(GraphImporter &gi, const onnx::NodeProto &node,
                         bool integer) {
  unsigned ai = 0, bi = integer ? 1 : 3;
  auto as = inputShape(gi, node, ai), bs = inputShape(gi, node, bi);
  if (!as)
    return as.takeError();
  if (!bs)
    return bs.takeError();
  if (as->size() < 2 || bs->size() < 2)
    return gi.error(node, "operands of rank 1 are not supported");
  if (as->back() != (*bs)[bs->size() - 2])
    return gi.error(node, "inner dims differ: " + Twine(as->back()) + " and " +
                              Twine((*bs)[bs->size() - 2]));
  auto batch = broadcastShapes(ArrayRef<int64_t>(*as).drop_back(2),
                               ArrayRef<int64_t>(*bs).drop_back(2));
  if (!batch)
    return gi.error(node, "batch dims do not broadcast");
  ParamInputs ain =
      integer ? ParamInputs{-1, 2, 0, {}} : ParamInputs{1, 2, 0, {}};
  ParamInputs bin =
      integer ? ParamInputs{-1, 3, 1, -1} : ParamInputs{4, 5, 3, -1};
  auto ap = readParams(gi, node, ain, *as);
  auto bp = readParams(gi, node, bin, *bs);
  if (!ap)
    return ap.takeError();
  if (!bp)
    return bp.takeError();
  auto a = quantOperand(gi, node, ai, *ap);
  if (!a)
    return a.takeError();
  auto bv = quantOperand(gi, node, bi, *bp);
  if (!bv)
    return bv.takeError();
  QuantParams outp = accumulatorParams(*ap, *bp);
  if (!integer) {
    auto yp = readParams(gi, node, {6, 7, -1, {}}, {});
    if (!yp)
      return yp.takeError();
    outp = *yp;
  } else if (!bp->perTensor() &&
             llvm::any_of(bp->scales, [](double s) { return s != 1.0; })) {
    return gi.error(node, "per-column scales need an 8-bit output");
  }
  SmallVector<int64_t> out = *batch;
  out.append({(*as)[as->size() - 2], bs->back()});
  auto q = quantType(gi, node, outp);
  if (!q)
    return q.takeError();
  gi.setOutput(node, 0,
               QMatMulOp::create(gi.builder(), gi.locOf(node),
                                 RankedTensorType::get(out, *q), *a, *bv));
  return Error::success();
}

} // namespace

void addQuantConverters(StringMap<NodeConverter> &table) {
  table["QuantizeLinear"] = convertQuantizeLinear;
  table["DequantizeLinear"] = convertDequantizeLinear;
  table["QLinearConv"] = [](GraphImporter &gi, const onnx::NodeProto &node) {
    return convertQuantConv(gi, node, false);
  };
  table["ConvInteger"] = [](GraphImporter &gi, const onnx::NodeProto &node) {
    return convertQuantConv(gi, node, true);
  };
  table["QLinearMatMul"] = [](GraphImporter &gi, const onnx::NodeProto &node) {
    return convertQuantMatMul(gi, node, false);
  };
  table["MatMulInteger"] = [](GraphImporter &gi, const onnx::NodeProto &node) {
    return convertQuantMatMul(gi, node, true);
  };
}

} // namespace sparrow
