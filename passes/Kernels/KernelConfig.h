//===- KernelConfig.h - What the kernels know of the target -----*- C++ -*-===//
//
// The one place that turns the module's #sparrow.target into kernel
// parameters: register tiles, which multiply-add and dot instructions
// exist, and the cost thresholds of the sparse kernels. Kernels ask this
// and never test the target themselves.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_KERNELCONFIG_H
#define SPARROW_PASSES_KERNELS_KERNELCONFIG_H

#include "dialects/Sparrow/SparrowDialect.h"

#include <cstdint>

namespace sparrow {

/// How the int8 kernels multiply pairs of i16 and sum them into i32 lanes.
enum class PairDot {
  Generic,      ///< widened multiplies and adds; LLVM finds pmaddwd on x86
  WasmDotI16x8, ///< wasm's i32x4.dot_i16x8_s, called as the intrinsic
};

/// Which instruction multiplies quads of bytes into i32 lanes, if any.
enum class QuadDot {
  None,
  X86Vpdpbusd, ///< x86 VNNI: u8 x s8 (AVX512-VNNI, AVX-VNNI)
  ArmSdot,     ///< AArch64 dotprod: s8 x s8
};

/// Kernel parameters for one target and element type (f32 or int8).
struct KernelConfig {
  /// Register tile: `rows` output channels x `vectors` SIMD vectors of
  /// `width` lanes; width 0 turns the vector kernels off.
  int64_t width = 4, rows = 4, vectors = 4;
  /// Rows of A per matmul tile (MatMul, Gemm over rows); 0: `rows`.
  int64_t matmulRows = 0;
  int64_t matmulTileRows() const { return matmulRows ? matmulRows : rows; }
  /// Pixel vectors per output-row step of the int8 direct (first-layer)
  /// kernel.
  int64_t directVectors = 4;
  /// Fused multiply-add (else mul + add, contractible with `contract`).
  bool fma = true, contract = false;
  /// Input channels per iteration of the pointwise kernels' inner loop.
  int64_t channelUnroll = 2;
  /// Dense window kernels loop over (input channel, tap) steps, one table
  /// lookup each, instead of unrolling a channel's taps in one iteration.
  bool tapSteps = false;
  /// Windows with more taps step them on every target: ViT's 16 x 16
  /// patchify conv unrolled was 7500 lines of LLVM IR in one loop body
  /// (seconds of SLP vectorizer time, no faster).
  int64_t maxUnrolledTaps = 9;
  /// The f32 pointwise kernel walks inputs larger than this in blocks of
  /// pixels of at most this many bytes, every row tile per block (0: none).
  int64_t pixelBlockBytes = 0;
  /// Constant weights packed so a step's `rows` weights are one vector.
  bool packWeights = false;
  /// Packed weights read as one vector whose lanes are broadcast (NEON
  /// multiplies by lane); false: one broadcast load per weight.
  bool weightLanes = true;
  PairDot pairDot = PairDot::Generic;
  QuadDot quadDot = QuadDot::None;
  /// Sparse kernels for constant weights with all-zero (rows x 1) blocks.
  bool sparse = true;
  /// Share of the dense kernel's steps a sparse f32 kernel must skip.
  double minSkipped = 0.2;
  /// Same for a MatMul's constant B, whose sparse form transposes A and
  /// the result (MatMulKernel.cpp).
  double minSkippedMatMul = 0.2;
  /// Same for the int8 pair kernel against dense pairs (a sparse step costs
  /// about 1.25 dense ones on wasm32) and against dense quads.
  double minSkippedPairs = 0.25, minSkippedQuads = 0.75;
  /// Dense convs with at most this many input channels run as direct convs.
  int64_t maxDirectInputChannels = 4;

  /// The configuration for `elementType` (f32, or i8 for the int8 kernels)
  /// on `target`; a generic 128-bit SIMD machine with FMA when null.
  static KernelConfig get(TargetAttr target, mlir::Type elementType);
};

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_KERNELCONFIG_H
