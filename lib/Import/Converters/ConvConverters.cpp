//===- ConvConverters.cpp - Conv, Gemm, MatMul, BN and pooling ------------===//

#include "lib/Import/Converters/ConvWindow.h"
#include "lib/Import/Converters/NodeAttributes.h"

#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {

Error convertBatchNormTrainingMode(GraphImporter &gi,
                                   const onnx::NodeProto &node);

Expected<Window> readWindow(GraphImporter &gi, const onnx::NodeProto &node,
                            ArrayRef<int64_t> in, ArrayRef<int64_t> kernel) {
  if (in.size() < 3 || in.size() > 5)
    return gi.error(node, "only 1-D to 3-D spatial windows (inputs of rank "
                          "3 to 5) are supported, got a rank-" +
                              Twine(in.size()) + " input");
  size_t n = in.size() - 2;
  Window w;
  w.kernel = attrInts(node, "kernel_shape", kernel);
  w.strides = attrInts(node, "strides", SmallVector<int64_t>(n, 1));
  w.dilations = attrInts(node, "dilations", SmallVector<int64_t>(n, 1));
  w.pads = attrInts(node, "pads", SmallVector<int64_t>(2 * n, 0));
  if (w.kernel.size() != n || w.strides.size() != n ||
      w.dilations.size() != n || w.pads.size() != 2 * n)
    return gi.error(node, "kernel_shape, strides and dilations need " +
                              Twine(n) + " values and pads " + Twine(2 * n));
  for (size_t i = 0; i < n; ++i)
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1)
      return gi.error(node, "kernel_shape, strides and dilations must be "
                            "positive");
  for (ArrayRef<int64_t> values :
       {ArrayRef<int64_t>(w.kernel), ArrayRef<int64_t>(w.strides),
        ArrayRef<int64_t>(w.dilations), ArrayRef<int64_t>(w.pads)})
    for (int64_t v : values)
      if (v > (int64_t(1) << 31))
        return gi.error(node, "window attributes must be below 2^31");
  std::string autoPad = attrString(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads.assign(2 * n, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < n; ++i) {
      int64_t out = (in[2 + i] + w.strides[i] - 1) / w.strides[i];
      int64_t span = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.strides[i] + span - in[2 + i]);
      int64_t small = total / 2, big = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : big;
      w.pads[i + n] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return gi.error(node, "unknown auto_pad '" + autoPad + "'");
  }
  return w;
}

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// A 1-D window as the equivalent 2-D one over a unit height.
void liftTo2D(Window &w) {
  w.kernel.insert(w.kernel.begin(), 1);
  w.strides.insert(w.strides.begin(), 1);
  w.dilations.insert(w.dilations.begin(), 1);
  w.pads = {0, w.pads[0], 0, w.pads[1]};
}

/// [N, C, L] as [N, C, 1, L] (also filters [F, C, k]).
Value addUnitHeight(GraphImporter &gi, const onnx::NodeProto &node, Value v) {
  SmallVector<int64_t> s(shapeOf(v));
  s.insert(s.begin() + 2, 1);
  return gi.reshape(node, v, s);
}

Value dropUnitHeight(GraphImporter &gi, const onnx::NodeProto &node, Value v) {
  SmallVector<int64_t> s(shapeOf(v));
  s.erase(s.begin() + 2);
  return gi.reshape(node, v, s);
}

Error convertConv(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0), w = gi.input(node, 1);
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  auto bias = gi.optionalInput(node, 2);
  if (!bias)
    return bias.takeError();
  ArrayRef<int64_t> ws = shapeOf(*w);
  if (ws.size() != shapeOf(*x).size())
    return gi.error(node, "weight rank " + Twine(ws.size()) +
                              " differs from the input rank " +
                              Twine(shapeOf(*x).size()));
  auto win = readWindow(gi, node, shapeOf(*x), ws.drop_front(2));
  if (!win)
    return win.takeError();
  if (ArrayRef<int64_t>(win->kernel) != ws.drop_front(2))
    return gi.error(node, "kernel_shape disagrees with the weight shape");
  OpBuilder &b = gi.builder();
  int64_t groups = attrInt(node, "group", 1);
  if (ws.size() == 5) {
    auto y = gi.create<Conv3DOp>(
        node, *x, *w, *bias, b.getDenseI64ArrayAttr(win->strides),
        b.getDenseI64ArrayAttr(win->pads),
        b.getDenseI64ArrayAttr(win->dilations), b.getI64IntegerAttr(groups));
    if (!y)
      return y.takeError();
    gi.setOutput(node, 0, *y);
    return Error::success();
  }
  bool oneD = ws.size() == 3;
  Value in = *x, filter = *w;
  if (oneD) {
    liftTo2D(*win);
    in = addUnitHeight(gi, node, in);
    filter = addUnitHeight(gi, node, filter);
  }
  auto y = gi.create<Conv2DOp>(
      node, in, filter, *bias, /*residual=*/Value(),
      b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(win->pads),
      b.getDenseI64ArrayAttr(win->dilations), b.getI64IntegerAttr(groups),
      ActivationAttr(), SparsityAttr());
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, oneD ? dropUnitHeight(gi, node, *y) : *y);
  return Error::success();
}

