//===- OnnxImporter.h - ONNX models into the sparrow dialect ----*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_ONNXIMPORTER_H
#define SPARROW_LIB_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <functional>

namespace sparrow {

struct ImportOptions {
  /// Static shapes for graph inputs with dynamic dims, by input name.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Receives notes (one line each, such as a symbolic batch dim set to 1);
  /// without it they go to stderr as `sparrow: note: ...`.
  std::function<void(llvm::StringRef)> note;
};

/// Parses `--input-shape` values `name:1x3x224x224` into `options`.
llvm::Error parseInputShape(llvm::StringRef spec, ImportOptions &options);

/// Imports a binary `.onnx` file or an ONNX text-syntax file (recognised by
/// its content) into a module with one `func.func @main` of sparrow ops.
/// Errors are one line naming the file and the node or value at fault.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxFile(llvm::StringRef path, const ImportOptions &options,
               mlir::MLIRContext *context);

/// Same, from bytes in memory; `sourceName` names them in errors.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxBytes(llvm::StringRef bytes, llvm::StringRef sourceName,
                const ImportOptions &options, mlir::MLIRContext *context);

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_ONNXIMPORTER_H
