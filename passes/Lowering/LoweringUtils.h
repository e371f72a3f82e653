//===- LoweringUtils.h - Helpers to build linalg on tensors -----*- C++ -*-===//

#ifndef SPARROW_PASSES_LOWERING_LOWERINGUTILS_H
#define SPARROW_PASSES_LOWERING_LOWERINGUTILS_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"

namespace sparrow {

using BodyBuilder =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>;

/// A linalg.generic with one tensor result whose body yields `body(args)`.
mlir::Value buildGeneric(mlir::OpBuilder &b, mlir::Location loc, mlir::Value init,
                         mlir::ValueRange inputs,
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

/// `activation` applied to one scalar.
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value x, ActivationAttr activation);

/// Elementwise `fn` over `t` (a new generic); returns `t` when `act` is null.
mlir::Value applyActivationTensor(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Value t, ActivationAttr act);

/// `t` padded by `low`/`high` elements per dim with the constant `value`.
mlir::Value padTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                      llvm::ArrayRef<int64_t> low, llvm::ArrayRef<int64_t> high,
                      double value);

/// Row-major reshape of a static tensor through a 1-D collapse.
mlir::Value reshapeTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Value t,
                          llvm::ArrayRef<int64_t> shape);

void populateConvLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateMatMulLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateElementwiseLoweringPatterns(mlir::RewritePatternSet &patterns);
void populatePoolingLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateDataMovementLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace sparrow

#endif // SPARROW_PASSES_LOWERING_LOWERINGUTILS_H
