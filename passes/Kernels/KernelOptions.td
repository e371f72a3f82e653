//===- KernelOptions.td - Kernel configuration overrides -*- tablegen -*-===//
//
// The module's #sparrow.target decides every kernel parameter
// (passes/Kernels/KernelConfig.cpp); these options, shared by the passes
// that choose and emit kernels, override one parameter each when given.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_KERNEL_OPTIONS_TD
#define SPARROW_KERNEL_OPTIONS_TD

include "mlir/Pass/PassBase.td"

defvar KernelOverrideOptions = [
  Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"4",
         "f32 lanes of the target's SIMD registers">,
  Option<"tileRows", "tile-rows", "int64_t", /*default=*/"4",
         "Output channels per register tile">,
  Option<"tileVectors", "tile-vectors", "int64_t", /*default=*/"4",
         "Pixel vectors per register tile">,
  Option<"int8TileVectors", "int8-tile-vectors", "int64_t", /*default=*/"0",
         "Pixel vectors per register tile of the int8 pointwise kernel "
         "(0: tile-vectors)">,
  Option<"useFma", "use-fma", "bool", /*default=*/"true",
         "Emit vector.fma (else mulf + addf)">,
  Option<"channelUnroll", "channel-unroll", "int64_t", /*default=*/"2",
         "Input channels per iteration of the pointwise kernels' inner loop">,
  Option<"pixelBlockBytes", "pixel-block-bytes", "int64_t", /*default=*/"0",
         "The f32 pointwise kernel walks inputs in blocks of pixels of at "
         "most this many bytes, all row tiles per block (0: no blocks)">,
  Option<"contractMulAdd", "contract-mul-add", "bool", /*default=*/"false",
         "Without use-fma: mark the mulf + addf pairs contractible "
         "(fastmath<contract>), so targets with an unfused-or-fused "
         "multiply-add (wasm relaxed SIMD) may use it">,
  Option<"sparseKernels", "sparse-kernels", "bool", /*default=*/"true",
         "Pointwise convs with constant weights skip the input channels "
         "whose weights are zero for a whole row tile (when enough of the "
         "tile-channel pairs are)">,
  Option<"packWeights", "pack-weights", "bool", /*default=*/"false",
         "Pack constant pointwise weights as [F / rows][C][rows] and load a "
         "step's weights as one vector (multiply by lane)">,
  Option<"weightLanes", "weight-lanes", "bool", /*default=*/"true",
         "Load a step's packed weights as one vector and take its lanes "
         "(NEON multiplies by lane); false: one broadcast load per weight "
         "(wasm's v128.load32_splat, no shuffles)">,
  Option<"tapSteps", "tap-steps", "bool", /*default=*/"false",
         "Dense window convs loop over (input channel, tap) steps read from "
         "a table of input offsets, instead of a channel's taps unrolled "
         "in one iteration (windows of more than 9 taps always step)">,
  Option<"wasmDot", "wasm-dot", "bool", /*default=*/"false",
         "int8 kernels call wasm's i32x4.dot_i16x8_s">,
  Option<"x86Vnni", "x86-vnni", "bool", /*default=*/"false",
         "The int8 pointwise kernel takes four channels per step with x86 "
         "VNNI's vpdpbusd (u8 x s8)">,
  Option<"armDot", "arm-dot", "bool", /*default=*/"false",
         "The int8 pointwise kernel takes four channels per step with "
         "AArch64's sdot (s8 x s8, the dotprod extension)">,
  Option<"kernels", "kernels", "bool", /*default=*/"true",
         "Use the generated vector kernels for pointwise and depthwise "
         "convs (else linalg.generic)">,
  Option<"report", "report", "bool", /*default=*/"false",
         "Emit a remark per kernel choice: the kernel, dense or sparse, and "
         "why">
];

#endif // SPARROW_KERNEL_OPTIONS_TD
