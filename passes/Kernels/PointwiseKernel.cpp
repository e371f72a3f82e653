//===- PointwiseKernel.cpp - Register-tiled 1x1 convolution ---------------===//
//
// Pointwise convs are most of a mobile CNN's work. In NCHW they are a
// product W[F x C] * X[C x P] over the P pixels; the kernel keeps a tile of
// `rows` output channels x `vectors` SIMD vectors of pixels in registers
// (the scf.for iter_args), streams one input channel per step (broadcast
// weight x pixel vectors), and applies bias and activation before one store
// per vector (a fused residual is added first). Pixels and channels left
// over use smaller tiles. Constant weights are packed at compile time as
// [F / rows][C][rows], so one vector load brings a step's `rows` weights
// (NEON then multiplies by lane: fmla v.4s, v.4s, w.s[r]).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/PackedWeights.h"
#include "passes/Kernels/SparseTiles.h"

#include "dialects/Sparrow/Weights.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace sparrow {
namespace {

struct PointwiseEmitter {
  OpBuilder &b;
  Location loc;
  Value in, w, bias; // [C, P], [F, C], [F] or null
  Value packed;      // [ceil(F / rows), C, rows] or null (then w is read)
  Value residual;    // [F, P] or null
  // Sparse mode: only the (row tile, input channel) pairs with a non-zero
  // weight, tile by tile: their weights [T, rows], where their channel's
  // row starts in the flattened input ([T] i32, channel x P: no multiply
  // per pair) and each tile's first pair [F / rows + 1] (i32); `inFlat` is
  // the input as [C * P].
  Value sparseWeights, sparseChannels, sparseOffsets, inFlat;
  ActivationAttr act;
  const KernelConfig &config;
  int64_t channels;
  // A constant input read by single-row tiles only: its whole tiles laid
  // out tile by tile, [P / T][C][T], and the pixels after them [C][rest]
  // (both null otherwise). `readTiles` says which the pixels being
  // emitted read.
  Value inTiles, inTail;
  int64_t tiledPixels = 0;
  bool readTiles = false;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, int64_t c) {
    return c == 0 ? a : arith::AddIOp::create(b, loc, a, idx(c)).getResult();
  }

