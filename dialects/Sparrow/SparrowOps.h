//===- SparrowOps.h - Graph ops of the sparrow dialect ----------*- C++ -*-===//

#ifndef SPARROW_DIALECT_SPARROWOPS_H
#define SPARROW_DIALECT_SPARROWOPS_H

#include "dialects/Sparrow/SparrowDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Sparrow/SparrowOps.h.inc"

namespace sparrow {
/// The f32 values of `dequantize(storage_cast(constant))` (row-major), or
/// nullopt when the operand is not a constant.
std::optional<llvm::SmallVector<float>> getConstantDequantized(DequantizeOp op);
} // namespace sparrow

#endif // SPARROW_DIALECT_SPARROWOPS_H
