//===- PassRunner.cpp - Pass pipelines with driver diagnostics ------------===//

#include "lib/Compiler/PassRunner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

using namespace llvm;

namespace sparrow {

Error runPipeline(mlir::ModuleOp module, StringRef source,
                  function_ref<void(mlir::OpPassManager &)> build,
                  CompileReport *report, mlir::TimingScope *timing) {
  mlir::MLIRContext *ctx = module.getContext();
  std::string message;
  mlir::ScopedDiagnosticHandler handler(ctx, [&](mlir::Diagnostic &diag) {
    // Passes report to --report through remarks with a known prefix:
    // "fused <kind>", "kernel <choice>", "quantized int8: <figures>",
    // "smoothing: <what happened>".
    std::string str = diag.str();
    StringRef text = str;
    if (report && diag.getSeverity() == mlir::DiagnosticSeverity::Remark) {
      std::pair<StringRef, std::vector<CompileReport::Fusion> *> kinds[] = {
          {"fused ", &report->fusions},
          {"kernel ", &report->kernelChoices},
          {"quantized int8: ", &report->quantizedLayers},
          {"smoothing: ", &report->smoothedLayers}};
      for (auto [prefix, list] : kinds) {
        if (!text.consume_front(prefix))
          continue;
        auto name = dyn_cast<mlir::NameLoc>(diag.getLocation());
        list->push_back(
            {text.str(), name ? name.getName().str() : std::string()});
        break;
      }
    }
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error &&
        message.empty()) {
      std::string where;
      if (auto name = dyn_cast<mlir::NameLoc>(diag.getLocation()))
        where = "node '" + name.getName().str() + "': ";
      message = where + diag.str();
    }
    return mlir::success();
  });
  mlir::PassManager pm(ctx);
  // The IR is verified once per phase, not after every pass (a tenth of
  // MobileNet-v1's compile); sparrow-opt and the lit tests verify each.
  pm.enableVerifier(false);
  build(pm);
  if (timing)
    pm.enableTiming(*timing);
  if (failed(pm.run(module)) || failed(mlir::verify(module)))
    return createStringError(
        inconvertibleErrorCode(),
        source + ": " + (message.empty() ? "compilation failed" : message));
  return Error::success();
}

} // namespace sparrow
