//===- ReductionConverters.cpp - Reductions, softmax, normalisations ------===//
//
// LogSoftmax, LayerNormalization, InstanceNormalization, GlobalMaxPool and
// training-mode BatchNormalization decompose into sparrow.reduce and
// elementwise ops, as their ONNX function bodies do.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/SparrowOps.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Small builder over GraphImporter::create for decompositions.
struct Emitter {
  GraphImporter &gi;
  const onnx::NodeProto &node;
  Error err = Error::success();

  ~Emitter() { consumeError(std::move(err)); }

  Value check(Expected<Value> v) {
    if (!v) {
      if (!err)
        err = v.takeError();
      else
        consumeError(v.takeError());
      return Value();
    }
    return *v;
  }
  Value reduce(ReduceKind kind, Value x, ArrayRef<int64_t> axes,
               bool keep = true) {
    if (!x)
      return x;
    OpBuilder &b = gi.builder();
    return check(
        gi.create<ReduceOp>(node, ReduceKindAttr::get(b.getContext(), kind), x,
                            b.getDenseI64ArrayAttr(axes), b.getBoolAttr(keep)));
  }
  template <typename OpTy> Value bin(Value l, Value r) {
    if (!l || !r)
      return Value();
    return check(gi.create<OpTy>(node, l, r, ActivationAttr()));
  }
  Value unary(UnaryKind kind, Value x) {
    if (!x)
      return x;
    return UnaryFnOp::create(gi.builder(), gi.locOf(node), x.getType(), kind, x,
                             FloatAttr());
  }
  Value scalar(float v) { return gi.constant(node, {}, {v}); }
  Error take() { return std::move(err); }
};