  /// One rows x vectors tile at (f0, p0) with `width`-wide vectors, written
  /// into `out`; returns the updated tensor.
  Value tile(Value out, Value f0, Value p0, int64_t rows, int64_t vectors,
             int64_t width) {
    auto vecType = VectorType::get({width}, b.getF32Type());
    SmallVector<Value> init;
    for (int64_t r = 0; r < rows; ++r) {
      Value start =
          bias ? tensor::ExtractOp::create(b, loc, bias, ValueRange{add(f0, r)})
                     .getResult()
               : arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0))
                     .getResult();
      Value splat = vector::BroadcastOp::create(b, loc, vecType, start);
      for (int64_t v = 0; v < vectors; ++v)
        init.push_back(splat);
    }
    Value padding = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    Value lo = idx(0), hi = idx(channels);
    if (sparseWeights) {
      Value tileIdx = arith::DivUIOp::create(b, loc, f0, idx(config.rows));
      lo = extractIndex(sparseOffsets, tileIdx);
      hi = extractIndex(sparseOffsets, add(tileIdx, 1));
    }
    // One input channel's step: rows x vectors multiply-adds.
    auto step = [&](Location l, Value k, ValueRange acc) {
      // The input row: channel k, or (sparse) the k-th entry's row offset
      // in the flattened input.
      Value row =
          sparseWeights
              ? arith::AddIOp::create(b, l, extractIndex(sparseChannels, k), p0)
                    .getResult()
              : Value();
      SmallVector<Value> xs;
      for (int64_t v = 0; v < vectors; ++v) {
        Value source = sparseWeights ? inFlat : in;
        SmallVector<Value> at = sparseWeights
                                    ? SmallVector<Value>{add(row, v * width)}
                                    : SmallVector<Value>{k, add(p0, v * width)};
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
      SmallVector<Value> weights =
          sparseWeights ? loadSparseWeights(k, rows) : loadWeights(f0, k, rows);
      SmallVector<Value> next;
      for (int64_t r = 0; r < rows; ++r) {
        Value wb = vector::BroadcastOp::create(b, l, vecType, weights[r]);
        for (int64_t v = 0; v < vectors; ++v)
          next.push_back(
              multiplyAdd(b, l, wb, xs[v], acc[r * vectors + v], config));
      }
      return next;
    };
    // `unroll` channels per iteration (the loop's own increments and branch
    // are a large share of a small tile's step on wasm32); the leftover
    // channels (fewer than `unroll`) follow one by one.
    int64_t unroll = std::max<int64_t>(config.channelUnroll, 1);
    Value count = arith::SubIOp::create(b, loc, hi, lo);
    Value end = arith::AddIOp::create(
        b, loc, lo,
        arith::MulIOp::create(
            b, loc, arith::DivUIOp::create(b, loc, count, idx(unroll)),
            idx(unroll)));
    auto loop = scf::ForOp::create(
        b, loc, lo, end, idx(unroll), init,
        [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          SmallVector<Value> next = step(l, k, acc);
          for (int64_t u = 1; u < unroll; ++u)
            next = step(l, add(k, u), next);
          scf::YieldOp::create(b, l, next);
        });
    SmallVector<Value> sums = loop.getResults();
    if (unroll > 1) {
      auto rest = scf::ForOp::create(
          b, loc, end, hi, idx(1), sums,
          [&](OpBuilder &nb, Location l, Value k, ValueRange acc) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            scf::YieldOp::create(b, l, step(l, k, acc));
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
        out =
            vector::TransferWriteOp::create(
                b, loc, result, out, ValueRange{add(f0, r), add(p0, v * width)},
                ArrayRef<bool>{true})
                .getResult();
      }
    return out;
  }

  Value extractIndex(Value table, Value i) {
    Value v = tensor::ExtractOp::create(b, loc, table, ValueRange{i});
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
  }

  /// The weights of the k-th non-zero (tile, channel) pair.
  SmallVector<Value> loadSparseWeights(Value k, int64_t rows) {
    // One vector and its lanes even where weightLanes is off: with the
    // pair index k computed per step, V8 runs MobileNet-v1 at 30% 6%
    // faster this way than with four broadcast loads.
    SmallVector<Value> out;
    Value padding = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
    Value all = vector::TransferReadOp::create(
        b, loc, VectorType::get({rows}, b.getF32Type()), sparseWeights,
        ValueRange{k, idx(0)}, padding, ArrayRef<bool>{true});
    for (int64_t r = 0; r < rows; ++r)
      out.push_back(vector::ExtractOp::create(b, loc, all, r));
    return out;
  }

  /// The `rows` weights of output channels f0.. for input channel c.
  SmallVector<Value> loadWeights(Value f0, Value c, int64_t rows) {
    SmallVector<Value> out;
    if (!packed) {
      for (int64_t r = 0; r < rows; ++r)
        out.push_back(
            tensor::ExtractOp::create(b, loc, w, ValueRange{add(f0, r), c}));
      return out;
    }
    Value block = arith::DivUIOp::create(b, loc, f0, idx(config.rows));
    if (rows == config.rows && config.weightLanes) {
      Value padding = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0));
      Value all = vector::TransferReadOp::create(
          b, loc, VectorType::get({rows}, b.getF32Type()), packed,
          ValueRange{block, c, idx(0)}, padding, ArrayRef<bool>{true});
      for (int64_t r = 0; r < rows; ++r)
        out.push_back(vector::ExtractOp::create(b, loc, all, r));
      return out;
    }
    Value lane = arith::RemUIOp::create(b, loc, f0, idx(config.rows));
    for (int64_t r = 0; r < rows; ++r)
      out.push_back(tensor::ExtractOp::create(
          b, loc, packed, ValueRange{block, c, add(lane, r)}));
    return out;
  }

  /// Loops over pixel tiles [from, to) (after `base`, when given) for the
  /// channel rows at f0.
  Value pixels(Value out, Value f0, int64_t rows, int64_t from, int64_t to,
               int64_t vectors, int64_t width, Value base = Value()) {
    return tileLoop(b, loc, from, to, vectors * width, out,
                    [&](Value p0, Value it) {
                      if (base)
                        p0 = arith::AddIOp::create(b, loc, base, p0);
                      return tile(it, f0, p0, rows, vectors, width);
                    });
  }

  /// Pixels [from, numPixels) for the channel rows at f0: full tiles of
  /// `vectors` vectors, then single vectors, then single pixels.
  Value row(Value out, Value f0, int64_t rows, int64_t numPixels,
            int64_t vectors, int64_t from = 0) {
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
};

