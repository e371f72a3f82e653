//===- OnnxExporter.cpp - sparrow graphs back to ONNX ---------------------===//
//
// Built with exceptions: the ONNX checker reports by throwing.
//
//===----------------------------------------------------------------------===//

#include "lib/Export/OnnxExporter.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace sparrow {
namespace {

Error exportError(const Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "export: " + msg);
}

class Exporter {
public:
  explicit Exporter(onnx::GraphProto &graph) : graph(graph) {}

  Error run(func::FuncOp func);

private:
  /// A value name not used yet (ONNX values and nodes have separate
  /// namespaces).
  std::string fresh(StringRef hint) { return unique(hint, used); }
  std::string freshNode(StringRef hint) { return unique(hint, usedNodes); }
  static std::string unique(StringRef hint, llvm::StringSet<> &set) {
    std::string base = hint.empty() ? "v" : hint.str();
    std::string name = base;
    for (unsigned i = 1; !set.insert(name).second; ++i)
      name = base + "_" + std::to_string(i);
    return name;
  }
  /// The ONNX name of `v`; constants become initializers named `hint` on
  /// first use.
  Expected<std::string> nameOf(Value v, StringRef hint);
  std::string floatInitializer(StringRef hint, ArrayRef<int64_t> shape,
                               ArrayRef<float> values);
  std::string intInitializer(StringRef hint, ArrayRef<int64_t> values);
  onnx::NodeProto &addNode(StringRef type, StringRef name,
                           ArrayRef<std::string> inputs, StringRef output);
  /// Emits the fused activation after `node`'s output; returns the name
  /// holding the op's final result.
  std::string addActivation(ActivationAttr act, StringRef nodeName,
                            StringRef input, StringRef output);
  void addComposedActivation(ActivationKind kind, StringRef name,
                             StringRef input, StringRef output);
  Error exportOp(Operation *op);

  onnx::GraphProto &graph;
  DenseMap<Value, std::string> names;
  llvm::StringSet<> used, usedNodes;
};

std::string Exporter::floatInitializer(StringRef hint, ArrayRef<int64_t> shape,
                                       ArrayRef<float> values) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(fresh(hint));
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : shape)
    t->add_dims(d);
  t->set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                              values.size() * sizeof(float)));
  return t->name();
}

std::string Exporter::intInitializer(StringRef hint, ArrayRef<int64_t> values) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(fresh(hint));
  t->set_data_type(onnx::TensorProto::INT64);
  t->add_dims(values.size());
  for (int64_t v : values)
    t->add_int64_data(v);
  return t->name();
}

Expected<std::string> Exporter::nameOf(Value v, StringRef hint) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  std::optional<SmallVector<float>> data = getConstantF32(v);
  if (!cst || !data)
    return exportError("value without a name (not a constant or an earlier "
                       "op's result)");
  std::string name = floatInitializer(
      hint, cast<RankedTensorType>(v.getType()).getShape(), *data);
  names[v] = name;
  return name;
}

onnx::NodeProto &Exporter::addNode(StringRef type, StringRef name,
                                   ArrayRef<std::string> inputs,
                                   StringRef output) {
  onnx::NodeProto *node = graph.add_node();
  node->set_op_type(type.str());
  node->set_name(freshNode(name.empty() ? type : name));
  for (const std::string &in : inputs)
    node->add_input(in);
  node->add_output(output.str());
  return *node;
}

static void setInts(onnx::NodeProto &node, StringRef name,
                    ArrayRef<int64_t> values) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values)
    a->add_ints(v);
}
static void setInt(onnx::NodeProto &node, StringRef name, int64_t value) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}
static void setFloat(onnx::NodeProto &node, StringRef name, float value) {
  onnx::AttributeProto *a = node.add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(value);
}

/// SiLU and GELU have no ONNX op at opset 14: written in primitives.
void Exporter::addComposedActivation(ActivationKind kind, StringRef name,
                                     StringRef input, StringRef output) {
  auto node = [&](StringRef type, ArrayRef<std::string> ins,
                  StringRef out = {}) {
    std::string result =
        out.empty() ? fresh((name + "_" + type.lower()).str()) : out.str();
    addNode(type, name, ins, result);
    return result;
  };
  auto scalar = [&](float v) {
    return floatInitializer((name + "_c").str(), {}, {v});
  };
  std::string x = input.str();
  if (kind == ActivationKind::silu) {
    node("Mul", {x, node("Sigmoid", {x})}, output);
    return;
  }
  std::string core;
  if (kind == ActivationKind::gelu) {
    core = node("Erf", {node("Mul", {x, scalar(float(M_SQRT1_2))})});
  } else {
    std::string x3 = node("Mul", {node("Mul", {x, x}), x});
    std::string inner = node("Add", {x, node("Mul", {x3, scalar(0.044715f)})});
    core = node("Tanh",
                {node("Mul", {inner, scalar(float(std::sqrt(2.0 / M_PI)))})});
  }
  std::string half = node("Mul", {x, scalar(0.5f)});
  node("Mul", {half, node("Add", {core, scalar(1.f)})}, output);
}

