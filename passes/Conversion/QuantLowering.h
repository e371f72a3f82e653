//===- QuantLowering.h - Helpers of the quantized-op lowering ---*- C++ -*-===//
//
// Internal to the lowering: LowerQuant.cpp (element-wise ops),
// LowerQuantKernels.cpp (conv, matmul) and the int8 kernels share them.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_CONVERSION_QUANTLOWERING_H
#define SPARROW_PASSES_CONVERSION_QUANTLOWERING_H

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/IR/Builders.h"
#include "passes/Kernels/KernelConfig.h"

namespace sparrow {

/// The tensor of signless storage integers a quantized tensor lowers to.
mlir::RankedTensorType storageTensor(mlir::Type quantized);

/// Constant tables (per-channel scales, zero points, multipliers).
mlir::Value table(mlir::OpBuilder &b, mlir::Location loc,
                  llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> values);
mlir::Value table(mlir::OpBuilder &b, mlir::Location loc,
                  llvm::ArrayRef<int64_t> shape,
                  llvm::ArrayRef<int32_t> values);

mlir::Value i32Const(mlir::OpBuilder &b, mlir::Location loc, int64_t v);

/// `v` clamped to [lo, hi] (f32 scalars or vectors) by compare and select,
/// NaN going to `lo`: the pseudo-min/max that wasm (f32x4.pmin/pmax), x86
/// and NEON have as one instruction, where maxnum is a libcall per lane on
/// wasm.
mlir::Value clampToRange(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                         mlir::Value lo, mlir::Value hi);

/// A stored value widened to i32.
mlir::Value widen(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
                  const QuantParams &p);

/// f32 multipliers x_scale * w_scale / y_scale, one per scale of `w`,
/// computed in f32 as onnxruntime does.
llvm::SmallVector<float>
requantScales(const QuantParams &x, const QuantParams &w, const QuantParams &y);

/// The storage bounds an 8-bit result of `y`'s parameters is clamped to:
/// the storage range, narrowed by a fused relu or clip.
std::pair<int64_t, int64_t> activationBounds(ActivationAttr activation,
                                             const QuantParams &y);

/// The i32 accumulator `acc` requantized to `resultType` (as its storage),
/// with per-channel multipliers along `axis` and a fused relu/clip clamp;
/// `acc` itself for i32 results.
mlir::Value requantize(mlir::OpBuilder &b, mlir::Location loc, mlir::Value acc,
                       mlir::Type resultType, llvm::ArrayRef<float> multipliers,
                       int64_t axis, ActivationAttr activation = {});

/// acc + (x - x_zp) * (w - wzp) on stored values (`wzp` an i32 value).
mlir::Value multiplyAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value x, mlir::Value w, mlir::Value wzp,
                               mlir::Value acc, const QuantParams &px,
                               const QuantParams &pw);

mlir::Value zeroI32Tensor(mlir::OpBuilder &b, mlir::Location loc,
                          llvm::ArrayRef<int64_t> shape);

/// The stored integers of a quantized constant (storage_cast of a constant
/// integer tensor), sign- or zero-extended as the type says; nullopt for
/// other values.
std::optional<llvm::SmallVector<int64_t>> getStoredConstant(mlir::Value v);

void populateQuantKernelPatterns(mlir::RewritePatternSet &patterns,
                                 const KernelConfig &config);

} // namespace sparrow

#endif // SPARROW_PASSES_CONVERSION_QUANTLOWERING_H
