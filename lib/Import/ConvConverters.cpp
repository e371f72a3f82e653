//===- ConvConverters.cpp - Conv, Gemm, MatMul, BN and pooling ------------===//

#include "lib/Import/GraphImporter.h"
#include "lib/Import/NodeAttributes.h"

#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Window attributes shared by Conv and the pools, in sparrow's form.
struct Window {
  SmallVector<int64_t> kernel, strides, pads, dilations;
};

/// Reads kernel_shape/strides/pads/dilations/auto_pad for a 2-D window over
/// the spatial dims of `in`.
Expected<Window> readWindow(GraphImporter &gi, const onnx::NodeProto &node,
                            ArrayRef<int64_t> in, ArrayRef<int64_t> kernel) {
  if (in.size() != 4)
    return gi.error(node, "only 2-D spatial windows (4-D inputs) are "
                          "supported, got a rank-" +
                              Twine(in.size()) + " input");
  Window w;
  w.kernel = attrInts(node, "kernel_shape", kernel);
  w.strides = attrInts(node, "strides", {1, 1});
  w.dilations = attrInts(node, "dilations", {1, 1});
  w.pads = attrInts(node, "pads", {0, 0, 0, 0});
  if (w.kernel.size() != 2 || w.strides.size() != 2 ||
      w.dilations.size() != 2 || w.pads.size() != 4)
    return gi.error(node, "kernel_shape, strides and dilations need 2 "
                          "values and pads 4");
  for (int i = 0; i < 2; ++i)
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1)
      return gi.error(node, "kernel_shape, strides and dilations must be "
                            "positive");
  std::string autoPad = attrString(node, "auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads = {0, 0, 0, 0};
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int i = 0; i < 2; ++i) {
      int64_t out = (in[2 + i] + w.strides[i] - 1) / w.strides[i];
      int64_t span = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.strides[i] + span - in[2 + i]);
      int64_t small = total / 2, big = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : big;
      w.pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return gi.error(node, "unknown auto_pad '" + autoPad + "'");
  }
  return w;
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
  if (ws.size() != 4)
    return gi.error(node, "expects a 4-D weight, got rank " +
                              Twine(ws.size()));
  auto win = readWindow(gi, node, shapeOf(*x), ws.drop_front(2));
  if (!win)
    return win.takeError();
  if (win->kernel[0] != ws[2] || win->kernel[1] != ws[3])
    return gi.error(node, "kernel_shape disagrees with the weight shape");
  OpBuilder &b = gi.builder();
  auto y = gi.create<Conv2DOp>(
      node, *x, *w, *bias, b.getDenseI64ArrayAttr(win->strides),
      b.getDenseI64ArrayAttr(win->pads), b.getDenseI64ArrayAttr(win->dilations),
      b.getI64IntegerAttr(attrInt(node, "group", 1)), ActivationAttr(),
      SparsityAttr());
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
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
    y = gi.create<MaxPoolOp>(node, *x, b.getDenseI64ArrayAttr(win->kernel),
                             b.getDenseI64ArrayAttr(win->strides),
                             b.getDenseI64ArrayAttr(win->pads),
                             b.getBoolAttr(ceil),
                             b.getDenseI64ArrayAttr(win->dilations));
  else {
    if (win->dilations != SmallVector<int64_t>{1, 1})
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

Error convertGlobalAveragePool(GraphImporter &gi,
                               const onnx::NodeProto &node) {
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
  auto y = gi.create<GemmOp>(
      node, *a, *bv, *c, b.getBoolAttr(attrInt(node, "transA", 0) != 0),
      b.getBoolAttr(attrInt(node, "transB", 0) != 0),
      b.getF32FloatAttr(attrFloat(node, "alpha", 1.f)),
      b.getF32FloatAttr(attrFloat(node, "beta", 1.f)), ActivationAttr(),
      SparsityAttr());
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
    return gi.error(node, "training_mode=1 is not supported at inference");
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
  table["MaxPool"] = convertPool<MaxPoolOp>;
  table["AveragePool"] = convertPool<AveragePoolOp>;
  table["GlobalAveragePool"] = convertGlobalAveragePool;
  table["Gemm"] = convertGemm;
  table["MatMul"] = convertMatMul;
  table["BatchNormalization"] = convertBatchNorm;
}

} // namespace sparrow
