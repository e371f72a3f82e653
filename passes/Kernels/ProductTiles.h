//===- ProductTiles.h - Register tiles of a weights x input product -*- C++
//-*-===//
//
// The engine of the f32 pointwise and window (KxK) conv kernels:
//
//   out[f, p] = act(bias[f] + sum_{k, t} W[f, k, t] * in[g(f) + k, p + tap[t]]
//                   + residual[f, p])
//
// over P output positions, C input rows per group and T taps (constant
// offsets along an input row: 1 for a 1x1 conv, KH x KW for a window over a
// zero-padded image laid out as rows). A tile of `rows` output channels x
// `vectors` SIMD vectors of positions lives in registers (the scf.for
// iter_args) while the (k, t) steps stream broadcast weights x input
// vectors; bias, residual and activation are applied before one store per
// vector. Sparse mode steps only over a tile's (k, t) pairs with a non-zero
// weight, read from tables built at compile time.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_PRODUCTTILES_H
#define SPARROW_PASSES_KERNELS_PRODUCTTILES_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "passes/Kernels/KernelConfig.h"

#include "mlir/IR/Builders.h"

namespace sparrow {

struct ProductTiles {
  ProductTiles(mlir::OpBuilder &b, mlir::Location loc,
               const KernelConfig &config)
      : b(b), loc(loc), config(config) {}

  mlir::OpBuilder &b;
  mlir::Location loc;
  const KernelConfig &config;
  /// Input rows [C * groups, L], weights [F, C * T], bias [F] or null.
  mlir::Value in, w, bias;
  /// Dense constant weights in step order [ceil(F / rows), C * T, rows]
  /// (then `w` is not read), or null.
  mlir::Value packed;
  /// Added before the activation, [F, P], or null.
  mlir::Value residual;
  /// Added to every row, [P] (a Gemm's C), or null.
  mlir::Value columnBias;
  ActivationAttr act;
  /// Input rows per group (C) and tap offsets along an input row.
  int64_t channels = 0;
  llvm::SmallVector<int64_t> taps = {0};
  /// Read `w` along k, `width` steps per load and row, multiplied by lane
  /// (where the target multiplies by lane: config.weightLanes).
  bool weightsAlongK = false;
  /// Output channels per group (0: one group); a tile never spans groups.
  int64_t groupRows = 0;
  // Sparse mode: the kept (tile, k, t) steps' weights [S, rows], where
  // their input starts in the flattened input `inFlat` ([S] i32: row x L +
  // tap, no multiply per step) and each tile's first step [F / rows + 1].
  mlir::Value sparseWeights, sparseStarts, sparseTiles, inFlat;
  // Dense windows stepped one (k, t) pair per iteration: each pair's input
  // start in `inFlat` ([C * T] i32, shared by every tile), or null (a
  // channel's taps unrolled in one iteration).
  mlir::Value stepStarts;
  // A constant input read by single-row tiles only: its whole tiles laid
  // out tile by tile, [P / T][C][T], and the positions after them
  // [C][rest] (both null otherwise).
  mlir::Value inTiles, inTail;
  int64_t tiledPixels = 0;

  /// The whole product into a new [F, P] tensor, `rows` x `vectors` tiles
  /// in parallel row tiles, leftover rows as single rows.
  mlir::Value emit(int64_t f, int64_t p);

  /// Builds the sparse tables for row tiles of `config.rows` from the
  /// constant weights `w` [F][C * T]; false when they would be empty or
  /// their offsets overflow i32 (`rowLength` is L).
  bool buildSparseTables(llvm::ArrayRef<float> w, int64_t f, int64_t rowLength);
  /// Builds `stepStarts` for the dense product over rows of `rowLength`;
  /// false when the offsets overflow i32.
  bool buildStepTable(int64_t rowLength);
  /// Packs the constant weights `w` [F][C * T] into `packed`.
  void packWeights(llvm::ArrayRef<float> w, int64_t f);

private:
  bool readTiles = false;
  mlir::Value idx(int64_t v);
  mlir::Value add(mlir::Value a, int64_t c);
  mlir::Value tile(mlir::Value out, mlir::Value f0, mlir::Value p0,
                   int64_t rows, int64_t vectors, int64_t width);
  mlir::Value extractIndex(mlir::Value table, mlir::Value i);
  llvm::SmallVector<mlir::Value> loadSparseWeights(mlir::Value k, int64_t rows);
  llvm::SmallVector<mlir::Value> loadWeights(mlir::Value f0, mlir::Value k,
                                             int64_t rows);
  mlir::Value pixels(mlir::Value out, mlir::Value f0, int64_t rows,
                     int64_t from, int64_t to, int64_t vectors, int64_t width,
                     mlir::Value base = mlir::Value());
  mlir::Value row(mlir::Value out, mlir::Value f0, int64_t rows,
                  int64_t numPixels, int64_t vectors, int64_t from = 0);
};

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_PRODUCTTILES_H
