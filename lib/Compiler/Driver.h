//===- Driver.h - ONNX file in, compiled model out --------------*- C++ -*-===//

#ifndef SPARROW_LIB_COMPILER_DRIVER_H
#define SPARROW_LIB_COMPILER_DRIVER_H

#include "lib/Compiler/Calibration.h"
#include "lib/Compiler/CompileReport.h"
#include "lib/Import/OnnxImporter.h"
#include "lib/Target/Linker.h"
#include "lib/Target/TargetInfo.h"
#include "passes/Pipelines.h"

#include <optional>
#include <string>

namespace sparrow {

/// mlir: the sparrow graph after the graph passes; mlir-llvm: the module in
/// the llvm dialect after the lowering pipeline (what sparrow-opt replays).
enum class EmitKind {
  MLIR,
  LLVMDialect,
  LLVM,
  Asm,
  Obj,
  SharedObject,
  Wasm,
  Npm
};

std::optional<EmitKind> parseEmitKind(llvm::StringRef name);
/// The kind an output path implies by its extension.
std::optional<EmitKind> emitKindForPath(llvm::StringRef path);

/// Post-training int8 quantization (sparrow-compile --quantize=int8).
struct QuantizationConfig {
  std::string activationType = "u8"; ///< u8 or i8
  std::vector<std::string> skip;     ///< ONNX node names kept in f32
  /// SmoothQuant migration strength; unset: no smoothing.
  std::optional<double> smoothAlpha;
  CalibrationOptions calibration;
};

/// Default: only for --emit=npm (web packages, where engines with relaxed
/// SIMD run it faster); Auto: also for .wasm outputs; Off: never.
enum class RelaxedSimdVariant { Default, Auto, Off };

struct CompileOptions {
  std::string inputPath;
  std::string outputPath;
  TargetKind target = TargetKind::Host;
  std::optional<EmitKind> emit; ///< from the output extension when unset
  unsigned optLevel = 3;
  /// LLVM CPU name (empty: the target's default) and feature string
  /// ("+f1,-f2"), as --mcpu and --mattr give them.
  std::string cpu, features;
  /// Print the IR right after import, before any pass (--emit=mlir only).
  bool importOnly = false;
  GraphOptions graph;
  /// Calibrate and quantize after the graph pipeline.
  std::optional<QuantizationConfig> quantize;
  /// When set, filled with the fusions that fired and the kernel counts.
  CompileReport *report = nullptr;
  /// Print each phase's wall time, and every pass's under its phase, to
  /// stderr at the end (--time-report).
  bool timeReport = false;
  /// wasm32: whether to also build a relaxed-SIMD module the loader picks
  /// where the engine supports it (--wasm-relaxed-simd=auto|off).
  RelaxedSimdVariant wasmRelaxedVariant = RelaxedSimdVariant::Default;
  ImportOptions import;
  LinkOptions link;
};

/// ONNX files are imported; `.mlir` files (sparrow dialect, e.g. written by
/// --emit=mlir and transformed by sparrow-opt) are parsed as they are. A
/// file that does neither is one error naming it.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
loadModelFile(llvm::StringRef path, const ImportOptions &options,
              mlir::MLIRContext *ctx);

/// Runs the whole pipeline. Nothing is left at the output path on failure:
/// results are written to a temporary file and renamed at the end. Text
/// outputs (mlir, llvm, asm) may go to stdout with the path "-".
llvm::Error compileModel(const CompileOptions &options);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_DRIVER_H