Error convertConvTranspose(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0), w = gi.input(node, 1);
  if (!x)
    return x.takeError();
  if (!w)
    return w.takeError();
  auto bias = gi.optionalInput(node, 2);
  if (!bias)
    return bias.takeError();
  ArrayRef<int64_t> xs = shapeOf(*x), ws = shapeOf(*w);
  if (xs.size() < 3 || xs.size() > 5 || ws.size() != xs.size())
    return gi.error(node, "expects input and weight of the same rank, 3 to 5");
  size_t n = xs.size() - 2;
  SmallVector<int64_t> kernel =
      attrInts(node, "kernel_shape", ws.drop_front(2));
  if (ArrayRef<int64_t>(kernel) != ws.drop_front(2))
    return gi.error(node, "kernel_shape disagrees with the weight shape");
  SmallVector<int64_t> strides =
      attrInts(node, "strides", SmallVector<int64_t>(n, 1));
  SmallVector<int64_t> dilations =
      attrInts(node, "dilations", SmallVector<int64_t>(n, 1));
  SmallVector<int64_t> outPad =
      attrInts(node, "output_padding", SmallVector<int64_t>(n, 0));
  SmallVector<int64_t> pads =
      attrInts(node, "pads", SmallVector<int64_t>(2 * n, 0));
  SmallVector<int64_t> outShape = attrInts(node, "output_shape");
  std::string autoPad = attrString(node, "auto_pad", "NOTSET");
  if (strides.size() != n || dilations.size() != n || outPad.size() != n ||
      pads.size() != 2 * n)
    return gi.error(node, "strides, dilations, output_padding need " +
                              Twine(n) + " values and pads " + Twine(2 * n));
  for (ArrayRef<int64_t> values :
       {ArrayRef<int64_t>(strides), ArrayRef<int64_t>(dilations),
        ArrayRef<int64_t>(outPad), ArrayRef<int64_t>(pads),
        ArrayRef<int64_t>(outShape)})
    for (int64_t v : values)
      if (v > (int64_t(1) << 20) || v < -(int64_t(1) << 20))
        return gi.error(node, "attribute values must be within 2^20");
  if (outShape.size() > n)
    outShape.erase(outShape.begin(), outShape.begin() + (outShape.size() - n));
  if (!outShape.empty() && outShape.size() != n)
    return gi.error(node, "output_shape needs " + Twine(n) + " values");
  if (outShape.empty() && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER"))
    for (size_t i = 0; i < n; ++i)
      outShape.push_back(xs[2 + i] * strides[i]);
  if (!outShape.empty()) {
    for (size_t i = 0; i < n; ++i) {
      int64_t total = strides[i] * (xs[2 + i] - 1) + outPad[i] +
                      (ws[2 + i] - 1) * dilations[i] + 1 - outShape[i];
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2); // floor
      pads[i] = autoPad == "SAME_UPPER" ? half : total - half;
      pads[i + n] = autoPad == "SAME_UPPER" ? total - half : half;
    }
  } else if (autoPad == "VALID") {
    pads.assign(2 * n, 0);
  }
  Value in = *x, filter = *w;
  bool oneD = n == 1;
  if (oneD) {
    in = addUnitHeight(gi, node, in);
    filter = addUnitHeight(gi, node, filter);
    strides.insert(strides.begin(), 1);
    dilations.insert(dilations.begin(), 1);
    outPad.insert(outPad.begin(), 0);
    pads = {0, pads[0], 0, pads[1]};
  }
  OpBuilder &b = gi.builder();
  auto y = gi.create<ConvTransposeOp>(
      node, in, filter, *bias, b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(pads), b.getDenseI64ArrayAttr(dilations),
      b.getDenseI64ArrayAttr(outPad),
      b.getI64IntegerAttr(attrInt(node, "group", 1)));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, oneD ? dropUnitHeight(gi, node, *y) : *y);
  return Error::success();
}

