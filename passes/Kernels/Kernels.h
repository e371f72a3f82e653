//===- Kernels.h - The hand-written vector kernels --------------*- C++ -*-===//
//
// Register-tiled kernels for the layers that dominate mobile networks,
// emitted as scf/vector ops on tensors with constant weights packed (and
// sparse tables built) at compile time. Each takes its parameters from a
// KernelConfig; sparrow-select-kernels decides which one an op gets.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_KERNELS_H
#define SPARROW_PASSES_KERNELS_KERNELS_H

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowDialect.h"
#include "passes/Kernels/KernelConfig.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace sparrow {

//===----------------------------------------------------------------------===//
// f32
//===----------------------------------------------------------------------===//

/// out[f, p] = act(bias[f] + sum_c W[f, c] * in[c, p] + residual[f, p])
/// (residual optional) for a 1x1, stride-1, unpadded, ungrouped conv with
/// batch 1, as register-tiled vector loops with `config`'s tile; `sparse`:
/// each row tile steps over its input channels with a non-zero weight only
/// (constant weights). Failure when the conv has another shape.
mlir::FailureOr<mlir::Value>
emitPointwiseConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                  mlir::Value filter, mlir::Value bias, mlir::Value residual,
                  ActivationAttr act, mlir::RankedTensorType resultType,
                  const KernelConfig &config, bool sparse);

/// A depthwise conv (multiplier 1), or a dense one over at most
/// `config.maxDirectInputChannels` input channels, with batch 1, as loops over
/// output channels and rows with `width`-pixel vectors; failure for other
/// shapes.
mlir::FailureOr<mlir::Value>
emitDirectConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
               mlir::Value filter, mlir::Value bias,
               llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
               llvm::ArrayRef<int64_t> dilations, ActivationAttr act,
               mlir::RankedTensorType resultType, const KernelConfig &config);

/// Where a KxK conv's window conv (emitWindowConv) reads its taps: the
/// padded input split into stride phases of `height` x `width` planes, and
/// each tap's offset from an output position in a channel's row of planes.
struct WindowLayout {
  int64_t strideH = 1, strideW = 1, height = 0, width = 0, planeSize = 0;
  /// Output positions computed: whole tiles covering the rows of `width`.
  int64_t positions = 0;
  llvm::SmallVector<int64_t> taps;
  static WindowLayout
  get(llvm::ArrayRef<int64_t> in, llvm::ArrayRef<int64_t> filter,
      llvm::ArrayRef<int64_t> out, llvm::ArrayRef<int64_t> strides,
      llvm::ArrayRef<int64_t> pads, llvm::ArrayRef<int64_t> dilations,
      int64_t positionStep);
};

/// A conv with batch 1, any window, stride, dilation, padding and groups,
/// as register-tiled vector loops over the padded input (`config`'s tile,
/// lowered to fit a group); `sparse`: each row tile steps only over its
/// (input channel, tap) pairs with a non-zero weight (constant weights).
mlir::FailureOr<mlir::Value>
emitWindowConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
               mlir::Value filter, mlir::Value bias, mlir::Value residual,
               llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
               llvm::ArrayRef<int64_t> dilations, int64_t groups,
               ActivationAttr act, mlir::RankedTensorType resultType,
               const KernelConfig &config, bool sparse);

/// act(A B + C) for f32 A [..., M, K] and B [..., K, N] as register tiles
/// over A's rows and B's columns: B without batch dims (or all 1), or A and
/// B with the same batch dims; C (N values, optional: not batched) is added
/// to every row. Failure for other broadcasts.
mlir::FailureOr<mlir::Value>
emitMatMul(mlir::OpBuilder &b, mlir::Location loc, mlir::Value lhs,
           mlir::Value rhs, mlir::Value columnBias, ActivationAttr act,
           mlir::RankedTensorType resultType, const KernelConfig &config,
           bool sparse = false);

//===----------------------------------------------------------------------===//
// int8
//===----------------------------------------------------------------------===//

/// The sum of the even and odd products of two vectors of 2 W i16 (pairs),
/// as W i32: wasm's i32x4.dot_i16x8_s (the intrinsic, with
/// PairDot::WasmDotI16x8), x86's pmaddwd.
mlir::Value pairDot(mlir::OpBuilder &b, mlir::Location loc, mlir::Value pairs,
                    mlir::Value weights, PairDot kind);

/// acc + the sums of four products per lane of two vectors of 4 W bytes (W
/// i32 lanes) with `config.quadDot`: u8 quads x s8 weights as x86 VNNI's
/// vpdpbusd on 4, 8 or 16 lanes; s8 x s8 as AArch64's sdot on 4 lanes; else
/// widened multiplies and adds (the quads signed for ArmSdot).
mlir::Value quadDotAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value acc, mlir::Value quads,
                              mlir::Value weights, const KernelConfig &config);

/// An i32 accumulator vector times the f32 `multiplier` (scalar), rounded
/// half to even, plus `zeroPoint`, clamped to [lo, hi], as i8 storage.
mlir::Value requantizeVector(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value acc, mlir::Value multiplier,
                             float zeroPoint, float lo, float hi);

/// Both ends of an int8 pointwise kernel's tile of `rows` filters x
/// `vectors` vectors of `width` i32 accumulators: they start at the
/// filters' bias (zero points folded in) and end requantized to 8 bits (or
/// as they are for an i32 result), stored into [F x P].
struct QuantTileEnds {
  mlir::Value bias, mult; // [F] i32, [F] f32
  float zeroPoint, lo, hi;
  bool int32Result;