/// The sparse tables of W [F][C] for row tiles of `config.rows`: the kept
/// (tile, channel) pairs' weights, their input row offsets and each tile's
/// first pair; nulls when the offsets would not fit in i32.
std::tuple<Value, Value, Value> buildSparseTables(OpBuilder &b, Location loc,
                                                  ArrayRef<float> w, int64_t f,
                                                  int64_t c, int64_t p,
                                                  const KernelConfig &config) {
  int64_t rows = config.rows, tiles = f / rows;
  if (c * p > std::numeric_limits<int32_t>::max())
    return {};
  SmallVector<float> weights;
  SmallVector<int32_t> channels, offsets = {0};
  auto kept = keptChannels(
      f, c, rows, [&](int64_t o, int64_t i) { return w[o * c + i] == 0.f; });
  for (int64_t t = 0; t < tiles; ++t) {
    for (int64_t i : kept[t]) {
      channels.push_back(i * p);
      for (int64_t r = 0; r < rows; ++r)
        weights.push_back(w[(t * rows + r) * c + i]);
    }
    offsets.push_back(channels.size());
  }
  if (channels.empty())
    return {};
  auto i32Table = [&](ArrayRef<int32_t> v) -> Value {
    auto type = RankedTensorType::get({int64_t(v.size())}, b.getI32Type());
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(type, v));
  };
  Value values = createF32Constant(
      b, loc,
      RankedTensorType::get({int64_t(channels.size()), rows}, b.getF32Type()),
      weights, "sparse_filter");
  return {values, i32Table(channels), i32Table(offsets)};
}

} // namespace

