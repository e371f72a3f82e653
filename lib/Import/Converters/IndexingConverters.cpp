//===- IndexingConverters.cpp - Slice, Split, Gather, Pad, Resize ---------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// A static strided window of a tensor, per dim.
struct Window {
  SmallVector<int64_t> offsets, sizes, strides;
};

/// Slices input 0 (float or data) by `w` into output `out`.
Error emitSlice(GraphImporter &gi, const onnx::NodeProto &node, unsigned out,
                const Window &w) {
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    IntTensor r;
    r.dims = w.sizes;
    r.isBool = t->isBool;
    r.data =
        sliceData<int64_t>(t->data, t->dims, w.offsets, w.sizes, w.strides);
    gi.setIntOutput(node, out, r);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> in = shapeOf(*x);
  bool identity = true;
  for (size_t d = 0; d < in.size(); ++d)
    identity &= w.offsets[d] == 0 && w.sizes[d] == in[d] && w.strides[d] == 1;
  if (identity) {
    gi.setOutput(node, out, *x);
    return Error::success();
  }
  if (auto data = getConstantF32(*x)) {
    gi.setOutput(node, out,
                 gi.constant(node, w.sizes,
                             sliceData<float>(*data, in, w.offsets, w.sizes,
                                              w.strides)));
    return Error::success();
  }
  OpBuilder &b = gi.builder();
  auto y = gi.create<SliceOp>(node, *x, b.getDenseI64ArrayAttr(w.offsets),
                              b.getDenseI64ArrayAttr(w.sizes),
                              b.getDenseI64ArrayAttr(w.strides));
  if (!y)
    return y.takeError();
  gi.setOutput(node, out, *y);
  return Error::success();
}

Error convertSlice(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  int64_t rank = in->size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (gi.opset() < 10) {
    starts = attrInts(node, "starts");
    ends = attrInts(node, "ends");
    axes = attrInts(node, "axes");
  } else {
    auto s = gi.intConstant(node, 1), e = gi.intConstant(node, 2);
    if (!s)
      return s.takeError();
    if (!e)
      return e.takeError();
    starts = *s;
    ends = *e;
    if (gi.hasInput(node, 3)) {
      auto a = gi.intConstant(node, 3);
      if (!a)
        return a.takeError();
      axes = *a;
    }
    if (gi.hasInput(node, 4)) {
      auto st = gi.intConstant(node, 4);
      if (!st)
        return st.takeError();
      steps = *st;
    }
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return gi.error(node, "starts, ends, axes and steps differ in length");
  Window w;
  w.offsets.assign(rank, 0);
  w.sizes.assign(in->begin(), in->end());
  w.strides.assign(rank, 1);
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank || seen[axis])
      return gi.error(node, "invalid or repeated axis " + Twine(axes[i]));
    seen[axis] = true;
    int64_t dim = (*in)[axis], step = steps[i];
    if (step == 0)
      return gi.error(node, "step is zero");
    // A step longer than the dim takes at most one element, whatever it is.
    step = std::clamp<int64_t>(step, -(dim + 1), dim + 1);
    // ONNX clamping: starts/ends count from the back when negative.
    int64_t start = starts[i], end = ends[i];
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    int64_t size = step > 0 ? (end - start + step - 1) / step
                            : (start - end - step - 1) / -step;
    w.offsets[axis] = start;
    w.sizes[axis] = std::max<int64_t>(0, size);
    w.strides[axis] = step;
    if (w.sizes[axis] == 0)
      w.offsets[axis] = 0;
  }
  return emitSlice(gi, node, 0, w);
}

