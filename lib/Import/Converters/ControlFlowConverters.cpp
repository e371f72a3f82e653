//===- ControlFlowConverters.cpp - If and Loop, inlined at compile time ---===//
//
// Exporters emit If on shapes and Loop over a fixed count far more often than
// on data: PyTorch's scripted `if x.size(2) > 4:` or a loop over the layers
// of a stack. When the condition and the trip count fold, the branch taken is
// inlined and the loop unrolled, so the compiled model is straight-line code
// the kernels already handle. Conditions computed at run time are refused
// with the node named.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Converters/NodeAttributes.h"
#include "lib/Import/GraphImporter.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {
namespace {

/// Unrolling beyond this many iterations would grow the model without
/// bound.
constexpr int64_t kMaxUnrolledIterations = 1024;

const onnx::GraphProto *graphAttr(const onnx::NodeProto &node, StringRef name) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a && a->has_g() ? &a->g() : nullptr;
}

/// A scalar (or one-element) compile-time value of input `i`.
Expected<int64_t> foldedScalar(GraphImporter &gi, const onnx::NodeProto &node,
                               unsigned i, StringRef what) {
  if (!gi.isInt(node, i))
    return gi.error(node, what + " is computed at run time; only " + what +
                              "s known at compile time (shapes, constants) "
                              "are supported");
  auto t = gi.intTensor(node, i);
  if (!t)
    return t.takeError();
  if (t->numElements() != 1)
    return gi.error(node, what + " must have one element");
  return t->data.front();
}

Error convertIf(GraphImporter &gi, const onnx::NodeProto &node) {
  auto cond = foldedScalar(gi, node, 0, "the condition");
  if (!cond)
    return cond.takeError();
  StringRef name = *cond ? "then_branch" : "else_branch";
  const onnx::GraphProto *branch = graphAttr(node, name);
  if (!branch)
    return gi.error(node, "has no " + name + " graph");
  if (branch->output_size() != node.output_size())
    return gi.error(node, name + " has " + Twine(branch->output_size()) +
                              " outputs, the node " +
                              Twine(node.output_size()));
  if (Error err = gi.importSubgraph(*branch))
    return err;
  for (int i = 0; i < node.output_size(); ++i)
    if (!node.output(i).empty())
      if (Error err = gi.alias(node, node.output(i), branch->output(i).name()))
        return err;
  return Error::success();
}

/// Stacks the per-iteration values of one scan output along a new axis 0.
Error stackScan(GraphImporter &gi, const onnx::NodeProto &node,
                const std::string &out, ArrayRef<std::string> parts) {
  bool allInt =
      llvm::all_of(parts, [&](const std::string &p) { return gi.intData(p); });
  if (allInt) {
    IntTensor t = *gi.intData(parts.front());
    t.dims.insert(t.dims.begin(), static_cast<int64_t>(parts.size()));
    for (const std::string &p : ArrayRef(parts).drop_front()) {
      const IntTensor *next = gi.intData(p);
      if (next->dims != ArrayRef(t.dims).drop_front())
        return gi.error(node, "scan output '" + out +
                                  "' changes shape between iterations");
      t.data.append(next->data);
    }
    gi.bindInt(out, std::move(t));
    return Error::success();
  }
  SmallVector<Value> rows;
  for (const std::string &p : parts) {
    onnx::NodeProto use = node;
    use.clear_input();
    use.add_input(p);
    auto v = gi.floatInput(use, 0);
    if (!v)
      return v.takeError();
    SmallVector<int64_t> shape{1};
    llvm::append_range(shape, cast<RankedTensorType>(v->getType()).getShape());
    rows.push_back(gi.reshape(node, *v, shape));
  }
  Value stacked = rows.front();
  if (rows.size() > 1) {
    auto cat = gi.create<ConcatOp>(node, ValueRange(rows),
                                   gi.builder().getI64IntegerAttr(0));
    if (!cat)
      return gi.error(node, "scan output '" + out +
                                "' changes shape between iterations");
    stacked = *cat;
  }
  // Bind through a synthetic Identity so the name takes the value.
  onnx::NodeProto bind;
  bind.add_output(out);
  gi.setOutput(bind, 0, stacked);
  return Error::success();
}