/// Axes of a Reduce* node, normalised and sorted; empty means all dims.
Expected<std::optional<SmallVector<int64_t>>>
reduceAxes(GraphImporter &gi, const onnx::NodeProto &node, int64_t rank) {
  bool fromInput =
      node.op_type() == "ReduceSum" ? gi.opset() >= 13 : gi.opset() >= 18;
  SmallVector<int64_t> axes;
  if (fromInput) {
    if (gi.hasInput(node, 1)) {
      auto a = gi.intConstant(node, 1);
      if (!a)
        return a.takeError();
      axes = *a;
    }
  } else {
    axes = attrInts(node, "axes");
  }
  if (axes.empty()) {
    if (attrInt(node, "noop_with_empty_axes", 0))
      return std::optional<SmallVector<int64_t>>();
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  for (int64_t &a : axes) {
    if (a < -rank || a >= rank)
      return gi.error(node, "axis " + Twine(a) + " out of range for rank " +
                                Twine(rank));
    if (a < 0)
      a += rank;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return std::optional<SmallVector<int64_t>>(axes);
}

template <ReduceKind Kind>
Error convertReduce(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto axes = reduceAxes(gi, node, shapeOf(*x).size());
  if (!axes)
    return axes.takeError();
  if (!*axes) {
    gi.setOutput(node, 0, *x);
    return Error::success();
  }
  Emitter e{gi, node};
  Value y = e.reduce(Kind, *x, **axes, attrInt(node, "keepdims", 1) != 0);
  if (Error err = e.take())
    return err;
  gi.setOutput(node, 0, y);
  return Error::success();
}

Error convertGlobalMaxPool(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  SmallVector<int64_t> axes;
  for (int64_t i = 2, e = shapeOf(*x).size(); i < e; ++i)
    axes.push_back(i);
  Emitter e{gi, node};
  Value y = e.reduce(ReduceKind::max, *x, axes);
  if (Error err = e.take())
    return err;
  gi.setOutput(node, 0, y);
  return Error::success();
}

Error convertArgMax(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  int64_t rank = shapeOf(*x).size(), axis = attrInt(node, "axis", 0);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range");
  if (axis < 0)
    axis += rank;
  OpBuilder &b = gi.builder();
  auto y = gi.create<ArgMaxOp>(
      node, *x, b.getI64IntegerAttr(axis),
      b.getBoolAttr(attrInt(node, "keepdims", 1) != 0),
      b.getBoolAttr(attrInt(node, "select_last_index", 0) != 0));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// Softmax and LogSoftmax. Before opset 13 they flatten to 2-D at `axis`
/// (default 1); since, they normalise along `axis` alone (default -1).
template <bool Log>
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
  Value in = *x;
  int64_t along = axis;
  if (legacy && axis != rank - 1) {
    int64_t rows = 1, cols = 1;
    for (int64_t i = 0; i < rank; ++i)
      (i < axis ? rows : cols) *= type.getDimSize(i);
    in = gi.reshape(node, *x, {rows, cols});
    along = 1;
  }
  Value y;
  if (!Log) {
    y = SoftmaxOp::create(b, loc, in.getType(), in, b.getI64IntegerAttr(along));
  } else {
    // x - max - log(sum(exp(x - max))).
    Emitter e{gi, node};
    Value shifted = e.bin<SubOp>(in, e.reduce(ReduceKind::max, in, {along}));
    Value sum =
        e.reduce(ReduceKind::sum, e.unary(UnaryKind::exp, shifted), {along});
    y = e.bin<SubOp>(shifted, e.unary(UnaryKind::log, sum));
    if (Error err = e.take())
      return err;
  }
  gi.setOutput(node, 0, gi.reshape(node, y, type.getShape()));
  return Error::success();
}

/// (x - mean) / sqrt(var + eps) over `axes`, also returning the mean and
/// the inverse standard deviation (reduced dims kept).
struct Normalized {
  Value y, mean, invStd;
};

Normalized normalize(Emitter &e, Value x, ArrayRef<int64_t> axes,
                     float epsilon) {
  Normalized n;
  n.mean = e.reduce(ReduceKind::mean, x, axes);
  Value centred = e.bin<SubOp>(x, n.mean);
  Value var = e.reduce(ReduceKind::mean, e.bin<MulOp>(centred, centred), axes);
  Value std = e.unary(UnaryKind::sqrt, e.bin<AddOp>(var, e.scalar(epsilon)));
  n.invStd = e.unary(UnaryKind::reciprocal, std);
  n.y = e.bin<DivOp>(centred, std);
  return n;
}

Error convertLayerNorm(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0), scale = gi.input(node, 1);
  if (!x)
    return x.takeError();
  if (!scale)
    return scale.takeError();
  auto bias = gi.optionalInput(node, 2);
  if (!bias)
    return bias.takeError();
  int64_t rank = shapeOf(*x).size(), axis = attrInt(node, "axis", -1);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range");
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> axes;
  for (int64_t i = axis; i < rank; ++i)
    axes.push_back(i);
  Emitter e{gi, node};
  Normalized n = normalize(e, *x, axes, attrFloat(node, "epsilon", 1e-5f));
  Value y = e.bin<MulOp>(n.y, *scale);
  if (*bias)
    y = e.bin<AddOp>(y, *bias);
  if (Error err = e.take())
    return err;
  if (y && shapeOf(y) != shapeOf(*x))
    return gi.error(node, "scale and bias must broadcast to the input");
  gi.setOutput(node, 0, y);
  gi.setOutput(node, 1, n.mean);
  gi.setOutput(node, 2, n.invStd);
  return Error::success();
}

/// [C] parameters as [C, 1, ...] for an input of rank `rank`.
Value perChannel(GraphImporter &gi, const onnx::NodeProto &node, Value p,
                 int64_t rank) {
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = shapeOf(p).empty() ? 1 : shapeOf(p)[0];
  return gi.reshape(node, p, shape);
}

Error convertInstanceNorm(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0), scale = gi.input(node, 1),
       bias = gi.input(node, 2);
  if (!x)
    return x.takeError();
  if (!scale)
    return scale.takeError();
  if (!bias)
    return bias.takeError();
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t rank = s.size();
  if (rank < 3)
    return gi.error(node, "expects an input of rank >= 3");
  if (shapeOf(*scale) != ArrayRef<int64_t>{s[1]} ||
      shapeOf(*bias) != ArrayRef<int64_t>{s[1]})
    return gi.error(node, "scale and bias must be 1-D of size " + Twine(s[1]));
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  Emitter e{gi, node};
  Normalized n = normalize(e, *x, axes, attrFloat(node, "epsilon", 1e-5f));
  Value y = e.bin<MulOp>(n.y, perChannel(gi, node, *scale, rank));
  y = e.bin<AddOp>(y, perChannel(gi, node, *bias, rank));
  if (Error err = e.take())
    return err;
  gi.setOutput(node, 0, y);
  return Error::success();
}

