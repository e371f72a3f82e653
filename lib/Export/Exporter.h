//===- Exporter.h - State of one sparrow-to-ONNX export ---------*- C++ -*-===//
//
// The graph being written, the names given to values, and the helpers the
// op-by-op rules (ExportRules.h) build ONNX nodes with.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_EXPORT_EXPORTER_H
#define SPARROW_LIB_EXPORT_EXPORTER_H

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "onnx/onnx_pb.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

namespace sparrow {

llvm::Error exportError(const llvm::Twine &msg);

/// The ONNX element type (onnx::TensorProto::DataType) of a value: float,
/// bool, int64, int32, and the storage type of quantized tensors.
std::optional<int32_t> onnxElemType(mlir::Value v);
/// The ONNX element type of integers of `width` bits (1: bool).
int32_t integerOnnxType(unsigned width, bool isSigned);

/// One op being written: its operands' and result's ONNX names.
struct OpContext {
  mlir::Operation *op;
  std::string nodeName; ///< from the op's NameLoc, may be empty
  llvm::SmallVector<std::string> inputs;
  std::string out; ///< the name the rule's last node must write
  /// Set by rules that write no node: the result is this existing name.
  std::string alias;
  /// The op's fused activation, appended after `out` unless the rule
  /// writes it itself and clears this.
  ActivationAttr act;
  /// A hint for names derived from the node (never empty).
  std::string hint() const {
    return nodeName.empty() ? op->getName().stripDialect().str() : nodeName;
  }
};

class Exporter {
public:
  explicit Exporter(onnx::GraphProto &graph) : graph(graph) {}

  llvm::Error run(mlir::func::FuncOp func);

  /// A value name not used yet (ONNX values and nodes have separate
  /// namespaces).
  std::string fresh(llvm::StringRef hint) { return unique(hint, used); }
  std::string freshNode(llvm::StringRef hint) {
    return unique(hint, usedNodes);
  }

  /// The ONNX name of `v`; constants become initializers named `hint` on
  /// first use.
  llvm::Expected<std::string> nameOf(mlir::Value v, llvm::StringRef hint);

  std::string floatInitializer(llvm::StringRef hint,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::ArrayRef<float> values);
  /// A 1-D int64 initializer (shapes, axes, pads, indices).
  std::string intInitializer(llvm::StringRef hint,
                             llvm::ArrayRef<int64_t> values);
  /// An initializer of integers stored as `onnxType` (int8, uint8, int32,
  /// int64 or bool) with the given shape.
  std::string integerInitializer(llvm::StringRef hint, int32_t onnxType,
                                 llvm::ArrayRef<int64_t> shape,
                                 llvm::ArrayRef<int64_t> values);

  /// The name `make` returns for `key` the first time (initializers shared
  /// by several nodes, e.g. quantization parameters).
  std::string memo(llvm::StringRef key, llvm::function_ref<std::string()> make);

  onnx::NodeProto &addNode(llvm::StringRef type, llvm::StringRef name,
                           llvm::ArrayRef<std::string> inputs,
                           llvm::StringRef output);
  /// A node of `c` writing a new intermediate value; returns its name.
  std::string addTemp(OpContext &c, llvm::StringRef type,
                      llvm::ArrayRef<std::string> inputs);

  /// Writes `act(input)` into `output`.
  void addActivation(ActivationAttr act, llvm::StringRef nodeName,
                     llvm::StringRef input, llvm::StringRef output);
  /// SiLU and the GELUs, which have no ONNX op at opset 14.
  void addComposedActivation(ActivationKind kind, llvm::StringRef name,
                             llvm::StringRef input, llvm::StringRef output);

private:
  static std::string unique(llvm::StringRef hint, llvm::StringSet<> &set);
  llvm::Error exportOp(mlir::Operation *op);

  onnx::GraphProto &graph;
  llvm::DenseMap<mlir::Value, std::string> names;
  llvm::StringSet<> used, usedNodes;
  llvm::StringMap<std::string> memos;
};

void setInts(onnx::NodeProto &node, llvm::StringRef name,
             llvm::ArrayRef<int64_t> values);
void setInt(onnx::NodeProto &node, llvm::StringRef name, int64_t value);
void setFloat(onnx::NodeProto &node, llvm::StringRef name, float value);
void setString(onnx::NodeProto &node, llvm::StringRef name,
               llvm::StringRef value);

} // namespace sparrow

#endif // SPARROW_LIB_EXPORT_EXPORTER_H