Error convertLoop(GraphImporter &gi, const onnx::NodeProto &node) {
  const onnx::GraphProto *body = graphAttr(node, "body");
  if (!body)
    return gi.error(node, "has no body graph");
  int carried = node.input_size() - 2;
  if (carried < 0 || body->input_size() != carried + 2 ||
      body->output_size() < carried + 1 ||
      node.output_size() != body->output_size() - 1)
    return gi.error(node, "inputs and outputs do not match its body");
  int64_t tripCount = kMaxUnrolledIterations + 1;
  if (gi.hasInput(node, 0)) {
    auto m = foldedScalar(gi, node, 0, "the trip count");
    if (!m)
      return m.takeError();
    tripCount = *m;
  }
  bool cond = true;
  if (gi.hasInput(node, 1)) {
    auto c = foldedScalar(gi, node, 1, "the loop condition");
    if (!c)
      return c.takeError();
    cond = *c != 0;
  }
  // The loop-carried names, starting with the node's inputs.
  SmallVector<std::string> state;
  for (int i = 0; i < carried; ++i)
    state.push_back(node.input(i + 2));
  int scans = body->output_size() - 1 - carried;
  SmallVector<SmallVector<std::string>> scanParts(scans);
  // Results of each iteration are kept under names no graph can use.
  std::string base = "loop(" + llvm::join(node.output(), ",") + ")#";
  int64_t iter = 0;
  for (; iter < tripCount && cond; ++iter) {
    if (iter == kMaxUnrolledIterations)
      return gi.error(node, "runs more than " + Twine(kMaxUnrolledIterations) +
                                " iterations (or its count is unknown); "
                                "only loops that can be unrolled are "
                                "supported");
    std::string tag = base + std::to_string(iter);
    if (iter > 0)
      gi.forget(*body);
    gi.bindInt(body->input(0).name(), IntTensor::scalar(iter));
    IntTensor c = IntTensor::scalar(1);
    c.isBool = true;
    gi.bindInt(body->input(1).name(), c);
    for (int i = 0; i < carried; ++i)
      if (Error err = gi.alias(node, body->input(i + 2).name(), state[i]))
        return err;
    if (Error err = gi.importSubgraph(*body))
      return err;
    const std::string &condOut = body->output(0).name();
    const IntTensor *next = gi.intData(condOut);
    if (!next || next->numElements() != 1)
      return gi.error(node, "the loop condition is computed at run time; "
                            "only loops that can be unrolled are supported");
    cond = next->data.front() != 0;
    for (int i = 0; i < carried; ++i) {
      std::string keep = tag + "/state" + std::to_string(i);
      if (Error err = gi.alias(node, keep, body->output(i + 1).name()))
        return err;
      state[i] = keep;
    }
    for (int s = 0; s < scans; ++s) {
      std::string keep = tag + "/scan" + std::to_string(s);
      if (Error err =
              gi.alias(node, keep, body->output(carried + 1 + s).name()))
        return err;
      scanParts[s].push_back(keep);
    }
  }
  if (iter > 0)
    gi.forget(*body);
  for (int i = 0; i < carried; ++i)
    if (!node.output(i).empty())
      if (Error err = gi.alias(node, node.output(i), state[i]))
        return err;
  for (int s = 0; s < scans; ++s) {
    const std::string &out = node.output(carried + s);
    if (out.empty())
      continue;
    if (scanParts[s].empty())
      return gi.error(node, "scan output '" + out +
                                "' would be empty (the loop runs no "
                                "iteration)");
    if (Error err = stackScan(gi, node, out, scanParts[s]))
      return err;
  }
  return Error::success();
}

} // namespace

void addControlFlowConverters(StringMap<NodeConverter> &table) {
  table["If"] = convertIf;
  table["Loop"] = convertLoop;
}

} // namespace sparrow
