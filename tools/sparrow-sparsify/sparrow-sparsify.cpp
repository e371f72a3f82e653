//===- sparrow-sparsify.cpp - Prune (and rearrange) an ONNX model ---------===//
//
// in.onnx -> import -> graph passes (BN folded into convs) -> optionally
// sparrow-rearrange-network -> sparrow-sparsify -> out.onnx, plus a
// per-layer report (table on stdout, JSON file). With --detect, reports the
// patterns an already-pruned model fits (sparrow-detect-sparsity). A `.mlir`
// input (sparrow dialect) is parsed instead of imported, as sparrow-compile
// does, so any sparrow graph can be written as ONNX.
//
//===----------------------------------------------------------------------===//

#include "SparsityReport.h"

#include "lib/Compiler/Driver.h"
#include "lib/Compiler/Registration.h"
#include "lib/Export/OnnxExporter.h"
#include "lib/Import/OnnxImporter.h"
#include "passes/Pipelines.h"
#include "passes/Sparsity/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace sparrow;

static cl::OptionCategory category("sparrow-sparsify options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx|model.mlir>"),
                                      cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("Pruned ONNX model"),
                                       cl::value_desc("out.onnx"),
                                       cl::cat(category));
static cl::opt<double> sparsity("sparsity", cl::init(0.5),
                                cl::desc("Target fraction of zero weights"),
                                cl::cat(category));
static cl::opt<std::string>
    pattern("pattern", cl::init("4x1"),
            cl::desc("Gx1 (G = 1, 2, 4, 8, 16) or kernel"), cl::cat(category));
static cl::opt<bool> rearrange(
    "rearrange",
    cl::desc("Reorder channels across the network before pruning so the "
             "pattern keeps more of the important weights"),
    cl::cat(category));
static cl::opt<bool> rearrangeOnly(
    "rearrange-only",
    cl::desc("Write the rearranged model without pruning it (to prune while "
             "fine-tuning elsewhere); the report gives the norms the pattern "
             "would keep"),
    cl::cat(category));
static cl::opt<std::string>
    threshold("threshold", cl::init("per-layer"),
              cl::desc("per-layer (every layer at the target) or global"),
              cl::cat(category));
static cl::opt<std::string> overrides(
    "overrides",
    cl::desc("JSON file of per-layer settings: {\"layer\": "
             "{\"sparsity\": 0.3, \"pattern\": \"2x1\"} or \"skip\"}"),
    cl::cat(category));
static cl::list<std::string>
    skip("skip", cl::CommaSeparated,
         cl::desc("Layers (node names) to leave dense"), cl::cat(category));
static cl::opt<bool> pruneFirstConv("prune-first-conv",
                                    cl::desc("Also prune the first conv"),
                                    cl::cat(category));
static cl::opt<bool> pruneDepthwise("prune-depthwise",
                                    cl::desc("Also prune depthwise convs"),
                                    cl::cat(category));
static cl::opt<bool>
    pruneClassifier("prune-classifier",
                    cl::desc("Also prune the last gemm/matmul"),
                    cl::cat(category));
static cl::opt<std::string>
    reportPath("report",
               cl::desc("Where to write the JSON report (default: the output "
                        "path with .report.json)"),
               cl::cat(category));
static cl::opt<bool> detect("detect",
                            cl::desc("Only report the patterns the model's "
                                     "zeros already fit"),
                            cl::cat(category));
static cl::list<std::string>
    inputShapes("input-shape", cl::desc("Static shape of a dynamic input"),
                cl::value_desc("name:shape"), cl::cat(category));

static int fail(const Twine &msg) {
  WithColor::error(errs(), "sparrow-sparsify") << msg << "\n";
  return 1;
}

/// Runs `build` on `module`; the first error diagnostic becomes the message.
static Error runPasses(mlir::ModuleOp module,
                       function_ref<void(mlir::OpPassManager &)> build) {
  std::string message;
  mlir::ScopedDiagnosticHandler handler(
      module.getContext(), [&](mlir::Diagnostic &diag) {
        if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
            message.empty())
          message = diag.str();
        return mlir::success(); // remarks are read from the IR instead
      });
  mlir::PassManager pm(module.getContext());
  build(pm);
  if (failed(pm.run(module)))
    return createStringError(inconvertibleErrorCode(),
                             inputPath + ": " +
                                 (message.empty() ? "pass failed" : message));
  return Error::success();
}

static void addSparsify(mlir::OpPassManager &pm) {
  SparsifyOptions o;
  o.sparsity = sparsity;
  o.pattern = pattern;
  o.threshold = threshold;
  o.overrides = overrides;
  o.skip.assign(skip.begin(), skip.end());
  o.skipFirstConv = !pruneFirstConv;
  o.skipDepthwise = !pruneDepthwise;
  o.skipClassifier = !pruneClassifier;
  pm.nest<mlir::func::FuncOp>().addPass(createSparsify(o));
}

