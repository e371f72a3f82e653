//===- ProductTiles.cpp - Register tiles of a weights x input product -----===//

#include "passes/Kernels/ProductTiles.h"
#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/PackedWeights.h"
#include "passes/Kernels/SparseTiles.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace sparrow {

Value ProductTiles::idx(int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value ProductTiles::add(Value a, int64_t c) {
  return c == 0 ? a : arith::AddIOp::create(b, loc, a, idx(c)).getResult();
}

Value ProductTiles::extractIndex(Value table, Value i) {
  Value v = tensor::ExtractOp::create(b, loc, table, ValueRange{i});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// One rows x vectors tile at (f0, p0) with `width`-wide vectors, written
/// into `out`; returns the updated tensor.
Value ProductTiles::tile(Value out, Value f0, Value p0, int64_t rows,
                         int64_t vectors, int64_t width) {
  auto vecType = VectorType::get({width}, b.getF32Type());
  SmallVector<Value> init;
  for (int64_t r = 0; r < rows; ++r) {
    Value start =
        bias ? tensor::ExtractOp::create(b, loc, bias, ValueRange{add(f0, r)})
                   .getResult()
             : f32Const(b, loc, 0.0);
    Value splat = vector::BroadcastOp::create(b, loc, vecType, start);
    for (int64_t v = 0; v < vectors; ++v)
      init.push_back(splat);
  }
  Value padding = f32Const(b, loc, 0.0);
  // A bias per position (a Gemm's C row) starts every row's accumulators.
  if (columnBias)
    for (int64_t v = 0; v < vectors; ++v) {
      Value row = vector::TransferReadOp::create(b, loc, vecType, columnBias,
                                                 ValueRange{add(p0, v * width)},
                                                 padding, ArrayRef<bool>{true});
      for (int64_t r = 0; r < rows; ++r)
        init[r * vectors + v] =
            bias ? arith::AddFOp::create(b, loc, init[r * vectors + v], row)
                       .getResult()
                 : row;
    }
  int64_t numTaps = taps.size();
  Value lo = idx(0), hi = idx(channels);
  if (sparseWeights) {
    Value tileIdx = arith::DivUIOp::create(b, loc, f0, idx(config.rows));
    lo = extractIndex(sparseTiles, tileIdx);
    hi = extractIndex(sparseTiles, add(tileIdx, 1));
  }
  // The first input row of this tile's group.
  Value rowBase =
      groupRows
          ? arith::MulIOp::create(
                b, loc, arith::DivUIOp::create(b, loc, f0, idx(groupRows)),
                idx(channels))
                .getResult()
          : Value();
  bool stepped = sparseWeights || stepStarts;
  if (stepStarts)
    hi = idx(channels * numTaps);
  // Where the tile's group starts in the flattened input, for the table of
  // dense steps (a sparse step's start includes it).
  Value flatBase = p0;
  if (stepStarts && rowBase) {
    int64_t rowLength = cast<RankedTensorType>(in.getType()).getShape()[1];
    flatBase = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, rowBase, idx(rowLength)), p0);
  }
  // One step: input row k at tap t (stepped: the k-th (row, tap) pair, t
  // unused).
  // Weights of the current step taken from lanes loaded beforehand.
  SmallVector<Value> laneWeights;
  auto step = [&](Location l, Value k, int64_t t, ValueRange acc) {
    Value start =
        sparseWeights
            ? arith::AddIOp::create(b, l, extractIndex(sparseStarts, k), p0)
                  .getResult()
        : stepStarts
            ? arith::AddIOp::create(b, l, extractIndex(stepStarts, k), flatBase)
                  .getResult()
            : Value();
    Value inRow =
        rowBase ? arith::AddIOp::create(b, l, rowBase, k).getResult() : k;
    SmallVector<Value> xs;
    for (int64_t v = 0; v < vectors; ++v) {
      Value source = stepped ? inFlat : in;
      SmallVector<Value> at =
          stepped ? SmallVector<Value>{add(start, v * width)}
                  : SmallVector<Value>{inRow, add(p0, taps[t] + v * width)};
      if (inTiles && readTiles) {
        source = inTiles;
        at = {arith::DivUIOp::create(b, l, p0, idx(vectors * width)), k,
              idx(v * width)};
      } else if (inTiles) {
        source = inTail;
        at = {k, add(arith::SubIOp::create(b, l, p0, idx(tiledPixels)),
                     v * width)};
      }
      xs.push_back(vector::TransferReadOp::create(
          b, l, vecType, source, at, padding, ArrayRef<bool>{true}));
    }
    Value wk = k;
    if (!stepped && numTaps > 1)
      wk = add(arith::MulIOp::create(b, l, k, idx(numTaps)), t);
    SmallVector<Value> weights = !laneWeights.empty() ? laneWeights
                                 : sparseWeights ? loadSparseWeights(k, rows)
                                                 : loadWeights(f0, wk, rows);
    SmallVector<Value> next;
    for (int64_t r = 0; r < rows; ++r) {
      Value wb = vector::BroadcastOp::create(b, l, vecType, weights[r]);
      for (int64_t v = 0; v < vectors; ++v)
        next.push_back(
            multiplyAdd(b, l, wb, xs[v], acc[r * vectors + v], config));
    }
    return next;
  };
  // A channel's taps, in order.
  auto channelSteps = [&](Location l, Value k, ValueRange acc) {
    SmallVector<Value> next(acc.begin(), acc.end());
    int64_t steps = stepped ? 1 : numTaps;
    for (int64_t t = 0; t < steps; ++t)
      next = step(l, k, t, next);
    return next;
  };
  // `unroll` channels per iteration (the loop's own increments and branch
  // are a large share of a small tile's step on wasm32); the leftover
  // channels (fewer than `unroll`) follow one by one. A window's taps are
  // already a long body.
  int64_t unroll = std::max<int64_t>(config.channelUnroll, 1);
  if (numTaps > 1 && !stepped)
    unroll = 1;
  // Weights read along k: each row's next `width` weights as one vector,
  // multiplied by lane (a matmul's A, whose rows are contiguous in k).
  bool lanesAlongK = weightsAlongK && !packed && !stepped && numTaps == 1;
  if (lanesAlongK)
    unroll = config.width;
  Value count = arith::SubIOp::create(b, loc, hi, lo);
  Value end = arith::AddIOp::create(
      b, loc, lo,
      arith::MulIOp::create(b, loc,
                            arith::DivUIOp::create(b, loc, count, idx(unroll)),
                            idx(unroll)));
  auto loop = scf::ForOp::create(
      b, loc, lo, end, idx(unroll), init,
      [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        SmallVector<Value> lanes;
        if (lanesAlongK)
          for (int64_t r = 0; r < rows; ++r)
            lanes.push_back(vector::TransferReadOp::create(
                b, l, VectorType::get({unroll}, b.getF32Type()), w,
                ValueRange{add(f0, r), k}, padding, ArrayRef<bool>{true}));
        SmallVector<Value> next(acc.begin(), acc.end());
        for (int64_t u = 0; u < unroll; ++u) {
          if (lanesAlongK) {
            laneWeights.clear();
            for (Value lane : lanes)
              laneWeights.push_back(vector::ExtractOp::create(b, l, lane, u));
          }
          next = channelSteps(l, add(k, u), next);
        }
        laneWeights.clear();
        scf::YieldOp::create(b, l, next);
      });
  SmallVector<Value> sums = loop.getResults();
  if (unroll > 1) {
    auto rest = scf::ForOp::create(
        b, loc, end, hi, idx(1), sums,
        [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          scf::YieldOp::create(b, l, channelSteps(l, k, acc));
        });
    sums = rest.getResults();
  }
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < vectors; ++v) {
      Value result = sums[r * vectors + v];
      if (residual)
        result = arith::AddFOp::create(
            b, loc, result,
            vector::TransferReadOp::create(
                b, loc, vecType, residual,
                ValueRange{add(f0, r), add(p0, v * width)}, padding,
                ArrayRef<bool>{true}));
      if (act)
        result = applyActivation(b, loc, result, act);
      out = vector::TransferWriteOp::create(
                b, loc, result, out, ValueRange{add(f0, r), add(p0, v * width)},
                ArrayRef<bool>{true})
                .getResult();
    }
  return out;
}

