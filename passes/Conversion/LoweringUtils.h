//===- LoweringUtils.h - Helpers to build linalg on tensors -----*- C++ -*-===//

#ifndef SPARROW_PASSES_CONVERSION_LOWERINGUTILS_H
#define SPARROW_PASSES_CONVERSION_LOWERINGUTILS_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"
#include "passes/Kernels/KernelConfig.h"
#include "passes/Parallel/ParallelAttr.h"

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

/// A loop over whole tiles of `step` in [from, to) carrying the tensor
/// `out` (`body(tile start, out)` returns the updated tensor); `out` itself
/// when not even one tile fits. The kernels' row, pixel and column loops.
mlir::Value
tileLoop(mlir::OpBuilder &b, mlir::Location loc, int64_t from, int64_t to,
         int64_t step, mlir::Value out,
         llvm::function_ref<mlir::Value(mlir::Value, mlir::Value)> body);

/// acc + a * x as the config asks: vector.fma, or mulf + addf (contractible
/// with `config.contract`).
mlir::Value multiplyAdd(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                        mlir::Value x, mlir::Value acc,
                        const KernelConfig &config);

void populateConvLoweringPatterns(mlir::RewritePatternSet &patterns,
                                  const KernelConfig &config);
void populateMatMulLoweringPatterns(mlir::RewritePatternSet &patterns,
                                    const KernelConfig &config);
/// Softmax and layer norm along the last axis become SIMD row kernels where
/// `config` has vectors, linalg generics otherwise.
void populateElementwiseLoweringPatterns(mlir::RewritePatternSet &patterns,
                                         const KernelConfig &config);
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
void populateFusedOpLoweringPatterns(mlir::RewritePatternSet &patterns,
                                     const KernelConfig &config);
/// Quantize, dequantize, storage casts and the int8 conv and matmul.
void populateQuantLoweringPatterns(mlir::RewritePatternSet &patterns,
                                   const KernelConfig &config);

} // namespace sparrow

#endif // SPARROW_PASSES_CONVERSION_LOWERINGUTILS_H