  /// For `f` filters with `folded` biases, the result `py` and `act`.
  static QuantTileEnds build(mlir::OpBuilder &b, mlir::Location loc,
                             llvm::ArrayRef<int32_t> folded,
                             const QuantParams &px, const QuantParams &pw,
                             const QuantParams &py, ActivationAttr act,
                             int64_t f);
  /// The accumulators of the filters f0.., row-major.
  llvm::SmallVector<mlir::Value> start(mlir::OpBuilder &b, mlir::Location loc,
                                       mlir::Value f0, int64_t rows,
                                       int64_t vectors, int64_t width) const;
  /// `acc` written at filters f0.. and pixels p0..; returns `out` updated.
  mlir::Value store(mlir::OpBuilder &b, mlir::Location loc, mlir::Value out,
                    mlir::ValueRange acc, mlir::Value f0, mlir::Value p0,
                    int64_t rows, int64_t vectors, int64_t width) const;
};

/// Covers pixels [0, numPixels) of an int8 kernel's output rows: tiles of
/// `vectors` x `width` lanes, then single vectors of halving widths down to
/// 4 lanes (14x14 and 7x7 maps with 16-lane AVX-512), then one vector ending
/// at numPixels that overlaps pixels already written (it writes the same
/// values) rather than pixels one at a time: 7x7 maps leave one pixel per
/// row tile. `tile(out, first pixel, vectors, width)` emits one tile and
/// returns the updated `out`.
mlir::Value tileInt8Pixels(
    mlir::OpBuilder &b, mlir::Location loc, int64_t numPixels, int64_t width,
    int64_t vectors, mlir::Value out,
    llvm::function_ref<mlir::Value(mlir::Value, mlir::Value, int64_t, int64_t)>
        tile);

/// Whether the dense int8 pointwise kernel takes four input channels per
/// step (x86 VNNI or AArch64 sdot, C a multiple of 4, W - w_zp [F x C]
/// within s8).
bool usesDotQuads(llvm::ArrayRef<int64_t> weights, const QuantParams &pw,
                  int64_t f, int64_t c, const KernelConfig &config);

/// Bias - x_zp * sum(w - w_zp) per filter of `weights` [F x C]: the zero
/// points folded into the accumulators' start (`xz` the input's zero point
/// as the kernel stores the input).
llvm::SmallVector<int32_t> foldZeroPoints(llvm::ArrayRef<int64_t> weights,
                                          int64_t f, const QuantParams &pw,
                                          llvm::ArrayRef<int32_t> bias,
                                          int64_t xz);

/// A batch-1, 1x1, stride-1, unpadded, ungrouped qconv2d with constant
/// weights `weights` [F x C] (stored values) and an 8-bit result (requantized)
/// or an i32 one (the accumulators), as register-tiled loops
/// (QPointwiseKernel.cpp); `input` is the stored [1, C, H, W] tensor. Failure
/// for other shapes (odd C).
mlir::FailureOr<mlir::Value>
emitQuantPointwiseConv(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, const QuantParams &px,
                       llvm::ArrayRef<int64_t> weights, const QuantParams &pw,
                       llvm::ArrayRef<int32_t> bias, const QuantParams &py,
                       ActivationAttr act, mlir::RankedTensorType resultType,
                       const KernelConfig &config);

/// The pointwise qconv2d of emitQuantPointwiseConv with `group<rows x 1>`
/// sparse weights: each tile of `rows` filters loops over pairs of its
/// input channels with a non-zero weight only (QSparsePointwiseKernel.cpp),
/// `config.rows` filters per tile. Failure for other shapes.
mlir::FailureOr<mlir::Value> emitQuantSparsePointwiseConv(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
    const QuantParams &px, llvm::ArrayRef<int64_t> weights,
    const QuantParams &pw, llvm::ArrayRef<int32_t> bias, const QuantParams &py,
    ActivationAttr act, mlir::RankedTensorType resultType,
    const KernelConfig &config);

/// Taps beyond this many pairs (a large dense kernel) use the reference
/// loops rather than the int8 direct kernel's fully unrolled step list.
constexpr int64_t kMaxTapPairs = 32;

/// A batch-1 depthwise qconv2d (multiplier 1), or a dense one over at most
/// `config.maxDirectInputChannels` input
/// channels, with constant weights `weights`
/// (stored values, `filterShape` [F, Cin, KH, KW]) and an 8-bit result, as
/// vector loops over a widened, padded copy of the input
/// (QDirectConvKernel.cpp); failure for other shapes.
mlir::FailureOr<mlir::Value> emitQuantDirectConv(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
    const QuantParams &px, llvm::ArrayRef<int64_t> weights,
    llvm::ArrayRef<int64_t> filterShape, const QuantParams &pw,
    llvm::ArrayRef<int32_t> bias, const QuantParams &py, ActivationAttr act,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
    llvm::ArrayRef<int64_t> dilations, mlir::RankedTensorType resultType,
    const KernelConfig &config);

/// Softmax along the last axis of `x` [rows, n] as SIMD rows
/// (RowKernels.cpp).
mlir::Value emitRowSoftmax(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value x, const KernelConfig &config);
/// Layer norm along the last axis of `x` [rows, n] with `scale` and `bias`
/// ([n]; bias may be null).
mlir::Value emitRowLayerNorm(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value x, mlir::Value scale, mlir::Value bias,
                             float epsilon, const KernelConfig &config);

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_KERNELS_H
