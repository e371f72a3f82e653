//===- Driver.cpp - ONNX file in, compiled model out ----------------------===//

#include "lib/Compiler/Driver.h"
#include "lib/Compiler/CompilePhases.h"
#include "lib/Compiler/NpmPackage.h"
#include "lib/Compiler/PassRunner.h"
#include "lib/Compiler/PendingOutput.h"
#include "lib/Compiler/QuantizeModel.h"
#include "lib/Compiler/Registration.h"
#include "lib/Compiler/WasmOutputs.h"
#include "lib/Target/CodeGen.h"

#include "dialects/Sparrow/SparrowDialect.h"

#include "passes/Pipelines.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace sparrow {

std::optional<EmitKind> parseEmitKind(StringRef name) {
  return StringSwitch<std::optional<EmitKind>>(name)
      .Case("mlir", EmitKind::MLIR)
      .Case("mlir-llvm", EmitKind::LLVMDialect)
      .Case("llvm", EmitKind::LLVM)
      .Case("asm", EmitKind::Asm)
      .Case("obj", EmitKind::Obj)
      .Case("so", EmitKind::SharedObject)
      .Case("wasm", EmitKind::Wasm)
      .Case("npm", EmitKind::Npm)
      .Default(std::nullopt);
}

std::optional<EmitKind> emitKindForPath(StringRef path) {
  return StringSwitch<std::optional<EmitKind>>(sys::path::extension(path))
      .Case(".mlir", EmitKind::MLIR)
      .Case(".ll", EmitKind::LLVM)
      .Case(".s", EmitKind::Asm)
      .Case(".o", EmitKind::Obj)
      .Case(".so", EmitKind::SharedObject)
      .Case(".wasm", EmitKind::Wasm)
      .Default(std::nullopt);
}

static Error driverError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

Expected<mlir::OwningOpRef<mlir::ModuleOp>>
loadModelFile(StringRef path, const ImportOptions &options,
              mlir::MLIRContext *ctx) {
  if (!path.ends_with(".mlir"))
    return importOnnxFile(path, options, ctx);
  std::string message;
  mlir::ScopedDiagnosticHandler handler(ctx, [&](mlir::Diagnostic &diag) {
    if (message.empty())
      message = diag.str();
    return mlir::success();
  });
  mlir::ParserConfig config(ctx);
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(path, config);
  if (!module)
    return driverError(path + ": " +
                       (message.empty() ? "cannot parse" : message));
  return std::move(module);
}

/// Describes the target on the module, for every pass that asks.
static void setTarget(mlir::ModuleOp m, const TargetSpec &spec) {
  m->setAttr(TargetAttr::kAttrName, TargetAttr::get(m.getContext(), spec.triple,
                                                    spec.cpu, spec.features));
}

/// Sparrow's lowering pipeline, to the llvm dialect.
static Error lowerModule(mlir::ModuleOp m, const CompileOptions &options,
                         mlir::TimingScope *timing = nullptr) {
  LoweringOptions lowering;
  lowering.fuseElementwise = options.graph.fusion;
  lowering.report = options.report != nullptr;
  return runPipeline(
      m, options.inputPath,
      [&](mlir::OpPassManager &pm) { buildLoweringPipeline(pm, lowering); },
      options.report, timing);
}

/// The lowering pipeline, then translation to an optimized LLVM module.
static Expected<std::unique_ptr<llvm::Module>>
lowerToLLVM(mlir::ModuleOp m, const TargetSpec &spec,
            const CompileOptions &options, TargetMachine &tm,
            LLVMContext &llvmCtx, CompilePhases *phases = nullptr,
            ModelSignature *signatureOut = nullptr) {
  auto signature = readSignature(m);
  if (!signature)
    return signature.takeError();
  if (Error err =
          lowerModule(m, options, phases ? phases->begin("lowering") : nullptr))
    return std::move(err);
  if (phases)
    phases->begin("LLVM IR: translation and optimisation");
  if (auto entry = m.lookupSymbol<mlir::LLVM::LLVMFuncOp>("main"))
    if (auto bytes =
            entry->getAttrOfType<mlir::IntegerAttr>("sparrow.arena_bytes"))
      signature->arenaBytes = bytes.getInt();
  if (signatureOut)
    *signatureOut = *signature;
  return translateAndOptimize(m, *signature, llvmCtx, tm, options.optLevel);
}

/// `llvmModule` as an object file in a pending temporary next to `base`.
static Expected<PendingOutput>
emitObjectFile(llvm::Module &llvmModule, TargetMachine &tm, StringRef base) {
  auto object = PendingOutput::create((base + ".o").str());
  if (!object)
    return object.takeError();
  raw_fd_ostream os(object->fd(), /*shouldClose=*/false);
  if (Error err = emitMachineCode(llvmModule, tm, false, os))
    return std::move(err);
  os.flush();
  return std::move(*object);
}

