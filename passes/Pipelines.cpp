//===- Pipelines.cpp - The named phases of the compiler -------------------===//

#include "passes/Pipelines.h"
#include "passes/Conversion/Passes.h"
#include "passes/Fusion/Passes.h"
#include "passes/Kernels/Passes.h"
#include "passes/Memory/Passes.h"
#include "passes/Parallel/Passes.h"
#include "passes/Quantization/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace sparrow {

/// Adds a fusion pass whose options struct has a `report` flag.
template <typename Options>
static void addFusion(OpPassManager &fpm,
                      std::unique_ptr<Pass> (*create)(Options), bool report) {
  Options options;
  options.report = report;
  fpm.addPass(create(options));
}

void buildGraphPipeline(OpPassManager &pm, const GraphOptions &options) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  fpm.addPass(createCanonicalizerPass());
  // QDQ layers become integer kernels before anything folds their weights
  // to f32; exportable graphs only get the fold.
  FuseQuantizedOptions quantized;
  quantized.foldOnly = !options.fusion || options.exportable;
  quantized.report = options.report;
  fpm.addPass(createFuseQuantized(quantized));
  if (options.fusion) {
    // With `exportable` only the rewrites ONNX can express run.
    bool report = options.report, all = !options.exportable;
    if (all)
      addFusion(fpm, createSimplifyLayout, report);
    addFusion(fpm, createRecognizeActivations, report);
    if (all)
      addFusion(fpm, createRecognizeLayerNorm, report);
    addFusion(fpm, createFoldBatchNorm, report);
    if (all) {
      addFusion(fpm, createCollapseLinear, report);
      if (!options.quantizable)
        addFusion(fpm, createFuseResidualAdd, report);
    }
    addFusion(fpm, createFuseActivations, report);
    if (all)
      addFusion(fpm, createFuseSqueezeExcite, report);
    fpm.addPass(createCanonicalizerPass());
  }
  fpm.addPass(createCSEPass());
}

/// A canonicalizer without block merging: on kernels' loop nests the
/// aggressive region simplification (identical-block merging, region DCE)
/// was a tenth of MobileNet-v1's compile and LLVM merges blocks itself.
static std::unique_ptr<Pass> createLightCanonicalizer() {
  GreedyRewriteConfig config;
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Normal);
  return createCanonicalizerPass(config);
}

void buildLoweringPipeline(OpPassManager &pm, const LoweringOptions &options) {
  // Options given to a kernel pass override the target, so only `report`
  // is set (an options struct would set every one).
  std::unique_ptr<Pass> select = createSelectKernels();
  if (options.report)
    (void)select->initializeOptions("report=true",
                                    [](const Twine &) { return failure(); });
  pm.nest<func::FuncOp>().addPass(std::move(select));
  pm.nest<func::FuncOp>().addPass(createLowerToLinalg());
  pm.addPass(createLightCanonicalizer());
  // Chains of elementwise generics (and an elementwise producer of a
  // reduction) become one loop nest; upstream's pass does it.
  if (options.fuseElementwise)
    pm.nest<func::FuncOp>().addPass(createFuseElementwise());
  pm.nest<func::FuncOp>().addPass(createFlattenConstants());

  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createLightCanonicalizer());
  pm.nest<func::FuncOp>().addPass(createPlanMemory());
  pm.nest<func::FuncOp>().addPass(createLowerCopies());

  // Loops the target runs on one thread stay scf.parallel until
  // scf-to-cf makes them plain loops.
  pm.nest<func::FuncOp>().addPass(createConvertLinalgToParallelLoopsPass());
  pm.addPass(createParallelizeLoops());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createExpandMath());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createLightCanonicalizer());
}

namespace {
struct LowerToLLVMPipelineOptions
    : PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc(
          "Fuse chains of elementwise loops (sparrow-fuse-elementwise)"),
      llvm::cl::init(true)};
  Option<bool> report{
      *this, "report",
      llvm::cl::desc("A remark per kernel choice (sparrow-select-kernels)"),
      llvm::cl::init(false)};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<>("sparrow-graph-opt",
                             "Graph-level clean-ups and fusions",
                             [](OpPassManager &pm) { buildGraphPipeline(pm); });
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "sparrow-lower-to-llvm",
      "Lower sparrow ops to the llvm dialect with one activation arena, for "
      "the module's #sparrow.target",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &o) {
        LoweringOptions options;
        options.fuseElementwise = o.fuseElementwise;
        options.report = o.report;
        buildLoweringPipeline(pm, options);
      });
}

} // namespace sparrow
