//===- Pipelines.h - The named phases of the compiler -----------*- C++ -*-===//

#ifndef SPARROW_PASSES_PIPELINES_H
#define SPARROW_PASSES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace sparrow {

struct GraphOptions {
  /// Run the fusion passes; without them only canonicalisation (constant
  /// and shape folding) and CSE run, each op becoming its own kernel.
  bool fusion = true;
  /// Fusion passes emit a remark for each rewrite (sparrow-compile --report).
  bool report = false;
  /// Only the fusions the ONNX exporter writes back as standard ops (BN
  /// folding, activations), for tools that write the graph as ONNX again:
  /// sparrow-sparsify's output stays the user's network, pruned.
  bool exportable = false;
  /// Leave conv + Add unfused so sparrow-quantize can still make each conv
  /// an integer kernel (the residual Add stays f32).
  bool quantizable = false;
};

/// Graph-level clean-ups and fusions on sparrow ops (function-preserving).
void buildGraphPipeline(mlir::OpPassManager &pm,
                        const GraphOptions &options = {});

/// What the lowering does apart from the target: every kernel parameter
/// comes from the module's #sparrow.target (passes/Kernels/KernelConfig.cpp).
struct LoweringOptions {
  /// Remarks on the kernel chosen per conv and Gemm (--report).
  bool report = false;
  /// Fuse chains of elementwise linalg.generic ops into one loop nest.
  bool fuseElementwise = true;
};

/// sparrow ops -> kernels and linalg -> buffers in one arena -> loops (split
/// across the runtime's threads where the target has them) -> llvm dialect.
void buildLoweringPipeline(mlir::OpPassManager &pm,
                           const LoweringOptions &options = {});

/// Registers `sparrow-graph-opt` and `sparrow-lower-to-llvm` with the pass
/// pipeline registry, so sparrow-opt can run each phase alone.
void registerPipelines();

} // namespace sparrow

#endif // SPARROW_PASSES_PIPELINES_H
