//===- QSparsePointwiseKernel.cpp - Sparse int8 1x1 convolution -----------===//
//
// The int8 pointwise kernel for weights with all-zero (rows x 1) blocks, as
// group<4x1> sparsity leaves them: each tile of `rows` filters steps only
// over the input channels where one of its weights is non-zero, two per
// step (the i16 pairs of wasm's i32x4.dot_i16x8_s and x86's pmaddwd). The
// two channels of a step are whichever the tile keeps, so the input cannot
// be interleaved ahead of time as the dense kernel's is: it is widened to
// i16 once, and each step loads both channels' pixels and interleaves them
// with a shuffle per vector. Tables built at compile time, per tile: its
// pairs' input row offsets (channel x P, no multiply in the loop), their
// weights w - w_zp as [rows][2] i16 (an odd channel out is paired with
// itself at weight 0), and each tile's first pair.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/SparseTiles.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace sparrow {
namespace {

struct QSparseEmitter {
  OpBuilder &b;
  Location loc;
  Value input;       // [C * P] i16, the widened input
  Value rowOffsets;  // [2 T] i32: a pair's two channels x P
  Value pairWeights; // [T, 2 rows] i16
  Value tileStarts;  // [F / rows + 1] i32: each tile's first pair
  QuantTileEnds ends;
  int64_t rows;
  PairDot pairDot;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, idx(c)).getResult();
  }
  Value entry(Value table, Value i) {
    Value v = tensor::ExtractOp::create(b, loc, table, ValueRange{i});
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  }

  /// `vectors` vectors of `width` pixels of the input rows at `first` and
  /// `second`, interleaved as i16 pairs: each channel's pixels of two
  /// vectors are one load, and one shuffle per vector zips them.
  SmallVector<Value> interleavedPixels(Value first, Value second,
                                       int64_t vectors, int64_t width) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
    SmallVector<Value> pairs;
    for (int64_t v = 0; v < vectors;) {
      int64_t n = v + 1 < vectors ? 2 : 1;
      auto type = VectorType::get({n * width}, b.getI16Type());
      auto load = [&](Value row) {
        return vector::TransferReadOp::create(b, loc, type, input,
                                              ValueRange{add(row, v * width)},
                                              zero, ArrayRef<bool>{true})
            .getResult();
      };
      Value x = load(first), y = load(second);
      for (int64_t h = 0; h < n; ++h) {
        SmallVector<int64_t> mask;
        for (int64_t i = h * width; i < (h + 1) * width; ++i)
          mask.append({i, n * width + i});
        pairs.push_back(vector::ShuffleOp::create(b, loc, x, y, mask));
      }
      v += n;
    }
    return pairs;
  }

  /// The rows x vectors tile at (f0, p0) with `width`-pixel vectors.
  Value tile(Value out, Value f0, Value p0, int64_t vectors, int64_t width) {
    SmallVector<Value> init = ends.start(b, loc, f0, rows, vectors, width);
    Value t = arith::DivUIOp::create(b, loc, f0, idx(rows));
    auto weightType = VectorType::get({2 * rows}, b.getI16Type());
    auto loop = scf::ForOp::create(
        b, loc, entry(tileStarts, t), entry(tileStarts, add(t, 1)), idx(1),
        init, [&](OpBuilder &nb, Location, Value k, ValueRange acc) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          Value k2 = arith::MulIOp::create(b, loc, k, idx(2));
          Value first =
              arith::AddIOp::create(b, loc, entry(rowOffsets, k2), p0);
          Value second =
              arith::AddIOp::create(b, loc, entry(rowOffsets, add(k2, 1)), p0);
          SmallVector<Value> xs =
              interleavedPixels(first, second, vectors, width);
          Value zero =
              arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
          Value weights = vector::TransferReadOp::create(
              b, loc, weightType, pairWeights, ValueRange{k, idx(0)}, zero,
              ArrayRef<bool>{true});
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r) {
            SmallVector<int64_t> lanes;
            for (int64_t i = 0; i < width; ++i)
              lanes.append({2 * r, 2 * r + 1});
            Value w =
                vector::ShuffleOp::create(b, loc, weights, weights, lanes);
            for (int64_t v = 0; v < vectors; ++v)
              next.push_back(arith::AddIOp::create(
                  b, loc, acc[r * vectors + v],
                  sparrow::pairDot(b, loc, xs[v], w, pairDot)));
          }
          scf::YieldOp::create(b, loc, next);
        });
    return ends.store(b, loc, out, loop.getResults(), f0, p0, rows, vectors,
                      width);
  }
};

