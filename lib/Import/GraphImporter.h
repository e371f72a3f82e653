//===- GraphImporter.h - Walks an ONNX graph and builds sparrow ops -*- C++
//-*-//

#ifndef SPARROW_LIB_IMPORT_GRAPHIMPORTER_H
#define SPARROW_LIB_IMPORT_GRAPHIMPORTER_H

#include "lib/Import/IntData.h"
#include "lib/Import/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "onnx/onnx_pb.h"

#include <map>
#include <string>

namespace sparrow {

class GraphImporter;
using NodeConverter = llvm::Error (*)(GraphImporter &, const onnx::NodeProto &);

/// Converters by ONNX op type (default domain), filled by the files that
/// define them.
void addConvConverters(llvm::StringMap<NodeConverter> &table);
void addElementwiseConverters(llvm::StringMap<NodeConverter> &table);
void addShapeConverters(llvm::StringMap<NodeConverter> &table);
void addIndexingConverters(llvm::StringMap<NodeConverter> &table);
void addElementMapConverters(llvm::StringMap<NodeConverter> &table);
void addScanConverters(llvm::StringMap<NodeConverter> &table);
void addEinsumConverters(llvm::StringMap<NodeConverter> &table);
void addControlFlowConverters(llvm::StringMap<NodeConverter> &table);
void addReductionConverters(llvm::StringMap<NodeConverter> &table);
void addQuantConverters(llvm::StringMap<NodeConverter> &table);

class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext *ctx, const onnx::ModelProto &model,
                llvm::StringRef source, const ImportOptions &options);

  llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>> run();

  //===--- For node converters
  //---------------------------------------------===//
  mlir::OpBuilder &builder() { return b; }
  int64_t opset() const { return defaultOpset; }
  mlir::Location locOf(const onnx::NodeProto &node);

  /// Required float input `i` of `node`.
  llvm::Expected<mlir::Value> input(const onnx::NodeProto &node, unsigned i);
  /// Optional float input: null when absent or named "".
  llvm::Expected<mlir::Value> optionalInput(const onnx::NodeProto &node,
                                            unsigned i);
  bool hasInput(const onnx::NodeProto &node, unsigned i) const;
  /// Compile-time integer data of input `i` (initializer or Constant).
  llvm::Expected<llvm::SmallVector<int64_t>>
  intConstant(const onnx::NodeProto &node, unsigned i);
  /// Same with its dims.
  llvm::Expected<IntTensor> intTensor(const onnx::NodeProto &node, unsigned i);
  /// The dims of input `i`, a value or compile-time data.
  llvm::Expected<llvm::SmallVector<int64_t>>
  inputDims(const onnx::NodeProto &node, unsigned i);
  /// Whether input `i` is compile-time integer (or bool) data.
  bool isInt(const onnx::NodeProto &node, unsigned i);
  /// Required float input; compile-time integer data becomes a constant.
  llvm::Expected<mlir::Value> floatInput(const onnx::NodeProto &node,
                                         unsigned i);
  /// Required i1 mask input; compile-time data becomes a constant.
  llvm::Expected<mlir::Value> maskInput(const onnx::NodeProto &node,
                                        unsigned i);
  /// Compile-time float data of input `i`, if it is a constant.
  std::optional<llvm::SmallVector<float>>
  floatConstant(const onnx::NodeProto &node, unsigned i);

  /// The value input `i` names, of any type; null for constants and
  /// missing inputs.
  mlir::Value lookup(const onnx::NodeProto &node, unsigned i) {
    return hasInput(node, i) ? values.lookup(node.input(i)) : mlir::Value();
  }
  /// ONNX element type (TensorProto::DataType) of input `i`: of the value,
  /// initializer, graph input or Constant it names; 0 when unknown.
  int32_t elemType(const onnx::NodeProto &node, unsigned i);
  /// Input `i` as a tensor of the quantized element type `q`: runtime
  /// integers and quantized values are reinterpreted (sparrow.storage_cast),
  /// integer constants become constants of the storage type.
  llvm::Expected<mlir::Value> quantInput(const onnx::NodeProto &node,
                                         unsigned i, mlir::Type q);
  /// The element type graph inputs of `onnxType` get; null when a compiled
  /// model cannot take them.
  mlir::Type boundaryElementType(int32_t onnxType);

  void setOutput(const onnx::NodeProto &node, unsigned i, mlir::Value v);
  void setIntOutput(const onnx::NodeProto &node, unsigned i,
                    llvm::SmallVector<int64_t> data);
  void setIntOutput(const onnx::NodeProto &node, unsigned i, IntTensor t);

  /// A float constant at the current insertion point.
  mlir::Value constant(const onnx::NodeProto &node,
                       llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<float> data);
  /// `v` reshaped to `shape`; a new constant when `v` is one, so that
  /// passes looking for constant weights still see them.
  mlir::Value reshape(const onnx::NodeProto &node, mlir::Value v,
                      llvm::ArrayRef<int64_t> shape);
  /// `v` reshaped to the shape of `like` when the shapes differ.
  mlir::Value reshapeLike(const onnx::NodeProto &node, mlir::Value v,
                          mlir::Value like);
  /// Fails when outputs past the first are consumed (e.g. MaxPool indices).
  llvm::Error onlyFirstOutputUsed(const onnx::NodeProto &node);

  //===--- For control flow (If branches, Loop bodies, inlined) ----------===//
  /// Imports the nodes of subgraph `g` into the current function; names of
  /// the enclosing graphs stay visible.
  llvm::Error importSubgraph(const onnx::GraphProto &g);
  /// Makes `name` refer to what `from` names (a value or compile-time data).
  llvm::Error alias(const onnx::NodeProto &node, const std::string &name,
                    const std::string &from);
  /// Compile-time data named `name`, if it is such data.
  const IntTensor *intData(const std::string &name) const;
  void bindInt(const std::string &name, IntTensor t) { intValues[name] = t; }
  /// Drops the names subgraph `g` defined, so that it can be imported again
  /// (the next iteration of an unrolled Loop).
  void forget(const onnx::GraphProto &g);

  /// `node 'name' (OpType): msg` with the model file prepended.
  llvm::Error error(const onnx::NodeProto &node, const llvm::Twine &msg);

  /// Builds an op whose result type the dialect infers; a shape error
  /// becomes an llvm::Error naming the node instead of a crash.
  template <typename OpTy, typename... Args>
  llvm::Expected<mlir::Value> create(const onnx::NodeProto &node,
                                     Args &&...args) {
    mlir::OperationState state(locOf(node), OpTy::getOperationName());
    OpTy::build(b, state, mlir::Type(), std::forward<Args>(args)...);
    state.types.clear();
    llvm::SmallVector<mlir::Type> types;
    diagnostic.clear();
    if (mlir::failed(OpTy::inferReturnTypes(
            b.getContext(), state.location, state.operands,
            state.attributes.getDictionary(b.getContext()),
            state.getRawProperties(), state.regions, types)))
      return error(node, diagnostic.empty() ? "invalid operands" : diagnostic);
    for (mlir::Type t : types)
      if (auto ranked = llvm::dyn_cast<mlir::RankedTensorType>(t))
        if (!checkedProduct(ranked.getShape()))
          return error(node, "the result would have a negative dim or more "
                             "than 2^40 elements");
    state.addTypes(types);
    return b.create(state)->getResult(0);
  }

  /// Last error message emitted through the MLIR diagnostic engine.
  std::string diagnostic;

private:
  llvm::Error error(const llvm::Twine &msg);
  llvm::Error importInitializers();
  llvm::Error collectUnsupported(const onnx::GraphProto &g);
  llvm::Error importInputs(mlir::func::FuncOp &func);
  llvm::Error importNodes(const onnx::GraphProto &g);
  llvm::Error importOutputs(mlir::func::FuncOp func);

  mlir::MLIRContext *ctx;
  const onnx::ModelProto &model;
  std::string source;
  const ImportOptions &options;
  mlir::OpBuilder b;
  int64_t defaultOpset = 0;
  llvm::StringMap<NodeConverter> converters;
  llvm::StringMap<mlir::Value> values;
  std::map<std::string, IntTensor> intValues;
  std::map<std::string, const onnx::TensorProto *> initializers;
};

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_GRAPHIMPORTER_H