/// The weights of the k-th kept step.
SmallVector<Value> ProductTiles::loadSparseWeights(Value k, int64_t rows) {
  // One vector and its lanes even where weightLanes is off: with the
  // step index k computed per step, V8 runs MobileNet-v1 at 30% 6%
  // faster this way than with four broadcast loads.
  SmallVector<Value> out;
  Value all = vector::TransferReadOp::create(
      b, loc, VectorType::get({rows}, b.getF32Type()), sparseWeights,
      ValueRange{k, idx(0)}, f32Const(b, loc, 0.0), ArrayRef<bool>{true});
  for (int64_t r = 0; r < rows; ++r)
    out.push_back(vector::ExtractOp::create(b, loc, all, r));
  return out;
}

/// The `rows` weights of output channels f0.. for step k (channel x taps).
SmallVector<Value> ProductTiles::loadWeights(Value f0, Value k, int64_t rows) {
  SmallVector<Value> out;
  if (!packed) {
    for (int64_t r = 0; r < rows; ++r)
      out.push_back(
          tensor::ExtractOp::create(b, loc, w, ValueRange{add(f0, r), k}));
    return out;
  }
  Value block = arith::DivUIOp::create(b, loc, f0, idx(config.rows));
  if (rows == config.rows && (config.weightLanes || stepStarts)) {
    Value all = vector::TransferReadOp::create(
        b, loc, VectorType::get({rows}, b.getF32Type()), packed,
        ValueRange{block, k, idx(0)}, f32Const(b, loc, 0.0),
        ArrayRef<bool>{true});
    for (int64_t r = 0; r < rows; ++r)
      out.push_back(vector::ExtractOp::create(b, loc, all, r));
    return out;
  }
  Value lane = arith::RemUIOp::create(b, loc, f0, idx(config.rows));
  for (int64_t r = 0; r < rows; ++r)
    out.push_back(tensor::ExtractOp::create(
        b, loc, packed, ValueRange{block, k, add(lane, r)}));
  return out;
}

