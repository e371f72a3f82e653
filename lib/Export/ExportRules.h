//===- ExportRules.h - How each sparrow op is written as ONNX ---*- C++ -*-===//
//
// One rule per op kind, the inverse of the importer's converters. A rule
// gets the op with its operands already named and writes nodes ending in
// `OpContext::out`; a fused activation is appended by the caller.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_EXPORT_EXPORTRULES_H
#define SPARROW_LIB_EXPORT_EXPORTRULES_H

#include "lib/Export/Exporter.h"

#include <functional>

namespace sparrow {

using ExportRule = std::function<llvm::Error(Exporter &, OpContext &)>;
using RuleTable = llvm::DenseMap<mlir::TypeID, ExportRule>;

/// Registers `rule(exporter, context, op)` for ops of type OpTy.
template <typename OpTy, typename F> void addRule(RuleTable &table, F rule) {
  table[mlir::TypeID::get<OpTy>()] = [rule](Exporter &e, OpContext &c) {
    return rule(e, c, llvm::cast<OpTy>(c.op));
  };
}

/// A rule writing one node of `type` over the op's operands.
ExportRule simpleRule(llvm::StringRef type);

/// Convolutions, products, normalisation, pooling, squeeze-excite.
void addLayerRules(RuleTable &table);
/// Elementwise math, comparisons, reductions, softmax.
void addMathRules(RuleTable &table);
/// Reshapes, slices, gathers, padding, tiling, resizing.
void addDataRules(RuleTable &table);
/// Quantize, dequantize and the integer kernels.
void addQuantRules(RuleTable &table);

/// All rules, built once.
const RuleTable &exportRules();

} // namespace sparrow

#endif // SPARROW_LIB_EXPORT_EXPORTRULES_H
