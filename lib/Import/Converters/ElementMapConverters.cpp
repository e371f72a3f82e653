//===- ElementMapConverters.cpp - ScatterND, GatherND, Trilu... as gathers
//-===//
//
// With their indices known at compile time, ScatterND, ScatterElements,
// GatherElements, GatherND and Trilu pick every output element from one
// input element (or zero). The importer computes that map once: on
// compile-time data it folds, otherwise the operands are flattened, laid end
// to end and read with one sparrow.gather, so no new op or kernel is needed.
//
//===----------------------------------------------------------------------===//

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

/// Picks the constant `fill` instead of an input element.
constexpr int64_t kFill = -1;

/// Output element p is element `table[p]` of `inputs`, each flattened and
/// laid end to end (or `fill` for kFill).
struct ElementMap {
  SmallVector<unsigned> inputs;
  SmallVector<int64_t> dims;
  SmallVector<int64_t> table;
  float fill = 0.0f;
};

/// Normalises a possibly negative index into [0, extent).
Expected<int64_t> indexIn(GraphImporter &gi, const onnx::NodeProto &node,
                          int64_t i, int64_t extent) {
  if (i < -extent || i >= extent)
    return gi.error(node, "index " + Twine(i) + " out of range for dim " +
                              Twine(extent));
  return i < 0 ? i + extent : i;
}

