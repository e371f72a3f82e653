//===- SparsityReport.h - Per-layer sparsity report -------------*- C++ -*-===//

#ifndef SPARROW_TOOLS_SPARROW_SPARSIFY_SPARSITYREPORT_H
#define SPARROW_TOOLS_SPARROW_SPARSIFY_SPARSITYREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace sparrow {

struct LayerReport {
  std::string name, op, shape, pattern = "dense";
  double sparsity = 0.0;
  double kept = 1.0;                  ///< L2 norm kept (final model)
  std::optional<double> keptBaseline; ///< without rearrangement
  int64_t weights = 0;
};

/// One row per weight-bearing op of `module`, in program order: its
/// pattern and measured sparsity.
std::vector<LayerReport> describeLayers(mlir::ModuleOp module);

/// sqrt(|after|^2 / |before|^2) per layer, matching layers by position.
std::vector<double> keptNorms(mlir::ModuleOp before, mlir::ModuleOp after);

/// With `rearrangedOnly` the written model has only the new channel order;
/// the layers then describe the pruning it is prepared for.
llvm::json::Value reportToJson(const std::vector<LayerReport> &layers,
                               bool rearrangedOnly = false);
void printReportTable(const std::vector<LayerReport> &layers,
                      llvm::raw_ostream &os);

} // namespace sparrow

#endif // SPARROW_TOOLS_SPARROW_SPARSIFY_SPARSITYREPORT_H
