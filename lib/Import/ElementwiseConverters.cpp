//===- ElementwiseConverters.cpp - Arithmetic, activations, softmax -------===//

#include "lib/Import/GraphImporter.h"
#include "lib/Import/NodeAttributes.h"

#include "dialects/Sparrow/SparrowOps.h"

#include <limits>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

template <typename OpTy>
Error convertBinary(GraphImporter &gi, const onnx::NodeProto &node) {
  auto l = gi.input(node, 0), r = gi.input(node, 1);
  if (!l)
    return l.takeError();
  if (!r)
    return r.takeError();
  auto y = gi.create<OpTy>(node, *l, *r, ActivationAttr());
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

template <typename OpTy>
Error convertUnary(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  gi.setOutput(node, 0,
               OpTy::create(gi.builder(), gi.locOf(node), x->getType(), *x));
  return Error::success();
}

/// Clip takes min/max as attributes before opset 11 and as optional
/// constant inputs since.
Error convertClip(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  float lo = std::numeric_limits<float>::lowest();
  float hi = std::numeric_limits<float>::max();
  if (gi.opset() < 11) {
    lo = attrFloat(node, "min", lo);
    hi = attrFloat(node, "max", hi);
  } else {
    for (unsigned i : {1u, 2u}) {
      if (!gi.hasInput(node, i))
        continue;
      auto bound = gi.floatConstant(node, i);
      if (!bound || bound->size() != 1)
        return gi.error(node, Twine(i == 1 ? "min" : "max") +
                                  " must be a constant scalar");
      (i == 1 ? lo : hi) = (*bound)[0];
    }
  }
  if (hi < lo)
    return gi.error(node, "min " + std::to_string(lo) + " is greater than max " +
                              std::to_string(hi));
  OpBuilder &b = gi.builder();
  gi.setOutput(node, 0,
               ClipOp::create(b, gi.locOf(node), x->getType(), *x,
                              b.getF32FloatAttr(lo), b.getF32FloatAttr(hi)));
  return Error::success();
}

Error convertHardSigmoid(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  OpBuilder &b = gi.builder();
  gi.setOutput(node, 0,
               HardSigmoidOp::create(
                   b, gi.locOf(node), x->getType(), *x,
                   b.getF32FloatAttr(attrFloat(node, "alpha", 0.2f)),
                   b.getF32FloatAttr(attrFloat(node, "beta", 0.5f))));
  return Error::success();
}

/// Before opset 13 Softmax flattens to 2-D at `axis` (default 1); since, it
/// normalises along `axis` alone (default -1).
Error convertSoftmax(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto type = cast<RankedTensorType>(x->getType());
  int64_t rank = type.getRank();
  bool legacy = gi.opset() < 13;
  int64_t axis = attrInt(node, "axis", legacy ? 1 : -1);
  if (axis < -rank || axis >= rank || rank == 0)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  OpBuilder &b = gi.builder();
  Location loc = gi.locOf(node);
  Value y;
  if (legacy && !(axis == rank - 1)) {
    int64_t rows = 1, cols = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < axis ? rows : cols) *= type.getDimSize(i);
    auto flatType = RankedTensorType::get({rows, cols}, b.getF32Type());
    Value flat = ReshapeOp::create(b, loc, flatType, *x);
    Value s = SoftmaxOp::create(b, loc, flatType, flat, b.getI64IntegerAttr(1));
    y = ReshapeOp::create(b, loc, type, s);
  } else {
    y = SoftmaxOp::create(b, loc, type, *x, b.getI64IntegerAttr(axis));
  }
  gi.setOutput(node, 0, y);
  return Error::success();
}

/// Identity and inference-mode Dropout forward their input.
Error convertIdentity(GraphImporter &gi, const onnx::NodeProto &node) {
  if (Error err = gi.onlyFirstOutputUsed(node))
    return err;
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  gi.setOutput(node, 0, *x);
  return Error::success();
}

} // namespace

void addElementwiseConverters(StringMap<NodeConverter> &table) {
  table["Add"] = convertBinary<AddOp>;
  table["Sub"] = convertBinary<SubOp>;
  table["Mul"] = convertBinary<MulOp>;
  table["Div"] = convertBinary<DivOp>;
  table["Relu"] = convertUnary<ReluOp>;
  table["Sigmoid"] = convertUnary<SigmoidOp>;
  table["HardSwish"] = convertUnary<HardSwishOp>;
  table["HardSigmoid"] = convertHardSigmoid;
  table["Clip"] = convertClip;
  table["Softmax"] = convertSoftmax;
  table["Identity"] = convertIdentity;
  table["Dropout"] = convertIdentity;
}

} // namespace sparrow