std::string Exporter::addActivation(ActivationAttr act, StringRef nodeName,
                                    StringRef input, StringRef output) {
  float p0 = act.getP0().convertToFloat(), p1 = act.getP1().convertToFloat();
  std::string actName =
      (nodeName + "_" + stringifyActivationKind(act.getKind())).str();
  switch (act.getKind()) {
  case ActivationKind::relu:
    addNode("Relu", actName, {input.str()}, output);
    break;
  case ActivationKind::silu:
  case ActivationKind::gelu:
  case ActivationKind::gelu_tanh:
    addComposedActivation(act.getKind(), actName, input, output);
    break;
  case ActivationKind::sigmoid:
    addNode("Sigmoid", actName, {input.str()}, output);
    break;
  case ActivationKind::hard_swish:
    addNode("HardSwish", actName, {input.str()}, output);
    break;
  case ActivationKind::hard_sigmoid: {
    onnx::NodeProto &n = addNode("HardSigmoid", actName, {input.str()}, output);
    setFloat(n, "alpha", p0);
    setFloat(n, "beta", p1);
    break;
  }
  case ActivationKind::clip:
    addNode("Clip", actName,
            {input.str(), floatInitializer(actName + "_min", {}, {p0}),
             floatInitializer(actName + "_max", {}, {p1})},
            output);
    break;
  }
  return output.str();
}

Error Exporter::exportOp(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return Error::success();
  std::string nodeName;
  if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
    nodeName = loc.getName().str();
  SmallVector<std::string> inputs;
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    std::string hint = (nodeName.empty() ? "const" : nodeName) +
                       (i == 1   ? ".weight"
                        : i == 2 ? ".bias"
                                 : "." + std::to_string(i));
    auto name = nameOf(v, hint);
    if (!name)
      return name.takeError();
    inputs.push_back(*name);
  }
  if (isa<func::ReturnOp>(op))
    return Error::success();
  auto act = op->getAttrOfType<ActivationAttr>("activation");
  std::string result = fresh(nodeName.empty() ? "v" : nodeName);
  std::string raw = act ? fresh(result + "_pre") : result;
  names[op->getResult(0)] = result;

  auto simple = [&](StringRef type) -> onnx::NodeProto & {
    return addNode(type, nodeName, inputs, raw);
  };
  Error err =
      TypeSwitch<Operation *, Error>(op)
          .Case([&](Conv2DOp conv) {
            // A fused residual is written back as the Add it came from.
            std::string residual, convOut = raw;
            if (conv.getResidual()) {
              residual = inputs.pop_back_val();
              convOut = fresh(result + "_conv");
            }
            onnx::NodeProto &n = addNode("Conv", nodeName, inputs, convOut);
            ArrayRef<int64_t> w = conv.getFilter().getType().getShape();
            setInts(n, "kernel_shape", {w[2], w[3]});
            setInts(n, "strides", conv.getStrides());
            setInts(n, "pads", conv.getPads());
            setInts(n, "dilations", conv.getDilations());
            setInt(n, "group", conv.getGroups());
            if (!residual.empty())
              addNode("Add", nodeName + "_residual", {convOut, residual}, raw);
            return Error::success();
          })
          .Case([&](GemmOp gemm) {
            onnx::NodeProto &n = simple("Gemm");
            setInt(n, "transA", gemm.getTransA());
            setInt(n, "transB", gemm.getTransB());
            setFloat(n, "alpha", gemm.getAlpha().convertToFloat());
            setFloat(n, "beta", gemm.getBeta().convertToFloat());
            return Error::success();
          })
          .Case([&](MatMulOp) {
            simple("MatMul");
            return Error::success();
          })
          .Case([&](BatchNormOp bn) {
            setFloat(simple("BatchNormalization"), "epsilon",
                     bn.getEpsilon().convertToFloat());
            return Error::success();
          })
          .Case([&](AddOp) {
            simple("Add");
            return Error::success();
          })
          .Case([&](SubOp) {
            simple("Sub");
            return Error::success();
          })
          .Case([&](MulOp) {
            simple("Mul");
            return Error::success();
          })
          .Case([&](DivOp) {
            simple("Div");
            return Error::success();
          })
          .Case([&](ReluOp) {
            simple("Relu");
            return Error::success();
          })
          .Case([&](ActivateOp op) {
            addActivation(op.getActivation(),
                          nodeName.empty() ? "act" : nodeName, inputs[0], raw);
            return Error::success();
          })
          .Case([&](SigmoidOp) {
            simple("Sigmoid");
            return Error::success();
          })
          .Case([&](HardSwishOp) {
            simple("HardSwish");
            return Error::success();
          })
          .Case([&](ClipOp clip) {
            inputs.push_back(floatInitializer(
                nodeName + "_min", {}, {clip.getMin().convertToFloat()}));
            inputs.push_back(floatInitializer(
                nodeName + "_max", {}, {clip.getMax().convertToFloat()}));
            simple("Clip");
            return Error::success();
          })
          .Case([&](HardSigmoidOp hs) {
            onnx::NodeProto &n = simple("HardSigmoid");
            setFloat(n, "alpha", hs.getAlpha().convertToFloat());
            setFloat(n, "beta", hs.getBeta().convertToFloat());
            return Error::success();
          })
          .Case([&](MaxPoolOp pool) {
            onnx::NodeProto &n = simple("MaxPool");
            setInts(n, "kernel_shape", pool.getKernelShape());
            setInts(n, "strides", pool.getStrides());
            setInts(n, "pads", pool.getPads());
            setInts(n, "dilations", pool.getDilations());
            setInt(n, "ceil_mode", pool.getCeilMode());
            return Error::success();
          })
          .Case([&](AveragePoolOp pool) {
            onnx::NodeProto &n = simple("AveragePool");
            setInts(n, "kernel_shape", pool.getKernelShape());
            setInts(n, "strides", pool.getStrides());
            setInts(n, "pads", pool.getPads());
            setInt(n, "ceil_mode", pool.getCeilMode());
            setInt(n, "count_include_pad", pool.getCountIncludePad());
            return Error::success();
          })
          .Case([&](GlobalAveragePoolOp) {
            simple("GlobalAveragePool");
            return Error::success();
          })
          .Case([&](SoftmaxOp sm) {
            setInt(simple("Softmax"), "axis", sm.getAxis());
            return Error::success();
          })
          .Case([&](ConcatOp cat) {
            setInt(simple("Concat"), "axis", cat.getAxis());
            return Error::success();
          })
          .Case([&](ReshapeOp reshape) {
            inputs.push_back(intInitializer(
                nodeName + "_shape", reshape.getOutput().getType().getShape()));
            simple("Reshape");
            return Error::success();
          })
          .Case([&](TransposeOp t) {
            setInts(simple("Transpose"), "perm", t.getPerm());
            return Error::success();
          })
          .Default([&](Operation *other) {
            return exportError("no ONNX form for '" +
                               other->getName().getStringRef() + "'");
          });
  if (err)
    return err;
  if (act)
    addActivation(act, nodeName.empty() ? "act" : nodeName, raw, result);
  return Error::success();
}

