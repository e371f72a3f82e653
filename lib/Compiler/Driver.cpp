//===- Driver.cpp - ONNX file in, compiled model out ----------------------===//

#include "lib/Compiler/Driver.h"
#include "lib/Compiler/PassRunner.h"
#include "lib/Compiler/QuantizeModel.h"
#include "lib/Compiler/Registration.h"
#include "lib/Target/CodeGen.h"

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
      .Case("llvm", EmitKind::LLVM)
      .Case("asm", EmitKind::Asm)
      .Case("obj", EmitKind::Obj)
      .Case("so", EmitKind::SharedObject)
      .Case("wasm", EmitKind::Wasm)
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

namespace {
/// An output file that appears at its final path only when committed.
class PendingOutput {
public:
  static Expected<PendingOutput> create(StringRef path) {
    if (path == "-")
      return PendingOutput(path);
    auto temp = sys::fs::TempFile::create(path + "-%%%%%%.tmp");
    if (!temp)
      return driverError("cannot write '" + path +
                         "': " + toString(temp.takeError()));
    return PendingOutput(path, std::move(*temp));
  }
  StringRef tempPath() const { return temp->TmpName; }
  int fd() const { return temp ? temp->FD : 1; }
  Error commit() {
    if (!temp)
      return Error::success();
    Error err = temp->keep(finalPath);
    temp.reset();
    if (err)
      return driverError("cannot write '" + finalPath +
                         "': " + toString(std::move(err)));
    return Error::success();
  }
  PendingOutput(PendingOutput &&) = default;
  ~PendingOutput() {
    if (temp)
      consumeError(temp->discard());
  }

private:
  explicit PendingOutput(StringRef path) : finalPath(path.str()) {}
  PendingOutput(StringRef path, sys::fs::TempFile file)
      : finalPath(path.str()),
        temp(std::make_unique<sys::fs::TempFile>(std::move(file))) {}
  std::string finalPath;
  std::unique_ptr<sys::fs::TempFile> temp;
};

} // namespace

/// ONNX files are imported; `.mlir` files (sparrow dialect, e.g. written by
/// --emit=mlir and transformed by sparrow-opt) are parsed as they are.
static Expected<mlir::OwningOpRef<mlir::ModuleOp>>
loadModel(const CompileOptions &options, mlir::MLIRContext *ctx) {
  if (!StringRef(options.inputPath).ends_with(".mlir"))
    return importOnnxFile(options.inputPath, options.import, ctx);
  std::string message;
  mlir::ScopedDiagnosticHandler handler(ctx, [&](mlir::Diagnostic &diag) {
    if (message.empty())
      message = diag.str();
    return mlir::success();
  });
  mlir::ParserConfig config(ctx);
  auto module =
      mlir::parseSourceFile<mlir::ModuleOp>(options.inputPath, config);
  if (!module)
    return driverError(options.inputPath + ": " +
                       (message.empty() ? "cannot parse" : message));
  return std::move(module);
}

/// Kernel shapes for the target's registers: 32 x 128-bit on AArch64, 16 x
/// 256-bit with AVX2 on the host, 128-bit lanes and no FMA on wasm32. NEON
/// multiplies by a lane of a weight vector and wasm32 splats a lane with one
/// shuffle, so both pack weights (one vector load per channel step); x86
/// folds a broadcast load into its FMA and gains nothing from packing.
static LoweringOptions loweringOptionsFor(const TargetSpec &spec) {
  LoweringOptions o;
  // Shared objects run on the runtime's thread pool; wasm32 stays
  // single-threaded.
  o.parallel = !spec.isWasm;
  auto has = [&](StringRef f) {
    return StringRef(spec.features).contains(("+" + f + ",").str()) ||
           StringRef(spec.features).ends_with(("+" + f).str());
  };
  if (spec.isWasm) {
    o.splitFma = true;
    o.tileVectors = 2;
    // MobileNet-v1 int8 in V8: 4 x 3 tiles 5% faster than 4 x 2, 4 x 4 spill.
    o.int8TileVectors = 3;
    o.packWeights = true;
    // V8 turns a lane broadcast into a shuffle (x86: the ports the
    // multiply-adds need); a broadcast load per weight is a load only.
    // MobileNet-v1: 3% faster.
    o.weightLanes = false;
    // Pixel blocks whose input stays in L2 while every row tile reads
    // them: MobileNet-v1's 56 x 56 layer 1.3x faster.
    o.pixelBlockBytes = 256 * 1024;
    o.wasmDot = true;
  } else if (StringRef(spec.triple).starts_with("aarch64")) {
    o.packWeights = true;
    // LLVM unrolls the AArch64 channel loops itself and schedules them
    // better than our unrolled body: llvm-mca (Neoverse-N1) puts the sparse
    // loop at 84% of FMA-bound with 1, 76% with 2, 80% with 4.
    o.channelUnroll = 1;
    // int8 pointwise steps of four channels with sdot.
    o.armDot = has("dotprod");
  } else if (StringRef(spec.triple).starts_with("x86_64")) {
    o.splitFma = !has("fma");
    o.vectorWidth = has("avx512f") ? 16 : has("avx2") ? 8 : 4;
    // AVX-512 has 32 vector registers, AVX2 and SSE 16.
    o.tileRows = has("avx512f") ? 8 : 4;
    o.tileVectors = 2;
    // MobileNet-v1 int8 with AVX2: 4 x 3 tiles beat 4 x 2 and 4 x 4.
    o.int8TileVectors = 3;
    // vpdpbusd on 16 lanes needs AVX512-VNNI, on 8 and 4 (the kernels'
    // leftover vectors) its VL form or AVX-VNNI.
    bool vnniNarrow = has("avxvnni") || (has("avx512vnni") && has("avx512vl"));
    o.x86Vnni = vnniNarrow && (o.vectorWidth < 16 || has("avx512vnni"));
    // Measured on MobileNet-v1: 4 channels per step beat 2 on AVX-512,
    // while wasm32 (4 x 2 tiles in V8) is fastest with 2.
    o.channelUnroll = 4;
  }
  return o;
}

