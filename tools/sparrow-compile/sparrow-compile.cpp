//===- sparrow-compile.cpp - Compile an ONNX model for a target -----------===//

#include "lib/Compiler/Driver.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

#include <cstdlib>

using namespace llvm;
using namespace sparrow;

static cl::OptionCategory category("sparrow-compile options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx>"),
                                      cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::Required,
                                       cl::desc("Output file ('-' for stdout "
                                                "with text outputs)"),
                                       cl::value_desc("path"),
                                       cl::cat(category));
static cl::opt<std::string>
    target("target", cl::init("host"),
           cl::desc("Target: host, aarch64 (NEON) or wasm32 (SIMD128)"),
           cl::cat(category));
static cl::opt<std::string>
    emit("emit",
         cl::desc("Output kind: mlir, llvm, asm, obj, so or wasm (default: "
                  "from the extension of -o)"),
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
static cl::opt<bool> wasmRelaxedSimd(
    "wasm-relaxed-simd",
    cl::desc("wasm32: use relaxed SIMD (f32x4.relaxed_madd); the module then "
             "needs a runtime with relaxed SIMD (Chrome 114+, Firefox 122+, "
             "node 22+ or node 20 with --experimental-wasm-relaxed-simd)"),
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

static int fail(const Twine &msg) {
  WithColor::error(errs(), "sparrow-compile") << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Sparrow: compile an ONNX model into an AArch64 or host shared object "
      "or a WebAssembly module\n");

  CompileOptions options;
  options.inputPath = inputPath;
  options.outputPath = outputPath;
  std::optional<TargetKind> kind = parseTargetKind(target);
  if (!kind)
    return fail("unknown --target '" + target +
                "' (expected host, aarch64 or wasm32)");
  options.target = *kind;
  if (!emit.empty()) {
    options.emit = parseEmitKind(emit);
    if (!options.emit)
      return fail("unknown --emit '" + emit +
                  "' (expected mlir, llvm, asm, obj, so or wasm)");
  }
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + " is not a level (0 to 3)");
  options.optLevel = optLevel;
  options.wasmRelaxedSimd = wasmRelaxedSimd;
  options.importOnly = importOnly;
  options.graph.fusion = !noFusion;
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
  if (Error err = compileModel(options))
    return fail(toString(std::move(err)));
  // The report goes to stdout unless the compiled output does.
  if (report)
    compileReport.print(outputPath == "-" ? errs() : outs());
  return 0;
}
