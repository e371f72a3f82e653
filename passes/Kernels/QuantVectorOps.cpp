//===- QuantVectorOps.cpp - Vector steps shared by the int8 kernels -------===//
//
// The multiply-accumulate step and the requantizing epilogue of the int8
// pointwise and direct conv kernels, and both ends of a pointwise tile.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/Kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace sparrow {

Value pairDot(OpBuilder &b, Location loc, Value pairs, Value weights,
              PairDot kind) {
  int64_t width = cast<VectorType>(pairs.getType()).getNumElements() / 2;
  auto i32Vec = VectorType::get({width}, b.getI32Type());
  // LLVM does not form i32x4.dot_i16x8_s from the generic even/odd sum once
  // an operand is a widened u8; x86 gets pmaddwd from the generic form.
  if (kind == PairDot::WasmDotI16x8 && width == 4)
    return LLVM::CallIntrinsicOp::create(b, loc, i32Vec,
                                         b.getStringAttr("llvm.wasm.dot"),
                                         ValueRange{pairs, weights})
        .getResult(0);
  auto wide = VectorType::get({2 * width}, b.getI32Type());
  Value prod =
      arith::MulIOp::create(b, loc, arith::ExtSIOp::create(b, loc, wide, pairs),
                            arith::ExtSIOp::create(b, loc, wide, weights));
  SmallVector<int64_t> even, odd;
  for (int64_t i = 0; i < width; ++i) {
    even.push_back(2 * i);
    odd.push_back(2 * i + 1);
  }
  return arith::AddIOp::create(
      b, loc, vector::ShuffleOp::create(b, loc, prod, prod, even),
      vector::ShuffleOp::create(b, loc, prod, prod, odd));
}

Value quadDotAccumulate(OpBuilder &b, Location loc, Value acc, Value quads,
                        Value weights, const KernelConfig &config) {
  auto accType = cast<VectorType>(acc.getType());
  int64_t width = accType.getNumElements();
  auto call = [&](StringRef name) {
    return LLVM::CallIntrinsicOp::create(b, loc, accType, b.getStringAttr(name),
                                         ValueRange{acc, quads, weights})
        .getResult(0);
  };
  if (config.quadDot == QuadDot::X86Vpdpbusd &&
      (width == 4 || width == 8 || width == 16))
    return call("llvm.x86.avx512.vpdpbusd." + std::to_string(32 * width));
  bool signedQuads = config.quadDot == QuadDot::ArmSdot;
  if (signedQuads && (width == 2 || width == 4))
    return call(width == 4 ? "llvm.aarch64.neon.sdot.v4i32.v16i8"
                           : "llvm.aarch64.neon.sdot.v2i32.v8i8");
  auto wide = VectorType::get({4 * width}, b.getI32Type());
  Value x = signedQuads
                ? arith::ExtSIOp::create(b, loc, wide, quads).getResult()
                : arith::ExtUIOp::create(b, loc, wide, quads).getResult();
  Value prod = arith::MulIOp::create(
      b, loc, x, arith::ExtSIOp::create(b, loc, wide, weights));
  for (int64_t j = 0; j < 4; ++j) {
    SmallVector<int64_t> lanes;
    for (int64_t i = 0; i < width; ++i)
      lanes.push_back(4 * i + j);
    acc = arith::AddIOp::create(
        b, loc, acc, vector::ShuffleOp::create(b, loc, prod, prod, lanes));
  }
  return acc;
}

Value requantizeVector(OpBuilder &b, Location loc, Value acc, Value multiplier,
                       float zeroPoint, float lo, float hi) {
  auto accType = cast<VectorType>(acc.getType());
  auto f32Vec = VectorType::get(accType.getShape(), b.getF32Type());
  auto splat = [&](float v) -> Value {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(f32Vec, b.getF32FloatAttr(v)));
  };
  Value m = vector::BroadcastOp::create(b, loc, f32Vec, multiplier);
  Value f = arith::SIToFPOp::create(b, loc, f32Vec, acc);
  f = math::RoundEvenOp::create(b, loc, arith::MulFOp::create(b, loc, f, m));
  f = arith::AddFOp::create(b, loc, f, splat(zeroPoint));
  f = clampToRange(b, loc, f, splat(lo), splat(hi));
  Value q = arith::FPToSIOp::create(b, loc, accType, f);
  return arith::TruncIOp::create(
      b, loc, VectorType::get(accType.getShape(), b.getI8Type()), q);
}

QuantTileEnds QuantTileEnds::build(OpBuilder &b, Location loc,
                                   ArrayRef<int32_t> folded,
                                   const QuantParams &px, const QuantParams &pw,
                                   const QuantParams &py, ActivationAttr act,
                                   int64_t f) {
  SmallVector<float> multipliers = requantScales(px, pw, py);
  if (multipliers.size() == 1)
    multipliers.resize(f, multipliers[0]);
  auto [lo, hi] = activationBounds(act, py);
  return {table(b, loc, {f}, folded),
          table(b, loc, {f}, ArrayRef<float>(multipliers)),
          float(py.zeroPoints[0]),
          float(lo),
          float(hi),
          py.bits == 32};
}

static Value addIndex(OpBuilder &b, Location loc, Value a, int64_t c) {
  return c == 0 ? a
                : arith::AddIOp::create(
                      b, loc, a, arith::ConstantIndexOp::create(b, loc, c))
                      .getResult();
}

SmallVector<Value> QuantTileEnds::start(OpBuilder &b, Location loc, Value f0,
                                        int64_t rows, int64_t vectors,
                                        int64_t width) const {
  auto accType = VectorType::get({width}, b.getI32Type());
  SmallVector<Value> init;
  for (int64_t r = 0; r < rows; ++r) {
    Value first =
        tensor::ExtractOp::create(b, loc, bias, addIndex(b, loc, f0, r));
    init.append(vectors, vector::BroadcastOp::create(b, loc, accType, first));
  }
  return init;
}

Value QuantTileEnds::store(OpBuilder &b, Location loc, Value out,
                           ValueRange acc, Value f0, Value p0, int64_t rows,
                           int64_t vectors, int64_t width) const {
  for (int64_t r = 0; r < rows; ++r) {
    Value row = addIndex(b, loc, f0, r);
    Value m = tensor::ExtractOp::create(b, loc, mult, row);
    for (int64_t v = 0; v < vectors; ++v) {
      Value sum = acc[r * vectors + v];
      Value q = int32Result
                    ? sum
                    : requantizeVector(b, loc, sum, m, zeroPoint, lo, hi);
      out =
          vector::TransferWriteOp::create(
              b, loc, q, out, ValueRange{row, addIndex(b, loc, p0, v * width)},
              ArrayRef<bool>{true})
              .getResult();
    }
  }
  return out;
}

} // namespace sparrow
