//===- ShapeConverters.cpp - Shapes, reshapes, constants, casts -----------===//
//
// These ops work on float tensors (as sparrow ops) and on compile-time
// integer data (folded here): Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape chains never reach the compiled model.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"
#include "lib/Import/TensorData.h"

#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include <cmath>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Normalises `axis` for `rank` (ONNX allows [-rank, rank)).
Expected<int64_t> normAxis(GraphImporter &gi, const onnx::NodeProto &node,
                           int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

/// Sets output 0 to input 0 (float or data) reshaped to `shape`.
Error reshapeTo(GraphImporter &gi, const onnx::NodeProto &node,
                ArrayRef<int64_t> shape) {
  auto checked = checkedProduct(shape);
  if (!checked)
    return gi.error(node, "the result would have a negative dim or more "
                          "than 2^40 elements");
  int64_t count = *checked;
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    if (count != t->numElements())
      return gi.error(node, "cannot reshape " + Twine(t->numElements()) +
                                " elements into " + Twine(count));
    t->dims.assign(shape.begin(), shape.end());
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  int64_t have = product(shapeOf(*x));
  if (count != have)
    return gi.error(node, "cannot reshape " + Twine(have) + " elements into " +
                              Twine(count));
  gi.setOutput(node, 0, gi.reshape(node, *x, shape));
  return Error::success();
}

Error convertConcat(GraphImporter &gi, const onnx::NodeProto &node) {
  if (node.input_size() == 0)
    return gi.error(node, "needs at least one input");
  const onnx::AttributeProto *axisAttr = findAttr(node, "axis");
  if (!axisAttr)
    return gi.error(node, "missing required attribute axis");
  bool allInt = true;
  for (int i = 0; i < node.input_size(); ++i)
    allInt &= gi.isInt(node, i);
  if (allInt) {
    SmallVector<IntTensor> parts;
    for (int i = 0; i < node.input_size(); ++i) {
      auto t = gi.intTensor(node, i);
      if (!t)
        return t.takeError();
      parts.push_back(*t);
    }
    int64_t rank = parts[0].dims.size();
    auto axis = normAxis(gi, node, axisAttr->i(), rank);
    if (!axis)
      return axis.takeError();
    IntTensor out = parts[0];
    out.dims[*axis] = 0;
    out.data.clear();
    int64_t outer = product(ArrayRef<int64_t>(parts[0].dims).take_front(*axis));
    for (const IntTensor &p : parts) {
      if (static_cast<int64_t>(p.dims.size()) != rank)
        return gi.error(node, "inputs must have the same rank");
      for (int64_t d = 0; d < rank; ++d)
        if (d != *axis && p.dims[d] != parts[0].dims[d])
          return gi.error(node, "inputs differ in dim " + Twine(d) +
                                    " which is not the concat axis");
      out.dims[*axis] += p.dims[*axis];
    }
    if (!checkedProduct(out.dims, kMaxIntElements))
      return gi.error(node, "integer data too large to fold");
    for (int64_t o = 0; o < outer; ++o)
      for (const IntTensor &p : parts) {
        int64_t chunk = product(ArrayRef<int64_t>(p.dims).drop_front(*axis));
        out.data.append(p.data.begin() + o * chunk,
                        p.data.begin() + (o + 1) * chunk);
      }
    gi.setIntOutput(node, 0, out);
    return Error::success();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    auto v = gi.input(node, i);
    if (!v)
      return v.takeError();
    // Empty pieces add nothing (exporters emit them for dynamic shapes).
    if (product(shapeOf(*v)) == 0 && node.input_size() > 1 &&
        shapeOf(*v).size() == 1)
      continue;
    inputs.push_back(*v);
  }
  if (inputs.empty())
    return gi.error(node, "all inputs are empty");
  int64_t rank = shapeOf(inputs[0]).size();
  auto axis = normAxis(gi, node, axisAttr->i(), rank);
  if (!axis)
    return axis.takeError();
  if (inputs.size() == 1) {
    gi.setOutput(node, 0, inputs[0]);
    return Error::success();
  }
  auto y = gi.create<ConcatOp>(node, ValueRange(inputs),
                               gi.builder().getI64IntegerAttr(*axis));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertReshape(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  SmallVector<int64_t> spec;
  if (gi.opset() < 5) {
    spec = attrInts(node, "shape");
  } else {
    auto s = gi.intConstant(node, 1);
    if (!s)
      return s.takeError();
    spec = *s;
  }
  bool allowZero = attrInt(node, "allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t known = 1, inferred = -1, total = product(*in);
  for (auto [i, d] : llvm::enumerate(spec)) {
    if (d == 0 && !allowZero) {
      if (i >= in->size())
        return gi.error(node, "shape copies dim " + Twine(i) +
                                  " that the input does not have");
      d = (*in)[i];
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
    if (d > kMaxTensorElements || (d && known > kMaxTensorElements / d))
      return gi.error(node, "shape has more than 2^40 elements");
    known *= d;
    shape.push_back(d);
  }
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return gi.error(node, "cannot infer the -1 dim: " + Twine(total) +
                                " elements do not divide by " + Twine(known));
    shape[inferred] = total / known;
  }
  return reshapeTo(gi, node, shape);
}

Error convertFlatten(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  int64_t rank = in->size(), axis = attrInt(node, "axis", 1);
  if (axis < -rank || axis > rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  int64_t rows = 1, cols = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < axis ? rows : cols) *= (*in)[i];
  return reshapeTo(gi, node, {rows, cols});
}

/// Squeeze/Unsqueeze axes: an attribute before opset 13, an input since.
Expected<std::optional<SmallVector<int64_t>>>
readAxes(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.opset() < 13) {
    if (!findAttr(node, "axes"))
      return std::optional<SmallVector<int64_t>>();
    return std::optional<SmallVector<int64_t>>(attrInts(node, "axes"));
  }
  if (!gi.hasInput(node, 1))
    return std::optional<SmallVector<int64_t>>();
  auto axes = gi.intConstant(node, 1);
  if (!axes)
    return axes.takeError();
  return std::optional<SmallVector<int64_t>>(*axes);
}

Error convertSqueeze(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  auto axes = readAxes(gi, node);
  if (!axes)
    return axes.takeError();
  int64_t rank = in->size();
  SmallVector<bool> drop(rank, false);
  if (!*axes) {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = (*in)[i] == 1;
  } else {
    for (int64_t a : **axes) {
      auto axis = normAxis(gi, node, a, rank);
      if (!axis)
        return axis.takeError();
      if ((*in)[*axis] != 1)
        return gi.error(node, "cannot squeeze dim " + Twine(*axis) +
                                  " of size " + Twine((*in)[*axis]));
      drop[*axis] = true;
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back((*in)[i]);
  return reshapeTo(gi, node, shape);
}

Error convertUnsqueeze(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  auto axes = readAxes(gi, node);
  if (!axes)
    return axes.takeError();
  if (!*axes)
    return gi.error(node, "missing axes");
  int64_t rank = in->size() + (*axes)->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : **axes) {
    auto axis = normAxis(gi, node, a, rank);
    if (!axis)
      return axis.takeError();
    if (inserted[*axis])
      return gi.error(node, "axis " + Twine(*axis) + " repeats");
    inserted[*axis] = true;
  }
  SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(inserted[i] ? 1 : (*in)[next++]);
  return reshapeTo(gi, node, shape);
}

Error convertTranspose(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  int64_t rank = in->size();
  SmallVector<int64_t> reversed;
  for (int64_t i = rank - 1; i >= 0; --i)
    reversed.push_back(i);
  SmallVector<int64_t> perm = attrInts(node, "perm", reversed);
  if (static_cast<int64_t>(perm.size()) != rank)
    return gi.error(node, "perm has " + Twine(perm.size()) +
                              " entries for rank " + Twine(rank));
  SmallVector<bool> seen(rank, false);
  for (int64_t &p : perm) {
    if (p < 0)
      p += rank;
    if (p < 0 || p >= rank || seen[p])
      return gi.error(node, "perm is not a permutation");
    seen[p] = true;
  }
  SmallVector<int64_t> outDims;
  for (int64_t p : perm)
    outDims.push_back((*in)[p]);
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    t->data = transposeData<int64_t>(t->data, t->dims, perm);
    t->dims = outDims;
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  if (auto data = getConstantF32(*x)) {
    gi.setOutput(
        node, 0,
        gi.constant(node, outDims, transposeData<float>(*data, *in, perm)));
    return Error::success();
  }
  auto y =
      gi.create<TransposeOp>(node, *x, gi.builder().getDenseI64ArrayAttr(perm));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

bool isIntCode(int32_t t) {
  return t == onnx::TensorProto::INT64 || t == onnx::TensorProto::INT32 ||
         t == onnx::TensorProto::BOOL || t == onnx::TensorProto::INT8 ||
         t == onnx::TensorProto::UINT8 || t == onnx::TensorProto::INT16;
}

bool isFloatCode(int32_t t) {
  return t == onnx::TensorProto::FLOAT || t == onnx::TensorProto::DOUBLE;
}

/// Constant nodes: float tensors become weights, integer tensors stay
/// compile-time data for shape inputs.
Error convertConstant(GraphImporter &gi, const onnx::NodeProto &node) {
  if (const onnx::AttributeProto *a = findAttr(node, "value")) {
    const onnx::TensorProto &t = a->t();
    auto dims = tensorDims(t);
    if (!dims)
      return gi.error(node, toString(dims.takeError()));
    if (isIntCode(t.data_type())) {
      auto data = readIntTensor(t);
      if (!data)
        return gi.error(node, toString(data.takeError()));
      IntTensor out;
      out.dims = *dims;
      out.data = *data;
      out.isBool = t.data_type() == onnx::TensorProto::BOOL;
      gi.setIntOutput(node, 0, out);
      return Error::success();
    }
    auto data = readFloatTensor(t);
    if (!data)
      return gi.error(node, toString(data.takeError()));
    gi.setOutput(node, 0, gi.constant(node, *dims, *data));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_float")) {
    gi.setOutput(node, 0, gi.constant(node, {}, {a->f()}));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_floats")) {
    SmallVector<float> data(a->floats().begin(), a->floats().end());
    gi.setOutput(node, 0,
                 gi.constant(node, {static_cast<int64_t>(data.size())}, data));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_int")) {
    gi.setIntOutput(node, 0, IntTensor::scalar(a->i()));
    return Error::success();
  }
  if (const onnx::AttributeProto *a = findAttr(node, "value_ints")) {
    gi.setIntOutput(node, 0,
                    SmallVector<int64_t>(a->ints().begin(), a->ints().end()));
    return Error::success();
  }
  return gi.error(node, "unsupported constant kind (sparse or string)");
}

/// Shape of a float tensor or of data: always compile-time data.
Error convertShape(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  int64_t rank = in->size();
  int64_t start = attrInt(node, "start", 0), end = attrInt(node, "end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  gi.setIntOutput(node, 0,
                  SmallVector<int64_t>(in->begin() + start, in->begin() + end));
  return Error::success();
}

Error convertSize(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  gi.setIntOutput(node, 0, IntTensor::scalar(product(*in)));
  return Error::success();
}

Error convertConstantOfShape(GraphImporter &gi, const onnx::NodeProto &node) {
  auto shape = gi.intConstant(node, 0);
  if (!shape)
    return shape.takeError();
  auto checked = checkedProduct(*shape, kMaxCreatedElements);
  if (!checked)
    return gi.error(node, "shape has a negative dim or more than 2^24 "
                          "elements");
  int64_t count = *checked;
  const onnx::AttributeProto *a = findAttr(node, "value");
  int32_t type = a ? a->t().data_type() : onnx::TensorProto::FLOAT;
  if (a && isIntCode(type)) {
    auto v = readIntTensor(a->t());
    if (!v)
      return gi.error(node, toString(v.takeError()));
    if (v->size() != 1)
      return gi.error(node, "value must hold one element");
    IntTensor t;
    t.dims = *shape;
    t.data.assign(count, (*v)[0]);
    t.isBool = type == onnx::TensorProto::BOOL;
    gi.setIntOutput(node, 0, t);
    return Error::success();
  }
  float value = 0.0f;
  if (a) {
    auto v = readFloatTensor(a->t());
    if (!v)
      return gi.error(node, toString(v.takeError()));
    if (v->size() != 1)
      return gi.error(node, "value must hold one element");
    value = (*v)[0];
  }
  gi.setOutput(node, 0,
               gi.constant(node, *shape, SmallVector<float>(count, value)));
  return Error::success();
}

Error convertRange(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0) && gi.isInt(node, 1) && gi.isInt(node, 2)) {
    auto s = gi.intConstant(node, 0), l = gi.intConstant(node, 1),
         d = gi.intConstant(node, 2);
    if (!s)
      return s.takeError();
    if (!l)
      return l.takeError();
    if (!d)
      return d.takeError();
    if (s->size() != 1 || l->size() != 1 || d->size() != 1 || (*d)[0] == 0)
      return gi.error(node, "start, limit and delta must be scalars, delta "
                            "non-zero");
    int64_t start = (*s)[0], limit = (*l)[0], delta = (*d)[0];
    // The count in double: limit - start may overflow int64.
    double span = std::ceil((double(limit) - double(start)) / double(delta));
    if (!(span < double(kMaxIntElements)))
      return gi.error(node, "too many elements");
    int64_t n = std::max<int64_t>(0, static_cast<int64_t>(span));
    SmallVector<int64_t> out;
    for (int64_t i = 0; i < n; ++i)
      out.push_back(start + i * delta);
    gi.setIntOutput(node, 0, out);
    return Error::success();
  }
  float v[3];
  for (unsigned i = 0; i < 3; ++i) {
    auto c = gi.floatConstant(node, i);
    if (!c || c->size() != 1)
      return gi.error(node, "start, limit and delta must be compile-time "
                            "scalars (the output size depends on them)");
    v[i] = (*c)[0];
  }
  if (v[2] == 0)
    return gi.error(node, "delta is zero");
  double n = std::ceil((static_cast<double>(v[1]) - v[0]) / v[2]);
  if (!(n < double(kMaxCreatedElements)))
    return gi.error(node, "too many elements");
  SmallVector<float> out;
  for (int64_t i = 0; i < static_cast<int64_t>(std::max(0.0, n)); ++i)
    out.push_back(v[0] + i * v[2]);
  gi.setOutput(node, 0,
               gi.constant(node, {static_cast<int64_t>(out.size())}, out));
  return Error::success();
}

/// Casts between float types are no-ops (f32 throughout); casts of
/// compile-time data convert it.
Error convertCast(GraphImporter &gi, const onnx::NodeProto &node) {
  int32_t to = attrInt(node, "to", 0);
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    if (isFloatCode(to) || to == onnx::TensorProto::FLOAT16) {
      SmallVector<float> data(t->data.begin(), t->data.end());
      gi.setOutput(node, 0, gi.constant(node, t->dims, data));
      return Error::success();
    }
    if (to == onnx::TensorProto::BOOL) {
      for (int64_t &v : t->data)
        v = v != 0;
      t->isBool = true;
    } else {
      t->isBool = false;
    }
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  bool isMask =
      cast<RankedTensorType>(x->getType()).getElementType().isInteger(1);
  if (isMask && to == onnx::TensorProto::BOOL) {
    gi.setOutput(node, 0, *x);
    return Error::success();
  }
  if (isMask && (isFloatCode(to) || to == onnx::TensorProto::FLOAT16)) {
    // A run-time mask becomes 1.0 / 0.0.
    auto y = gi.create<WhereOp>(node, *x, gi.constant(node, {}, {1.0f}),
                                gi.constant(node, {}, {0.0f}));
    if (!y)
      return y.takeError();
    gi.setOutput(node, 0, *y);
    return Error::success();
  }
  if (isFloatCode(to) || to == onnx::TensorProto::FLOAT16) {
    gi.setOutput(node, 0, *x);
    return Error::success();
  }
  if (isIntCode(to)) {
    auto data = getConstantF32(*x);
    if (!data)
      return gi.error(node,
                      "casting a runtime tensor to " +
                          onnx::TensorProto::DataType_Name(
                              static_cast<onnx::TensorProto::DataType>(to)) +
                          " is not supported (float32 only)");
    IntTensor t;
    t.dims.assign(shapeOf(*x).begin(), shapeOf(*x).end());
    for (float f : *data)
      t.data.push_back(to == onnx::TensorProto::BOOL ? f != 0.0f
                                                     : static_cast<int64_t>(f));
    t.isBool = to == onnx::TensorProto::BOOL;
    gi.setIntOutput(node, 0, t);
    return Error::success();
  }
  return gi.error(node, "cast to data type " + Twine(to) + " is not supported");
}

/// Expand's shape and Tile's repeats are compile-time data.
Error convertExpand(GraphImporter &gi, const onnx::NodeProto &node) {
  auto shape = gi.intConstant(node, 1);
  if (!shape)
    return shape.takeError();
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    auto out = broadcastShapes(t->dims, *shape);
    if (!out)
      return gi.error(node, "input does not broadcast with the shape");
    if (!checkedProduct(*out, kMaxIntElements))
      return gi.error(node, "integer data too large to fold");
    t->data = broadcastData<int64_t>(t->data, t->dims, *out);
    t->dims = *out;
    gi.setIntOutput(node, 0, *t);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto out = broadcastShapes(shapeOf(*x), *shape);
  if (out && *out == shapeOf(*x)) {
    gi.setOutput(node, 0, *x);
    return Error::success();
  }
  auto y =
      gi.create<ExpandOp>(node, *x, gi.builder().getDenseI64ArrayAttr(*shape));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertTile(GraphImporter &gi, const onnx::NodeProto &node) {
  SmallVector<int64_t> repeats;
  if (gi.opset() < 6) {
    return gi.error(node, "Tile before opset 6 is not supported");
  }
  auto r = gi.intConstant(node, 1);
  if (!r)
    return r.takeError();
  repeats = *r;
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto y =
      gi.create<TileOp>(node, *x, gi.builder().getDenseI64ArrayAttr(repeats));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

} // namespace

void addShapeConverters(StringMap<NodeConverter> &table) {
  table["Concat"] = convertConcat;
  table["Reshape"] = convertReshape;
  table["Flatten"] = convertFlatten;
  table["Squeeze"] = convertSqueeze;
  table["Unsqueeze"] = convertUnsqueeze;
  table["Transpose"] = convertTranspose;
  table["Constant"] = convertConstant;
  table["Shape"] = convertShape;
  table["Size"] = convertSize;
  table["ConstantOfShape"] = convertConstantOfShape;
  table["Range"] = convertRange;
  table["Cast"] = convertCast;
  table["Expand"] = convertExpand;
  table["Tile"] = convertTile;
}

} // namespace sparrow
