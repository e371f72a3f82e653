//===- CompileReport.cpp - What sparrow-compile --report prints -----------===//

#include "lib/Compiler/CompileReport.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/Format.h"

using namespace mlir;

namespace sparrow {

int64_t countKernels(ModuleOp module) {
  int64_t n = 0;
  module.walk([&](Operation *op) {
    if (isa<SparrowDialect>(op->getDialect()) && !isa<ReshapeOp>(op))
      ++n;
  });
  return n;
}

/// `title:` and a line per entry, node first; nothing for an empty list.
static void printByNode(raw_ostream &os, StringRef title,
                        ArrayRef<CompileReport::Fusion> entries) {
  if (entries.empty())
    return;
  os << title << ":\n";
  for (const CompileReport::Fusion &e : entries)
    os << llvm::format("  %-18s %s\n",
                       e.node.empty() ? "(unnamed)" : e.node.c_str(),
                       e.kind.c_str());
}

void CompileReport::print(raw_ostream &os) const {
  if (!target.empty())
    os << "target: " << target << "\n";
  os << "fusions:\n";
  llvm::MapVector<StringRef, int> counts;
  for (const Fusion &f : fusions) {
    os << llvm::format("  %-18s %s\n", f.kind.c_str(),
                       f.node.empty() ? "(unnamed)" : f.node.c_str());
    ++counts[f.kind];
  }
  if (fusions.empty())
    os << "  (none)\n";
  os << "fusion totals:";
  for (auto [kind, count] : counts)
    os << " " << kind << " " << count;
  os << "\n";
  printByNode(os, "kernels chosen", kernelChoices);
  printByNode(os, "smoothed activations", smoothedLayers);
  printByNode(os, "int8 layers", quantizedLayers);
  double drop =
      kernelsWithoutFusion
          ? 100.0 * (kernelsWithoutFusion - kernels) / kernelsWithoutFusion
          : 0.0;
  os << llvm::format("kernels: %lld (%lld without fusion, %.0f%% fewer)\n",
                     static_cast<long long>(kernels),
                     static_cast<long long>(kernelsWithoutFusion), drop);
}

} // namespace sparrow