/// Loops over position tiles [from, to) (after `base`, when given) for the
/// channel rows at f0.
Value ProductTiles::pixels(Value out, Value f0, int64_t rows, int64_t from,
                           int64_t to, int64_t vectors, int64_t width,
                           Value base) {
  return tileLoop(b, loc, from, to, vectors * width, out,
                  [&](Value p0, Value it) {
                    if (base)
                      p0 = arith::AddIOp::create(b, loc, base, p0);
                    return tile(it, f0, p0, rows, vectors, width);
                  });
}

/// Positions [from, numPixels) for the channel rows at f0: full tiles of
/// `vectors` vectors, then single vectors, then single positions.
Value ProductTiles::row(Value out, Value f0, int64_t rows, int64_t numPixels,
                        int64_t vectors, int64_t from) {
  int64_t full = vectors * config.width;
  int64_t mainEnd = from + (numPixels - from) / full * full;
  readTiles = true;
  out = pixels(out, f0, rows, from, mainEnd, vectors, config.width);
  readTiles = false;
  int64_t vecEnd =
      mainEnd + (numPixels - mainEnd) / config.width * config.width;
  out = pixels(out, f0, rows, mainEnd, vecEnd, 1, config.width);
  return pixels(out, f0, rows, vecEnd, numPixels, 1, 1);
}

Value ProductTiles::emit(int64_t f, int64_t p) {
  Value out = emptyTensor(b, loc, {f, p});
  auto rowLoop = [&](Value out, int64_t from, int64_t to, int64_t rows) {
    // Single leftover rows (all rows of a classifier, whose F is 1) use the
    // tile's accumulators for more position vectors.
    int64_t vectors = rows == config.rows ? config.vectors
                                          : config.rows * config.vectors / rows;
    return tileLoop(b, loc, from, to, rows, out, [&](Value f0, Value it) {
      return row(it, f0, rows, p, vectors);
    });
  };
  int64_t mainRows = f / config.rows * config.rows;
  // Large inputs go in blocks of positions that stay in cache while every
  // row tile reads them; otherwise each row tile streams the whole input.
  int64_t tilePixels = config.vectors * config.width;
  int64_t inRows = channels * (groupRows ? f / groupRows : 1);
  int64_t block = config.pixelBlockBytes / (inRows * int64_t(sizeof(float))) /
                  tilePixels * tilePixels;
  int64_t blocked = 0;
  if (block > 0 && p >= 2 * block && mainRows > 0) {
    blocked = p / block * block;
    out = tileLoop(b, loc, 0, blocked, block, out, [&](Value p0, Value it) {
      Value rows = tileLoop(b, loc, 0, mainRows, config.rows, it,
                            [&](Value f0, Value it2) {
                              return pixels(it2, f0, config.rows, 0, block,
                                            config.vectors, config.width, p0);
                            });
      rows.getDefiningOp()->setAttr(kParallelAttrName, b.getUnitAttr());
      return rows;
    });
    out = tileLoop(
        b, loc, 0, mainRows, config.rows, out, [&](Value f0, Value it) {
          return row(it, f0, config.rows, p, config.vectors, blocked);
        });
  } else {
    out = rowLoop(out, 0, mainRows, config.rows);
  }
  // Row tiles write disjoint output rows: the threads' unit of work. The
  // leftover rows too (then each layer's tail is a shared function rather
  // than a copy in the graph, sparrow-parallelize-loops).
  auto markParallel = [&](Value loop) {
    if (Operation *op = loop.getDefiningOp<scf::ForOp>())
      op->setAttr(kParallelAttrName, b.getUnitAttr());
    return loop;
  };
  out = markParallel(out);
  return markParallel(rowLoop(out, mainRows, f, 1));
}

