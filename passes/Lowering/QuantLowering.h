//===- QuantLowering.h - Helpers of the quantized-op lowering ---*- C++ -*-===//
//
// Internal to passes/Lowering: LowerQuant.cpp (element-wise ops) and
// LowerQuantKernels.cpp (conv, matmul) share them.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_LOWERING_QUANTLOWERING_H
#define SPARROW_PASSES_LOWERING_QUANTLOWERING_H

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/IR/Builders.h"

namespace sparrow {

struct KernelTiling;

/// The tensor of signless storage integers a quantized tensor lowers to.
mlir::RankedTensorType storageTensor(mlir::Type quantized);

/// Constant tables (per-channel scales, zero points, multipliers).
mlir::Value table(mlir::OpBuilder &b, mlir::Location loc,
                  llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> values);
mlir::Value table(mlir::OpBuilder &b, mlir::Location loc,
                  llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int32_t> values);

mlir::Value i32Const(mlir::OpBuilder &b, mlir::Location loc, int64_t v);

/// `v` clamped to [lo, hi] (f32 scalars or vectors) by compare and select,
/// NaN going to `lo`: the pseudo-min/max that wasm (f32x4.pmin/pmax), x86
/// and NEON have as one instruction, where maxnum is a libcall per lane on
/// wasm.
mlir::Value clampToRange(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                         mlir::Value lo, mlir::Value hi);

/// A stored value widened to i32.
mlir::Value widen(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                  const QuantParams &p);

/// f32 multipliers x_scale * w_scale / y_scale, one per scale of `w`,
/// computed in f32 as onnxruntime does.
llvm::SmallVector<float>
requantScales(const QuantParams &x, const QuantParams &w, const QuantParams &y);

/// The storage bounds an 8-bit result of `y`'s parameters is clamped to:
/// the storage range, narrowed by a fused relu or clip.
std::pair<int64_t, int64_t> activationBounds(ActivationAttr activation,
                                             const QuantParams &y);

/// The i32 accumulator `acc` requantized to `resultType` (as its storage),
/// with per-channel multipliers along `axis` and a fused relu/clip clamp;
/// `acc` itself for i32 results.
mlir::Value requantize(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc,
                       mlir::Type resultType, llvm::ArrayRef<float> multipliers,
                       int64_t axis, ActivationAttr activation = {});

/// acc + (x - x_zp) * (w - wzp) on stored values (`wzp` an i32 value).
mlir::Value multiplyAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value x, mlir::Value w, mlir::Value wzp,
                               mlir::Value acc, const QuantParams &px,
                               const QuantParams &pw);

/// The sum of the even and odd products of two vectors of 2 W i16 (pairs),
/// as W i32: wasm's i32x4.dot_i16x8_s (as the intrinsic with `wasmDot`),
/// x86's pmaddwd.
mlir::Value pairDot(mlir::OpBuilder &b, mlir::Location loc, mlir::Value pairs,
                    mlir::Value weights, bool wasmDot);

/// acc + the sums of four products per lane of two vectors of 4 W bytes (W
/// i32 lanes): u8 quads x s8 weights as x86 VNNI's vpdpbusd with
/// `tiling.x86Vnni` and 4, 8 or 16 lanes; s8 x s8 as AArch64's sdot with
/// `tiling.armDot` and 4 lanes; else widened multiplies and adds (the quads
/// signed with `armDot`).
mlir::Value quadDotAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value acc, mlir::Value quads,
                              mlir::Value weights, const KernelTiling &tiling);

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

mlir::Value zeroI32Tensor(mlir::OpBuilder &b, mlir::Location loc,
                          llvm::ArrayRef<int64_t> shape);

/// The stored integers of a quantized constant (storage_cast of a constant
/// integer tensor), sign- or zero-extended as the type says; nullopt for
/// other values.
std::optional<llvm::SmallVector<int64_t>> getStoredConstant(mlir::Value v);

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
                  int64_t f, int64_t c, const KernelTiling &tiling);

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
                       const KernelTiling &tiling);

/// The pointwise qconv2d of emitQuantPointwiseConv with `group<rows x 1>`
/// sparse weights: each tile of `rows` filters loops over pairs of its
/// input channels with a non-zero weight only (QSparsePointwiseKernel.cpp).
/// Failure when too few channels would be skipped for that to be faster
/// than the dense kernel, or for other shapes.
mlir::FailureOr<mlir::Value> emitQuantSparsePointwiseConv(
    mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
    const QuantParams &px, llvm::ArrayRef<int64_t> weights,
    const QuantParams &pw, llvm::ArrayRef<int32_t> bias, const QuantParams &py,
    ActivationAttr act, mlir::RankedTensorType resultType,
    const KernelTiling &tiling);

/// A batch-1 depthwise qconv2d (multiplier 1), or a dense one over at most
/// kMaxDirectInputChannels input channels, with constant weights `weights`
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
    const KernelTiling &tiling);

void populateQuantKernelPatterns(mlir::RewritePatternSet &patterns,
                                 const KernelTiling &tiling);

} // namespace sparrow

#endif // SPARROW_PASSES_LOWERING_QUANTLOWERING_H
