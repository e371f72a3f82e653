//===- ExportActivations.cpp - Fused activations and node attributes ------===//

#include "lib/Export/Exporter.h"

#include <cmath>

using llvm::ArrayRef;
using llvm::StringRef;

namespace sparrow {

void setInts(onnx::NodeProto &node, StringRef name, ArrayRef<int64_t> values) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    a->add_ints(v);
}

void setInt(onnx::NodeProto &node, StringRef name, int64_t value) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

void setFloat(onnx::NodeProto &node, StringRef name, float value) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

void setString(onnx::NodeProto &node, StringRef name, StringRef value) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(value.str());
}

/// SiLU and GELU have no ONNX op at opset 14: written in primitives.
void Exporter::addComposedActivation(ActivationKind kind, StringRef name,
                                     StringRef input, StringRef output) {
  auto node = [&](StringRef type, ArrayRef<std::string> ins,
                  StringRef out = {}) {
    std::string result =
        out.empty() ? fresh((name + "_" + type.lower()).str()) : out.str();
    addNode(type, name, ins, result);
    return result;
  };
  auto scalar = [&](float v) {
    return floatInitializer((name + "_c").str(), {}, {v});
  };
  std::string x = input.str();
  if (kind == ActivationKind::silu) {
    node("Mul", {x, node("Sigmoid", {x})}, output);
    return;
  }
  std::string core;
  if (kind == ActivationKind::gelu) {
    core = node("Erf", {node("Mul", {x, scalar(float(M_SQRT1_2))})});
  } else {
    std::string x3 = node("Mul", {node("Mul", {x, x}), x});
    std::string inner = node("Add", {x, node("Mul", {x3, scalar(0.044715f)})});
    core = node("Tanh",
                {node("Mul", {inner, scalar(float(std::sqrt(2.0 / M_PI)))})});
  }
  std::string half = node("Mul", {x, scalar(0.5f)});
  node("Mul", {half, node("Add", {core, scalar(1.f)})}, output);
}

void Exporter::addActivation(ActivationAttr act, StringRef nodeName,
                             StringRef input, StringRef output) {
  float p0 = act.getP0().convertToFloat(), p1 = act.getP1().convertToFloat();
  std::string actName =
      (nodeName + "_" + stringifyActivationKind(act.getKind())).str();
  switch (act.getKind()) {
  case ActivationKind::relu:
    addNode("Relu", actName, {input.str()}, output);
    break;
  case ActivationKind::silu:
  case ActivationKind::gelu:
  case ActivationKind::gelu_tanh:
    addComposedActivation(act.getKind(), actName, input, output);
    break;
  case ActivationKind::sigmoid:
    addNode("Sigmoid", actName, {input.str()}, output);
    break;
  case ActivationKind::hard_swish:
    addNode("HardSwish", actName, {input.str()}, output);
    break;
  case ActivationKind::hard_sigmoid: {
    onnx::NodeProto &n = addNode("HardSigmoid", actName, {input.str()}, output);
    setFloat(n, "alpha", p0);
    setFloat(n, "beta", p1);
    break;
  }
  case ActivationKind::clip:
    addNode("Clip", actName,
            {input.str(), floatInitializer(actName + "_min", {}, {p0}),
             floatInitializer(actName + "_max", {}, {p1})},
            output);
    break;
  }
}

} // namespace sparrow
