//===- EinsumConverter.cpp - Einsum as transposes and one MatMul ----------===//
//
// An Einsum of one or two operands is what the kernels already run: labels
// only one operand has and the output lacks are summed first (a
// reduction); one operand is then a transpose to the output's order; two
// are a batched MatMul with each operand transposed to [batch, free,
// contracted] (or [batch, contracted, free]) and flattened to three dims,
// the product unflattened and transposed to the output's order. Diagonals
// (a label repeated within one operand) and three or more operands are
// refused with the node named.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

/// A label per dim: letters are their char, ellipsis dims 256 + their
/// position counted from the right (numpy aligns them from the right).
using Labels = SmallVector<int>;

struct Equation {
  SmallVector<Labels> inputs;
  Labels output;
};

/// Labels of one term over a value of `rank` dims.
Expected<Labels> parseTerm(StringRef term, int64_t rank,
                           int64_t &ellipsisRank) {
  Labels labels;
  size_t dots = term.find("...");
  int64_t letters = term.size() - (dots == StringRef::npos ? 0 : 3);
  if (dots == StringRef::npos ? letters != rank : letters > rank)
    return createStringError("term '" + term + "' does not match rank " +
                             Twine(rank));
  int64_t ellipsis = dots == StringRef::npos ? 0 : rank - letters;
  ellipsisRank = std::max(ellipsisRank, ellipsis);
  for (size_t i = 0; i < term.size(); ++i) {
    if (i == dots) {
      for (int64_t e = ellipsis; e > 0; --e)
        labels.push_back(256 + e - 1);
      i += 2;
      continue;
    }
    if (!llvm::isAlpha(term[i]))
      return createStringError("bad label '" + Twine(term[i]) + "'");
    labels.push_back(term[i]);
  }
  return labels;
}

Expected<Equation> parseEquation(std::string text,
                                 ArrayRef<SmallVector<int64_t>> shapes) {
  llvm::erase(text, ' ');
  StringRef eq(text), lhs = eq, rhs;
  bool explicitOutput = eq.contains("->");
  if (explicitOutput)
    std::tie(lhs, rhs) = eq.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != shapes.size())
    return createStringError(Twine(terms.size()) + " terms for " +
                             Twine(shapes.size()) + " inputs");
  Equation e;
  int64_t ellipsisRank = 0;
  for (auto [term, shape] : llvm::zip(terms, shapes)) {
    auto labels = parseTerm(term, shape.size(), ellipsisRank);
    if (!labels)
      return labels.takeError();
    e.inputs.push_back(*labels);
  }
  if (explicitOutput) {
    // The output's ellipsis has the widest input's rank.
    int64_t rank = rhs.size();
    if (rhs.contains("..."))
      rank += ellipsisRank - 3;
    int64_t unused = 0;
    auto labels = parseTerm(rhs, rank, unused);
    if (!labels)
      return labels.takeError();
    e.output = *labels;
    return e;
  }
  // Implicit output: the ellipsis, then the letters used once, sorted.
  for (int64_t d = ellipsisRank; d > 0; --d)
    e.output.push_back(256 + d - 1);
  std::map<int, int> uses;
  for (const Labels &in : e.inputs)
    for (int l : in)
      if (l < 256)
        ++uses[l];
  for (auto [label, count] : uses)
    if (count == 1)
      e.output.push_back(label);
  return e;
}

struct EinsumBuilder {
  GraphImporter &gi;
  const onnx::NodeProto &node;

  Expected<Value> transpose(Value v, Labels &labels, const Labels &order) {
    SmallVector<int64_t> perm;
    for (int l : order)
      perm.push_back(llvm::find(labels, l) - labels.begin());
    labels = order;
    if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
      return v;
    return gi.create<TransposeOp>(node, v,
                                  gi.builder().getDenseI64ArrayAttr(perm));
  }

  /// Sums the dims whose labels `keep` rejects.
  Expected<Value> sumOut(Value v, Labels &labels,
                         llvm::function_ref<bool(int)> keep) {
    SmallVector<int64_t> axes;
    Labels kept;
    for (auto [i, l] : llvm::enumerate(labels))
      if (keep(l))
        kept.push_back(l);
      else
        axes.push_back(i);
    if (axes.empty())
      return v;
    labels = kept;
    OpBuilder &b = gi.builder();
    return gi.create<ReduceOp>(
        node, ReduceKindAttr::get(b.getContext(), ReduceKind::sum), v,
        b.getDenseI64ArrayAttr(axes), b.getBoolAttr(false));
  }
};

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

