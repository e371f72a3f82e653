//===- Passes.h - Quantization passes ---------------------------*- C++ -*-===//

#ifndef SPARROW_PASSES_QUANTIZATION_PASSES_H
#define SPARROW_PASSES_QUANTIZATION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace sparrow {
#define GEN_PASS_DECL
#include "passes/Quantization/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Quantization/Passes.h.inc"
} // namespace sparrow

#endif // SPARROW_PASSES_QUANTIZATION_PASSES_H