Error convertSplit(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  int64_t rank = in->size();
  int64_t axis = attrInt(node, "axis", 0);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range");
  if (axis < 0)
    axis += rank;
  SmallVector<int64_t> split;
  if (gi.opset() < 13) {
    split = attrInts(node, "split");
  } else if (gi.hasInput(node, 1)) {
    auto s = gi.intConstant(node, 1);
    if (!s)
      return s.takeError();
    split = *s;
  }
  int64_t n = node.output_size(), dim = (*in)[axis];
  if (split.empty()) {
    if (gi.opset() >= 18 && findAttr(node, "num_outputs"))
      n = attrInt(node, "num_outputs", n);
    if (n < 1)
      return gi.error(node, "needs at least one output");
    int64_t chunk = (dim + n - 1) / n;
    if (gi.opset() < 18 && dim % n)
      return gi.error(node, "dim " + Twine(dim) + " does not split into " +
                                Twine(n) + " equal parts");
    for (int64_t i = 0; i < n; ++i)
      split.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
  }
  if (static_cast<int64_t>(split.size()) != node.output_size())
    return gi.error(node, Twine(split.size()) + " split sizes for " +
                              Twine(node.output_size()) + " outputs");
  int64_t total = 0;
  for (int64_t s : split) {
    if (s < 0)
      return gi.error(node, "negative split size");
    total += s;
  }
  if (total != dim)
    return gi.error(node, "split sizes add up to " + Twine(total) +
                              ", the dim is " + Twine(dim));
  int64_t offset = 0;
  for (int64_t i = 0; i < node.output_size(); ++i) {
    Window w;
    w.offsets.assign(rank, 0);
    w.sizes.assign(in->begin(), in->end());
    w.strides.assign(rank, 1);
    w.offsets[axis] = split[i] ? offset : 0;
    w.sizes[axis] = split[i];
    offset += split[i];
    if (Error err = emitSlice(gi, node, i, w))
      return err;
  }
  return Error::success();
}

