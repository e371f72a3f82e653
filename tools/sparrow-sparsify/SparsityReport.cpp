//===- SparsityReport.cpp - Per-layer sparsity report ---------------------===//

#include "SparsityReport.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "passes/Sparsity/WeightOps.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace llvm;

namespace sparrow {

static func::FuncOp mainOf(ModuleOp module) {
  return module.lookupSymbol<func::FuncOp>("main");
}

std::vector<LayerReport> describeLayers(ModuleOp module) {
  std::vector<LayerReport> rows;
  for (WeightOp &w : collectWeightOps(mainOf(module))) {
    LayerReport r;
    r.name = w.name.empty() ? "#" + std::to_string(rows.size()) : w.name;
    r.op = w.op->getName().stripDialect().str();
    auto type =
        cast<RankedTensorType>(w.op->getOperand(w.layout.operand).getType());
    for (int64_t d : type.getShape())
      r.shape += (r.shape.empty() ? "" : "x") + std::to_string(d);
    r.weights = type.getNumElements();
    if (auto attr = w.op->getAttrOfType<SparsityAttr>("sparsity")) {
      if (attr.getKind() == SparsityKind::group)
        r.pattern = "group<" + std::to_string(attr.getGroupSize()) + "x1>";
      else
        r.pattern = stringifySparsityKind(attr.getKind()).str();
      r.sparsity = attr.getSparsity().convertToDouble();
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<double> keptNorms(ModuleOp before, ModuleOp after) {
  SmallVector<WeightOp> b = collectWeightOps(mainOf(before));
  SmallVector<WeightOp> a = collectWeightOps(mainOf(after));
  std::vector<double> kept;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    double sb = 0, sa = 0;
    for (float v : b[i].values)
      sb += double(v) * v;
    for (float v : a[i].values)
      sa += double(v) * v;
    kept.push_back(sb > 0 ? std::sqrt(sa / sb) : 1.0);
  }
  return kept;
}

json::Value reportToJson(const std::vector<LayerReport> &layers,
                         bool rearrangedOnly) {
  json::Array rows;
  int64_t total = 0;
  double zeros = 0;
  for (const LayerReport &r : layers) {
    json::Object o{{"layer", r.name},        {"op", r.op},
                   {"shape", r.shape},       {"pattern", r.pattern},
                   {"sparsity", r.sparsity}, {"l2_kept", r.kept},
                   {"weights", r.weights}};
    if (r.keptBaseline)
      o["l2_kept_without_rearrangement"] = *r.keptBaseline;
    rows.push_back(std::move(o));
    total += r.weights;
    zeros += r.sparsity * r.weights;
  }
  json::Object report{{"layers", std::move(rows)},
                      {"weights", total},
                      {"sparsity", total ? zeros / total : 0.0}};
  if (rearrangedOnly)
    report["rearranged_only"] = true;
  return report;
}

void printReportTable(const std::vector<LayerReport> &layers, raw_ostream &os) {
  bool baseline = llvm::any_of(
      layers, [](const LayerReport &r) { return r.keptBaseline.has_value(); });
  os << format("%-28s %-8s %-16s %-12s %8s %8s", "layer", "op", "weights",
               "pattern", "sparsity", "L2 kept");
  if (baseline)
    os << format(" %12s %8s", "no rearrange", "gain");
  os << "\n";
  int64_t total = 0;
  double zeros = 0;
  for (const LayerReport &r : layers) {
    os << format("%-28s %-8s %-16s %-12s %8.3f %8.4f", r.name.c_str(),
                 r.op.c_str(), r.shape.c_str(), r.pattern.c_str(), r.sparsity,
                 r.kept);
    if (r.keptBaseline)
      os << format(" %12.4f %+8.4f", *r.keptBaseline, r.kept - *r.keptBaseline);
    os << "\n";
    total += r.weights;
    zeros += r.sparsity * r.weights;
  }
  os << format("model: %lld weights in %zu layers, %.1f%% zero\n",
               (long long)total, layers.size(),
               total ? 100 * zeros / total : 0);
}

} // namespace sparrow
