//===- LoweringUtils.h - Helpers to build linalg on tensors -----*- C++ -*-===//

#ifndef SPARROW_PASSES_LOWERING_LOWERINGUTILS_H
#define SPARROW_PASSES_LOWERING_LOWERINGUTILS_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace sparrow {

using BodyBuilder = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// A linalg.generic with one tensor result whose body yields `body(args)`.
mlir::Value buildGeneric(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Value init, mlir::ValueRange inputs,
                         llvm::ArrayRef<mlir::AffineMap> maps,
                         llvm::ArrayRef<mlir::utils::IteratorType> iterators,
                         BodyBuilder body);

/// Map from the dims of a result of shape `out` to an operand of shape `in`
/// that numpy-broadcasts to it (trailing alignment, size-1 dims pinned to 0).
mlir::AffineMap broadcastMap(llvm::ArrayRef<int64_t> in,
                             llvm::ArrayRef<int64_t> out,
                             mlir::MLIRContext *ctx);

/// An uninitialised f32 tensor of `shape`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<int64_t> shape);

/// A tensor of `shape` filled with `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc,
                         llvm::ArrayRef<int64_t> shape, double value);

mlir::Value f32Const(mlir::OpBuilder &b, mlir::Location loc, double value);

/// `activation` applied to one scalar or vector of f32.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, ActivationAttr activation);

/// Elementwise `fn` over `t` (a new generic); returns `t` when `act` is null.
mlir::Value applyActivationTensor(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Value t, ActivationAttr act);

/// `t` padded by `low`/`high` elements per dim with the constant `value`.
mlir::Value padTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                      llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                      double value);
/// Same with the scalar `value` of the element type.
mlir::Value padTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                      llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                      mlir::Value value);

/// The loops of a grouped 2-D conv, (n, g, f, c, kh, kw, oh, ow) with the
/// output row innermost: maps of the input [N, G, Cg, H, W] (padded),
/// filter [G, Fg, Cg, KH, KW] and output [N, G, Fg, OH, OW].
struct GroupedConvLoops {
  GroupedConvLoops(mlir::MLIRContext *ctx, llvm::ArrayRef<int64_t> strides,
                   llvm::ArrayRef<int64_t> dilations);
  mlir::AffineMap input, filter, output;
  llvm::SmallVector<mlir::utils::IteratorType> iterators;
};

/// Row-major reshape of a static tensor through a 1-D collapse.
mlir::Value reshapeTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                          llvm::ArrayRef<int64_t> shape);

/// Register tile of the generated pointwise-conv kernels: `rows` output
/// channels x `vectors` SIMD vectors of `width` pixels.
/// Marks a kernel loop whose iterations write disjoint parts of its output,
/// so sparrow-parallelize-loops may split it across threads.
constexpr llvm::StringLiteral kParallelAttrName = "sparrow.parallel";

struct KernelTiling {
  int64_t width = 4, rows = 4, vectors = 4;
  /// Pixel vectors of the int8 pointwise kernel's tile: its i32
  /// accumulators leave more registers free than f32 ones (no weight
  /// broadcast per row), so it may hold more (0: `vectors`).
  int64_t int8Vectors = 0;
  bool fma = true; ///< fused multiply-add (else mul + add)
  /// Without fma: the mul + add may be contracted (fastmath<contract>).
  bool contract = false;
  /// Input channels per iteration of the pointwise kernels' inner loop.
  int64_t channelUnroll = 2;
  /// The f32 pointwise kernel walks inputs larger than this in blocks of
  /// pixels of at most this many bytes, every row tile per block (0: no
  /// blocking).
  int64_t pixelBlockBytes = 0;
  /// Constant weights packed so a step's `rows` weights are one vector load.
  bool packWeights = false;
  /// A step's packed weights are one vector load whose lanes are broadcast
  /// (NEON multiplies by lane); false: one broadcast load each.
  bool weightLanes = true;
  /// Constant weights with all-zero (rows x 1) blocks skip them: the kernel
  /// loops over the non-zero input channels of each row tile only, when at
  /// least `minSkipped` of the (tile, channel) pairs are zero.
  bool sparse = true;
  double minSkipped = 0.2;
  /// Emit a "kernel dense|sparse ..." remark per pointwise conv.
  bool report = false;
  /// int8 kernels call wasm's i32x4.dot_i16x8_s (LLVM does not form it
  /// from the generic even/odd product sum once the input is a widened u8).
  bool wasmDot = false;
  /// The int8 pointwise kernel multiplies quads of u8 by s8 with x86 VNNI's
  /// vpdpbusd (AVX512-VNNI, or AVX-VNNI for 8 lanes).
  bool x86Vnni = false;
  /// Quads of s8 x s8 with AArch64's sdot (the dotprod extension) instead.
  bool armDot = false;
};