static void setValueInfo(onnx::ValueInfoProto *info, StringRef name,
                         RankedTensorType type) {
  info->set_name(name.str());
  auto *tensor = info->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : type.getShape())
    tensor->mutable_shape()->add_dim()->set_dim_value(d);
}

Error Exporter::run(func::FuncOp func) {
  for (BlockArgument arg : func.getArguments()) {
    auto attr =
        func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "sparrow.name");
    std::string name = fresh(attr ? attr.str() : "input");
    names[arg] = name;
    setValueInfo(graph.add_input(), name,
                 cast<RankedTensorType>(arg.getType()));
  }
  for (Operation &op : func.getBody().front())
    if (Error err = exportOp(&op))
      return err;
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    auto attr = func.getResultAttrOfType<StringAttr>(i, "sparrow.name");
    std::string want = attr ? attr.str() : "output" + std::to_string(i);
    // Graph outputs keep their names: route through an Identity when the
    // producing value already has another name.
    std::string have = names.lookup(v);
    if (have != want) {
      if (used.contains(want))
        want = fresh(want);
      else
        used.insert(want);
      addNode("Identity", want + "_identity", {have}, want);
    }
    setValueInfo(graph.add_output(), want, cast<RankedTensorType>(v.getType()));
  }
  return Error::success();
}

} // namespace

Error exportOnnx(ModuleOp module, StringRef path) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return exportError("the module has no func.func @main");
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("sparrow");
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(14);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("main");
  Exporter exporter(*graph);
  if (Error err = exporter.run(func))
    return err;
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    std::string what = e.what();
    return exportError("the ONNX checker rejects the result: " +
                       what.substr(0, what.find('\n')));
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return exportError("cannot serialise the model");
  auto temp = llvm::sys::fs::TempFile::create(path + "-%%%%%%.tmp");
  if (!temp)
    return exportError("cannot write '" + path +
                       "': " + llvm::toString(temp.takeError()));
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    os << bytes;
  }
  if (Error err = temp->keep(path))
    return exportError("cannot write '" + path +
                       "': " + llvm::toString(std::move(err)));
  return Error::success();
}

} // namespace sparrow