bool ProductTiles::buildSparseTables(ArrayRef<float> values, int64_t f,
                                     int64_t rowLength) {
  int64_t rows = config.rows, tiles = f / rows, numTaps = taps.size();
  int64_t k = channels * numTaps;
  int64_t groups = groupRows ? f / groupRows : 1;
  if (f % rows || (groupRows && groupRows % rows) ||
      channels * groups * rowLength > std::numeric_limits<int32_t>::max())
    return false;
  SmallVector<float> weights;
  SmallVector<int32_t> starts, firsts = {0};
  auto kept = keptChannels(f, k, rows, [&](int64_t o, int64_t i) {
    return values[o * k + i] == 0.f;
  });
  for (int64_t t = 0; t < tiles; ++t) {
    int64_t base = groupRows ? (t * rows / groupRows) * channels : 0;
    for (int64_t i : kept[t]) {
      starts.push_back((base + i / numTaps) * rowLength + taps[i % numTaps]);
      for (int64_t r = 0; r < rows; ++r)
        weights.push_back(values[(t * rows + r) * k + i]);
    }
    firsts.push_back(starts.size());
  }
  if (starts.empty())
    return false;
  auto i32Table = [&](ArrayRef<int32_t> v) -> Value {
    auto type = RankedTensorType::get({int64_t(v.size())}, b.getI32Type());
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, v));
  };
  sparseWeights = createF32Constant(
      b, loc,
      RankedTensorType::get({int64_t(starts.size()), rows}, b.getF32Type()),
      weights, "sparse_filter");
  sparseStarts = i32Table(starts);
  sparseTiles = i32Table(firsts);
  int64_t total = cast<RankedTensorType>(in.getType()).getNumElements();
  inFlat = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({total}, b.getF32Type()), in,
      ArrayRef<ReassociationIndices>{{0, 1}});
  return true;
}

bool ProductTiles::buildStepTable(int64_t rowLength) {
  int64_t numTaps = taps.size();
  int64_t total = cast<RankedTensorType>(in.getType()).getNumElements();
  if (total > std::numeric_limits<int32_t>::max())
    return false;
  SmallVector<int32_t> starts;
  for (int64_t k = 0; k < channels; ++k)
    for (int64_t t : taps)
      starts.push_back(k * rowLength + t);
  auto type = RankedTensorType::get({channels * numTaps}, b.getI32Type());
  stepStarts = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<int32_t>(starts)));
  inFlat = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({total}, b.getF32Type()), in,
      ArrayRef<ReassociationIndices>{{0, 1}});
  return true;
}

void ProductTiles::packWeights(ArrayRef<float> values, int64_t f) {
  int64_t rows = config.rows, blocks = (f + rows - 1) / rows;
  int64_t k = channels * int64_t(taps.size());
  SmallVector<float> tiles = packWeightTiles<float>(
      f, k, rows, 1, [&](int64_t o, int64_t i) { return values[o * k + i]; });
  packed = createF32Constant(
      b, loc, RankedTensorType::get({blocks, k, rows}, b.getF32Type()), tiles,
      "packed_filter");
}

} // namespace sparrow