template <typename PoolOp>
Error convertPool(GraphImporter &gi, const onnx::NodeProto &node) {
  if (Error err = gi.onlyFirstOutputUsed(node))
    return err;
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  if (!findAttr(node, "kernel_shape"))
    return gi.error(node, "missing required attribute kernel_shape");
  if (attrInt(node, "storage_order", 0) != 0)
    return gi.error(node, "storage_order=1 is not supported");
  auto win = readWindow(gi, node, shapeOf(*x), {});
  if (!win)
    return win.takeError();
  OpBuilder &b = gi.builder();
  bool ceil = attrInt(node, "ceil_mode", 0) != 0;
  Expected<Value> y = Value();
  if constexpr (std::is_same_v<PoolOp, MaxPoolOp>)
    y = gi.create<MaxPoolOp>(
        node, *x, b.getDenseI64ArrayAttr(win->kernel),
        b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(win->pads),
        b.getBoolAttr(ceil), b.getDenseI64ArrayAttr(win->dilations));
  else {
    if (llvm::any_of(win->dilations, [](int64_t d) { return d != 1; }))
      return gi.error(node, "dilated average pooling is not supported");
    y = gi.create<AveragePoolOp>(
        node, *x, b.getDenseI64ArrayAttr(win->kernel),
        b.getDenseI64ArrayAttr(win->strides), b.getDenseI64ArrayAttr(win->pads),
        b.getBoolAttr(ceil),
        b.getBoolAttr(attrInt(node, "count_include_pad", 0) != 0));
  }
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertGlobalAveragePool(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto y = gi.create<GlobalAveragePoolOp>(node, *x);
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertGemm(GraphImporter &gi, const onnx::NodeProto &node) {
  auto a = gi.input(node, 0), bv = gi.input(node, 1);
  if (!a)
    return a.takeError();
  if (!bv)
    return bv.takeError();
  auto c = gi.optionalInput(node, 2);
  if (!c)
    return c.takeError();
  OpBuilder &b = gi.builder();
  auto y = gi.create<GemmOp>(node, *a, *bv, *c,
                             b.getBoolAttr(attrInt(node, "transA", 0) != 0),
                             b.getBoolAttr(attrInt(node, "transB", 0) != 0),
                             b.getF32FloatAttr(attrFloat(node, "alpha", 1.f)),
                             b.getF32FloatAttr(attrFloat(node, "beta", 1.f)),
                             ActivationAttr(), SparsityAttr());
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// Rank-1 operands are promoted to matrices and the extra dim dropped after,
/// as numpy.matmul does.
Error convertMatMul(GraphImporter &gi, const onnx::NodeProto &node) {
  auto l = gi.input(node, 0), r = gi.input(node, 1);
  if (!l)
    return l.takeError();
  if (!r)
    return r.takeError();
  OpBuilder &b = gi.builder();
  Location loc = gi.locOf(node);
  auto reshape = [&](Value v, ArrayRef<int64_t> shape) -> Value {
    auto type = RankedTensorType::get(shape, b.getF32Type());
    return ReshapeOp::create(b, loc, type, v);
  };
  SmallVector<int64_t> ls(shapeOf(*l)), rs(shapeOf(*r));
  if (ls.empty() || rs.empty())
    return gi.error(node, "operands must have rank >= 1");
  bool lVec = ls.size() == 1, rVec = rs.size() == 1;
  Value lhs = lVec ? reshape(*l, {1, ls[0]}) : *l;
  Value rhs = rVec ? reshape(*r, {rs[0], 1}) : *r;
  auto y = gi.create<MatMulOp>(node, lhs, rhs, SparsityAttr());
  if (!y)
    return y.takeError();
  Value result = *y;
  if (lVec || rVec) {
    SmallVector<int64_t> out(shapeOf(result));
    if (rVec)
      out.pop_back();
    if (lVec)
      out.erase(out.end() - (rVec ? 1 : 2));
    result = reshape(result, out);
  }
  gi.setOutput(node, 0, result);
  return Error::success();
}

Error convertBatchNorm(GraphImporter &gi, const onnx::NodeProto &node) {
  if (attrInt(node, "training_mode", 0) != 0)
    return convertBatchNormTrainingMode(gi, node);
  if (gi.opset() < 9 && attrInt(node, "spatial", 1) != 1)
    return gi.error(node, "spatial=0 is not supported");
  if (Error err = gi.onlyFirstOutputUsed(node))
    return err;
  SmallVector<Value, 5> in;
  for (unsigned i = 0; i < 5; ++i) {
    auto v = gi.input(node, i);
    if (!v)
      return v.takeError();
    in.push_back(*v);
  }
  auto y = gi.create<BatchNormOp>(
      node, in[0], in[1], in[2], in[3], in[4],
      gi.builder().getF32FloatAttr(attrFloat(node, "epsilon", 1e-5f)));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

} // namespace

void addConvConverters(StringMap<NodeConverter> &table) {
  table["Conv"] = convertConv;
  table["ConvTranspose"] = convertConvTranspose;
  table["MaxPool"] = convertPool<MaxPoolOp>;
  table["AveragePool"] = convertPool<AveragePoolOp>;
  table["GlobalAveragePool"] = convertGlobalAveragePool;
  table["Gemm"] = convertGemm;
  table["MatMul"] = convertMatMul;
  table["BatchNormalization"] = convertBatchNorm;
}

} // namespace sparrow
