//===- ShapeConverters.cpp - Concat, Reshape, Flatten, Transpose, Constant ===//

#include "lib/Import/GraphImporter.h"
#include "lib/Import/NodeAttributes.h"
#include "lib/Import/TensorData.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

Error convertConcat(GraphImporter &gi, const onnx::NodeProto &node) {
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    auto v = gi.input(node, i);
    if (!v)
      return v.takeError();
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return gi.error(node, "needs at least one input");
  int64_t rank = cast<RankedTensorType>(inputs[0].getType()).getRank();
  const onnx::AttributeProto *axisAttr = findAttr(node, "axis");
  if (!axisAttr)
    return gi.error(node, "missing required attribute axis");
  int64_t axis = axisAttr->i();
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  auto y = gi.create<ConcatOp>(node, ValueRange(inputs),
                               gi.builder().getI64IntegerAttr(axis));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error reshapeTo(GraphImporter &gi, const onnx::NodeProto &node, Value x,
                ArrayRef<int64_t> shape) {
  auto in = cast<RankedTensorType>(x.getType());
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  if (count != in.getNumElements())
    return gi.error(node, "cannot reshape " + Twine(in.getNumElements()) +
                              " elements into " + Twine(count));
  auto type = RankedTensorType::get(shape, in.getElementType());
  gi.setOutput(node, 0,
               ReshapeOp::create(gi.builder(), gi.locOf(node), type, x));
  return Error::success();
}

Error convertReshape(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto spec = gi.intConstant(node, 1);
  if (!spec)
    return spec.takeError();
  ArrayRef<int64_t> in = cast<RankedTensorType>(x->getType()).getShape();
  bool allowZero = attrInt(node, "allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t known = 1, inferred = -1, total = 1;
  for (int64_t d : in)
    total *= d;
  for (auto [i, d] : llvm::enumerate(*spec)) {
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return gi.error(node, "shape copies dim " + Twine(i) +
                                  " that the input does not have");
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return gi.error(node, "shape has more than one -1");
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return gi.error(node, "invalid dim " + Twine(d) + " in shape");
    known *= d;
    shape.push_back(d);
  }
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return gi.error(node, "cannot infer the -1 dim: " + Twine(total) +
                                " elements do not divide by " + Twine(known));
    shape[inferred] = total / known;
  }
  return reshapeTo(gi, node, *x, shape);
}

Error convertFlatten(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> in = cast<RankedTensorType>(x->getType()).getShape();
  int64_t rank = in.size(), axis = attrInt(node, "axis", 1);
  if (axis < -rank || axis > rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  int64_t rows = 1, cols = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < axis ? rows : cols) *= in[i];
  return reshapeTo(gi, node, *x, {rows, cols});
}

Error convertTranspose(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  SmallVector<int64_t> perm = attrInts(node, "perm", reversed);
  auto y = gi.create<TransposeOp>(node, *x,
                                  gi.builder().getDenseI64ArrayAttr(perm));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// Constant nodes: float tensors become weights, integer tensors stay
/// compile-time data for shape inputs.
Error convertConstant(GraphImporter &gi, const onnx::NodeProto &node) {
  OpBuilder &b = gi.builder();
  auto f32 = b.getF32Type();
  if (const onnx::AttributeProto *a = findAttr(node, "value")) {
    const onnx::TensorProto &t = a->t();
    if (t.data_type() == onnx::TensorProto::INT64 ||
        t.data_type() == onnx::TensorProto::INT32) {
      auto data = readIntTensor(t);
      if (!data)
        return gi.error(node, toString(data.takeError()));
      gi.setIntOutput(node, 0, *data);
      return Error::success();
    }
    auto data = readFloatTensor(t);
    if (!data)
      return gi.error(node, toString(data.takeError()));
    auto dims = tensorDims(t);
    gi.setOutput(node, 0,
                 createF32Constant(b, gi.locOf(node),
                                   RankedTensorType::get(*dims, f32), *data,
                                   node.output(0)));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_float")) {
    gi.setOutput(node, 0,
                 createF32Constant(b, gi.locOf(node),
                                   RankedTensorType::get({}, f32), {a->f()}));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_floats")) {
    SmallVector<float> data(a->floats().begin(), a->floats().end());
    auto type = RankedTensorType::get({(int64_t)data.size()}, f32);
    gi.setOutput(node, 0, createF32Constant(b, gi.locOf(node), type, data));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_int")) {
    gi.setIntOutput(node, 0, {a->i()});
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_ints")) {
    gi.setIntOutput(node, 0, SmallVector<int64_t>(a->ints().begin(),
                                                  a->ints().end()));
    return Error::success();
  }
  return gi.error(node, "unsupported constant kind (sparse or string)");
}

} // namespace

void addShapeConverters(StringMap<NodeConverter> &table) {
  table["Concat"] = convertConcat;
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Transpose"] = convertTranspose;
  table["Constant"] = convertConstant;
}

} // namespace sparrow