Error convertGather(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  auto indices = gi.intTensor(node, 1);
  if (!indices)
    return indices.takeError();
  int64_t rank = in->size(), axis = attrInt(node, "axis", 0);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  int64_t extent = (*in)[axis];
  for (int64_t &i : indices->data) {
    if (i < -extent || i >= extent)
      return gi.error(node, "index " + Twine(i) + " out of range for dim " +
                                Twine(extent));
    if (i < 0)
      i += extent;
  }
  SmallVector<int64_t> outDims(in->begin(), in->begin() + axis);
  outDims.append(indices->dims.begin(), indices->dims.end());
  outDims.append(in->begin() + axis + 1, in->end());
  auto outCount = checkedProduct(outDims);
  if (!outCount)
    return gi.error(node, "the result would have more than 2^40 elements");
  if (gi.isInt(node, 0)) {
    if (*outCount > kMaxIntElements)
      return gi.error(node, "integer data too large to fold");
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    IntTensor r;
    r.dims = outDims;
    r.isBool = t->isBool;
    r.data = gatherAlong<int64_t>(t->data, t->dims, axis, indices->data);
    gi.setIntOutput(node, 0, r);
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto data =
      *outCount <= kMaxCreatedElements ? getConstantF32(*x) : std::nullopt;
  if (data) {
    gi.setOutput(
        node, 0,
        gi.constant(node, outDims,
                    gatherAlong<float>(*data, *in, axis, indices->data)));
    return Error::success();
  }
  OpBuilder &b = gi.builder();
  auto type = RankedTensorType::get(indices->dims, b.getI64Type());
  Value idx = arith::ConstantOp::create(
      b, gi.locOf(node), DenseElementsAttr::get(type, ArrayRef(indices->data)));
  auto y = gi.create<GatherOp>(node, *x, idx, b.getI64IntegerAttr(axis));
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

Error convertPad(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  Value runtimeValue; // a constant_value computed by the model
  if (gi.opset() < 11) {
    pads = attrInts(node, gi.opset() < 2 ? "paddings" : "pads");
    value = attrFloat(node, "value", 0.0f);
  } else {
    auto p = gi.intConstant(node, 1);
    if (!p)
      return p.takeError();
    pads = *p;
    if (gi.hasInput(node, 2)) {
      auto v = gi.floatConstant(node, 2);
      if (v && v->size() == 1) {
        value = (*v)[0];
      } else if (!v) {
        auto rv = gi.input(node, 2);
        if (!rv)
          return rv.takeError();
        if (product(shapeOf(*rv)) != 1)
          return gi.error(node, "constant_value must be a scalar");
        runtimeValue = *rv;
      } else if (!v->empty()) {
        return gi.error(node, "constant_value must be a scalar");
      }
    }
    if (gi.hasInput(node, 3)) {
      auto axes = gi.intConstant(node, 3);
      if (!axes)
        return axes.takeError();
      if (pads.size() != 2 * axes->size())
        return gi.error(node, "needs two pads per axis");
      SmallVector<int64_t> full(2 * rank, 0);
      for (size_t i = 0; i < axes->size(); ++i) {
        int64_t a = (*axes)[i] < 0 ? (*axes)[i] + rank : (*axes)[i];
        if (a < 0 || a >= rank)
          return gi.error(node, "axis " + Twine((*axes)[i]) + " out of range");
        full[a] = pads[i];
        full[a + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return gi.error(node, "expects " + Twine(2 * rank) + " pads, got " +
                              Twine(pads.size()));
  for (int64_t p : pads)
    if (p > (int64_t(1) << 31) || p < -(int64_t(1) << 31))
      return gi.error(node, "pads must be within 2^31");
  std::string modeName = attrString(node, "mode", "constant");
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return gi.error(node, "mode '" + modeName + "' is not supported");
  // Negative pads crop first.
  Value y = *x;
  SmallVector<int64_t> offsets(rank, 0), sizes(in), strides(rank, 1);
  bool crop = false;
  for (int64_t d = 0; d < rank; ++d) {
    for (int64_t side : {d, d + rank}) {
      if (pads[side] >= 0)
        continue;
      crop = true;
      sizes[d] += pads[side];
      if (side == d)
        offsets[d] = -pads[side];
      pads[side] = 0;
    }
    if (sizes[d] < 0)
      return gi.error(node, "negative pads remove more than dim " + Twine(d));
  }
  OpBuilder &b = gi.builder();
  if (crop) {
    auto s = gi.create<SliceOp>(node, y, b.getDenseI64ArrayAttr(offsets),
                                b.getDenseI64ArrayAttr(sizes),
                                b.getDenseI64ArrayAttr(strides));
    if (!s)
      return s.takeError();
    y = *s;
  }
  if (llvm::any_of(pads, [](int64_t p) { return p != 0; })) {
    auto p = gi.create<PadOp>(node, y, PadModeAttr::get(b.getContext(), *mode),
                              b.getDenseI64ArrayAttr(pads),
                              b.getF32FloatAttr(value));
    if (!p)
      return p.takeError();
    if (runtimeValue && *mode == PadMode::constant) {
      // where(padding, value, padded): the padding positions are known.
      ArrayRef<int64_t> out = shapeOf(*p), in = shapeOf(y);
      if (!checkedProduct(out, kMaxCreatedElements))
        return gi.error(node, "a computed constant_value needs a mask of "
                              "more than 2^24 elements");
      SmallVector<bool> border;
      SmallVector<int64_t> idx(rank, 0);
      for (int64_t n = 0, e = product(out); n < e; ++n) {
        bool pad = false;
        for (int64_t d = 0; d < rank; ++d)
          pad |= idx[d] < pads[d] || idx[d] >= pads[d] + in[d];
        border.push_back(pad);
        for (int64_t d = rank - 1; d >= 0; --d) {
          if (++idx[d] < out[d])
            break;
          idx[d] = 0;
        }
      }
      auto maskType = RankedTensorType::get(out, b.getI1Type());
      Value mask = arith::ConstantOp::create(
          b, gi.locOf(node), DenseElementsAttr::get(maskType, border));
      auto w = gi.create<WhereOp>(node, mask, runtimeValue, *p);
      if (!w)
        return w.takeError();
      p = *w;
    }
    y = *p;
  }
  gi.setOutput(node, 0, y);
  return Error::success();
}

/// Reshape, transpose, reshape: the definition of DepthToSpace and
/// SpaceToDepth in the ONNX spec.
Error convertDepthSpace(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> s = shapeOf(*x);
  int64_t bs = attrInt(node, "blocksize", 0);
  if (s.size() != 4 || bs < 1 || bs > (1 << 16))
    return gi.error(node, "expects a 4-D input and a blocksize in [1, 65536]");
  int64_t n = s[0], c = s[1], h = s[2], w = s[3];
  SmallVector<int64_t> mid, perm, out;
  if (node.op_type() == "DepthToSpace") {
    if (c % (bs * bs))
      return gi.error(node, "channels must divide by blocksize^2");
    int64_t cc = c / (bs * bs);
    if (attrString(node, "mode", "DCR") == "CRD") {
      mid = {n, cc, bs, bs, h, w};
      perm = {0, 1, 4, 2, 5, 3};
    } else {
      mid = {n, bs, bs, cc, h, w};
      perm = {0, 3, 4, 1, 5, 2};
    }
    out = {n, cc, h * bs, w * bs};
  } else {
    if (h % bs || w % bs)
      return gi.error(node, "height and width must divide by blocksize");
    mid = {n, c, h / bs, bs, w / bs, bs};
    perm = {0, 3, 5, 1, 2, 4};
    out = {n, c * bs * bs, h / bs, w / bs};
  }
  Value r = gi.reshape(node, *x, mid);
  auto t =
      gi.create<TransposeOp>(node, r, gi.builder().getDenseI64ArrayAttr(perm));
  if (!t)
    return t.takeError();
  gi.setOutput(node, 0, gi.reshape(node, *t, out));
  return Error::success();
}

/// Float data of an optional input: a constant, or compile-time integers.
Expected<std::optional<SmallVector<double>>>
optionalNumbers(GraphImporter &gi, const onnx::NodeProto &node, unsigned i) {
  using Result = std::optional<SmallVector<double>>;
  if (!gi.hasInput(node, i))
    return Result();
  if (gi.isInt(node, i)) {
    auto t = gi.intConstant(node, i);
    if (!t)
      return t.takeError();
    return Result(SmallVector<double>(t->begin(), t->end()));
  }
  auto f = gi.floatConstant(node, i);
  if (!f)
    return gi.error(node, "input " + Twine(i) + " ('" + node.input(i) +
                              "') must be a compile-time constant");
  return Result(SmallVector<double>(f->begin(), f->end()));
}

/// Resize (opset 10+) and Upsample (7-9).
Error convertResize(GraphImporter &gi, const onnx::NodeProto &node) {
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> in = shapeOf(*x);
  int64_t rank = in.size();
  bool upsample = node.op_type() == "Upsample";
  bool legacy = upsample || gi.opset() < 11;
  std::optional<SmallVector<double>> scales, sizes, roi;
  if (upsample && gi.opset() < 9) {
    SmallVector<double> s;
    if (const onnx::AttributeProto *a = findAttr(node, "scales"))
      s.assign(a->floats().begin(), a->floats().end());
    scales = s;
  } else if (legacy) {
    auto s = optionalNumbers(gi, node, 1);
    if (!s)
      return s.takeError();
    scales = *s;
  } else {
    auto r = optionalNumbers(gi, node, 1), s = optionalNumbers(gi, node, 2),
         z = optionalNumbers(gi, node, 3);
    if (!r)
      return r.takeError();
    if (!s)
      return s.takeError();
    if (!z)
      return z.takeError();
    roi = *r;
    scales = *s;
    sizes = *z;
    if (scales && scales->empty())
      scales.reset();
    if (sizes && sizes->empty())
      sizes.reset();
  }
  if (!scales && !sizes)
    return gi.error(node, "needs scales or sizes");
  if (findAttr(node, "antialias") && attrInt(node, "antialias", 0))
    return gi.error(node, "antialias is not supported");
  // Opset 18's axes: the given scales/sizes apply to these dims only.
  SmallVector<int64_t> axes = attrInts(node, "axes");
  auto expand = [&](std::optional<SmallVector<double>> &v, double fill,
                    bool pair) -> Error {
    if (!v || axes.empty())
      return Error::success();
    size_t per = pair ? 2 : 1;
    if (v->size() != per * axes.size())
      return gi.error(node, "needs one value per axis");
    SmallVector<double> full(per * rank, fill);
    if (pair)
      for (int64_t d = 0; d < rank; ++d)
        full[d + rank] = 1.0;
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank)
        return gi.error(node, "axis out of range");
      full[a] = (*v)[i];
      if (pair)
        full[a + rank] = (*v)[i + axes.size()];
    }
    v = full;
    return Error::success();
  };
  if (Error e = expand(scales, 1.0, false))
    return e;
  if (sizes && !axes.empty()) {
    SmallVector<double> full(in.begin(), in.end());
    if (sizes->size() != axes.size())
      return gi.error(node, "needs one size per axis");
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank)
        return gi.error(node, "axis out of range");
      full[a] = (*sizes)[i];
    }
    sizes = full;
  }
  if (roi && !roi->empty())
    if (Error e = expand(roi, 0.0, true))
      return e;
  SmallVector<int64_t> out;
  SmallVector<float> scaleAttr;
  if (sizes) {
    if (static_cast<int64_t>(sizes->size()) != rank)
      return gi.error(node, "expects " + Twine(rank) + " sizes");
    std::string policy =
        attrString(node, "keep_aspect_ratio_policy", "stretch");
    if (policy != "stretch") {
      SmallVector<int64_t> dims;
      for (int64_t a : axes)
        dims.push_back(a < 0 ? a + rank : a);
      if (dims.empty())
        for (int64_t d = 0; d < rank; ++d)
          dims.push_back(d);
      bool smaller = policy == "not_larger";
      double pick = smaller ? 1e30 : 0;
      for (int64_t d : dims) {
        double s = (*sizes)[d] / in[d];
        pick = smaller ? std::min(pick, s) : std::max(pick, s);
      }
      for (int64_t d : dims)
        (*sizes)[d] = std::round(in[d] * pick);
    }
    for (int64_t d = 0; d < rank; ++d) {
      if (!((*sizes)[d] >= 1 && (*sizes)[d] <= double(kMaxTensorElements)))
        return gi.error(node, "sizes must be positive and below 2^40");
      out.push_back(static_cast<int64_t>((*sizes)[d]));
      scaleAttr.push_back(in[d] ? static_cast<float>(out[d] / double(in[d]))
                                : 1.0f);
    }
  } else {
    if (static_cast<int64_t>(scales->size()) != rank)
      return gi.error(node, "expects " + Twine(rank) + " scales, got " +
                                Twine(scales->size()));
    for (int64_t d = 0; d < rank; ++d) {
      float s = static_cast<float>((*scales)[d]);
      if (!(s > 0))
        return gi.error(node, "scales must be positive");
      scaleAttr.push_back(s);
      double size = std::floor(in[d] * double(s));
      if (!(size >= 1 && size <= double(kMaxTensorElements)))
        return gi.error(node, "scale " + std::to_string(s) +
                                  " gives an output dim outside [1, 2^40] "
                                  "for input dim " +
                                  Twine(in[d]));
      out.push_back(static_cast<int64_t>(size));
    }
  }
  for (int64_t d : out)
    if (d < 1)
      return gi.error(node, "output dims must be positive");
  if (!checkedProduct(out))
    return gi.error(node, "the result would have more than 2^40 elements");

  std::string modeName = attrString(node, "mode", "nearest");
  if (modeName == "bilinear" || modeName == "trilinear")
    modeName = "linear";
  std::optional<ResizeMode> mode = symbolizeResizeMode(modeName);
  if (!mode)
    return gi.error(node, "mode '" + modeName + "' is not supported");
  std::string coordName =
      legacy ? "asymmetric"
             : attrString(node, "coordinate_transformation_mode", "half_pixel");
  std::optional<CoordinateMode> coord = symbolizeCoordinateMode(coordName);
  if (!coord)
    return gi.error(node, "coordinate_transformation_mode '" + coordName +
                              "' is not supported");
  std::string nearestName =
      legacy ? "floor" : attrString(node, "nearest_mode", "round_prefer_floor");
  std::optional<NearestMode> nearest = symbolizeNearestMode(nearestName);
  if (!nearest)
    return gi.error(node,
                    "nearest_mode '" + nearestName + "' is not supported");
  OpBuilder &b = gi.builder();
  DenseF32ArrayAttr roiAttr;
  if (*coord == CoordinateMode::tf_crop_and_resize) {
    if (!roi || static_cast<int64_t>(roi->size()) != 2 * rank)
      return gi.error(node, "tf_crop_and_resize needs a roi of " +
                                Twine(2 * rank) + " values");
    SmallVector<float> r(roi->begin(), roi->end());
    roiAttr = b.getDenseF32ArrayAttr(r);
  }
  auto type = RankedTensorType::get(out, b.getF32Type());
  if (type == x->getType() && *coord != CoordinateMode::tf_crop_and_resize) {
    gi.setOutput(node, 0, *x);
    return Error::success();
  }
  auto op = ResizeOp::create(
      b, gi.locOf(node), type, *x, ResizeModeAttr::get(b.getContext(), *mode),
      CoordinateModeAttr::get(b.getContext(), *coord),
      NearestModeAttr::get(b.getContext(), *nearest),
      b.getF32FloatAttr(attrFloat(node, "cubic_coeff_a", -0.75f)),
      b.getBoolAttr(attrInt(node, "exclude_outside", 0) != 0),
      b.getF32FloatAttr(attrFloat(node, "extrapolation_value", 0.0f)),
      b.getDenseF32ArrayAttr(scaleAttr), roiAttr);
  gi.setOutput(node, 0, op);
  return Error::success();
}

} // namespace

void addIndexingConverters(StringMap<NodeConverter> &table) {
  table["Slice"] = convertSlice;
  table["Split"] = convertSplit;
  table["Gather"] = convertGather;
  table["Pad"] = convertPad;
  table["DepthToSpace"] = convertDepthSpace;
  table["SpaceToDepth"] = convertDepthSpace;
  table["Resize"] = convertResize;
  table["Upsample"] = convertResize;
}

} // namespace sparrow
