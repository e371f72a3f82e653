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

struct LoweringOptions {
  /// The target has no fused multiply-add instruction (wasm32).
  bool splitFma = false;
  /// Register tile of the pointwise-conv kernels (see sparrow-lower-to-linalg).
  int64_t vectorWidth = 4, tileRows = 4, tileVectors = 4;
  /// Pixel vectors of the int8 pointwise tile (0: tileVectors).
  int64_t int8TileVectors = 0;
  /// Input channels per iteration of the pointwise kernels' inner loop.
  int64_t channelUnroll = 2;
  /// Pixel blocks of the f32 pointwise kernel, in input bytes (0: none).
  int64_t pixelBlockBytes = 0;
  /// With splitFma: the kernels' and approximations' mul + add pairs may
  /// fuse (fastmath contract), e.g. into wasm relaxed SIMD's relaxed_madd.
  bool contractMulAdd = false;
  /// Pack pointwise weights for lane-indexed multiply-adds (AArch64).
  bool packWeights = false;
  /// Packed weights are read as vectors whose lanes are broadcast (NEON);
  /// false: one broadcast load per weight (wasm32).
  bool weightLanes = true;
  /// int8 kernels use wasm's i32x4.dot_i16x8_s.
  bool wasmDot = false;
  /// The int8 pointwise kernel uses x86 VNNI (vpdpbusd).
  bool x86Vnni = false;
  /// The int8 pointwise kernel uses AArch64's sdot (dotprod).
  bool armDot = false;
  /// Remarks on the kernel chosen per pointwise conv (--report).
  bool report = false;
  /// Fuse chains of elementwise linalg.generic ops into one loop nest.
  bool fuseElementwise = true;
  /// Hand the kernels' parallel loops to the runtime's thread pool (.so
  /// targets; the graph function gets a dispatcher argument).
  bool parallel = false;
};

/// sparrow ops -> linalg -> buffers in one arena -> loops -> llvm dialect.
void buildLoweringPipeline(mlir::OpPassManager &pm,
                           const LoweringOptions &options = {});

/// Registers `sparrow-graph-opt` and `sparrow-lower-to-llvm` with the pass
/// pipeline registry, so sparrow-opt can run each phase alone.
void registerPipelines();

} // namespace sparrow

#endif // SPARROW_PASSES_PIPELINES_H