/// The lowering pipeline, then translation to an optimized LLVM module.
static Expected<std::unique_ptr<llvm::Module>>
lowerToLLVM(mlir::ModuleOp m, const TargetSpec &spec,
            const CompileOptions &options, TargetMachine &tm,
            LLVMContext &llvmCtx) {
  auto signature = readSignature(m);
  if (!signature)
    return signature.takeError();
  LoweringOptions lowering = loweringOptionsFor(spec);
  // Relaxed SIMD has a multiply-add that may or may not fuse: the kernels'
  // mul + add pairs are marked contractible and LLVM emits relaxed_madd.
  lowering.contractMulAdd = options.wasmRelaxedSimd;
  lowering.fuseElementwise = options.graph.fusion;
  lowering.report = options.report != nullptr;
  if (Error err = runPipeline(
          m, options.inputPath,
          [&](mlir::OpPassManager &pm) { buildLoweringPipeline(pm, lowering); },
          options.report))
    return std::move(err);
  if (auto entry = m.lookupSymbol<mlir::LLVM::LLVMFuncOp>("main"))
    if (auto bytes =
            entry->getAttrOfType<mlir::IntegerAttr>("sparrow.arena_bytes"))
      signature->arenaBytes = bytes.getInt();
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
  host.wasmRelaxedSimd = false;
  host.report = nullptr;
  TargetSpec spec = getTargetSpec(TargetKind::Host);
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

static Error checkOptions(const CompileOptions &options, EmitKind emit) {
  bool wasm = options.target == TargetKind::Wasm32;
  if (options.wasmRelaxedSimd && !wasm)
    return driverError("--wasm-relaxed-simd needs --target=wasm32");
  if (emit == EmitKind::Wasm && !wasm)
    return driverError("--emit=wasm needs --target=wasm32");
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
    return driverError("cannot tell the output kind from '" +
                       options.outputPath +
                       "'; use --emit=mlir|llvm|asm|obj|so|wasm or an "
                       "extension .mlir/.ll/.s/.o/.so/.wasm");
  if (Error err = checkOptions(options, *emit))
    return err;
  if (options.outputPath == "-" && *emit != EmitKind::MLIR &&
      *emit != EmitKind::LLVM && *emit != EmitKind::Asm)
    return driverError("binary outputs cannot go to stdout; give -o a path");
  if (options.importOnly && *emit != EmitKind::MLIR)
    return driverError("--import-only needs --emit=mlir");
  auto out = PendingOutput::create(options.outputPath);
  if (!out)
    return out.takeError();

  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  auto module = loadModel(options, &ctx);
  if (!module)
    return module.takeError();
  mlir::ModuleOp m = **module;
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
            options.report))
      return err;
  if (options.quantize && !options.importOnly)
    if (Error err =
            quantizeModel(m, options, [&](mlir::ModuleOp copy, StringRef path) {
              return buildHostSharedObject(copy, path, options);
            }))
      return err;
  if (options.report)
    options.report->kernels = countKernels(m);

  raw_fd_ostream os(out->fd(), /*shouldClose=*/false);
  if (*emit == EmitKind::MLIR) {
    m.print(os);
    os.flush();
    return out->commit();
  }

  TargetSpec spec = getTargetSpec(options.target);
  if (options.wasmRelaxedSimd)
    spec.features += ",+relaxed-simd";
  auto tm = createTargetMachine(spec, options.optLevel);
  if (!tm)
    return tm.takeError();
  LLVMContext llvmCtx;
  auto llvmModule = lowerToLLVM(m, spec, options, **tm, llvmCtx);
  if (!llvmModule)
    return llvmModule.takeError();

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
  if (*emit == EmitKind::SharedObject) {
    if (Error err =
            linkSharedObject(object->tempPath(), out->tempPath(), options.link))
      return err;
    return out->commit();
  }

  if (Error err =
          linkWasmModule(object->tempPath(), out->tempPath(), options.link))
    return err;
  SmallString<256> loaderPath(options.outputPath);
  sys::path::replace_extension(loaderPath, ".mjs");
  auto loader = PendingOutput::create(loaderPath);
  if (!loader)
    return loader.takeError();
  {
    raw_fd_ostream loaderOs(loader->fd(), /*shouldClose=*/false);
    loaderOs << renderWasmLoader(sys::path::filename(options.outputPath));
  }
  if (Error err = out->commit())
    return err;
  if (Error err = loader->commit()) {
    // A module without its loader is half an output: take it back.
    sys::fs::remove(options.outputPath);
    return err;
  }
  return Error::success();
}

} // namespace sparrow