Expected<int64_t> axisIn(GraphImporter &gi, const onnx::NodeProto &node,
                         int64_t rank) {
  int64_t axis = attrInt(node, "axis", 0);
  if (axis < -rank || axis >= rank)
    return gi.error(node, "axis " + Twine(axis) + " out of range for rank " +
                              Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

/// Row-major coordinates of flat position `p` in `dims`.
SmallVector<int64_t> coordsOf(int64_t p, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> c(dims.size());
  for (int64_t d = static_cast<int64_t>(dims.size()) - 1; d >= 0; --d) {
    c[d] = p % dims[d];
    p /= dims[d];
  }
  return c;
}

int64_t flatOf(ArrayRef<int64_t> coords, ArrayRef<int64_t> dims) {
  int64_t p = 0;
  for (size_t d = 0; d < dims.size(); ++d)
    p = p * dims[d] + coords[d];
  return p;
}

/// Fails when a map over `dims` would be too large to build.
Error checkSize(GraphImporter &gi, const onnx::NodeProto &node,
                ArrayRef<int64_t> dims) {
  if (!checkedProduct(dims, kMaxCreatedElements))
    return gi.error(node, "more than 2^24 elements to index at compile time");
  return Error::success();
}

/// The run-time form of `m`: `flat` (1-D, `total` elements together)
/// concatenated, with `m.fill` after them when the table uses it, read by
/// one sparrow.gather and reshaped to `m.dims`.
Expected<Value> gatherFlat(GraphImporter &gi, const onnx::NodeProto &node,
                           SmallVector<Value> flat, int64_t total,
                           const ElementMap &m) {
  SmallVector<int64_t> table(m.table);
  if (llvm::is_contained(table, kFill)) {
    flat.push_back(gi.constant(node, {1}, {m.fill}));
    llvm::replace(table, kFill, total);
  }
  OpBuilder &b = gi.builder();
  Value source = flat.front();
  if (flat.size() > 1) {
    auto cat =
        gi.create<ConcatOp>(node, ValueRange(flat), b.getI64IntegerAttr(0));
    if (!cat)
      return cat.takeError();
    source = *cat;
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(table.size())},
                                    b.getI64Type());
  Value idx = arith::ConstantOp::create(
      b, gi.locOf(node), DenseElementsAttr::get(type, ArrayRef(table)));
  auto y = gi.create<GatherOp>(node, source, idx, b.getI64IntegerAttr(0));
  if (!y)
    return y.takeError();
  return gi.reshape(node, *y, m.dims);
}

Error emitElementMap(GraphImporter &gi, const onnx::NodeProto &node,
                     const ElementMap &m) {
  if (llvm::all_of(m.inputs, [&](unsigned i) { return gi.isInt(node, i); })) {
    IntTensor out;
    out.dims = m.dims;
    SmallVector<int64_t> all;
    for (unsigned i : m.inputs) {
      auto t = gi.intTensor(node, i);
      if (!t)
        return t.takeError();
      out.isBool |= t->isBool;
      all.append(t->data);
    }
    for (int64_t p : m.table)
      out.data.push_back(p == kFill ? static_cast<int64_t>(m.fill) : all[p]);
    gi.setIntOutput(node, 0, std::move(out));
    return Error::success();
  }
  SmallVector<Value> flat;
  std::optional<SmallVector<float>> all = SmallVector<float>();
  int64_t total = 0;
  for (unsigned i : m.inputs) {
    auto v = gi.floatInput(node, i);
    if (!v)
      return v.takeError();
    int64_t n = cast<RankedTensorType>(v->getType()).getNumElements();
    if (all) {
      if (auto data = getConstantF32(*v))
        all->append(*data);
      else
        all.reset();
    }
    flat.push_back(gi.reshape(node, *v, {n}));
    total += n;
  }
  if (all) {
    SmallVector<float> out;
    for (int64_t p : m.table)
      out.push_back(p == kFill ? m.fill : (*all)[p]);
    gi.setOutput(node, 0, gi.constant(node, m.dims, out));
    return Error::success();
  }
  auto y = gatherFlat(gi, node, flat, total, m);
  if (!y)
    return y.takeError();
  gi.setOutput(node, 0, *y);
  return Error::success();
}

/// A scatter as (destination in data, source in updates) pairs, applied in
/// order.
using Writes = SmallVector<std::pair<int64_t, int64_t>>;

/// A scatter that combines, on run-time data: the writes are split into
/// rounds that touch each destination at most once; every round gathers its
/// updates (the reduction's identity elsewhere) and combines them in with
/// one elementwise op.
Error reduceInRounds(GraphImporter &gi, const onnx::NodeProto &node, Value data,
                     Value updates, ArrayRef<int64_t> dims,
                     const Writes &writes, StringRef reduction) {
  float identity = reduction == "add"   ? 0.0f
                   : reduction == "mul" ? 1.0f
                   : reduction == "max" ? -INFINITY
                                        : INFINITY;
  llvm::DenseMap<int64_t, unsigned> seen;
  SmallVector<ElementMap> rounds;
  for (auto [dst, src] : writes) {
    unsigned r = seen[dst]++;
    if (r == rounds.size())
      rounds.push_back({{},
                        SmallVector<int64_t>(dims),
                        SmallVector<int64_t>(product(dims), kFill),
                        identity});
    rounds[r].table[dst] = src;
  }
  int64_t count = cast<RankedTensorType>(updates.getType()).getNumElements();
  Value flat = gi.reshape(node, updates, {count});
  Value acc = data;
  for (const ElementMap &round : rounds) {
    auto part = gatherFlat(gi, node, {flat}, count, round);
    if (!part)
      return part.takeError();
    Expected<Value> next =
        reduction == "add"
            ? gi.create<AddOp>(node, acc, *part, ActivationAttr())
        : reduction == "mul"
            ? gi.create<MulOp>(node, acc, *part, ActivationAttr())
        : reduction == "max"
            ? gi.create<MaxOp>(node, acc, *part, ActivationAttr())
            : gi.create<MinOp>(node, acc, *part, ActivationAttr());
    if (!next)
      return next.takeError();
    acc = *next;
  }
  gi.setOutput(node, 0, acc);
  return Error::success();
}

/// Applies `writes` of updates (input 2) into data (input 0). Without a
/// reduction that is an element map.
Error emitScatter(GraphImporter &gi, const onnx::NodeProto &node,
                  ArrayRef<int64_t> dims, const Writes &writes) {
  std::string reduction = attrString(node, "reduction", "none");
  if (Error err = checkSize(gi, node, dims))
    return err;
  int64_t n = product(dims);
  if (reduction == "none") {
    ElementMap m{{0, 2}, SmallVector<int64_t>(dims), {}};
    for (int64_t p = 0; p < n; ++p)
      m.table.push_back(p);
    for (auto [dst, src] : writes)
      m.table[dst] = n + src;
    return emitElementMap(gi, node, m);
  }
  auto combine = [&](double a, double b) -> std::optional<double> {
    if (reduction == "add")
      return a + b;
    if (reduction == "mul")
      return a * b;
    if (reduction == "max")
      return std::max(a, b);
    if (reduction == "min")
      return std::min(a, b);
    return std::nullopt;
  };
  if (!combine(0, 0))
    return gi.error(node, "unknown reduction '" + reduction + "'");
  if (gi.isInt(node, 0) && gi.isInt(node, 2)) {
    auto data = gi.intTensor(node, 0), upd = gi.intTensor(node, 2);
    if (!data)
      return data.takeError();
    if (!upd)
      return upd.takeError();
    IntTensor out = *data;
    for (auto [dst, src] : writes)
      out.data[dst] = static_cast<int64_t>(
          *combine(double(out.data[dst]), double(upd->data[src])));
    gi.setIntOutput(node, 0, std::move(out));
    return Error::success();
  }
  auto data = gi.floatInput(node, 0), upd = gi.floatInput(node, 2);
  if (!data)
    return data.takeError();
  if (!upd)
    return upd.takeError();
  auto d = getConstantF32(*data), u = getConstantF32(*upd);
  if (!d || !u)
    return reduceInRounds(gi, node, *data, *upd, dims, writes, reduction);
  for (auto [dst, src] : writes)
    (*d)[dst] = static_cast<float>(*combine((*d)[dst], (*u)[src]));
  gi.setOutput(node, 0, gi.constant(node, dims, *d));
  return Error::success();
}

Error checkUpdates(GraphImporter &gi, const onnx::NodeProto &node,
                   ArrayRef<int64_t> want) {
  auto have = gi.inputDims(node, 2);
  if (!have)
    return have.takeError();
  if (ArrayRef<int64_t>(*have) != want)
    return gi.error(node, "updates have the wrong shape");
  return Error::success();
}

/// The dims of data (input 0) and the compile-time indices (input 1) every
/// op here starts from.
Expected<std::pair<SmallVector<int64_t>, IntTensor>>
indexedData(GraphImporter &gi, const onnx::NodeProto &node) {
  auto dims = gi.inputDims(node, 0);
  if (!dims)
    return dims.takeError();
  auto indices = gi.intTensor(node, 1);
  if (!indices)
    return indices.takeError();
  return std::pair{std::move(*dims), std::move(*indices)};
}

/// Row-major offset, within `dims`, of the index tuple `tuple` (one index per
/// leading dim of `dims`, possibly negative).
Expected<int64_t> tupleOffset(GraphImporter &gi, const onnx::NodeProto &node,
                              ArrayRef<int64_t> tuple, ArrayRef<int64_t> dims,
                              int64_t base = 0) {
  for (auto [index, extent] : llvm::zip(tuple, dims)) {
    auto i = indexIn(gi, node, index, extent);
    if (!i)
      return i.takeError();
    base = base * extent + *i;
  }
  return base;
}

Error convertScatterND(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = indexedData(gi, node);
  if (!in)
    return in.takeError();
  auto &[dims, indices] = *in;
  ArrayRef<int64_t> d = dims, id = indices.dims;
  if (id.empty() || id.back() < 1 || id.back() > (int64_t)d.size())
    return gi.error(node, "the last dim of indices must be in 1..rank");
  int64_t k = id.back(), slice = product(d.drop_front(k));
  SmallVector<int64_t> want(id.drop_back());
  want.append(d.begin() + k, d.end());
  if (Error err = checkUpdates(gi, node, want))
    return err;
  if (Error err = checkSize(gi, node, want))
    return err;
  Writes writes;
  for (int64_t u = 0, e = product(id.drop_back()); u < e; ++u) {
    auto base = tupleOffset(gi, node, ArrayRef(indices.data).slice(u * k, k),
                            d.take_front(k));
    if (!base)
      return base.takeError();
    for (int64_t s = 0; s < slice; ++s)
      writes.push_back({*base * slice + s, u * slice + s});
  }
  return emitScatter(gi, node, d, writes);
}

/// The flat positions in data (input 0) that the *Elements ops address:
/// each index of input 1 replaces its own coordinate along `axis`.
Expected<SmallVector<int64_t>> elementPositions(GraphImporter &gi,
                                                const onnx::NodeProto &node,
                                                ArrayRef<int64_t> dims,
                                                const IntTensor &indices) {
  auto axis = axisIn(gi, node, dims.size());
  if (!axis)
    return axis.takeError();
  if (indices.dims.size() != dims.size())
    return gi.error(node, "indices must have the rank of data");
  if (Error err = checkSize(gi, node, indices.dims))
    return std::move(err);
  SmallVector<int64_t> positions;
  for (int64_t p = 0; p < indices.numElements(); ++p) {
    SmallVector<int64_t> c = coordsOf(p, indices.dims);
    auto i = indexIn(gi, node, indices.data[p], dims[*axis]);
    if (!i)
      return i.takeError();
    c[*axis] = *i;
    positions.push_back(flatOf(c, dims));
  }
  return positions;
}

/// ScatterElements (and opset 9-10's Scatter).
Error convertScatterElements(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = indexedData(gi, node);
  if (!in)
    return in.takeError();
  auto &[dims, indices] = *in;
  if (Error err = checkUpdates(gi, node, indices.dims))
    return err;
  auto positions = elementPositions(gi, node, dims, indices);
  if (!positions)
    return positions.takeError();
  Writes writes;
  for (auto [p, dst] : llvm::enumerate(*positions))
    writes.push_back({dst, static_cast<int64_t>(p)});
  return emitScatter(gi, node, dims, writes);
}

Error convertGatherElements(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = indexedData(gi, node);
  if (!in)
    return in.takeError();
  auto &[dims, indices] = *in;
  auto positions = elementPositions(gi, node, dims, indices);
  if (!positions)
    return positions.takeError();
  return emitElementMap(gi, node, {{0}, indices.dims, *positions});
}

Error convertGatherND(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = indexedData(gi, node);
  if (!in)
    return in.takeError();
  auto &[dims, indices] = *in;
  ArrayRef<int64_t> d = dims, id = indices.dims;
  int64_t batch = attrInt(node, "batch_dims", 0);
  if (id.empty() || batch < 0 || batch >= (int64_t)id.size() ||
      batch >= (int64_t)d.size() || d.take_front(batch) != id.take_front(batch))
    return gi.error(node, "batch_dims " + Twine(batch) +
                              " does not fit data and indices");
  int64_t k = id.back();
  if (k < 1 || batch + k > (int64_t)d.size())
    return gi.error(node, "the last dim of indices must be in 1..rank - "
                          "batch_dims");
  int64_t slice = product(d.drop_front(batch + k));
  int64_t perBatch = product(id.slice(batch, id.size() - batch - 1));
  ElementMap m{{0}, SmallVector<int64_t>(id.drop_back()), {}};
  m.dims.append(d.begin() + batch + k, d.end());
  if (Error err = checkSize(gi, node, m.dims))
    return err;
  for (int64_t u = 0, e = product(id.drop_back()); u < e; ++u) {
    auto base = tupleOffset(gi, node, ArrayRef(indices.data).slice(u * k, k),
                            d.slice(batch, k), u / perBatch);
    if (!base)
      return base.takeError();
    for (int64_t s = 0; s < slice; ++s)
      m.table.push_back(*base * slice + s);
  }
  return emitElementMap(gi, node, m);
}

Error convertTrilu(GraphImporter &gi, const onnx::NodeProto &node) {
  auto in = gi.inputDims(node, 0);
  if (!in)
    return in.takeError();
  ArrayRef<int64_t> dims = *in;
  if (dims.size() < 2)
    return gi.error(node, "input must have rank >= 2");
  int64_t k = 0;
  if (gi.hasInput(node, 1)) {
    auto kv = gi.intConstant(node, 1);
    if (!kv)
      return kv.takeError();
    if (kv->size() != 1)
      return gi.error(node, "k must be a scalar");
    k = kv->front();
  }
  bool upper = attrInt(node, "upper", 1) != 0;
  int64_t rows = dims[dims.size() - 2], cols = dims.back();
  if (Error err = checkSize(gi, node, dims))
    return err;
  ElementMap m{{0}, SmallVector<int64_t>(dims), {}};
  for (int64_t p = 0, e = product(dims); p < e; ++p) {
    int64_t i = (p / cols) % rows, j = p % cols;
    bool keep = upper ? j - i >= k : j - i <= k;
    m.table.push_back(keep ? p : kFill);
  }
  return emitElementMap(gi, node, m);
}

} // namespace

void addElementMapConverters(StringMap<NodeConverter> &table) {
  table["ScatterND"] = convertScatterND;
  table["ScatterElements"] = convertScatterElements;
  table["Scatter"] = convertScatterElements;
  table["GatherElements"] = convertGatherElements;
  table["GatherND"] = convertGatherND;
  table["Trilu"] = convertTrilu;
}

} // namespace sparrow
