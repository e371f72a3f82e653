//===- RowKernels.cpp - Softmax and layer norm along the last axis --------===//
//
// A transformer's softmax (attention rows) and layer norm (token rows)
// reduce along the contiguous last axis. As linalg loops they become scalar
// reductions (LLVM does not reassociate float sums) and scalar exp calls;
// here each row is walked in SIMD vectors with vector accumulators, one
// horizontal reduction per row and a scalar tail for the last n % width
// elements. Rows are independent: the row loop is the threads' unit.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Parallel/ParallelAttr.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>

using namespace mlir;

namespace sparrow {
namespace {

/// One row of length n in vectors of `width` lanes, then single elements.
struct RowWalker {
  OpBuilder &b;
  Location loc;
  int64_t n, width;
  Value row;

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  VectorType vecType() { return VectorType::get({width}, b.getF32Type()); }
  int64_t vectorEnd() const { return n / width * width; }

  Value read(Value t, Value j) {
    return vector::TransferReadOp::create(
        b, loc, vecType(), t, ValueRange{row, j}, f32Const(b, loc, 0.0),
        ArrayRef<bool>{true});
  }
  Value readScalar(Value t, Value j) {
    return tensor::ExtractOp::create(b, loc, t, ValueRange{row, j});
  }
  Value readParam(Value t, Value j, bool vector) {
    if (!vector)
      return tensor::ExtractOp::create(b, loc, t, ValueRange{j});
    return vector::TransferReadOp::create(b, loc, vecType(), t, ValueRange{j},
                                          f32Const(b, loc, 0.0),
                                          ArrayRef<bool>{true});
  }
  Value write(Value v, Value t, Value j) {
    if (isa<VectorType>(v.getType()))
      return vector::TransferWriteOp::create(b, loc, v, t, ValueRange{row, j},
                                             ArrayRef<bool>{true})
          .getResult();
    return tensor::InsertOp::create(b, loc, v, t, ValueRange{row, j});
  }

  /// Folds `step(j, acc, vector)` over the row: vector steps into vector
  /// accumulators started at `init`, reduced with `kind`, then the tail's
  /// scalar steps. `state` (a tensor or null) is carried along and returned
  /// in `stateOut`.
  Value fold(float init, vector::CombiningKind kind, Value state,
             function_ref<std::pair<Value, Value>(Value j, Value acc,
                                                  Value state, bool vector)>
                 step,
             Value *stateOut = nullptr) {
    int64_t end = vectorEnd();
    auto loop = [&](int64_t from, int64_t to, int64_t by, Value acc,
                    bool vector) {
      SmallVector<Value> inits = {acc};
      if (state)
        inits.push_back(state);
      auto forOp = scf::ForOp::create(
          b, loc, idx(from), idx(to), idx(by), inits,
          [&](OpBuilder &nb, Location, Value j, ValueRange it) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            auto [next, nextState] =
                step(j, it[0], state ? it[1] : Value(), vector);
            SmallVector<Value> yields = {next};
            if (state)
              yields.push_back(nextState);
            scf::YieldOp::create(b, loc, yields);
          });
      if (state)
        state = forOp.getResult(1);
      return forOp.getResult(0);
    };
    Value acc = f32Const(b, loc, init);
    if (end > 0) {
      Value vecAcc = vector::BroadcastOp::create(b, loc, vecType(), acc);
      vecAcc = loop(0, end, width, vecAcc, /*vector=*/true);
      acc = vector::ReductionOp::create(b, loc, kind, vecAcc);
    }
    if (end < n)
      acc = loop(end, n, 1, acc, /*vector=*/false);
    if (stateOut)
      *stateOut = state;
    return acc;
  }

  /// Writes `f(j, t, vector)` over the row into `t` (f may read `t`).
  Value map(Value t, function_ref<Value(Value j, Value t, bool vector)> f) {
    int64_t end = vectorEnd();
    auto loop = [&](int64_t from, int64_t to, int64_t by, bool vector) {
      return tileLoop(b, loc, from, to, by, t, [&](Value j, Value it) {
        return write(f(j, it, vector), it, j);
      });
    };
    t = loop(0, end, width, true);
    return loop(end, n, 1, false);
  }

