//===- sparrow-compile.cpp - Compile an ONNX model for a target -----------===//

#include "lib/Compiler/Driver.h"

#include "mlir/IR/AsmState.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <cstdlib>

using namespace llvm;
using namespace sparrow;

static cl::OptionCategory category("sparrow-compile options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string> outputPath("o",
                                       cl::desc("Output file ('-' for stdout "
                                                "with text outputs)"),
                                       cl::value_desc("path"),
                                       cl::cat(category));
static cl::opt<std::string>
    target("target", cl::init("host"),
           cl::desc("Target: host, aarch64 (NEON) or wasm32 (SIMD128)"),
           cl::cat(category));
static cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("CPU to compile for, by LLVM's name (default: cortex-a55 "
                  "on aarch64, the machine's own on host; see "
                  "--print-targets)"),
         cl::value_desc("name"), cl::cat(category));
static cl::opt<std::string>
    mattr("mattr",
          cl::desc("Features to add or remove, by LLVM's names, e.g. "
                   "+relaxed-simd or -dotprod (see --print-targets)"),
          cl::value_desc("+f1,-f2"), cl::cat(category));
static cl::opt<bool>
    printTargetsFlag("print-targets",
                     cl::desc("List the targets, their CPUs and features, "
                              "and exit"),
                     cl::cat(category));
static cl::opt<std::string>
    emit("emit",
         cl::desc("Output kind: mlir, mlir-llvm (the llvm dialect after "
                  "Sparrow's lowering), llvm, asm, obj, so, wasm or npm "
                  "(wasm32: an npm package in the folder -o names) "
                  "(default: from the extension of -o)"),
         cl::cat(category));
static cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Static shape of an input with dynamic dims, e.g. "
                         "input:1x3x224x224 (repeatable)"),
                cl::value_desc("name:shape"), cl::cat(category));
static cl::opt<bool> report(
    "report",
    cl::desc("Print the fusions that fired (kind, ONNX node) and the number "
             "of kernels with and without fusion"),
    cl::cat(category));
static cl::opt<bool> timeReport(
    "time-report",
    cl::desc("Print to stderr the wall time of each phase (import, graph "
             "passes, lowering, LLVM, machine code, link) with every pass's "
             "time under its phase"),
    cl::cat(category));
static cl::opt<bool> noFusion(
    "no-fusion",
    cl::desc("Skip the fusion passes (every op its own kernel), to measure "
             "what fusion brings"),
    cl::cat(category));
static cl::opt<bool>
    importOnly("import-only",
               cl::desc("With --emit=mlir: print the IR as imported, before "
                        "any graph pass"),
               cl::cat(category));
static cl::opt<std::string> wasmRelaxedSimd(
    "wasm-relaxed-simd", cl::ValueOptional, cl::value_desc("auto|off"),
    cl::desc("wasm32: same as --mattr=+relaxed-simd: use relaxed SIMD "
             "(f32x4.relaxed_madd); the module then "
             "needs a runtime with relaxed SIMD (Chrome 114+, Firefox 122+, "
             "node 22+ or node 20 with --experimental-wasm-relaxed-simd). "
             "=auto: also write MODEL.relaxed.wasm beside the baseline "
             "module; the loader picks it where the engine has relaxed SIMD "
             "(the default of --emit=npm); =off: the baseline module only"),
    cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::init(3), cl::Prefix,
                                  cl::desc("LLVM optimisation level 0-3"),
                                  cl::cat(category));
static cl::opt<std::string> ldLld("ld-lld", cl::desc("Path to ld.lld"),
                                  cl::cat(category));
static cl::opt<std::string> wasmLd("wasm-ld", cl::desc("Path to wasm-ld"),
                                   cl::cat(category));
static cl::opt<std::string>
    runtimeDir("runtime-dir",
               cl::desc("Directory of the built runtimes (default: "
                        "$SPARROW_RUNTIME_DIR, else ../lib/sparrow next to "
                        "this tool)"),
               cl::cat(category));

static cl::opt<std::string>
    quantize("quantize",
             cl::desc("Post-training quantization: int8 (per-channel int8 "
                      "weights, per-tensor 8-bit activations calibrated on "
                      "sample inputs)"),
             cl::cat(category));
static cl::opt<std::string>
    calibration("calibration",
                cl::desc("Directory of calibration samples: one subdirectory "
                         "per sample with a .npy/.pb file per input, or one "
                         "file per sample for one-input models (default: "
                         "seeded random inputs)"),
                cl::value_desc("dir"), cl::cat(category));
static cl::opt<unsigned> calibrationSamples(
    "calibration-samples",
    cl::desc("Samples to calibrate on (default: every sample of "
             "--calibration, or 32 seeded inputs)"),
    cl::cat(category));
static cl::opt<std::string> calibrationMethod(
    "calibration-method", cl::init("minmax"),
    cl::desc("Range observer: minmax, or percentile (cuts the tails beyond "
             "--calibration-percentile per run)"),
    cl::cat(category));
static cl::opt<double> calibrationPercentile(
    "calibration-percentile", cl::init(99.99),
    cl::desc("Percentile kept by --calibration-method=percentile (50-100)"),
    cl::cat(category));
static cl::opt<std::string>
    quantizeActivations("quantize-activations", cl::init("u8"),
                        cl::desc("Storage of quantized activations: u8 or i8"),
                        cl::cat(category));
static cl::list<std::string>
    quantizeSkip("quantize-skip", cl::CommaSeparated,
                 cl::desc("ONNX node names of layers to keep in f32"),
                 cl::value_desc("name,..."), cl::cat(category));