Error convertEinsum(GraphImporter &gi, const onnx::NodeProto &node) {
  if (node.input_size() < 1 || node.input_size() > 2)
    return gi.error(node, "Einsum of " + Twine(node.input_size()) +
                              " operands is not supported (1 or 2)");
  SmallVector<Value> values;
  SmallVector<SmallVector<int64_t>> shapes;
  for (int i = 0; i < node.input_size(); ++i) {
    auto v = gi.floatInput(node, i);
    if (!v)
      return v.takeError();
    values.push_back(*v);
    shapes.emplace_back(cast<RankedTensorType>(v->getType()).getShape());
  }
  auto eq = parseEquation(attrString(node, "equation", ""), shapes);
  if (!eq)
    return gi.error(node, "equation '" + attrString(node, "equation", "") +
                              "': " + toString(eq.takeError()));
  // Each label's size, checked across operands.
  std::map<int, int64_t> size;
  for (auto [labels, shape] : llvm::zip(eq->inputs, shapes))
    for (auto [l, d] : llvm::zip(labels, shape)) {
      if (llvm::count(labels, l) > 1)
        return gi.error(node, "a label repeated within one operand "
                              "(a diagonal) is not supported");
      auto [it, fresh] = size.try_emplace(l, d);
      if (!fresh && it->second != d)
        return gi.error(node, "label sizes differ: " + Twine(it->second) +
                                  " and " + Twine(d) +
                                  " (broadcasting is not supported)");
    }
  for (int l : eq->output)
    if (!size.count(l))
      return gi.error(node, "an output label no operand has");
  EinsumBuilder e{gi, node};
  auto inOutput = [&](int l) { return llvm::is_contained(eq->output, l); };
  auto inOther = [&](unsigned self, int l) {
    for (unsigned j = 0; j < eq->inputs.size(); ++j)
      if (j != self && llvm::is_contained(eq->inputs[j], l))
        return true;
    return false;
  };
  for (unsigned i = 0; i < values.size(); ++i) {
    auto v = e.sumOut(values[i], eq->inputs[i],
                      [&](int l) { return inOutput(l) || inOther(i, l); });
    if (!v)
      return v.takeError();
    values[i] = *v;
  }
  if (values.size() == 1) {
    auto y = e.transpose(values[0], eq->inputs[0], eq->output);
    if (!y)
      return y.takeError();
    gi.setOutput(node, 0, *y);
    return Error::success();
  }
  Labels batch, left, right, contracted;
  for (int l : eq->output) {
    bool inA = llvm::is_contained(eq->inputs[0], l);
    bool inB = llvm::is_contained(eq->inputs[1], l);
    (inA && inB ? batch : inA ? left : right).push_back(l);
  }
  for (int l : eq->inputs[0])
    if (!inOutput(l) && llvm::is_contained(eq->inputs[1], l))
      contracted.push_back(l);
  auto dims = [&](const Labels &ls) {
    SmallVector<int64_t> d;
    for (int l : ls)
      d.push_back(size[l]);
    return d;
  };
  int64_t nb = product(dims(batch)), m = product(dims(left)),
          n = product(dims(right)), k = product(dims(contracted));
  auto operand = [&](unsigned i, Labels order,
                     ArrayRef<int64_t> shape) -> Expected<Value> {
    auto t = e.transpose(values[i], eq->inputs[i], order);
    if (!t)
      return t;
    return gi.reshape(node, *t, shape);
  };
  SmallVector<int64_t> aShape = {m, k}, bShape = {k, n};
  if (!batch.empty()) {
    aShape.insert(aShape.begin(), nb);
    bShape.insert(bShape.begin(), nb);
  }
  auto a = operand(
      0, llvm::to_vector(llvm::concat<int>(batch, left, contracted)), aShape);
  if (!a)
    return a.takeError();
  auto b = operand(
      1, llvm::to_vector(llvm::concat<int>(batch, contracted, right)), bShape);
  if (!b)
    return b.takeError();
  auto matmul = gi.create<MatMulOp>(node, *a, *b, SparsityAttr());
  if (!matmul)
    return matmul.takeError();
  Labels labels = llvm::to_vector(llvm::concat<int>(batch, left, right));
  Value y = gi.reshape(node, *matmul, dims(labels));
  auto out = e.transpose(y, labels, eq->output);
  if (!out)
    return out.takeError();
  gi.setOutput(node, 0, *out);
  return Error::success();
}

} // namespace

void addEinsumConverters(llvm::StringMap<NodeConverter> &table) {
  table["Einsum"] = convertEinsum;
}

} // namespace sparrow
