//===- Pipelines.cpp - The named phases of the compiler -------------------===//

#include "passes/Pipelines.h"
#include "passes/Fusion/Passes.h"
#include "passes/Lowering/Passes.h"
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

void buildLoweringPipeline(OpPassManager &pm, const LoweringOptions &options) {
  LowerToLinalgOptions toLinalg;
  toLinalg.vectorWidth = options.vectorWidth;
  toLinalg.tileRows = options.tileRows;
  toLinalg.tileVectors = options.tileVectors;
  toLinalg.int8TileVectors = options.int8TileVectors;
  toLinalg.channelUnroll = options.channelUnroll;
  toLinalg.pixelBlockBytes = options.pixelBlockBytes;
  toLinalg.useFma = !options.splitFma;
  toLinalg.contractMulAdd = options.contractMulAdd;
  toLinalg.packWeights = options.packWeights;
  toLinalg.weightLanes = options.weightLanes;
  toLinalg.wasmDot = options.wasmDot;
  toLinalg.x86Vnni = options.x86Vnni;
  toLinalg.armDot = options.armDot;
  toLinalg.report = options.report;
  pm.nest<func::FuncOp>().addPass(createLowerToLinalg(toLinalg));
  pm.addPass(createCanonicalizerPass());
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
  pm.addPass(createCanonicalizerPass());
  pm.nest<func::FuncOp>().addPass(createPlanMemory());
  pm.nest<func::FuncOp>().addPass(createLowerCopies());

  if (options.parallel) {
    pm.nest<func::FuncOp>().addPass(createConvertLinalgToParallelLoopsPass());
    pm.addPass(createParallelizeLoops());
  } else {
    pm.nest<func::FuncOp>().addPass(createConvertLinalgToLoopsPass());
  }
  pm.addPass(createConvertVectorToSCFPass());
  ExpandMathOptions expandMath;
  expandMath.expandFma = options.splitFma;
  expandMath.contract = options.contractMulAdd;
  pm.addPass(createExpandMath(expandMath));
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
  pm.addPass(createCanonicalizerPass());
}

namespace {
struct LowerToLLVMPipelineOptions
    : PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc(
          "Fuse chains of elementwise loops (sparrow-fuse-elementwise)"),
      llvm::cl::init(true)};
  Option<bool> splitFma{
      *this, "split-fma",
      llvm::cl::desc("The target has no fused multiply-add (wasm32)"),
      llvm::cl::init(false)};
  Option<bool> packWeights{
      *this, "pack-weights",
      llvm::cl::desc("Pack pointwise weights for lane-indexed multiply-adds"),
      llvm::cl::init(false)};
  Option<bool> wasmDot{
      *this, "wasm-dot",
      llvm::cl::desc("int8 kernels call wasm's i32x4.dot_i16x8_s"),
      llvm::cl::init(false)};
  Option<bool> x86Vnni{
      *this, "x86-vnni",
      llvm::cl::desc("The int8 pointwise kernel uses x86 VNNI (vpdpbusd)"),
      llvm::cl::init(false)};
  Option<bool> armDot{
      *this, "arm-dot",
      llvm::cl::desc("The int8 pointwise kernel uses AArch64's sdot"),
      llvm::cl::init(false)};
  Option<int64_t> int8TileVectors{
      *this, "int8-tile-vectors",
      llvm::cl::desc("Pixel vectors per int8 pointwise tile (0: tile-vectors)"),
      llvm::cl::init(0)};
  Option<int64_t> vectorWidth{*this, "vector-width",
                              llvm::cl::desc("f32 lanes of a SIMD register"),
                              llvm::cl::init(4)};
  Option<int64_t> tileRows{*this, "tile-rows",
                           llvm::cl::desc("Output channels per register tile"),
                           llvm::cl::init(4)};
  Option<int64_t> tileVectors{*this, "tile-vectors",
                              llvm::cl::desc("Pixel vectors per register tile"),
                              llvm::cl::init(4)};
  Option<bool> weightLanes{
      *this, "weight-lanes",
      llvm::cl::desc("Read packed weights as vectors and broadcast their "
                     "lanes (false: one broadcast load per weight)"),
      llvm::cl::init(true)};
  Option<int64_t> pixelBlockBytes{
      *this, "pixel-block-bytes",
      llvm::cl::desc("Pixel blocks of the f32 pointwise kernel, in input "
                     "bytes (0: none)"),
      llvm::cl::init(0)};
  Option<bool> parallel{
      *this, "parallel",
      llvm::cl::desc("Split the kernels' parallel loops across the runtime's "
                     "threads (sparrow-parallelize-loops)"),
      llvm::cl::init(false)};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<>("sparrow-graph-opt",
                             "Graph-level clean-ups and fusions",
                             [](OpPassManager &pm) { buildGraphPipeline(pm); });
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "sparrow-lower-to-llvm",
      "Lower sparrow ops to the llvm dialect with one activation arena",
      [](OpPassManager &pm, const LowerToLLVMPipelineOptions &o) {
        LoweringOptions options;
        options.fuseElementwise = o.fuseElementwise;
        options.parallel = o.parallel;
        options.splitFma = o.splitFma;
        options.packWeights = o.packWeights;
        options.wasmDot = o.wasmDot;
        options.x86Vnni = o.x86Vnni;
        options.armDot = o.armDot;
        options.int8TileVectors = o.int8TileVectors;
        options.vectorWidth = o.vectorWidth;
        options.tileRows = o.tileRows;
        options.tileVectors = o.tileVectors;
        options.pixelBlockBytes = o.pixelBlockBytes;
        options.weightLanes = o.weightLanes;
        buildLoweringPipeline(pm, options);
      });
}

} // namespace sparrow
