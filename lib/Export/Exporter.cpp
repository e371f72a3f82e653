//===- Exporter.cpp - Values, initializers and the walk over @main --------===//

#include "lib/Export/Exporter.h"
#include "lib/Export/ExportRules.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"

using namespace mlir;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;

namespace sparrow {

Error exportError(const Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "export: " + msg);
}

int32_t integerOnnxType(unsigned width, bool isSigned) {
  switch (width) {
  case 1:
    return onnx::TensorProto::BOOL;
  case 8:
    return isSigned ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8;
  case 16:
    return isSigned ? onnx::TensorProto::INT16 : onnx::TensorProto::UINT16;
  case 32:
    return isSigned ? onnx::TensorProto::INT32 : onnx::TensorProto::UINT32;
  default:
    return isSigned ? onnx::TensorProto::INT64 : onnx::TensorProto::UINT64;
  }
}

std::optional<int32_t> onnxElemType(Value v) {
  Type t = cast<ShapedType>(v.getType()).getElementType();
  if (t.isF32())
    return onnx::TensorProto::FLOAT;
  if (auto q = dyn_cast<quant::QuantizedType>(t))
    return integerOnnxType(q.getStorageTypeIntegralWidth(), q.isSigned());
  auto i = dyn_cast<IntegerType>(t);
  if (!i)
    return std::nullopt;
  if (!i.isSignless() || i.getWidth() != 8)
    return integerOnnxType(i.getWidth(), !i.isUnsigned());
  // Signless bytes are quantized storage: the quantized side of the
  // storage_cast they pass through tells whether they are signed.
  if (auto cast = v.getDefiningOp<StorageCastOp>())
    return onnxElemType(cast.getInput());
  for (Operation *user : v.getUsers())
    if (auto cast = dyn_cast<StorageCastOp>(user))
      if (isa<quant::QuantizedType>(cast.getType().getElementType()))
        return onnxElemType(cast.getOutput());
  return onnx::TensorProto::INT8;
}

static std::string typeString(Type t) {
  std::string s;
  llvm::raw_string_ostream os(s);
  t.print(os);
  return s;
}

std::string Exporter::unique(StringRef hint, llvm::StringSet<> &set) {
  std::string base = hint.empty() ? "v" : hint.str();
  std::string name = base;
  for (unsigned i = 1; !set.insert(name).second; ++i)
    name = base + "_" + std::to_string(i);
  return name;
}

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
  return integerInitializer(hint, onnx::TensorProto::INT64,
                            {int64_t(values.size())}, values);
}

std::string Exporter::integerInitializer(StringRef hint, int32_t onnxType,
                                         ArrayRef<int64_t> shape,
                                         ArrayRef<int64_t> values) {
  onnx::TensorProto *t = graph.add_initializer();
  t->set_name(fresh(hint));
  t->set_data_type(onnxType);
  for (int64_t d : shape)
    t->add_dims(d);
  size_t bytes = 8;
  switch (onnxType) {
  case onnx::TensorProto::BOOL:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
    bytes = 1;
    break;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
    bytes = 2;
    break;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    bytes = 4;
    break;
  }
  // raw_data is little-endian; the low bytes of the two's complement are
  // the value in every width (the importer checked the ranges).
  std::string raw;
  raw.reserve(values.size() * bytes);
  for (int64_t v : values)
    for (size_t b = 0; b < bytes; ++b)
      raw.push_back(static_cast<char>((static_cast<uint64_t>(v) >> (8 * b))));
  t->set_raw_data(raw);
  return t->name();
}

