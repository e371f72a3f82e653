//===- KernelConfig.cpp - Kernel parameters per target --------------------===//
//
// The figures here were measured on MobileNet-v1 (bench/run.sh) unless a
// comment says otherwise.
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/KernelConfig.h"

using namespace mlir;

namespace sparrow {

/// wasm32: 128-bit lanes and no FMA (relaxed SIMD's madd may or may not
/// fuse, so the pairs are only marked contractible).
static void configureWasm32(KernelConfig &c, TargetAttr target, bool int8) {
  c.fma = false;
  c.contract = target.hasFeature("relaxed-simd");
  // 4 x 2 f32 tiles are fastest in V8; int8 4 x 3 tiles 5% faster than
  // 4 x 2 (4 x 4 spill).
  c.vectors = int8 ? 3 : 2;
  c.directVectors = 2;
  // wasm32 splats a lane with one shuffle, so packed weights pay; but V8
  // puts lane broadcasts on the ports the multiply-adds need, and a
  // broadcast load per weight is a load only: 3% faster.
  c.packWeights = true;
  c.weightLanes = false;
  // Pixel blocks whose input stays in L2 while every row tile reads them:
  // the 56 x 56 layer 1.3x faster.
  c.pixelBlockBytes = 256 * 1024;
  // With a 3x3 window's taps unrolled, LLVM's wasm backend nests each
  // accumulator's nine multiply-adds into one expression, so every tap's
  // input and weight stays live across all accumulators and V8 spills
  // them: stepping one (channel, tap) pair per iteration runs ResNet-18
  // 1.7x faster.
  c.tapSteps = true;
  // LLVM does not form the dot from a widened u8 input's product sums.
  c.pairDot = PairDot::WasmDotI16x8;
}

/// AArch64: 32 x 128-bit registers; NEON multiplies by a lane of a weight
/// vector, so packed weights are one load per channel step.
static void configureAArch64(KernelConfig &c, TargetAttr target) {
  c.packWeights = true;
  // LLVM unrolls the channel loops itself and schedules them better than
  // our unrolled body: llvm-mca (Neoverse-N1) puts the sparse loop at 84%
  // of FMA-bound with 1, 76% with 2, 80% with 4.
  c.channelUnroll = 1;
  if (target.hasFeature("dotprod"))
    c.quadDot = QuadDot::ArmSdot;
}

/// x86-64 (the host): AVX-512 has 32 vector registers, AVX2 and SSE 16; x86
/// folds a broadcast load into its FMA and gains nothing from packing.
static void configureX86(KernelConfig &c, TargetAttr target, bool int8) {
  auto has = [&](StringRef f) { return target.hasFeature(f); };
  c.fma = has("fma");
  c.width = has("avx512f") ? 16 : has("avx2") ? 8 : 4;
  c.rows = has("avx512f") ? 8 : 4;
  // A matmul's rows are tokens, its K long: 6 x 2 tiles (12 accumulators,
  // 2 B vectors and one broadcast in AVX2's 16 registers) run ViT-Tiny's
  // MatMuls 15% faster than 4 x 2 (4 x 3, 3 x 4 and 8 x 1 no faster).
  if (!has("avx512f"))
    c.matmulRows = 6;
  // The sparse (transposed) MatMul gives up those tiles and adds two
  // transposing copies: ViT-Tiny at 50% group<4x1> ran no faster than
  // dense on AVX2 (wasm32: the MLP's Linear layers 1.7x faster).
  c.minSkippedMatMul = 0.7;
  // int8 with AVX2: 4 x 3 tiles beat 4 x 2 and 4 x 4.
  c.vectors = int8 ? 3 : 2;
  c.directVectors = 2;
  // 4 channels per step beat 2 on AVX-512.
  c.channelUnroll = 4;
  // vpdpbusd on 16 lanes needs AVX512-VNNI, on 8 and 4 (the kernels'
  // leftover vectors) its VL form or AVX-VNNI.
  bool narrow = has("avxvnni") || (has("avx512vnni") && has("avx512vl"));
  if (narrow && (c.width < 16 || has("avx512vnni")))
    c.quadDot = QuadDot::X86Vpdpbusd;
}

KernelConfig KernelConfig::get(TargetAttr target, Type elementType) {
  KernelConfig c;
  if (!target)
    return c;
  bool int8 = elementType && elementType.isInteger(8);
  if (target.isWasm32())
    configureWasm32(c, target, int8);
  else if (target.isAArch64())
    configureAArch64(c, target);
  else if (target.isX86())
    configureX86(c, target, int8);
  return c;
}

} // namespace sparrow
