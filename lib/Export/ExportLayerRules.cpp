//===- ExportLayerRules.cpp - Convolutions, products, pooling, SE ---------===//

#include "lib/Export/ExportRules.h"

using namespace mlir;
using llvm::Error;
using llvm::StringRef;

namespace sparrow {
namespace {

/// A Conv or ConvTranspose node with the window attributes of `filter`.
onnx::NodeProto &windowNode(Exporter &e, StringRef type, OpContext &c,
                            ArrayRef<std::string> inputs, StringRef out,
                            Value filter, ArrayRef<int64_t> strides,
                            ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                            int64_t groups) {
  onnx::NodeProto &n = e.addNode(type, c.nodeName, inputs, out);
  ArrayRef<int64_t> w = cast<RankedTensorType>(filter.getType()).getShape();
  setInts(n, "kernel_shape", w.drop_front(2));
  setInts(n, "strides", strides);
  setInts(n, "pads", pads);
  setInts(n, "dilations", dilations);
  setInt(n, "group", groups);
  return n;
}

Error exportConv2D(Exporter &e, OpContext &c, Conv2DOp conv) {
  // A fused residual is written back as the Add it came from.
  std::string residual, convOut = c.out;
  if (conv.getResidual()) {
    residual = c.inputs.pop_back_val();
    convOut = e.fresh(c.hint() + "_conv");
  }
  windowNode(e, "Conv", c, c.inputs, convOut, conv.getFilter(),
             conv.getStrides(), conv.getPads(), conv.getDilations(),
             conv.getGroups());
  if (!residual.empty())
    e.addNode("Add", c.hint() + "_residual", {convOut, residual}, c.out);
  return Error::success();
}

/// Negative pads extend the output with the bias alone (the importer makes
/// them from `output_shape`): the transposed conv with the pads clamped at
/// zero and without bias, zero padding, then the bias.
Error exportConvTranspose(Exporter &e, OpContext &c, ConvTransposeOp op) {
  SmallVector<int64_t> pads(op.getPads());
  size_t spatial = pads.size() / 2, rank = spatial + 2;
  SmallVector<int64_t> extra(2 * rank, 0);
  for (size_t i = 0; i < pads.size(); ++i) {
    if (pads[i] >= 0)
      continue;
    extra[(i < spatial ? 2 : rank + 2) + i % spatial] = -pads[i];
    pads[i] = 0;
  }
  bool negative = llvm::any_of(extra, [](int64_t p) { return p != 0; });
  SmallVector<std::string> inputs(c.inputs);
  if (negative && op.getBias())
    inputs.pop_back();
  std::string y = negative ? e.fresh(c.hint() + "_unpadded") : c.out;
  onnx::NodeProto &n =
      windowNode(e, "ConvTranspose", c, inputs, y, op.getFilter(),
                 op.getStrides(), pads, op.getDilations(), op.getGroups());
  setInts(n, "output_padding", op.getOutputPadding());
  if (!negative)
    return Error::success();
  std::string padded = op.getBias() ? e.fresh(c.hint() + "_padded") : c.out;
  e.addNode("Pad", c.nodeName, {y, e.intInitializer(c.hint() + "_pads", extra)},
            padded);
  if (op.getBias()) {
    int64_t channels = op.getType().getDimSize(1);
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = channels;
    std::string bias = e.addTemp(
        c, "Reshape",
        {c.inputs.back(), e.intInitializer(c.hint() + "_bias_shape", shape)});
    e.addNode("Add", c.nodeName, {padded, bias}, c.out);
  }
  return Error::success();
}

/// Pool average, 1x1 conv, activation, 1x1 conv, gate, product: the blocks
/// sparrow-fuse-squeeze-excite recognised.
Error exportSqueezeExcite(Exporter &e, OpContext &c, SqueezeExciteOp op) {
  auto conv = [&](std::string x, const std::string &w, const std::string &b,
                  Value filter) {
    std::string out = e.fresh(c.hint() + "_conv");
    onnx::NodeProto &n = e.addNode("Conv", c.nodeName, {x, w, b}, out);
    setInts(n, "kernel_shape",
            cast<RankedTensorType>(filter.getType()).getShape().drop_front(2));
    return out;
  };
  auto activate = [&](ActivationAttr act, const std::string &x,
                      std::string out) {
    if (out.empty())
      out = e.fresh(c.hint() + "_act");
    e.addActivation(act, c.hint(), x, out);
    return out;
  };
  std::string pooled = e.addTemp(c, "GlobalAveragePool", {c.inputs[0]});
  std::string reduced = conv(pooled, c.inputs[1], c.inputs[2], op.getReduce());
  if (ActivationAttr act = op.getReduceActivationAttr())
    reduced = activate(act, reduced, "");
  std::string expanded =
      conv(reduced, c.inputs[3], c.inputs[4], op.getExpand());
  std::string gate = activate(op.getGateActivation(), expanded, "");
  e.addNode("Mul", c.nodeName, {c.inputs[0], gate}, c.out);
  return Error::success();
}

} // namespace

/// A pool node with the window attributes both pools share.
template <typename PoolOp>
static onnx::NodeProto &addPoolNode(Exporter &e, OpContext &c, StringRef type,
                                    PoolOp pool) {
  onnx::NodeProto &n = e.addNode(type, c.nodeName, c.inputs, c.out);
  setInts(n, "kernel_shape", pool.getKernelShape());
  setInts(n, "strides", pool.getStrides());
  setInts(n, "pads", pool.getPads());
  setInt(n, "ceil_mode", pool.getCeilMode());
  return n;
}

void addLayerRules(RuleTable &t) {
  addRule<Conv2DOp>(t, exportConv2D);
  addRule<Conv3DOp>(t, [](Exporter &e, OpContext &c, Conv3DOp conv) {
    windowNode(e, "Conv", c, c.inputs, c.out, conv.getFilter(),
               conv.getStrides(), conv.getPads(), conv.getDilations(),
               conv.getGroups());
    return Error::success();
  });
  addRule<ConvTransposeOp>(t, exportConvTranspose);
  addRule<GemmOp>(t, [](Exporter &e, OpContext &c, GemmOp gemm) {
    onnx::NodeProto &n = e.addNode("Gemm", c.nodeName, c.inputs, c.out);
    setInt(n, "transA", gemm.getTransA());
    setInt(n, "transB", gemm.getTransB());
    setFloat(n, "alpha", gemm.getAlpha().convertToFloat());
    setFloat(n, "beta", gemm.getBeta().convertToFloat());
    return Error::success();
  });
  t[TypeID::get<MatMulOp>()] = simpleRule("MatMul");
  addRule<BatchNormOp>(t, [](Exporter &e, OpContext &c, BatchNormOp bn) {
    setFloat(e.addNode("BatchNormalization", c.nodeName, c.inputs, c.out),
             "epsilon", bn.getEpsilon().convertToFloat());
    return Error::success();
  });
  addRule<MaxPoolOp>(t, [](Exporter &e, OpContext &c, MaxPoolOp pool) {
    onnx::NodeProto &n = addPoolNode(e, c, "MaxPool", pool);
    setInts(n, "dilations", pool.getDilations());
    return Error::success();
  });
  addRule<AveragePoolOp>(t, [](Exporter &e, OpContext &c, AveragePoolOp pool) {
    onnx::NodeProto &n = addPoolNode(e, c, "AveragePool", pool);
    setInt(n, "count_include_pad", pool.getCountIncludePad());
    return Error::success();
  });
  t[TypeID::get<GlobalAveragePoolOp>()] = simpleRule("GlobalAveragePool");
  addRule<SqueezeExciteOp>(t, exportSqueezeExcite);
}

} // namespace sparrow
