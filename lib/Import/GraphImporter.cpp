//===- GraphImporter.cpp - Walks an ONNX graph and builds sparrow ops -----===//

#include "lib/Import/GraphImporter.h"
#include "lib/Import/TensorData.h"

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowDialect.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;
using namespace llvm;

namespace sparrow {

GraphImporter::GraphImporter(MLIRContext *ctx, const onnx::ModelProto &model,
                             StringRef source, const ImportOptions &options)
    : ctx(ctx), model(model), source(source.str()), options(options), b(ctx) {
  addConvConverters(converters);
  addElementwiseConverters(converters);
  addShapeConverters(converters);
  addIndexingConverters(converters);
  addElementMapConverters(converters);
  addScanConverters(converters);
  addEinsumConverters(converters);
  addControlFlowConverters(converters);
  addReductionConverters(converters);
  addQuantConverters(converters);
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
  if (Value v = values.lookup(name)) {
    Type elem = cast<ShapedType>(v.getType()).getElementType();
    if (getQuantParams(elem) ||
        (isa<IntegerType>(elem) && !elem.isSignlessInteger()))
      return error(node, "input '" + name +
                             "' is integer (quantized) data; only "
                             "DequantizeLinear and the QLinear*/*Integer "
                             "ops take it");
    return v;
  }
  auto init = initializers.find(name);
  if (init != initializers.end()) {
    const onnx::TensorProto &t = *init->second;
    if (t.data_type() != onnx::TensorProto::FLOAT &&
        t.data_type() != onnx::TensorProto::DOUBLE)
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

Type GraphImporter::boundaryElementType(int32_t onnxType) {
  switch (onnxType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::UINT8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case onnx::TensorProto::INT8:
    return IntegerType::get(ctx, 8, IntegerType::Signed);
  case onnx::TensorProto::INT32:
    return IntegerType::get(ctx, 32, IntegerType::Signed);
  default:
    return Type();
  }
}

static bool isIntType(int32_t type) {
  return type == onnx::TensorProto::INT64 || type == onnx::TensorProto::INT32 ||
         type == onnx::TensorProto::BOOL || type == onnx::TensorProto::INT8 ||
         type == onnx::TensorProto::UINT8 || type == onnx::TensorProto::INT16;
}

bool GraphImporter::isInt(const onnx::NodeProto &node, unsigned i) {
  if (!hasInput(node, i))
    return false;
  const std::string &name = node.input(i);
  if (intValues.count(name))
    return true;
  if (values.count(name))
    return false;
  auto init = initializers.find(name);
  return init != initializers.end() && isIntType(init->second->data_type());
}

Expected<SmallVector<int64_t>>
GraphImporter::inputDims(const onnx::NodeProto &node, unsigned i) {
  if (isInt(node, i)) {
    auto t = intTensor(node, i);
    if (!t)
      return t.takeError();
    return t->dims;
  }
  auto v = input(node, i);
  if (!v)
    return v.takeError();
  return SmallVector<int64_t>(cast<RankedTensorType>(v->getType()).getShape());
}

Expected<IntTensor> GraphImporter::intTensor(const onnx::NodeProto &node,
                                             unsigned i) {
  if (!hasInput(node, i))
    return error(node, "missing required input " + Twine(i));
  const std::string &name = node.input(i);
  auto it = intValues.find(name);
  if (it != intValues.end())
    return it->second;
  auto init = initializers.find(name);
  if (init != initializers.end() && isIntType(init->second->data_type())) {
    auto data = readIntTensor(*init->second);
    if (!data)
      return error(node, toString(data.takeError()));
    IntTensor t;
    t.dims = *tensorDims(*init->second);
    t.data = std::move(*data);
    t.isBool = init->second->data_type() == onnx::TensorProto::BOOL;
    intValues[name] = t;
    return t;
  }
  if (Value v = values.lookup(name))
    if (!cast<ShapedType>(v.getType()).getElementType().isF32())
      return error(node, "input '" + name +
                             "' must be compile-time integer data, but it "
                             "is computed at run time (bind its value into "
                             "the model)");
  if (values.count(name) || init != initializers.end())
    return error(node, "input '" + name +
                           "' must be compile-time integer data, but it is "
                           "a float tensor");
  return error(node, "input '" + name +
                         "' must be a compile-time integer constant (a graph "
                         "input cannot be; bind its value into the model)");
}

Expected<SmallVector<int64_t>>
GraphImporter::intConstant(const onnx::NodeProto &node, unsigned i) {
  auto t = intTensor(node, i);
  if (!t)
    return t.takeError();
  return t->data;
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
  setIntOutput(node, i, IntTensor::vector(data));
}

void GraphImporter::setIntOutput(const onnx::NodeProto &node, unsigned i,
                                 IntTensor t) {
  if (static_cast<int>(i) < node.output_size() && !node.output(i).empty())
    intValues[node.output(i)] = std::move(t);
}

Expected<Value> GraphImporter::floatInput(const onnx::NodeProto &node,
                                          unsigned i) {
  if (!isInt(node, i))
    return input(node, i);
  auto t = intTensor(node, i);
  if (!t)
    return t.takeError();
  SmallVector<float> data(t->data.begin(), t->data.end());
  return constant(node, t->dims, data);
}

Expected<Value> GraphImporter::maskInput(const onnx::NodeProto &node,
                                         unsigned i) {
  if (isInt(node, i)) {
    auto t = intTensor(node, i);
    if (!t)
      return t.takeError();
    SmallVector<bool> bits;
    for (int64_t v : t->data)
      bits.push_back(v != 0);
    auto type = RankedTensorType::get(t->dims, b.getI1Type());
    return arith::ConstantOp::create(b, locOf(node),
                                     DenseElementsAttr::get(type, bits))
        .getResult();
  }
  if (!hasInput(node, i))
    return error(node, "missing required input " + Twine(i));
  Value v = values.lookup(node.input(i));
  if (!v)
    return error(node, "input '" + node.input(i) +
                           "' is not a boolean mask computed by the model");
  if (!cast<RankedTensorType>(v.getType()).getElementType().isInteger(1))
    return error(node, "input '" + node.input(i) + "' must be a boolean mask");
  return v;
}

Value GraphImporter::reshapeLike(const onnx::NodeProto &node, Value v,
                                 Value like) {
  auto want = cast<RankedTensorType>(like.getType());
  auto have = cast<RankedTensorType>(v.getType());
  if (want.getShape() == have.getShape() ||
      want.getNumElements() != have.getNumElements())
    return v;
  return reshape(node, v, want.getShape());
}

Value GraphImporter::constant(const onnx::NodeProto &node,
                              ArrayRef<int64_t> shape, ArrayRef<float> data) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  std::string hint = node.output_size() ? node.output(0) : "constant";
  return createF32Constant(b, locOf(node), type, data, hint);
}

Value GraphImporter::reshape(const onnx::NodeProto &node, Value v,
                             ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  if (type == v.getType())
    return v;
  // Folded only when the counts agree; otherwise the reshape's verifier
  // reports the mismatch.
  auto count = checkedProduct(shape);
  if (count && *count == cast<RankedTensorType>(v.getType()).getNumElements())
    if (auto data = getConstantF32(v))
      return constant(node, shape, *data);
  return ReshapeOp::create(b, locOf(node), type, v);
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

Error GraphImporter::collectUnsupported(const onnx::GraphProto &g) {
  // One entry per op type: a transformer repeats the same op in every block.
  struct Kind {
    std::string what, firstNode;
    unsigned count = 0;
  };
  SmallVector<Kind> kinds;
  unsigned count = 0;
  for (const onnx::NodeProto &node : g.node()) {
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (defaultDomain && converters.count(node.op_type()))
      continue;
    int64_t version = 0;
    for (const auto &opset : model.opset_import())
      if (opset.domain() == node.domain() ||
          (defaultDomain &&
           (opset.domain().empty() || opset.domain() == "ai.onnx")))
        version = opset.version();
    std::string what = node.op_type() + " (domain '" +
                       (defaultDomain ? "ai.onnx" : node.domain()) +
                       "', opset " + std::to_string(version) + ")";
    auto it =
        llvm::find_if(kinds, [&](const Kind &k) { return k.what == what; });
    if (it == kinds.end())
      kinds.push_back({what, nodeName(node), 1});
    else
      ++it->count;
    ++count;
  }
  if (!count)
    return Error::success();
  std::string list;
  for (const Kind &k : kinds)
    list += (list.empty() ? "" : "; ") + k.what +
            (k.count == 1 ? " at node '" + k.firstNode + "'"
                          : " at " + std::to_string(k.count) +
                                " nodes, first '" + k.firstNode + "'");
  return error(Twine(count) + " unsupported node" + (count > 1 ? "s" : "") +
               ": " + list);
}

Error GraphImporter::importInputs(func::FuncOp &func) {
  SmallVector<Type> inputTypes;
  SmallVector<std::string> names;
  // Symbolic dims take the value an --input-shape gives them anywhere, so
  // inputs sharing a dim name ('N') stay consistent.
  std::map<std::string, int64_t> symbols;
  for (const onnx::ValueInfoProto &in : model.graph().input()) {
    auto fixed = options.inputShapes.find(in.name());
    if (fixed == options.inputShapes.end() || !in.type().has_tensor_type())
      continue;
    const auto &dims = in.type().tensor_type().shape().dim();
    for (int i = 0; i < dims.size() && i < (int)fixed->second.size(); ++i)
      if (!dims[i].dim_param().empty())
        symbols.emplace(dims[i].dim_param(), fixed->second[i]);
  }
  for (const onnx::ValueInfoProto &in : model.graph().input()) {
    if (initializers.count(in.name()))
      continue;
    const onnx::TypeProto &type = in.type();
    Type elem = type.has_tensor_type()
                    ? boundaryElementType(type.tensor_type().elem_type())
                    : Type();
    if (!elem)
      return error("graph input '" + in.name() +
                   "' must be a float32, int8, uint8 or int32 tensor");
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
        if (dims[i].has_dim_value() && dims[i].dim_value() != fixed->second[i])
          return error("--input-shape for '" + in.name() + "' sets dim " +
                       Twine(i) + " to " + Twine(fixed->second[i]) +
                       ", the model fixes it to " + Twine(dims[i].dim_value()));
      shape = fixed->second;
    } else {
      if (!type.tensor_type().has_shape())
        return error("graph input '" + in.name() +
                     "' has no shape; give one with --input-shape=" +
                     in.name() + ":1x3x224x224");
      for (int i = 0; i < dims.size(); ++i) {
        if (dims[i].has_dim_value() && dims[i].dim_value() == 0)
          return error("graph input '" + in.name() + "' is empty (dim " +
                       Twine(i) +
                       " is 0); tensors without elements are "
                       "not supported");
        if (dims[i].has_dim_value() && dims[i].dim_value() >= 1) {
          shape.push_back(dims[i].dim_value());
          continue;
        }
        const std::string &param = dims[i].dim_param();
        auto known = param.empty() ? symbols.end() : symbols.find(param);
        if (known != symbols.end()) {
          shape.push_back(known->second);
          continue;
        }
        if (i == 0 && dims.size() >= 2 && !dims[i].has_dim_value()) {
          // A symbolic batch dim: compile for one sample.
          std::string msg =
              source + ": graph input '" + in.name() +
              "' has a symbolic batch dim" +
              (param.empty() ? std::string() : " ('" + param + "')") +
              "; compiling for batch 1 (set it with --input-shape=" +
              in.name() + ":...)";
          if (options.note)
            options.note(msg);
          else
            WithColor::note(errs(), "sparrow") << msg << "\n";
          if (!param.empty())
            symbols.emplace(param, 1);
          shape.push_back(1);
          continue;
        }
        // Suggest the full shape with the known dims filled in.
        std::string hint;
        for (int j = 0; j < dims.size(); ++j)
          hint += (j ? "x" : "") +
                  (dims[j].has_dim_value() && dims[j].dim_value() > 0
                       ? std::to_string(dims[j].dim_value())
                       : std::string("1"));
        return error(
            "graph input '" + in.name() + "' has dynamic dim " + Twine(i) +
            (param.empty() ? std::string() : " ('" + param + "')") +
            "; fix it with --input-shape, e.g. --input-shape=" + in.name() +
            ":" + hint);
      }
    }
    inputTypes.push_back(RankedTensorType::get(shape, elem));
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

Error GraphImporter::importSubgraph(const onnx::GraphProto &g) {
  if (Error err = collectUnsupported(g))
    return err;
  for (const onnx::TensorProto &t : g.initializer())
    initializers[t.name()] = &t;
  return importNodes(g);
}

Error GraphImporter::alias(const onnx::NodeProto &node, const std::string &name,
                           const std::string &from) {
  // Read `from` as an input of `node` would be, so errors name the node.
  onnx::NodeProto use;
  use.set_name(node.name());
  use.set_op_type(node.op_type());
  use.add_input(from);
  if (isInt(use, 0)) {
    auto t = intTensor(use, 0);
    if (!t)
      return t.takeError();
    intValues[name] = std::move(*t);
    return Error::success();
  }
  auto v = input(use, 0);
  if (!v)
    return v.takeError();
  values[name] = *v;
  return Error::success();
}

const IntTensor *GraphImporter::intData(const std::string &name) const {
  auto it = intValues.find(name);
  return it == intValues.end() ? nullptr : &it->second;
}

void GraphImporter::forget(const onnx::GraphProto &g) {
  auto drop = [&](const std::string &name) {
    values.erase(name);
    intValues.erase(name);
  };
  for (const onnx::ValueInfoProto &in : g.input())
    drop(in.name());
  for (const onnx::TensorProto &t : g.initializer()) {
    drop(t.name());
    initializers.erase(t.name());
  }
  for (const onnx::NodeProto &node : g.node()) {
    for (const std::string &out : node.output())
      drop(out);
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.has_g())
        forget(attr.g());
  }
}

Error GraphImporter::importNodes(const onnx::GraphProto &g) {
  for (const onnx::NodeProto &node : g.node()) {
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
    auto data = intValues.find(out.name());
    if (!v && data != intValues.end()) {
      // Compile-time data (a Shape, a mask of constants) is returned as a
      // constant int64 or bool tensor.
      const IntTensor &t = data->second;
      Type elem = t.isBool ? b.getI1Type() : b.getI64Type();
      auto type = RankedTensorType::get(t.dims, elem);
      DenseElementsAttr attr;
      if (t.isBool) {
        SmallVector<bool> bits;
        for (int64_t x : t.data)
          bits.push_back(x != 0);
        attr = DenseElementsAttr::get(type, bits);
      } else {
        attr = DenseElementsAttr::get(type, ArrayRef<int64_t>(t.data));
      }
      v = arith::ConstantOp::create(b, UnknownLoc::get(ctx), attr);
    }
    if (!v)
      return error("graph output '" + out.name() +
                   "' is not produced by any node");
    // Quantized results leave as their stored integers.
    if (auto q = getQuantParams(v.getType())) {
      auto intType = RankedTensorType::get(
          cast<RankedTensorType>(v.getType()).getShape(),
          IntegerType::get(ctx, q->bits,
                           q->isSigned ? IntegerType::Signed
                                       : IntegerType::Unsigned));
      v = StorageCastOp::create(b, UnknownLoc::get(ctx), intType, v);
    }
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getNumElements() == 0)
      return error("graph output '" + out.name() + "' is empty (shape " +
                   Twine(llvm::join(llvm::map_range(type.getShape(),
                                                    [](int64_t d) {
                                                      return std::to_string(d);
                                                    }),
                                    "x")) +
                   "); tensors without elements are not supported");
    results.push_back(v);
  }
  if (results.empty())
    return error("the graph has no outputs");
  func::ReturnOp::create(b, UnknownLoc::get(ctx), results);
  func.setFunctionType(b.getFunctionType(func.getArgumentTypes(),
                                         ValueRange(results).getTypes()));
  for (auto [i, out] : llvm::enumerate(model.graph().output()))
    func.setResultAttr(i, "sparrow.name", b.getStringAttr(out.name()));
  return Error::success();
}

Expected<OwningOpRef<ModuleOp>> GraphImporter::run() {
  for (const auto &opset : model.opset_import())
    if (opset.domain().empty() || opset.domain() == "ai.onnx")
      defaultOpset = opset.version();
  if (defaultOpset < 1 || defaultOpset > 21)
    return error("default-domain opset " + Twine(defaultOpset) +
                 " is not supported (1 to 21 are)");
  for (const onnx::TensorProto &t : model.graph().initializer())
    initializers[t.name()] = &t;
  if (Error err = collectUnsupported(model.graph()))
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
  if (Error err = importNodes(model.graph()))
    return std::move(err);
  if (Error err = importOutputs(func))
    return std::move(err);
  diagnostic.clear();
  if (failed(verify(*module)))
    return error("imported IR is invalid: " + diagnostic);
  return std::move(module);
}

} // namespace sparrow
