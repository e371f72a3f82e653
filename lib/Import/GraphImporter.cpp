//===- GraphImporter.cpp - Walks an ONNX graph and builds sparrow ops -----===//

#include "lib/Import/GraphImporter.h"
#include "lib/Import/TensorData.h"

#include "dialects/Sparrow/SparrowDialect.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {

GraphImporter::GraphImporter(MLIRContext *ctx, const onnx::ModelProto &model,
                             StringRef source, const ImportOptions &options)
    : ctx(ctx), model(model), source(source.str()), options(options), b(ctx) {
  addConvConverters(converters);
  addElementwiseConverters(converters);
  addShapeConverters(converters);
}

static std::string nodeName(const onnx::NodeProto &node) {
  return node.name().empty() ? "<unnamed>" : node.name();
}

Error GraphImporter::error(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), source + ": " + msg);
}

Error GraphImporter::error(const onnx::NodeProto &node, const Twine &msg) {
  return error("node '" + nodeName(node) + "' (" + node.op_type() +
               "): " + msg);
}

Location GraphImporter::locOf(const onnx::NodeProto &node) {
  return NameLoc::get(StringAttr::get(ctx, nodeName(node)));
}

bool GraphImporter::hasInput(const onnx::NodeProto &node, unsigned i) const {
  return static_cast<int>(i) < node.input_size() && !node.input(i).empty();
}

Expected<Value> GraphImporter::optionalInput(const onnx::NodeProto &node,
                                             unsigned i) {
  if (!hasInput(node, i))
    return Value();
  const std::string &name = node.input(i);
  if (Value v = values.lookup(name))
    return v;
  auto init = initializers.find(name);
  if (init != initializers.end()) {
    const onnx::TensorProto &t = *init->second;
    if (t.data_type() != onnx::TensorProto::FLOAT)
      return error(node, "input '" + name + "' has data type " +
                             Twine(t.data_type()) +
                             "; only float32 data is supported");
    auto data = readFloatTensor(t);
    if (!data)
      return error(node, toString(data.takeError()));
    auto dims = tensorDims(t);
    auto type = RankedTensorType::get(*dims, b.getF32Type());
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(b.getInsertionBlock());
    Value v = createF32Constant(b, NameLoc::get(StringAttr::get(ctx, name)),
                                type, *data, name);
    values[name] = v;
    return v;
  }
  if (intValues.count(name))
    return error(node, "input '" + name +
                           "' is integer data; only float32 data is "
                           "supported here");
  return error(node, "input '" + name +
                         "' is not a graph input, initializer or output of "
                         "an earlier node");
}

Expected<Value> GraphImporter::input(const onnx::NodeProto &node, unsigned i) {
  if (!hasInput(node, i))
    return error(node, "missing required input " + Twine(i));
  return optionalInput(node, i);
}

Expected<SmallVector<int64_t>>
GraphImporter::intConstant(const onnx::NodeProto &node, unsigned i) {
  if (!hasInput(node, i))
    return error(node, "missing required input " + Twine(i));
  const std::string &name = node.input(i);
  auto it = intValues.find(name);
  if (it != intValues.end())
    return it->second;
  auto init = initializers.find(name);
  if (init != initializers.end()) {
    auto data = readIntTensor(*init->second);
    if (!data)
      return error(node, toString(data.takeError()));
    intValues[name] = *data;
    return *data;
  }
  return error(node, "input '" + name +
                         "' must be a compile-time integer constant");
}

std::optional<SmallVector<float>>
GraphImporter::floatConstant(const onnx::NodeProto &node, unsigned i) {
  auto v = optionalInput(node, i);
  if (!v) {
    consumeError(v.takeError());
    return std::nullopt;
  }
  if (!*v)
    return std::nullopt;
  return getConstantF32(*v);
}

void GraphImporter::setOutput(const onnx::NodeProto &node, unsigned i,
                              Value v) {
  if (static_cast<int>(i) < node.output_size() && !node.output(i).empty())
    values[node.output(i)] = v;
}

void GraphImporter::setIntOutput(const onnx::NodeProto &node, unsigned i,
                                 SmallVector<int64_t> data) {
  if (static_cast<int>(i) < node.output_size() && !node.output(i).empty())
    intValues[node.output(i)] = std::move(data);
}

Error GraphImporter::onlyFirstOutputUsed(const onnx::NodeProto &node) {
  for (int i = 1; i < node.output_size(); ++i) {
    if (node.output(i).empty())
      continue;
    for (const onnx::NodeProto &other : model.graph().node())
      for (const std::string &in : other.input())
        if (in == node.output(i))
          return error(node, "output " + Twine(i) + " ('" + in +
                                 "') is not supported at inference");
    for (const onnx::ValueInfoProto &out : model.graph().output())
      if (out.name() == node.output(i))
        return error(node, "output " + Twine(i) + " ('" + out.name() +
                               "') is not supported at inference");
  }
  return Error::success();
}

Error GraphImporter::collectUnsupported() {
  std::string list;
  unsigned count = 0;
  for (const onnx::NodeProto &node : model.graph().node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (defaultDomain && converters.count(node.op_type()))
      continue;
    int64_t version = 0;
    for (const auto &opset : model.opset_import())
      if (opset.domain() == node.domain() ||
          (defaultDomain && (opset.domain().empty() ||
                             opset.domain() == "ai.onnx")))
        version = opset.version();
    list += (count++ ? "; " : "") + ("node '" + nodeName(node) + "' (" +
                                     node.op_type() + ", domain '" +
                                     (defaultDomain ? "ai.onnx"
                                                    : node.domain()) +
                                     "', opset " + std::to_string(version) +
                                     ")");
  }
  if (count)
    return error(Twine(count) + " unsupported node" + (count > 1 ? "s" : "") +
                 ": " + list);
  return Error::success();
}

