//===- CodeGen.cpp - LLVM IR, optimisation and machine code ---------------===//

#include "lib/Target/CodeGen.h"
#include "lib/Target/MemoryFunctions.h"
#include "lib/Target/OutlineLoopNests.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace sparrow {

static Error codegenError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetSpec &spec, unsigned optLevel) {
  initializeLLVMTargets();
  Triple triple(spec.triple);
  std::string err;
  const Target *target = TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return codegenError("no LLVM backend for " + spec.triple + ": " + err);
  TargetOptions options;
  CodeGenOptLevel level = optLevel >= 3   ? CodeGenOptLevel::Aggressive
                          : optLevel == 2 ? CodeGenOptLevel::Default
                          : optLevel == 1 ? CodeGenOptLevel::Less
                                          : CodeGenOptLevel::None;
  std::optional<Reloc::Model> reloc;
  if (!spec.isWasm())
    reloc = Reloc::PIC_;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, spec.cpu, spec.features, options, reloc, std::nullopt, level));
  if (!tm)
    return codegenError("cannot create a target machine for " + spec.triple);
  return tm;
}

static void optimize(Module &module, TargetMachine &tm, unsigned optLevel) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions tuning;
  tuning.LoopVectorization = optLevel >= 2;
  tuning.SLPVectorization = optLevel >= 2;
  PassBuilder pb(&tm, tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel >= 3   ? OptimizationLevel::O3
                            : optLevel == 2 ? OptimizationLevel::O2
                            : optLevel == 1 ? OptimizationLevel::O1
                                            : OptimizationLevel::O0;
  ModulePassManager mpm = level == OptimizationLevel::O0
                              ? pb.buildO0DefaultPipeline(level)
                              : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
}

/// Constant globals holding resource blobs (the weights) retyped as byte
/// arrays over the same blob. LLVM's asm printer writes an i8 array in one
/// go but any other element type element by element through APFloat: 0.3 s
/// of MobileNet-v1's 16 MB. The blob is shared, not copied; the globals
/// carry their alignment already (memref.global's), and every access
/// addresses them through its own GEP type. Our targets are all
/// little-endian, like the blobs.
static void weightsAsBytes(mlir::ModuleOp module) {
  if (!sys::IsLittleEndianHost)
    return;
  mlir::MLIRContext *ctx = module.getContext();
  auto i8 = mlir::IntegerType::get(ctx, 8);
  module.walk([&](mlir::LLVM::GlobalOp global) {
    auto blob = dyn_cast_or_null<mlir::DenseResourceElementsAttr>(
        global.getValueOrNull());
    if (!global.getConstant() || !blob || !global.getAlignment() ||
        blob.getElementType() == i8)
      return;
    mlir::AsmResourceBlob *data = blob.getRawHandle().getBlob();
    if (!data)
      return;
    int64_t bytes = data->getData().size();
    auto type = mlir::RankedTensorType::get({bytes}, i8);
    global.setValueAttr(
        mlir::DenseResourceElementsAttr::get(type, blob.getRawHandle()));
    global.setGlobalType(mlir::LLVM::LLVMArrayType::get(i8, bytes));
  });
}

Expected<std::unique_ptr<Module>>
translateAndOptimize(mlir::ModuleOp module, const ModelSignature &signature,
                     LLVMContext &context, TargetMachine &tm,
                     unsigned optLevel) {
  weightsAsBytes(module);
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, "sparrow_model");
  if (!llvmModule)
    return codegenError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(tm.getTargetTriple());
  llvmModule->setDataLayout(tm.createDataLayout());
  if (Error err = emitModelABI(*llvmModule, "main", signature))
    return std::move(err);
  // Shared objects for phones carry their own memcpy/memset (external, so
  // after the ABI made everything else internal).
  if (tm.getTargetTriple().isAArch64())
    defineMemoryFunctions(*llvmModule);
  for (Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", tm.getTargetCPU());
    f.addFnAttr("target-features", tm.getTargetFeatureString());
  }
  if (verifyModule(*llvmModule, &errs()))
    return codegenError("generated LLVM IR is invalid");
  optimize(*llvmModule, tm, optLevel);
  // Each of the graph's kernels becomes a function (OutlineLoopNests.cpp):
  // V8 spills registers in inner loops of very large functions, and LLVM's
  // code generator is superlinear in a function's loops (loop strength
  // reduction took 160 s of Swin-T's AArch64 compile with the whole graph in
  // one function). The graph may have been inlined into the run entry point.
  if (optLevel > 0)
    for (StringRef name : {"sparrow_graph", "sparrow_compiled_run"})
      if (Function *f = llvmModule->getFunction(name))
        outlineLoopNests(*f);
  return std::move(llvmModule);
}

Error emitMachineCode(Module &module, TargetMachine &tm, bool assembly,
                      raw_pwrite_stream &os) {
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr,
                             assembly ? CodeGenFileType::AssemblyFile
                                      : CodeGenFileType::ObjectFile))
    return codegenError("the target cannot emit this file type");
  pm.run(module);
  return Error::success();
}

} // namespace sparrow
