//===- Passes.h - Graph fusion passes ---------------------------*- C++ -*-===//

#ifndef SPARROW_PASSES_FUSION_PASSES_H
#define SPARROW_PASSES_FUSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace sparrow {
#define GEN_PASS_DECL
#include "passes/Fusion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Fusion/Passes.h.inc"
} // namespace sparrow

#endif // SPARROW_PASSES_FUSION_PASSES_H
