//===- ExportQuantRules.cpp - QuantizeLinear, QLinearConv and friends -----===//
//
// Scales and zero points live in the `!quant.uniform` element types; they
// become initializers again: float scales and zero points of the storage
// type, per tensor (scalars) or per axis (1-D, with the op's `axis`).
//
//===----------------------------------------------------------------------===//

#include "lib/Export/ExportRules.h"

#include "dialects/Sparrow/QuantParams.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using llvm::Error;
using llvm::StringRef;

namespace sparrow {
namespace {

/// The scale and zero-point initializers of a quantized type, made on
/// first use and shared by every node with the same type.
struct ParamNames {
  Exporter &e;
  std::string hint;
  Type type;
  QuantParams params;

  ParamNames(Exporter &e, StringRef hint, Type type)
      : e(e), hint(hint.str()), type(getElementTypeOrSelf(type)),
        params(*getQuantParams(type)) {}

  SmallVector<int64_t> shape() const {
    if (params.perTensor())
      return {};
    return {int64_t(params.scales.size())};
  }
  std::string key(StringRef what) const {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << what << ' ' << type;
    return s;
  }
  std::string scale() {
    return e.memo(key("scale"), [&] {
      SmallVector<float> scales(params.scales.begin(), params.scales.end());
      return e.floatInitializer(hint + "_scale", shape(), scales);
    });
  }
  std::string zeroPoint() {
    return e.memo(key("zero_point"), [&] {
      return e.integerInitializer(hint + "_zero_point",
                                  integerOnnxType(params.bits, params.isSigned),
                                  shape(), params.zeroPoints);
    });
  }
};

void setAxis(onnx::NodeProto &n, const QuantParams &p) {
  if (!p.perTensor())
    setInt(n, "axis", p.axis);
}

std::string quantizeNode(Exporter &e, OpContext &c, StringRef x, Type type,
                         StringRef out) {
  ParamNames p(e, c.hint(), type);
  setAxis(e.addNode("QuantizeLinear", c.nodeName,
                    {x.str(), p.scale(), p.zeroPoint()}, out),
          p.params);
  return out.str();
}

std::string dequantizeNode(Exporter &e, OpContext &c, StringRef x, Type type,
                           StringRef out) {
  ParamNames p(e, c.hint(), type);
  SmallVector<std::string> inputs = {x.str(), p.scale()};
  // int32 data has no zero point in DequantizeLinear (it must be 0).
  if (p.params.bits == 8)
    inputs.push_back(p.zeroPoint());
  setAxis(e.addNode("DequantizeLinear", c.nodeName, inputs, out), p.params);
  return out.str();
}

/// An 8-bit result: QLinearConv; a fused clamp is applied as the QDQ graph
/// it came from (dequantize, activation, quantize), which equals clamping
/// the integers since quantization is monotonic. An i32 result: ConvInteger
/// and the bias added in int32.
Error exportQConv(Exporter &e, OpContext &c, QConv2DOp op) {
  ParamNames x(e, c.hint() + "_x", op.getInput().getType());
  ParamNames w(e, c.hint() + "_w", op.getFilter().getType());
  QuantParams y = *getQuantParams(op.getType());
  auto window = [&](onnx::NodeProto &n) {
    setInts(n, "kernel_shape",
            op.getFilter().getType().getShape().drop_front(2));
    setInts(n, "strides", op.getStrides());
    setInts(n, "pads", op.getPads());
    setInts(n, "dilations", op.getDilations());
    setInt(n, "group", op.getGroups());
  };
  const std::string &bias = op.getBias() ? c.inputs[2] : "";
  if (y.bits == 8) {
    ParamNames yp(e, c.hint() + "_y", op.getType());
    SmallVector<std::string> inputs = {
        c.inputs[0], x.scale(),     x.zeroPoint(), c.inputs[1],
        w.scale(),   w.zeroPoint(), yp.scale(),    yp.zeroPoint()};
    if (!bias.empty())
      inputs.push_back(bias);
    std::string conv = c.act ? e.fresh(c.hint() + "_conv") : c.out;
    window(e.addNode("QLinearConv", c.nodeName, inputs, conv));
    if (c.act) {
      std::string f = e.fresh(c.hint() + "_dequantized");
      std::string g = e.fresh(c.hint() + "_activated");
      dequantizeNode(e, c, conv, op.getType(), f);
      e.addActivation(c.act, c.hint(), f, g);
      quantizeNode(e, c, g, op.getType(), c.out);
      c.act = {};
    }
    return Error::success();
  }
  // (The verifier allows fused activations with 8-bit results only.)
  std::string acc = bias.empty() ? c.out : e.fresh(c.hint() + "_acc");
  window(e.addNode("ConvInteger", c.nodeName,
                   {c.inputs[0], c.inputs[1], x.zeroPoint(), w.zeroPoint()},
                   acc));
  if (!bias.empty()) {
    int64_t channels = op.getType().getDimSize(1);
    std::string b = e.addTemp(
        c, "Reshape",
        {bias, e.intInitializer(c.hint() + "_bias_shape", {channels, 1, 1})});
    e.addNode("Add", c.nodeName, {acc, b}, c.out);
  }
  return Error::success();
}

Error exportQMatMul(Exporter &e, OpContext &c, QMatMulOp op) {
  ParamNames a(e, c.hint() + "_a", op.getLhs().getType());
  ParamNames b(e, c.hint() + "_b", op.getRhs().getType());
  QuantParams y = *getQuantParams(op.getType());
  if (y.bits == 8) {
    ParamNames yp(e, c.hint() + "_y", op.getType());
    e.addNode("QLinearMatMul", c.nodeName,
              {c.inputs[0], a.scale(), a.zeroPoint(), c.inputs[1], b.scale(),
               b.zeroPoint(), yp.scale(), yp.zeroPoint()},
              c.out);
    return Error::success();
  }
  e.addNode("MatMulInteger", c.nodeName,
            {c.inputs[0], c.inputs[1], a.zeroPoint(), b.zeroPoint()}, c.out);
  return Error::success();
}

} // namespace

void addQuantRules(RuleTable &t) {
  addRule<QuantizeOp>(t, [](Exporter &e, OpContext &c, QuantizeOp op) {
    quantizeNode(e, c, c.inputs[0], op.getType(), c.out);
    return Error::success();
  });
  addRule<DequantizeOp>(t, [](Exporter &e, OpContext &c, DequantizeOp op) {
    dequantizeNode(e, c, c.inputs[0], op.getInput().getType(), c.out);
    return Error::success();
  });
  // The integers are unchanged: the result is the operand's ONNX value.
  addRule<StorageCastOp>(t, [](Exporter &, OpContext &c, StorageCastOp) {
    c.alias = c.inputs[0];
    return Error::success();
  });
  addRule<QConv2DOp>(t, exportQConv);
  addRule<QMatMulOp>(t, exportQMatMul);
}

} // namespace sparrow
