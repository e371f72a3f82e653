//===- OnnxExporter.h - sparrow graphs back to ONNX -------------*- C++ -*-===//

#ifndef SPARROW_LIB_EXPORT_ONNXEXPORTER_H
#define SPARROW_LIB_EXPORT_ONNXEXPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace sparrow {

/// Writes `func.func @main` of sparrow ops as an ONNX model (opset 14) that
/// passes the ONNX checker. Ops keep their node names; constants become
/// initializers; fused activations become their own nodes. Writes to a
/// temporary file renamed over `path` only on success.
llvm::Error exportOnnx(mlir::ModuleOp module, llvm::StringRef path);

} // namespace sparrow

#endif // SPARROW_LIB_EXPORT_ONNXEXPORTER_H
