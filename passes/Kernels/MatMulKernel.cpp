//===- MatMulKernel.cpp - Register-tiled MatMul ---------------------------===//
//
// out[m, n] = sum_k A[m, k] * B[k, n] is ProductTiles with A's rows as the
// tile rows (their scalars broadcast) and B's rows as the input rows (its
// columns the vector positions), with no transposing copy of either:
//
//   * B shared by every row of A (a Linear layer over tokens, any M): A's
//     batch dims fold into M;
//   * batched, A [..., M, K] x B [..., K, N] with the same batch dims
//     (attention's QK^T and AV): the batch is ProductTiles' group, M padded
//     to whole row tiles so no tile spans two batches;
//   * a constant B whose columns have all-zero group<Gx1> blocks (a pruned
//     Linear layer): the product transposed, out^T = B^T A^T, so B's
//     columns are the tile rows and the sparse tables skip each tile's
//     all-zero k steps as for a 1x1 conv; A and the result are transposed
//     by one copy each.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/ProductTiles.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace sparrow {

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

static Value transpose(OpBuilder &b, Location loc, Value t) {
  ArrayRef<int64_t> s = cast<RankedTensorType>(t.getType()).getShape();
  return linalg::TransposeOp::create(b, loc, t,
                                     emptyTensor(b, loc, {s[1], s[0]}),
                                     ArrayRef<int64_t>{1, 0})
      .getResult()[0];
}

/// [rows, k] x constant [k, n] with B's zeros skipped, as out^T = B^T A^T.
static FailureOr<Value> emitSparseMatMul(OpBuilder &b, Location loc, Value a,
                                         Value rhs, Value columnBias,
                                         ActivationAttr act,
                                         const KernelConfig &config) {
  ArrayRef<int64_t> l = cast<RankedTensorType>(a.getType()).getShape();
  int64_t rows = l[0], k = l[1];
  int64_t n = cast<RankedTensorType>(rhs.getType()).getShape().back();
  std::optional<SmallVector<float>> values = getConstantF32(rhs);
  if (!values)
    return failure();
  SmallVector<float> bt(n * k);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      bt[j * k + i] = (*values)[i * n + j];
  ProductTiles e(b, loc, config);
  e.in = transpose(b, loc, a);
  e.channels = k;
  e.act = act;
  if (columnBias)
    e.bias = reshapeTensor(b, loc, columnBias, {n});
  if (!e.buildSparseTables(bt, n, rows))
    return failure();
  return transpose(b, loc, e.emit(n, rows));
}

FailureOr<Value> emitMatMul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                            Value columnBias, ActivationAttr act,
                            RankedTensorType resultType,
                            const KernelConfig &config, bool sparse) {
  ArrayRef<int64_t> l = cast<RankedTensorType>(lhs.getType()).getShape();
  ArrayRef<int64_t> r = cast<RankedTensorType>(rhs.getType()).getShape();
  ArrayRef<int64_t> out = resultType.getShape();
  if (l.size() < 2 || r.size() < 2 || config.width < 1)
    return failure();
  int64_t m = l[l.size() - 2], k = l.back(), n = r.back();
  int64_t rhsBatch = product(r.drop_back(2));
  int64_t lhsBatch = product(l.drop_back(2));
  auto f32 = b.getF32Type();
  ProductTiles e(b, loc, config);
  e.channels = k;
  e.act = act;
  // NEON multiplies by a lane: 4 k of each A row in one load.
  e.weightsAlongK = config.weightLanes && config.packWeights;
  if (columnBias)
    e.columnBias = reshapeTensor(b, loc, columnBias, {n});
  if (rhsBatch == 1) {
    // One B for all rows.
    int64_t rows = lhsBatch * m;
    if (sparse) {
      FailureOr<Value> product =
          emitSparseMatMul(b, loc, reshapeTensor(b, loc, lhs, {rows, k}), rhs,
                           columnBias, act, config);
      if (failed(product))
        return failure();
      return reshapeTensor(b, loc, *product, out);
    }
    e.w = reshapeTensor(b, loc, lhs, {rows, k});
    e.in = reshapeTensor(b, loc, rhs, {k, n});
    return reshapeTensor(b, loc, e.emit(rows, n), out);
  }
  if (l.size() != r.size() || l.drop_back(2) != r.drop_back(2) || columnBias)
    return failure();
  int64_t tileRows = config.rows;
  int64_t padded = (m + tileRows - 1) / tileRows * tileRows;
  Value a = reshapeTensor(b, loc, lhs, {lhsBatch, m, k});
  if (padded != m)
    a = padTensor(b, loc, a, {0, 0, 0}, {0, padded - m, 0}, 0.0);
  e.w = reshapeTensor(b, loc, a, {lhsBatch * padded, k});
  e.in = reshapeTensor(b, loc, rhs, {rhsBatch * k, n});
  e.groupRows = padded;
  Value result = reshapeTensor(b, loc, e.emit(lhsBatch * padded, n),
                               {lhsBatch, padded, n});
  if (padded != m)
    result = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({lhsBatch, m, n}, f32), result,
        ValueRange{}, ValueRange{}, ValueRange{},
        b.getDenseI64ArrayAttr({0, 0, 0}),
        b.getDenseI64ArrayAttr({lhsBatch, m, n}),
        b.getDenseI64ArrayAttr({1, 1, 1}));
  return reshapeTensor(b, loc, result, out);
}

} // namespace sparrow