Error GraphImporter::importInputs(func::FuncOp &func) {
  SmallVector<Type> inputTypes;
  SmallVector<std::string> names;
  for (const onnx::ValueInfoProto &in : model.graph().input()) {
    if (initializers.count(in.name()))
      continue;
    const onnx::TypeProto &type = in.type();
    if (!type.has_tensor_type() ||
        type.tensor_type().elem_type() != onnx::TensorProto::FLOAT)
      return error("graph input '" + in.name() +
                   "' must be a float32 tensor");
    SmallVector<int64_t> shape;
    const auto &dims = type.tensor_type().shape().dim();
    auto fixed = options.inputShapes.find(in.name());
    if (fixed != options.inputShapes.end()) {
      if (type.tensor_type().has_shape() &&
          fixed->second.size() != static_cast<size_t>(dims.size()))
        return error("--input-shape for '" + in.name() + "' has rank " +
                     Twine(fixed->second.size()) + ", the model says " +
                     Twine(dims.size()));
      for (int i = 0; i < dims.size(); ++i)
        if (dims[i].has_dim_value() &&
            dims[i].dim_value() != fixed->second[i])
          return error("--input-shape for '" + in.name() + "' sets dim " +
                       Twine(i) + " to " + Twine(fixed->second[i]) +
                       ", the model fixes it to " +
                       Twine(dims[i].dim_value()));
      shape = fixed->second;
    } else {
      if (!type.tensor_type().has_shape())
        return error("graph input '" + in.name() +
                     "' has no shape; give one with --input-shape=" +
                     in.name() + ":1x3x224x224");
      for (int i = 0; i < dims.size(); ++i) {
        if (!dims[i].has_dim_value() || dims[i].dim_value() < 1) {
          // Suggest the full shape with the known dims filled in.
          std::string hint;
          for (int j = 0; j < dims.size(); ++j)
            hint += (j ? "x" : "") +
                    (dims[j].has_dim_value() && dims[j].dim_value() > 0
                         ? std::to_string(dims[j].dim_value())
                         : std::string("1"));
          return error("graph input '" + in.name() + "' has dynamic dim " +
                       Twine(i) +
                       (dims[i].dim_param().empty()
                            ? std::string()
                            : " ('" + dims[i].dim_param() + "')") +
                       "; fix it with --input-shape, e.g. --input-shape=" +
                       in.name() + ":" + hint);
        }
        shape.push_back(dims[i].dim_value());
      }
    }
    inputTypes.push_back(RankedTensorType::get(shape, b.getF32Type()));
    names.push_back(in.name());
  }
  for (const auto &entry : options.inputShapes)
    if (!llvm::is_contained(names, entry.getKey().str()))
      return error("--input-shape names '" + entry.getKey() +
                   "', which is not a graph input");

  func = func::FuncOp::create(b, UnknownLoc::get(ctx), "main",
                              b.getFunctionType(inputTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(names)) {
    values[name] = entry->getArgument(i);
    func.setArgAttr(i, "sparrow.name", b.getStringAttr(name));
  }
  b.setInsertionPointToStart(entry);
  return Error::success();
}

Error GraphImporter::importNodes() {
  for (const onnx::NodeProto &node : model.graph().node()) {
    // Every output must be new: SSA names are unique in a valid graph.
    for (const std::string &out : node.output())
      if (!out.empty() && (values.count(out) || intValues.count(out)))
        return error(node, "output '" + out + "' is defined twice");
    if (Error err = converters.lookup(node.op_type())(*this, node))
      return err;
  }
  return Error::success();
}

Error GraphImporter::importOutputs(func::FuncOp func) {
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : model.graph().output()) {
    Value v = values.lookup(out.name());
    if (!v)
      return error("graph output '" + out.name() +
                   (intValues.count(out.name())
                        ? "' is integer data; only float32 outputs are "
                          "supported"
                        : "' is not produced by any node"));
    results.push_back(v);
  }
  if (results.empty())
    return error("the graph has no outputs");
  func::ReturnOp::create(b, UnknownLoc::get(ctx), results);
  func.setFunctionType(
      b.getFunctionType(func.getArgumentTypes(), ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(model.graph().output()))
    func.setResultAttr(i, "sparrow.name", b.getStringAttr(out.name()));
  return Error::success();
}

Expected<OwningOpRef<ModuleOp>> GraphImporter::run() {
  for (const auto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      defaultOpset = opset.version();
  if (defaultOpset < 7 || defaultOpset > 21)
    return error("default-domain opset " + Twine(defaultOpset) +
                 " is not supported (7 to 21 are)");
  for (const onnx::TensorProto &t : model.graph().initializer())
    initializers[t.name()] = &t;
  if (Error err = collectUnsupported())
    return std::move(err);

  ctx->loadDialect<SparrowDialect, arith::ArithDialect, func::FuncDialect>();
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      diagnostic = diag.str();
    return success();
  });

  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(ctx));
  b.setInsertionPointToEnd(module->getBody());
  func::FuncOp func;
  if (Error err = importInputs(func))
    return std::move(err);
  if (Error err = importNodes())
    return std::move(err);
  if (Error err = importOutputs(func))
    return std::move(err);
  diagnostic.clear();
  if (failed(verify(*module)))
    return error("imported IR is invalid: " + diagnostic);
  return std::move(module);
}

} // namespace sparrow