/// The [N] 8-bit input widened to i16, 16 values per step.
Value widenInput(OpBuilder &b, Location loc, Value flat, bool isUnsigned) {
  int64_t n = cast<RankedTensorType>(flat.getType()).getDimSize(0);
  Value out =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{n}, b.getI16Type());
  auto widen = [&](Value i, Value it, int64_t width) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
    Value x = vector::TransferReadOp::create(
        b, loc, VectorType::get({width}, b.getI8Type()), flat, ValueRange{i},
        zero, ArrayRef<bool>{true});
    auto type = VectorType::get({width}, b.getI16Type());
    Value wide = isUnsigned
                     ? arith::ExtUIOp::create(b, loc, type, x).getResult()
                     : arith::ExtSIOp::create(b, loc, type, x).getResult();
    return vector::TransferWriteOp::create(b, loc, wide, it, ValueRange{i},
                                           ArrayRef<bool>{true})
        .getResult();
  };
  constexpr int64_t kWidth = 16;
  int64_t main = n / kWidth * kWidth;
  out = tileLoop(b, loc, 0, main, kWidth, out,
                 [&](Value i, Value it) { return widen(i, it, kWidth); });
  return tileLoop(b, loc, main, n, 1, out,
                  [&](Value i, Value it) { return widen(i, it, 1); });
}

} // namespace

FailureOr<Value> emitQuantSparsePointwiseConv(
    OpBuilder &b, Location loc, Value input, const QuantParams &px,
    ArrayRef<int64_t> weights, const QuantParams &pw, ArrayRef<int32_t> bias,
    const QuantParams &py, ActivationAttr act, RankedTensorType resultType,
    const KernelConfig &config) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  int64_t c = in[1], p = in[2] * in[3], f = resultType.getDimSize(1);
  int64_t rows = config.rows;
  if (in[0] != 1 || (py.bits != 8 && py.bits != 32) || config.width < 1 ||
      rows < 1 || f % rows || int64_t(weights.size()) != f * c ||
      c * p > std::numeric_limits<int32_t>::max())
    return failure();
  SmallVector<SmallVector<int64_t>> kept =
      keptChannels(f, c, rows, [&](int64_t o, int64_t i) {
        return weights[o * c + i] == pw.zeroPoint(o);
      });

  SmallVector<int32_t> rowOffsets, tileStarts = {0};
  SmallVector<int16_t> pairWeights;
  for (auto [t, channels] : llvm::enumerate(kept)) {
    for (size_t j = 0; j < channels.size(); j += 2) {
      int64_t first = channels[j];
      int64_t second = j + 1 < channels.size() ? channels[j + 1] : first;
      rowOffsets.append({int32_t(first * p), int32_t(second * p)});
      for (int64_t o = t * rows; o < int64_t(t + 1) * rows; ++o) {
        int64_t zp = pw.zeroPoint(o);
        pairWeights.push_back(int16_t(weights[o * c + first] - zp));
        pairWeights.push_back(
            int16_t(first == second ? 0 : weights[o * c + second] - zp));
      }
    }
    tileStarts.push_back(int32_t(rowOffsets.size() / 2));
  }
  int64_t steps = int64_t(rowOffsets.size()) / 2;
  auto pairType = RankedTensorType::get({steps, 2 * rows}, b.getI16Type());
  Value flat = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c * p}, b.getI8Type()), input,
      {{0, 1, 2, 3}});
  QSparseEmitter e{
      b,
      loc,
      widenInput(b, loc, flat, !px.isSigned),
      table(b, loc, {2 * steps}, ArrayRef<int32_t>(rowOffsets)),
      arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(pairType, ArrayRef(pairWeights))),
      table(b, loc, {f / rows + 1}, ArrayRef<int32_t>(tileStarts)),
      QuantTileEnds::build(
          b, loc, foldZeroPoints(weights, f, pw, bias, px.zeroPoints[0]), px,
          pw, py, act, f),
      rows,
      config.pairDot};

  int64_t vectors = config.vectors;
  Type outElement = py.bits == 32 ? b.getI32Type() : b.getI8Type();
  Value out =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{f, p}, outElement);
  out = tileLoop(b, loc, 0, f, rows, out, [&](Value f0, Value it) {
    return tileInt8Pixels(
        b, loc, p, config.width, vectors, it,
        [&](Value it2, Value p0, int64_t vectors, int64_t width) {
          return e.tile(it2, f0, p0, vectors, width);
        });
  });
  // Row tiles write disjoint output rows: the threads' unit of work.
  if (Operation *loop = out.getDefiningOp<scf::ForOp>())
    loop->setAttr(kParallelAttrName, b.getUnitAttr());
  return tensor::ExpandShapeOp::create(
             b, loc, RankedTensorType::get(resultType.getShape(), outElement),
             out, {{0, 1}, {2, 3}})
      .getResult();
}

} // namespace sparrow
