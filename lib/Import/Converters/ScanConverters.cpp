//===- ScanConverters.cpp - CumSum, NonZero, TopK
//--------------------------===//
//
// Ops that scan along an axis. On compile-time data they fold; CumSum on
// run-time values becomes a product with a constant triangular matrix (one
// MatMul the existing kernels run); NonZero and TopK have data-dependent
// results or orderings and fold only.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

/// Whether output position `i` of a scan sums input position `j`.
bool scanTakes(int64_t i, int64_t j, bool exclusive, bool reverse) {
  if (reverse)
    return exclusive ? j > i : j >= i;
  return exclusive ? j < i : j <= i;
}

/// Runs the scan over `data` (shape `dims`) along `axis`.
template <typename T>
SmallVector<T> cumulate(ArrayRef<T> data, ArrayRef<int64_t> dims, int64_t axis,
                        bool exclusive, bool reverse) {
  int64_t len = dims[axis], inner = product(dims.drop_front(axis + 1));
  int64_t outer = product(dims.take_front(axis));
  SmallVector<T> out(data.size(), T(0));
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t n = 0; n < inner; ++n) {
      T acc = 0;
      for (int64_t s = 0; s < len; ++s) {
        int64_t i = reverse ? len - 1 - s : s;
        int64_t at = (o * len + i) * inner + n;
        if (!exclusive)
          acc += data[at];
        out[at] = acc;
        if (exclusive)
          acc += data[at];
      }
    }
  return out;
}

Error convertCumSum(GraphImporter &gi, const onnx::NodeProto &node) {
  auto axisData = gi.intConstant(node, 1);
  if (!axisData)
    return axisData.takeError();
  if (axisData->size() != 1)
    return gi.error(node, "axis must be a scalar");
  bool exclusive = attrInt(node, "exclusive", 0) != 0;
  bool reverse = attrInt(node, "reverse", 0) != 0;
  auto checkAxis = [&](int64_t rank) -> Expected<int64_t> {
    int64_t axis = axisData->front();
    if (axis < -rank || axis >= rank)
      return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                                Twine(rank));
    return axis < 0 ? axis + rank : axis;
  };
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    auto axis = checkAxis(t->dims.size());
    if (!axis)
      return axis.takeError();
    IntTensor out = *t;
    out.isBool = false;
    out.data = cumulate<int64_t>(t->data, t->dims, *axis, exclusive, reverse);
    gi.setIntOutput(node, 0, std::move(out));
    return Error::success();
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  ArrayRef<int64_t> dims = cast<RankedTensorType>(x->getType()).getShape();
  auto axis = checkAxis(dims.size());
  if (!axis)
    return axis.takeError();
  if (auto data = getConstantF32(*x)) {
    gi.setOutput(
        node, 0,
        gi.constant(node, dims,
                    cumulate<float>(*data, dims, *axis, exclusive, reverse)));
    return Error::success();
  }
  int64_t len = dims[*axis];
  if (len > 4096)
    return gi.error(node, "scans over more than 4096 elements at run time "
                          "are not supported");
  SmallVector<float> tri(len * len, 0.0f);
  for (int64_t i = 0; i < len; ++i)
    for (int64_t j = 0; j < len; ++j)
      tri[i * len + j] = scanTakes(i, j, exclusive, reverse) ? 1.0f : 0.0f;
  Value lhs = gi.constant(node, {len, len}, tri);
  Value rhs = gi.reshape(node, *x,
                         {product(dims.take_front(*axis)), len,
                          product(dims.drop_front(*axis + 1))});
  auto y = gi.create<MatMulOp>(node, lhs, rhs, SparsityAttr());
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, gi.reshape(node, *y, dims));
  return Error::success();
}