/// A host shared object of `m` at `path`, for the calibration runs.
static Error buildHostSharedObject(mlir::ModuleOp m, StringRef path,
                                   const CompileOptions &options) {
  CompileOptions host = options;
  host.target = TargetKind::Host;
  host.report = nullptr;
  auto resolved = resolveTarget(TargetKind::Host, "", "");
  if (!resolved)
    return resolved.takeError();
  TargetSpec spec = *resolved;
  setTarget(m, spec);
  auto tm = createTargetMachine(spec, host.optLevel);
  if (!tm)
    return tm.takeError();
  LLVMContext llvmCtx;
  auto llvmModule = lowerToLLVM(m, spec, host, **tm, llvmCtx);
  if (!llvmModule)
    return llvmModule.takeError();
  auto object = emitObjectFile(**llvmModule, **tm, path);
  if (!object)
    return object.takeError();
  return linkSharedObject(object->tempPath(), path, options.link);
}

static bool hasFeature(StringRef features, StringRef feature) {
  return llvm::is_contained(llvm::split(features, ','), feature);
}

/// `graph` (optimised, not yet lowered) compiled once more for wasm32 with
/// relaxed SIMD, as an object file next to the output.
static Expected<PendingOutput>
emitRelaxedObject(mlir::ModuleOp graph, const CompileOptions &options) {
  std::string features = options.features;
  features += features.empty() ? "+relaxed-simd" : ",+relaxed-simd";
  auto spec = resolveTarget(TargetKind::Wasm32, options.cpu, features);
  if (!spec)
    return spec.takeError();
  setTarget(graph, *spec);
  auto tm = createTargetMachine(*spec, options.optLevel);
  if (!tm)
    return tm.takeError();
  LLVMContext llvmCtx;
  auto llvmModule = lowerToLLVM(graph, *spec, options, **tm, llvmCtx);
  if (!llvmModule)
    return llvmModule.takeError();
  return emitObjectFile(**llvmModule, **tm, options.outputPath + ".relaxed");
}

static Error checkOptions(const CompileOptions &options, EmitKind emit) {
  bool wasm = options.target == TargetKind::Wasm32;
  if (emit == EmitKind::Wasm && !wasm)
    return driverError("--emit=wasm needs --target=wasm32");
  if (emit == EmitKind::Npm && !wasm)
    return driverError("--emit=npm needs --target=wasm32");
  if (emit == EmitKind::Npm && options.outputPath == "-")
    return driverError("--emit=npm writes a folder; give -o a path");
  if (emit == EmitKind::Npm && sys::fs::exists(options.outputPath) &&
      !sys::fs::is_directory(options.outputPath))
    return driverError("--emit=npm: '" + options.outputPath +
                       "' exists and is not a folder");
  if (emit == EmitKind::SharedObject && wasm)
    return driverError("--target=wasm32 emits .wasm modules, not shared "
                       "objects; use -o model.wasm");
  return Error::success();
}