/// A loop over whole tiles of `step` in [from, to) carrying the tensor
/// `out` (`body(tile start, out)` returns the updated tensor); `out` itself
/// when not even one tile fits. The kernels' row, pixel and column loops.
mlir::Value
tileLoop(mlir::OpBuilder &b, mlir::Location loc, int64_t from, int64_t to,
         int64_t step, mlir::Value out,
         llvm::function_ref<mlir::Value(mlir::Value, mlir::Value)> body);

/// acc + a * x as the tiling asks: vector.fma, or mulf + addf (contractible
/// with `tiling.contract`).
mlir::Value multiplyAdd(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                        mlir::Value x, mlir::Value acc,
                        const KernelTiling &tiling);

/// out[f, p] = act(bias[f] + sum_c W[f, c] * in[c, p] + residual[f, p])
/// (residual optional) for a 1x1, stride-1,
/// unpadded, ungrouped conv with batch 1, as register-tiled vector loops;
/// failure when the conv has another shape.
mlir::FailureOr<mlir::Value>
emitPointwiseConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                  mlir::Value filter, mlir::Value bias, mlir::Value residual,
                  ActivationAttr act, mlir::RankedTensorType resultType,
                  const KernelTiling &tiling);

/// Dense convs with at most this many input channels run as direct convs.
constexpr int64_t kMaxDirectInputChannels = 4;

/// A depthwise conv (multiplier 1), or a dense one over at most
/// kMaxDirectInputChannels input channels, with batch 1, as loops over
/// output channels and rows with `width`-pixel vectors; failure for other
/// shapes.
mlir::FailureOr<mlir::Value>
emitDirectConv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
               mlir::Value filter, mlir::Value bias,
               llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads,
               llvm::ArrayRef<int64_t> dilations, ActivationAttr act,
               mlir::RankedTensorType resultType, const KernelTiling &tiling);

void populateConvLoweringPatterns(mlir::RewritePatternSet &patterns,
                                  const KernelTiling &tiling);
void populateMatMulLoweringPatterns(mlir::RewritePatternSet &patterns,
                                    const KernelTiling &tiling);
void populateElementwiseLoweringPatterns(mlir::RewritePatternSet &patterns);
void populatePoolingLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateDataMovementLoweringPatterns(mlir::RewritePatternSet &patterns);

/// A parallel generic over `out` whose operands numpy-broadcast to it.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::ValueRange operands,
                             llvm::ArrayRef<int64_t> out,
                             mlir::Type elementType, BodyBuilder body);

// The ops of the ONNX-coverage work (conv3d/conv_transpose, indexing, math,
// reductions, resize).
void populateConvNDLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateIndexingLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateMathLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateReductionLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateResizeLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateFusedOpLoweringPatterns(mlir::RewritePatternSet &patterns);
/// Quantize, dequantize, storage casts and the int8 conv and matmul.
void populateQuantLoweringPatterns(mlir::RewritePatternSet &patterns,
                                   const KernelTiling &tiling);

} // namespace sparrow

#endif // SPARROW_PASSES_LOWERING_LOWERINGUTILS_H
