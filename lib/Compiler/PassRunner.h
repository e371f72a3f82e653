//===- PassRunner.h - Pass pipelines with driver diagnostics ----*- C++ -*-===//
//
// The driver runs several pass pipelines on a model. Each turns the first
// error diagnostic into one llvm::Error naming the input file (and the
// ONNX node), and the passes' remarks with a known prefix into entries of
// the --report.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_PASSRUNNER_H
#define SPARROW_LIB_COMPILER_PASSRUNNER_H

#include "lib/Compiler/CompileReport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/Error.h"

namespace sparrow {

/// Runs the passes `build` adds on `module`; `source` names the input in
/// errors. With `report`, the remarks "fused <kind>", "kernel <choice>",
/// "quantized int8: <figures>" and "smoothing: <what happened>" are
/// recorded there. With `timing`, each pass's time nests in that scope.
llvm::Error runPipeline(mlir::ModuleOp module, llvm::StringRef source,
                        llvm::function_ref<void(mlir::OpPassManager &)> build,
                        CompileReport *report = nullptr,
                        mlir::TimingScope *timing = nullptr);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_PASSRUNNER_H