FailureOr<Value> emitPointwiseConv(OpBuilder &b, Location loc, Value input,
                                   Value filter, Value bias, Value residual,
                                   ActivationAttr act,
                                   RankedTensorType resultType,
                                   const KernelConfig &config, bool sparse) {
  ArrayRef<int64_t> in = cast<RankedTensorType>(input.getType()).getShape();
  ArrayRef<int64_t> wShape =
      cast<RankedTensorType>(filter.getType()).getShape();
  if (in[0] != 1 || wShape[2] != 1 || wShape[3] != 1 || wShape[1] != in[1])
    return failure();
  int64_t c = in[1], f = wShape[0], p = in[2] * in[3];
  auto f32 = b.getF32Type();
  Value in2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({c, p}, f32), input, {{0, 1}, {2, 3}});
  Value w2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, c}, f32), filter, {{0}, {1, 2, 3}});
  Value res2 = residual ? tensor::CollapseShapeOp::create(
                              b, loc, RankedTensorType::get({f, p}, f32),
                              residual, {{0, 1}, {2, 3}})
                              .getResult()
                        : Value();
  std::optional<SmallVector<float>> values = getConstantF32(filter);
  PointwiseEmitter e{b,  loc, in2, w2, bias, Value(), res2,
                     {}, {},  {},  {}, act,  config,  c};
  if (sparse && values && f % config.rows == 0)
    std::tie(e.sparseWeights, e.sparseChannels, e.sparseOffsets) =
        buildSparseTables(b, loc, *values, f, c, p, config);
  if (e.sparseWeights)
    e.inFlat = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({c * p}, f32), in2, {{0, 1}});
  // Dense constant weights in the kernel's order: [F / rows][C][rows],
  // zero-padded.
  if (values && config.packWeights && !e.sparseWeights) {
    int64_t rows = config.rows, blocks = (f + rows - 1) / rows;
    SmallVector<float> packed =
        packWeightTiles<float>(f, c, rows, 1, [&](int64_t o, int64_t i) {
          return (*values)[o * c + i];
        });
    e.packed =
        createF32Constant(b, loc, RankedTensorType::get({blocks, c, rows}, f32),
                          packed, "packed_filter");
  }
  // A constant image read by single-row tiles only (a batch-1 Gemm's
  // weights, see LowerMatMul.cpp): each tile would read its T pixels from
  // C rows far apart, which defeats the prefetchers; laid out tile by tile
  // it is one contiguous run per tile.
  std::optional<SmallVector<float>> image;
  if (f < config.rows && !e.sparseWeights)
    image = getConstantF32(input);
  int64_t tilePixelsSingle = config.rows * config.vectors * config.width;
  if (image && p >= tilePixelsSingle) {
    int64_t tiles = p / tilePixelsSingle, t = tilePixelsSingle;
    int64_t rest = p - tiles * t;
    SmallVector<float> tiled(tiles * c * t), tail(c * rest);
    for (int64_t k = 0; k < c; ++k)
      for (int64_t j = 0; j < p; ++j) {
        float v = (*image)[k * p + j];
        if (j < tiles * t)
          tiled[((j / t) * c + k) * t + j % t] = v;
        else
          tail[k * rest + j - tiles * t] = v;
      }
    e.inTiles =
        createF32Constant(b, loc, RankedTensorType::get({tiles, c, t}, f32),
                          tiled, "image_tiles");
    e.tiledPixels = tiles * t;
    if (rest)
      e.inTail = createF32Constant(
          b, loc, RankedTensorType::get({c, rest}, f32), tail, "image_tail");
  }
  Value out = emptyTensor(b, loc, {f, p});

  auto rowLoop = [&](Value out, int64_t from, int64_t to, int64_t rows) {
    // Single leftover rows (all rows of a classifier, whose F is 1) use the
    // tile's accumulators for more pixel vectors.
    int64_t vectors = rows == config.rows ? config.vectors
                                          : config.rows * config.vectors / rows;
    return tileLoop(b, loc, from, to, rows, out, [&](Value f0, Value it) {
      return e.row(it, f0, rows, p, vectors);
    });
  };
  int64_t mainRows = f / config.rows * config.rows;
  // Large inputs go in blocks of pixels that stay in cache while every
  // row tile reads them; otherwise each row tile streams the whole input.
  int64_t tilePixels = config.vectors * config.width;
  int64_t block = config.pixelBlockBytes / (c * int64_t(sizeof(float))) /
                  tilePixels * tilePixels;
  int64_t blocked = 0;
  if (block > 0 && p >= 2 * block && mainRows > 0) {
    blocked = p / block * block;
    out = tileLoop(b, loc, 0, blocked, block, out, [&](Value p0, Value it) {
      Value rows = tileLoop(b, loc, 0, mainRows, config.rows, it,
                            [&](Value f0, Value it2) {
                              return e.pixels(it2, f0, config.rows, 0, block,
                                              config.vectors, config.width, p0);
                            });
      rows.getDefiningOp()->setAttr(kParallelAttrName, b.getUnitAttr());
      return rows;
    });
    out = tileLoop(
        b, loc, 0, mainRows, config.rows, out, [&](Value f0, Value it) {
          return e.row(it, f0, config.rows, p, config.vectors, blocked);
        });
  } else {
    out = rowLoop(out, 0, mainRows, config.rows);
  }
  // Row tiles write disjoint output rows: the threads' unit of work.
  if (Operation *loop = out.getDefiningOp<scf::ForOp>())
    loop->setAttr(kParallelAttrName, b.getUnitAttr());
  out = rowLoop(out, mainRows, f, 1);
  return tensor::ExpandShapeOp::create(b, loc, resultType, out,
                                       {{0, 1}, {2, 3}})
      .getResult();
}

} // namespace sparrow