/// BatchNormalization with training_mode=1 normalises with the batch
/// statistics and outputs the updated running mean and variance.
Error convertBatchNormTraining(GraphImporter &gi, const onnx::NodeProto &node) {
  SmallVector<Value, 5> in;
  for (unsigned i = 0; i < 5; ++i) {
    auto v = gi.input(node, i);
    if (!v)
      return v.takeError();
    in.push_back(*v);
  }
  ArrayRef<int64_t> s = shapeOf(in[0]);
  int64_t rank = s.size();
  if (rank < 2)
    return gi.error(node, "expects an input of rank >= 2");
  for (unsigned i = 1; i < 5; ++i)
    if (shapeOf(in[i]) != ArrayRef<int64_t>{s[1]})
      return gi.error(node, "parameters must be 1-D of size " + Twine(s[1]) +
                                " (the channel count)");
  SmallVector<int64_t> axes = {0};
  for (int64_t i = 2; i < rank; ++i)
    axes.push_back(i);
  float momentum = attrFloat(node, "momentum", 0.9f);
  Emitter e{gi, node};
  Normalized n = normalize(e, in[0], axes, attrFloat(node, "epsilon", 1e-5f));
  Value y = e.bin<MulOp>(n.y, perChannel(gi, node, in[1], rank));
  y = e.bin<AddOp>(y, perChannel(gi, node, in[2], rank));
  // Batch statistics as [C]: mean and population variance.
  Value mean = e.reduce(ReduceKind::mean, in[0], axes, false);
  Value centred = e.bin<SubOp>(in[0], n.mean);
  Value var =
      e.reduce(ReduceKind::mean, e.bin<MulOp>(centred, centred), axes, false);
  auto blend = [&](Value running, Value current) {
    return e.bin<AddOp>(e.bin<MulOp>(running, e.scalar(momentum)),
                        e.bin<MulOp>(current, e.scalar(1.0f - momentum)));
  };
  Value runMean = blend(in[3], mean), runVar = blend(in[4], var);
  if (Error err = e.take())
    return err;
  gi.setOutput(node, 0, y);
  gi.setOutput(node, 1, runMean);
  gi.setOutput(node, 2, runVar);
  return Error::success();
}

} // namespace

/// Inference BatchNormalization lives with the conv converters; this one
/// takes the training form.
Error convertBatchNormTrainingMode(GraphImporter &gi,
                                   const onnx::NodeProto &node) {
  return convertBatchNormTraining(gi, node);
}

void addReductionConverters(StringMap<NodeConverter> &table) {
  table["ReduceSum"] = convertReduce<ReduceKind::sum>;
  table["ReduceMean"] = convertReduce<ReduceKind::mean>;
  table["ReduceMax"] = convertReduce<ReduceKind::max>;
  table["ReduceMin"] = convertReduce<ReduceKind::min>;
  table["ReduceProd"] = convertReduce<ReduceKind::prod>;
  table["ReduceL1"] = convertReduce<ReduceKind::l1>;
  table["ReduceL2"] = convertReduce<ReduceKind::l2>;
  table["ReduceSumSquare"] = convertReduce<ReduceKind::sum_square>;
  table["GlobalMaxPool"] = convertGlobalMaxPool;
  table["ArgMax"] = convertArgMax;
  table["Softmax"] = convertSoftmax<false>;
  table["LogSoftmax"] = convertSoftmax<true>;
  table["LayerNormalization"] = convertLayerNorm;
  table["InstanceNormalization"] = convertInstanceNorm;
}

} // namespace sparrow