Error compileModel(const CompileOptions &options) {
  std::optional<EmitKind> emit = options.emit;
  if (!emit)
    emit = emitKindForPath(options.outputPath);
  if (!emit)
    return driverError(
        "cannot tell the output kind from '" + options.outputPath +
        "'; use --emit=mlir|mlir-llvm|llvm|asm|obj|so|wasm or an "
        "extension .mlir/.ll/.s/.o/.so/.wasm");
  if (Error err = checkOptions(options, *emit))
    return err;
  auto target = resolveTarget(options.target, options.cpu, options.features);
  if (!target)
    return target.takeError();
  if (options.outputPath == "-" && *emit != EmitKind::MLIR &&
      *emit != EmitKind::LLVMDialect && *emit != EmitKind::LLVM &&
      *emit != EmitKind::Asm)
    return driverError("binary outputs cannot go to stdout; give -o a path");
  if (options.importOnly && *emit != EmitKind::MLIR)
    return driverError("--import-only needs --emit=mlir");
  // Written now, so an unwritable path fails before the compile; a package
  // folder is checked by a probe file in it (or beside it, if new).
  SmallString<256> probePath(options.outputPath);
  if (*emit == EmitKind::Npm) {
    if (!sys::fs::is_directory(options.outputPath)) {
      probePath = sys::path::parent_path(options.outputPath);
      if (probePath.empty())
        probePath = ".";
    }
    sys::path::append(probePath, "package.json");
  }
  auto out = PendingOutput::create(probePath);
  if (!out)
    return out.takeError();

  CompilePhases phases(options.timeReport, /*progress=*/true);
  phases.begin("import");
  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  auto module = loadModelFile(options.inputPath, options.import, &ctx);
  if (!module)
    return module.takeError();
  mlir::ModuleOp m = **module;
  setTarget(m, *target);
  if (options.report)
    options.report->target = targetName(target->kind).str() + " (" +
                             target->triple + ", CPU " + target->cpu + ", " +
                             target->features + ")";
  phases.begin("graph passes");
  if (options.report && !options.importOnly) {
    mlir::OwningOpRef<mlir::ModuleOp> unfused = m.clone();
    GraphOptions plain = options.graph;
    plain.fusion = false;
    if (Error err = runPipeline(
            *unfused, options.inputPath,
            [&](mlir::OpPassManager &pm) { buildGraphPipeline(pm, plain); }))
      return err;
    options.report->kernelsWithoutFusion = countKernels(*unfused);
  }
  GraphOptions graph = options.graph;
  graph.report = options.report != nullptr;
  graph.quantizable = options.quantize.has_value();
  if (!options.importOnly)
    if (Error err = runPipeline(
            m, options.inputPath,
            [&](mlir::OpPassManager &pm) { buildGraphPipeline(pm, graph); },
            options.report, phases.current()))
      return err;
  if (options.quantize && !options.importOnly) {
    phases.begin("quantization (calibration)");
    if (Error err =
            quantizeModel(m, options, [&](mlir::ModuleOp copy, StringRef path) {
              return buildHostSharedObject(copy, path, options);
            }))
      return err;
  }
  if (options.report)
    options.report->kernels = countKernels(m);

  raw_fd_ostream os(out->fd(), /*shouldClose=*/false);
  if (*emit == EmitKind::MLIR) {
    m.print(os);
    os << "\n";
    os.flush();
    return out->commit();
  }

  if (*emit == EmitKind::LLVMDialect) {
    if (Error err = lowerModule(m, options, phases.begin("lowering")))
      return err;
    m.print(os);
    os << "\n";
    os.flush();
    return out->commit();
  }

  // The relaxed-SIMD variant lowers its own copy of the optimised graph.
  mlir::OwningOpRef<mlir::ModuleOp> relaxedGraph;
  bool linked = *emit == EmitKind::Wasm || *emit == EmitKind::Npm;
  bool variant = options.wasmRelaxedVariant == RelaxedSimdVariant::Auto ||
                 (options.wasmRelaxedVariant == RelaxedSimdVariant::Default &&
                  *emit == EmitKind::Npm);
  if (variant && linked && !hasFeature(target->features, "+relaxed-simd"))
    relaxedGraph = m.clone();

  const TargetSpec &spec = *target;
  auto tm = createTargetMachine(spec, options.optLevel);
  if (!tm)
    return tm.takeError();
  LLVMContext llvmCtx;
  ModelSignature signature;
  auto llvmModule =
      lowerToLLVM(m, spec, options, **tm, llvmCtx, &phases, &signature);
  if (!llvmModule)
    return llvmModule.takeError();

  phases.begin("machine code");
  if (*emit == EmitKind::LLVM || *emit == EmitKind::Asm ||
      *emit == EmitKind::Obj) {
    if (*emit == EmitKind::LLVM)
      (*llvmModule)->print(os, nullptr);
    else if (Error err = emitMachineCode(**llvmModule, **tm,
                                         *emit == EmitKind::Asm, os))
      return err;
    os.flush();
    return out->commit();
  }

  // Linked outputs: object to a temporary file, then the linker writes the
  // pending output.
  auto object = emitObjectFile(**llvmModule, **tm, options.outputPath);
  if (!object)
    return object.takeError();
  phases.begin("link");
  if (*emit == EmitKind::SharedObject) {
    if (Error err = linkSharedObject(
            object->tempPath(), out->tempPath(), options.link,
            /*selfContained=*/spec.kind == TargetKind::AArch64))
      return err;
    return out->commit();
  }

  std::optional<PendingOutput> relaxedObject;
  if (relaxedGraph) {
    phases.begin("relaxed-SIMD variant");
    auto relaxed = emitRelaxedObject(*relaxedGraph, options);
    if (!relaxed)
      return relaxed.takeError();
    relaxedObject.emplace(std::move(*relaxed));
  }
  WasmBuild build;
  build.object = object->tempPath();
  if (relaxedObject)
    build.relaxedObject = relaxedObject->tempPath();
  build.signature = &signature;
  build.link = &options.link;
  build.threads = hasFeature(spec.features, "+atomics");
  if (*emit == EmitKind::Npm)
    return writeNpmPackage(
        build, options.outputPath,
        npmPackageName(sys::path::filename(
            sys::path::remove_leading_dotslash(options.outputPath))));
  return writeWasmFiles(build, options.outputPath);
}

} // namespace sparrow
