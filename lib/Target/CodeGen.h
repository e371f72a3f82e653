//===- CodeGen.h - LLVM IR, optimisation and machine code -------*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_CODEGEN_H
#define SPARROW_LIB_TARGET_CODEGEN_H

#include "lib/Target/ModelABI.h"
#include "lib/Target/TargetInfo.h"

#include <memory>

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
class raw_pwrite_stream;
} // namespace llvm
namespace mlir {
class ModuleOp;
} // namespace mlir

namespace sparrow {

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetSpec &spec, unsigned optLevel);

/// Translates a module lowered to the llvm dialect, adds the model ABI and
/// runs LLVM's optimisation pipeline for `tm`.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateAndOptimize(mlir::ModuleOp module, const ModelSignature &signature,
                     llvm::LLVMContext &context, llvm::TargetMachine &tm,
                     unsigned optLevel);

/// Writes an object file (or assembly) for `module`.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &tm,
                            bool assembly, llvm::raw_pwrite_stream &os);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_CODEGEN_H