/// The input as doubles with its dims, when it is known at compile time.
Expected<std::optional<std::pair<SmallVector<double>, SmallVector<int64_t>>>>
compileTimeData(GraphImporter &gi, const onnx::NodeProto &node) {
  if (gi.isInt(node, 0)) {
    auto t = gi.intTensor(node, 0);
    if (!t)
      return t.takeError();
    return std::pair{SmallVector<double>(t->data.begin(), t->data.end()),
                     t->dims};
  }
  auto x = gi.input(node, 0);
  if (!x)
    return x.takeError();
  auto data = getConstantF32(*x);
  if (!data)
    return std::nullopt;
  return std::pair{
      SmallVector<double>(data->begin(), data->end()),
      SmallVector<int64_t>(cast<RankedTensorType>(x->getType()).getShape())};
}

Error convertNonZero(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = compileTimeData(gi, node);
  if (!in)
    return in.takeError();
  if (!*in)
    return gi.error(node, "the number of non-zero elements is known only at "
                          "run time; NonZero needs compile-time data");
  auto &[data, dims] = **in;
  SmallVector<int64_t> hits;
  for (int64_t p = 0; p < (int64_t)data.size(); ++p)
    if (data[p] != 0)
      hits.push_back(p);
  IntTensor out;
  int64_t rank = dims.size(), nnz = hits.size();
  out.dims = {rank, nnz};
  out.data.assign(rank * nnz, 0);
  for (int64_t h = 0; h < nnz; ++h)
    for (int64_t d = rank - 1, p = hits[h]; d >= 0; --d) {
      out.data[d * nnz + h] = p % dims[d];
      p /= dims[d];
    }
  gi.setIntOutput(node, 0, std::move(out));
  return Error::success();
}

Error convertTopK(GraphImporter &gi, const onnx::NodeProto &node) {
  auto kData = gi.intConstant(node, 1);
  if (!kData)
    return kData.takeError();
  auto in = compileTimeData(gi, node);
  if (!in)
    return in.takeError();
  if (!*in)
    return gi.error(node, "TopK of values computed at run time is not "
                          "supported; only compile-time data folds");
  const SmallVector<double> &data = (*in)->first;
  ArrayRef<int64_t> dims = (*in)->second;
  int64_t rank = dims.size(), axis = attrInt(node, "axis", -1);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  if (axis < 0)
    axis += rank;
  int64_t len = dims[axis], k = kData->size() == 1 ? kData->front() : -1;
  if (k < 0 || k > len)
    return gi.error(node, "k must be a scalar in 0.." + Twine(len));
  bool largest = attrInt(node, "largest", 1) != 0;
  int64_t inner = product(dims.drop_front(axis + 1));
  int64_t outer = product(dims.take_front(axis));
  SmallVector<int64_t> outDims(dims);
  outDims[axis] = k;
  SmallVector<double> values;
  IntTensor indices;
  indices.dims = outDims;
  indices.data.assign(outer * k * inner, 0);
  values.assign(outer * k * inner, 0);
  SmallVector<int64_t> order(len);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t n = 0; n < inner; ++n) {
      auto at = [&](int64_t i) { return data[(o * len + i) * inner + n]; };
      std::iota(order.begin(), order.end(), 0);
      // Ties keep the lower index first, as onnxruntime does.
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        return largest ? at(a) > at(b) : at(a) < at(b);
      });
      for (int64_t i = 0; i < k; ++i) {
        values[(o * k + i) * inner + n] = at(order[i]);
        indices.data[(o * k + i) * inner + n] = order[i];
      }
    }
  if (gi.isInt(node, 0)) {
    IntTensor v;
    v.dims = outDims;
    v.data.assign(values.begin(), values.end());
    gi.setIntOutput(node, 0, std::move(v));
  } else {
    gi.setOutput(node, 0,
                 gi.constant(node, outDims,
                             SmallVector<float>(values.begin(), values.end())));
  }
  gi.setIntOutput(node, 1, std::move(indices));
  return Error::success();
}

} // namespace

void addScanConverters(StringMap<NodeConverter> &table) {
  table["CumSum"] = convertCumSum;
  table["NonZero"] = convertNonZero;
  table["TopK"] = convertTopK;
}

} // namespace sparrow
