//===- ExportMathRules.cpp - Elementwise math, comparisons, reductions ----===//

#include "lib/Export/ExportRules.h"

using namespace mlir;
using llvm::Error;
using llvm::StringRef;

namespace sparrow {
namespace {

Error exportUnary(Exporter &e, OpContext &c, UnaryFnOp op) {
  StringRef type;
  switch (op.getKind()) {
  case UnaryKind::abs:
    type = "Abs";
    break;
  case UnaryKind::neg:
    type = "Neg";
    break;
  case UnaryKind::floor:
    type = "Floor";
    break;
  case UnaryKind::ceil:
    type = "Ceil";
    break;
  case UnaryKind::sqrt:
    type = "Sqrt";
    break;
  case UnaryKind::reciprocal:
    type = "Reciprocal";
    break;
  case UnaryKind::exp:
    type = "Exp";
    break;
  case UnaryKind::log:
    type = "Log";
    break;
  case UnaryKind::tanh:
    type = "Tanh";
    break;
  case UnaryKind::erf:
    type = "Erf";
    break;
  case UnaryKind::elu:
    type = "Elu";
    break;
  case UnaryKind::leaky_relu:
    type = "LeakyRelu";
    break;
  case UnaryKind::gelu:
  case UnaryKind::gelu_tanh:
    // Gelu is an ONNX op from opset 20 only: the primitives it came from.
    e.addComposedActivation(op.getKind() == UnaryKind::gelu
                                ? ActivationKind::gelu
                                : ActivationKind::gelu_tanh,
                            c.hint(), c.inputs[0], c.out);
    return Error::success();
  }
  onnx::NodeProto &n = e.addNode(type, c.nodeName, c.inputs, c.out);
  if (UnaryFnOp::hasAlpha(op.getKind()))
    setFloat(n, "alpha", op.getAlpha() ? op.getAlpha()->convertToFloat() : 0.f);
  return Error::success();
}

StringRef compareType(ComparePredicate p) {
  switch (p) {
  case ComparePredicate::eq:
    return "Equal";
  case ComparePredicate::lt:
    return "Less";
  case ComparePredicate::le:
    return "LessOrEqual";
  case ComparePredicate::gt:
    return "Greater";
  case ComparePredicate::ge:
    return "GreaterOrEqual";
  }
  llvm_unreachable("unknown predicate");
}

StringRef reduceType(ReduceKind k) {
  switch (k) {
  case ReduceKind::sum:
    return "ReduceSum";
  case ReduceKind::mean:
    return "ReduceMean";
  case ReduceKind::max:
    return "ReduceMax";
  case ReduceKind::min:
    return "ReduceMin";
  case ReduceKind::prod:
    return "ReduceProd";
  case ReduceKind::l1:
    return "ReduceL1";
  case ReduceKind::l2:
    return "ReduceL2";
  case ReduceKind::sum_square:
    return "ReduceSumSquare";
  }
  llvm_unreachable("unknown reduction");
}

/// Opset 14 takes ReduceSum's axes as an input, the others' as an attribute.
std::string reduce(Exporter &e, OpContext &c, ReduceKind kind, std::string x,
                   ArrayRef<int64_t> axes, bool keepDims, std::string out) {
  if (out.empty())
    out = e.fresh(c.hint() + "_" + reduceType(kind).lower());
  if (axes.empty()) {
    e.addNode("Identity", c.nodeName, {x}, out);
    return out;
  }
  SmallVector<std::string> inputs = {x};
  if (kind == ReduceKind::sum)
    inputs.push_back(e.intInitializer(c.hint() + "_axes", axes));
  onnx::NodeProto &n = e.addNode(reduceType(kind), c.nodeName, inputs, out);
  if (kind != ReduceKind::sum)
    setInts(n, "axes", axes);
  setInt(n, "keepdims", keepDims);
  return out;
}

/// The primitives exporters write before opset 17 (and the form
/// sparrow-recognize-layer-norm reads).
Error exportLayerNorm(Exporter &e, OpContext &c, LayerNormOp op) {
  SmallVector<int64_t> axes;
  for (int64_t i = op.getAxis(), r = op.getType().getRank(); i < r; ++i)
    axes.push_back(i);
  const std::string &x = c.inputs[0];
  std::string mean = reduce(e, c, ReduceKind::mean, x, axes, true, "");
  std::string centred = e.addTemp(c, "Sub", {x, mean});
  std::string square = e.addTemp(c, "Mul", {centred, centred});
  std::string var = reduce(e, c, ReduceKind::mean, square, axes, true, "");
  std::string eps = e.floatInitializer(c.hint() + "_epsilon", {},
                                       {op.getEpsilon().convertToFloat()});
  std::string std = e.addTemp(c, "Sqrt", {e.addTemp(c, "Add", {var, eps})});
  std::string normed = e.addTemp(c, "Div", {centred, std});
  if (!op.getBias()) {
    e.addNode("Mul", c.nodeName, {normed, c.inputs[1]}, c.out);
    return Error::success();
  }
  std::string scaled = e.addTemp(c, "Mul", {normed, c.inputs[1]});
  e.addNode("Add", c.nodeName, {scaled, c.inputs[2]}, c.out);
  return Error::success();
}

} // namespace

void addMathRules(RuleTable &t) {
  for (auto [id, type] : {std::pair{TypeID::get<AddOp>(), "Add"},
                          {TypeID::get<SubOp>(), "Sub"},
                          {TypeID::get<MulOp>(), "Mul"},
                          {TypeID::get<DivOp>(), "Div"},
                          {TypeID::get<PowOp>(), "Pow"},
                          {TypeID::get<MaxOp>(), "Max"},
                          {TypeID::get<MinOp>(), "Min"},
                          {TypeID::get<PReluOp>(), "PRelu"},
                          {TypeID::get<ReluOp>(), "Relu"},
                          {TypeID::get<SigmoidOp>(), "Sigmoid"},
                          {TypeID::get<HardSwishOp>(), "HardSwish"},
                          {TypeID::get<WhereOp>(), "Where"},
                          {TypeID::get<NotOp>(), "Not"}})
    t[id] = simpleRule(type);
  // The op's own `activation` attribute is what it computes: written once.
  addRule<ActivateOp>(t, [](Exporter &e, OpContext &c, ActivateOp op) {
    e.addActivation(op.getActivation(), c.hint(), c.inputs[0], c.out);
    c.act = {};
    return Error::success();
  });
  addRule<ClipOp>(t, [](Exporter &e, OpContext &c, ClipOp clip) {
    c.inputs.push_back(e.floatInitializer(c.hint() + "_min", {},
                                          {clip.getMin().convertToFloat()}));
    c.inputs.push_back(e.floatInitializer(c.hint() + "_max", {},
                                          {clip.getMax().convertToFloat()}));
    e.addNode("Clip", c.nodeName, c.inputs, c.out);
    return Error::success();
  });
  addRule<HardSigmoidOp>(t, [](Exporter &e, OpContext &c, HardSigmoidOp hs) {
    onnx::NodeProto &n = e.addNode("HardSigmoid", c.nodeName, c.inputs, c.out);
    setFloat(n, "alpha", hs.getAlpha().convertToFloat());
    setFloat(n, "beta", hs.getBeta().convertToFloat());
    return Error::success();
  });
  addRule<UnaryFnOp>(t, exportUnary);
  addRule<ModOp>(t, [](Exporter &e, OpContext &c, ModOp) {
    // Float Mod must say fmod=1 (C semantics) in ONNX.
    setInt(e.addNode("Mod", c.nodeName, c.inputs, c.out), "fmod", 1);
    return Error::success();
  });
  addRule<CompareOp>(t, [](Exporter &e, OpContext &c, CompareOp op) {
    e.addNode(compareType(op.getPredicate()), c.nodeName, c.inputs, c.out);
    return Error::success();
  });
  addRule<ReduceOp>(t, [](Exporter &e, OpContext &c, ReduceOp op) {
    reduce(e, c, op.getKind(), c.inputs[0], op.getAxes(), op.getKeepDims(),
           c.out);
    return Error::success();
  });
  addRule<ArgMaxOp>(t, [](Exporter &e, OpContext &c, ArgMaxOp op) {
    onnx::NodeProto &n = e.addNode("ArgMax", c.nodeName, c.inputs, c.out);
    setInt(n, "axis", op.getAxis());
    setInt(n, "keepdims", op.getKeepDims());
    setInt(n, "select_last_index", op.getSelectLastIndex());
    return Error::success();
  });
  addRule<SoftmaxOp>(t, [](Exporter &e, OpContext &c, SoftmaxOp sm) {
    setInt(e.addNode("Softmax", c.nodeName, c.inputs, c.out), "axis",
           sm.getAxis());
    return Error::success();
  });
  addRule<LayerNormOp>(t, exportLayerNorm);
}

} // namespace sparrow