static Error writeJson(StringRef path, const json::Value &value) {
  auto temp = sys::fs::TempFile::create(path + "-%%%%%%.tmp");
  if (!temp)
    return createStringError(inconvertibleErrorCode(),
                             "cannot write '" + path +
                                 "': " + toString(temp.takeError()));
  {
    raw_fd_ostream os(temp->FD, false);
    os << formatv("{0:2}", value) << "\n";
  }
  return temp->keep(path);
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Sparrow: prune an ONNX model with fine-grained group sparsity "
      "(optionally after whole-network channel rearrangement) and write it "
      "back as ONNX with a per-layer report\n");
  if (!detect && outputPath.empty())
    return fail("-o out.onnx is required (or --detect)");
  if (!(sparsity >= 0.0 && sparsity < 1.0))
    return fail("--sparsity must be in [0, 1), got " +
                std::to_string(sparsity.getValue()));

  mlir::DialectRegistry registry;
  registerAllDialects(registry);
  mlir::MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  ImportOptions importOptions;
  for (const std::string &spec : inputShapes)
    if (Error err = parseInputShape(spec, importOptions))
      return fail(toString(std::move(err)));
  auto imported = loadModelFile(inputPath, importOptions, &ctx);
  if (!imported)
    return fail(toString(imported.takeError()));
  mlir::ModuleOp original = **imported;
  if (Error err = runPasses(original, [](mlir::OpPassManager &pm) {
        GraphOptions graph;
        graph.exportable = true;
        buildGraphPipeline(pm, graph);
      }))
    return fail(toString(std::move(err)));

  if (detect) {
    if (Error err = runPasses(original, [](mlir::OpPassManager &pm) {
          pm.nest<mlir::func::FuncOp>().addPass(createDetectSparsity());
        }))
      return fail(toString(std::move(err)));
    std::vector<LayerReport> rows = describeLayers(original);
    printReportTable(rows, outs());
    if (!reportPath.empty())
      if (Error err = writeJson(reportPath, reportToJson(rows)))
        return fail(toString(std::move(err)));
    return 0;
  }

  // Without rearrangement: the baseline every layer is compared against.
  mlir::OwningOpRef<mlir::ModuleOp> baseline = original.clone();
  if (Error err = runPasses(*baseline, addSparsify))
    return fail(toString(std::move(err)));
  std::vector<double> baselineKept = keptNorms(original, *baseline);

  mlir::OwningOpRef<mlir::ModuleOp> result = std::move(baseline);
  // With --rearrange-only the report still describes the pruning the
  // rearranged model is prepared for, but the unpruned model is written.
  mlir::OwningOpRef<mlir::ModuleOp> written;
  std::vector<double> kept = baselineKept;
  if (rearrange || rearrangeOnly) {
    mlir::OwningOpRef<mlir::ModuleOp> rearranged = original.clone();
    if (Error err = runPasses(*rearranged, [](mlir::OpPassManager &pm) {
          RearrangeNetworkOptions o;
          o.sparsity = sparsity;
          o.pattern = pattern == "kernel" ? "1x1" : pattern.getValue();
          o.skipFirstConv = !pruneFirstConv;
          pm.nest<mlir::func::FuncOp>().addPass(createRearrangeNetwork(o));
        }))
      return fail(toString(std::move(err)));
    mlir::OwningOpRef<mlir::ModuleOp> permuted = rearranged->clone();
    if (Error err = runPasses(*rearranged, addSparsify))
      return fail(toString(std::move(err)));
    kept = keptNorms(*permuted, *rearranged);
    result = std::move(rearranged);
    if (rearrangeOnly)
      written = std::move(permuted);
  }

  std::vector<LayerReport> rows = describeLayers(*result);
  for (size_t i = 0; i < rows.size() && i < kept.size(); ++i) {
    rows[i].kept = kept[i];
    if (rearrange || rearrangeOnly)
      rows[i].keptBaseline = baselineKept[i];
  }
  if (Error err = exportOnnx(written ? *written : *result, outputPath))
    return fail(toString(std::move(err)));
  std::string json = reportPath;
  if (json.empty()) {
    SmallString<256> p(outputPath);
    sys::path::replace_extension(p, ".report.json");
    json = p.str().str();
  }
  if (Error err = writeJson(json, reportToJson(rows, bool(written))))
    return fail(toString(std::move(err)));
  printReportTable(rows, outs());
  if (written)
    outs() << "rearranged only: the written model is not pruned; the table "
              "shows the pruning its channel order is prepared for\n";
  outs() << "wrote " << outputPath << " and " << json << "\n";
  return 0;
}