static cl::opt<double> quantizeSmooth(
    "quantize-smooth",
    cl::desc("Before quantizing, move per-channel activation scale into the "
             "next convs' weights (SmoothQuant) with this migration "
             "strength, 0-1 (0.5 is SmoothQuant's default)"),
    cl::value_desc("alpha"), cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "sparrow-compile") << msg << "\n";
  return 1;
}

/// The --quantize and --calibration* flags, checked.
static Error parseQuantization(CompileOptions &options) {
  auto error = [](const Twine &msg) {
    return createStringError(inconvertibleErrorCode(), msg);
  };
  bool calibrationFlags =
      !calibration.empty() || calibrationSamples.getNumOccurrences() ||
      calibrationMethod.getNumOccurrences() ||
      calibrationPercentile.getNumOccurrences() ||
      quantizeActivations.getNumOccurrences() || !quantizeSkip.empty() ||
      quantizeSmooth.getNumOccurrences();
  if (quantize.empty()) {
    if (calibrationFlags)
      return error("--calibration* and --quantize-* need --quantize=int8");
    return Error::success();
  }
  if (quantize != "int8")
    return error("unknown --quantize '" + quantize + "' (expected int8)");
  QuantizationConfig config;
  if (quantizeActivations != "u8" && quantizeActivations != "i8")
    return error("unknown --quantize-activations '" + quantizeActivations +
                 "' (expected u8 or i8)");
  config.activationType = quantizeActivations;
  config.skip.assign(quantizeSkip.begin(), quantizeSkip.end());
  if (quantizeSmooth.getNumOccurrences()) {
    if (!(quantizeSmooth >= 0 && quantizeSmooth <= 1))
      return error("--quantize-smooth must be from 0 to 1");
    config.smoothAlpha = quantizeSmooth;
  }
  CalibrationOptions &cal = config.calibration;
  cal.dir = calibration;
  if (calibrationSamples.getNumOccurrences() && calibrationSamples == 0)
    return error("--calibration-samples must be at least 1");
  cal.samples = calibrationSamples;
  if (calibrationMethod == "minmax")
    cal.method = CalibrationMethod::MinMax;
  else if (calibrationMethod == "percentile")
    cal.method = CalibrationMethod::Percentile;
  else
    return error("unknown --calibration-method '" + calibrationMethod +
                 "' (expected minmax or percentile)");
  if (!(calibrationPercentile >= 50 && calibrationPercentile <= 100))
    return error("--calibration-percentile must be from 50 to 100");
  cal.percentile = calibrationPercentile;
  options.quantize = std::move(config);
  return Error::success();
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // --mlir-print-debuginfo and friends for --emit=mlir|mlir-llvm (hidden
  // from --help with LLVM's other options).
  mlir::registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Sparrow: compile an ONNX model into an AArch64 or host shared object "
      "or a WebAssembly module\n");

  if (printTargetsFlag) {
    printTargets(outs());
    return 0;
  }
  if (inputPath.empty())
    return fail("no input model given (sparrow-compile model.onnx -o out)");
  if (outputPath.empty())
    return fail("no output given: add -o <path>");
  CompileOptions options;
  options.inputPath = inputPath;
  options.outputPath = outputPath;
  std::optional<TargetKind> kind = parseTargetKind(target);
  if (!kind)
    return fail("unknown --target '" + target +
                "' (expected host, aarch64 or wasm32)");
  options.target = *kind;
  options.cpu = mcpu;
  options.features = mattr;
  if (wasmRelaxedSimd.getNumOccurrences()) {
    if (*kind != TargetKind::Wasm32)
      return fail("--wasm-relaxed-simd needs --target=wasm32");
    if (wasmRelaxedSimd == "auto")
      options.wasmRelaxedVariant = RelaxedSimdVariant::Auto;
    else if (wasmRelaxedSimd == "off")
      options.wasmRelaxedVariant = RelaxedSimdVariant::Off;
    else if (wasmRelaxedSimd.empty())
      options.features +=
          options.features.empty() ? "+relaxed-simd" : ",+relaxed-simd";
    else
      return fail("unknown --wasm-relaxed-simd value '" + wasmRelaxedSimd +
                  "' (expected auto or off, or no value)");
  }
  if (!emit.empty()) {
    options.emit = parseEmitKind(emit);
    if (!options.emit)
      return fail(
          "unknown --emit '" + emit +
          "' (expected mlir, mlir-llvm, llvm, asm, obj, so, wasm or npm)");
  }
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + " is not a level (0 to 3)");
  options.optLevel = optLevel;
  options.importOnly = importOnly;
  options.graph.fusion = !noFusion;
  if (Error err = parseQuantization(options))
    return fail(toString(std::move(err)));
  options.import.note = [](StringRef msg) {
    WithColor::note(errs(), "sparrow-compile") << msg << "\n";
  };
  for (const std::string &spec : inputShapes)
    if (Error err = parseInputShape(spec, options.import))
      return fail(toString(std::move(err)));
  options.link.ldLld = ldLld;
  options.link.wasmLd = wasmLd;
  options.link.runtimeDir = runtimeDir;
  if (options.link.runtimeDir.empty())
    if (const char *env = std::getenv("SPARROW_RUNTIME_DIR"))
      options.link.runtimeDir = env;
  if (options.link.runtimeDir.empty()) {
    std::string exe = sys::fs::getMainExecutable(argv[0], (void *)&fail);
    SmallString<256> dir(sys::path::parent_path(sys::path::parent_path(exe)));
    sys::path::append(dir, "lib", "sparrow");
    options.link.runtimeDir = dir.str().str();
  }

  CompileReport compileReport;
  if (report)
    options.report = &compileReport;
  options.timeReport = timeReport;
  if (Error err = compileModel(options))
    return fail(toString(std::move(err)));
  // The report goes to stdout unless the compiled output does.
  if (report)
    compileReport.print(outputPath == "-" ? errs() : outs());
  return 0;
}