  Value splat(Value s, bool vector) {
    return vector
               ? vector::BroadcastOp::create(b, loc, vecType(), s).getResult()
               : s;
  }
};

/// A loop over the rows of `out` ([rows, n]), marked parallel.
Value rowLoop(OpBuilder &b, Location loc, Value out,
              function_ref<Value(Value row, Value out)> body) {
  int64_t rows = cast<RankedTensorType>(out.getType()).getShape()[0];
  Value result = tileLoop(b, loc, 0, rows, 1, out, body);
  if (Operation *loop = result.getDefiningOp<scf::ForOp>())
    loop->setAttr(kParallelAttrName, b.getUnitAttr());
  return result;
}

} // namespace

Value emitRowSoftmax(OpBuilder &b, Location loc, Value x,
                     const KernelConfig &config) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
  int64_t n = shape[1];
  using CK = vector::CombiningKind;
  return rowLoop(b, loc, emptyTensor(b, loc, shape), [&](Value r, Value out) {
    RowWalker w{b, loc, n, config.width, r};
    auto read = [&](Value t, Value j, bool vector) {
      return vector ? w.read(t, j) : w.readScalar(t, j);
    };
    Value max = w.fold(
        -std::numeric_limits<float>::infinity(), CK::MAXNUMF, Value(),
        [&](Value j, Value acc, Value, bool vector) {
          Value v = read(x, j, vector);
          return std::make_pair(
              arith::MaxNumFOp::create(b, loc, acc, v).getResult(), Value());
        });
    Value sum = w.fold(
        0.0f, CK::ADD, out,
        [&](Value j, Value acc, Value o, bool vector) {
          Value d = arith::SubFOp::create(b, loc, read(x, j, vector),
                                          w.splat(max, vector));
          Value e = math::ExpOp::create(b, loc, d);
          return std::make_pair(
              arith::AddFOp::create(b, loc, acc, e).getResult(),
              w.write(e, o, j));
        },
        &out);
    Value inv = arith::DivFOp::create(b, loc, f32Const(b, loc, 1.0), sum);
    return w.map(out, [&](Value j, Value o, bool vector) {
      return arith::MulFOp::create(b, loc, read(o, j, vector),
                                   w.splat(inv, vector))
          .getResult();
    });
  });
}

Value emitRowLayerNorm(OpBuilder &b, Location loc, Value x, Value scale,
                       Value bias, float epsilon, const KernelConfig &config) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.getType()).getShape();
  int64_t n = shape[1];
  using CK = vector::CombiningKind;
  Value invCount = f32Const(b, loc, 1.0 / double(n));
  return rowLoop(b, loc, emptyTensor(b, loc, shape), [&](Value r, Value out) {
    RowWalker w{b, loc, n, config.width, r};
    auto read = [&](Value j, bool vector) {
      return vector ? w.read(x, j) : w.readScalar(x, j);
    };
    Value sum = w.fold(
        0.0f, CK::ADD, Value(), [&](Value j, Value acc, Value, bool vector) {
          return std::make_pair(
              arith::AddFOp::create(b, loc, acc, read(j, vector)).getResult(),
              Value());
        });
    Value mean = arith::MulFOp::create(b, loc, sum, invCount);
    // The variance of the centred values, as the exported graphs compute it.
    Value squares = w.fold(
        0.0f, CK::ADD, Value(), [&](Value j, Value acc, Value, bool vector) {
          Value d = arith::SubFOp::create(b, loc, read(j, vector),
                                          w.splat(mean, vector));
          Value sq = arith::MulFOp::create(b, loc, d, d);
          return std::make_pair(
              arith::AddFOp::create(b, loc, acc, sq).getResult(), Value());
        });
    Value var = arith::MulFOp::create(b, loc, squares, invCount);
    Value sd = math::SqrtOp::create(
        b, loc, arith::AddFOp::create(b, loc, var, f32Const(b, loc, epsilon)));
    Value inv = arith::DivFOp::create(b, loc, f32Const(b, loc, 1.0), sd);
    return w.map(out, [&](Value j, Value, bool vector) {
      Value d =
          arith::SubFOp::create(b, loc, read(j, vector), w.splat(mean, vector));
      Value g = arith::MulFOp::create(b, loc, w.readParam(scale, j, vector),
                                      w.splat(inv, vector));
      Value y = arith::MulFOp::create(b, loc, d, g);
      return bias ? arith::AddFOp::create(b, loc, y,
                                          w.readParam(bias, j, vector))
                        .getResult()
                  : y;
    });
  });
}

} // namespace sparrow