Expected<std::string> Exporter::nameOf(Value v, StringRef hint) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  // Integers tagged as quantized by a storage_cast are written with the
  // consumer's name hint: the cast itself writes nothing.
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (auto cast = v.getDefiningOp<StorageCastOp>())
    cst = cast.getInput().getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return exportError("value without a name (not a constant or an earlier "
                       "op's result)");
  auto type = cast<RankedTensorType>(v.getType());
  std::string name;
  if (type.getElementType().isF32()) {
    std::optional<SmallVector<float>> data = getConstantF32(v);
    if (!data)
      return exportError("cannot read a float constant");
    name = floatInitializer(hint, type.getShape(), *data);
  } else {
    Type elem = cast<ShapedType>(cst.getType()).getElementType();
    auto dense = dyn_cast<DenseIntElementsAttr>(cst.getValue());
    std::optional<int32_t> onnxType = onnxElemType(v);
    if (!dense || !onnxType)
      return exportError("constant of type " + typeString(type) +
                         " has no ONNX initializer form");
    bool isUnsigned = elem.isUnsignedInteger() || elem.isInteger(1);
    SmallVector<int64_t> values;
    for (const APInt &x : dense.getValues<APInt>())
      values.push_back(isUnsigned ? int64_t(x.getZExtValue())
                                  : x.getSExtValue());
    name = integerInitializer(hint, *onnxType, type.getShape(), values);
  }
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

std::string Exporter::memo(StringRef key,
                           llvm::function_ref<std::string()> make) {
  auto [it, inserted] = memos.try_emplace(key);
  if (inserted)
    it->second = make();
  return it->second;
}

std::string Exporter::addTemp(OpContext &c, StringRef type,
                              ArrayRef<std::string> inputs) {
  std::string out = fresh(c.hint() + "_" + type.lower());
  addNode(type, c.nodeName.empty() ? StringRef(type) : StringRef(c.nodeName),
          inputs, out);
  return out;
}

Error Exporter::exportOp(Operation *op) {
  if (isa<arith::ConstantOp>(op))
    return Error::success();
  if (auto cast = dyn_cast<StorageCastOp>(op))
    if (cast.getInput().getDefiningOp<arith::ConstantOp>())
      return Error::success(); // named by nameOf on use
  OpContext c;
  c.op = op;
  // The importer names nodes without a name "<unnamed>": they get none.
  if (auto loc = dyn_cast<NameLoc>(op->getLoc()))
    if (loc.getName() != "<unnamed>")
      c.nodeName = loc.getName().str();
  for (auto [i, v] : llvm::enumerate(op->getOperands())) {
    std::string hint = (c.nodeName.empty() ? "const" : c.nodeName) +
                       (i == 1   ? ".weight"
                        : i == 2 ? ".bias"
                                 : "." + std::to_string(i));
    auto name = nameOf(v, hint);
    if (!name)
      return name.takeError();
    c.inputs.push_back(*name);
  }
  if (isa<func::ReturnOp>(op))
    return Error::success();
  const RuleTable &rules = exportRules();
  auto rule = rules.find(op->getName().getTypeID());
  if (rule == rules.end())
    return exportError("no ONNX form for '" + op->getName().getStringRef() +
                       "'");
  c.act = op->getAttrOfType<ActivationAttr>("activation");
  std::string result = fresh(c.nodeName.empty() ? "v" : c.nodeName);
  c.out = c.act ? fresh(result + "_pre") : result;
  if (Error err = rule->second(*this, c))
    return err;
  if (!c.alias.empty()) {
    names[op->getResult(0)] = c.alias;
    return Error::success();
  }
  // A rule that wrote the activation itself cleared `act`.
  if (c.act)
    addActivation(c.act, c.hint(), c.out, result);
  names[op->getResult(0)] = c.act ? result : c.out;
  return Error::success();
}

static Error setValueInfo(onnx::ValueInfoProto *info, StringRef name, Value v) {
  std::optional<int32_t> elem = onnxElemType(v);
  if (!elem)
    return exportError("graph value '" + name + "' of type " +
                       typeString(v.getType()) + " has no ONNX type");
  info->set_name(name.str());
  auto *tensor = info->mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(*elem);
  auto shape = tensor->mutable_shape();
  for (int64_t d : cast<RankedTensorType>(v.getType()).getShape())
    shape->add_dim()->set_dim_value(d);
  return Error::success();
}

Error Exporter::run(func::FuncOp func) {
  for (BlockArgument arg : func.getArguments()) {
    auto attr =
        func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "sparrow.name");
    std::string name = fresh(attr ? attr.str() : "input");
    names[arg] = name;
    if (Error err = setValueInfo(graph.add_input(), name, arg))
      return err;
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
    if (Error err = setValueInfo(graph.add_output(), want, v))
      return err;
  }
  return Error::success();
}

} // namespace sparrow
