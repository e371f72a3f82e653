//===- CompileReport.h - What sparrow-compile --report prints ---*- C++ -*-===//

#ifndef SPARROW_LIB_COMPILER_COMPILEREPORT_H
#define SPARROW_LIB_COMPILER_COMPILEREPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace sparrow {

struct CompileReport {
  struct Fusion {
    std::string kind; ///< e.g. hard_swish, squeeze_excite, linear_chain
    std::string node; ///< the ONNX node the rewrite replaced (may be empty)
  };
  /// The target: its name, triple, CPU and features.
  std::string target;
  std::vector<Fusion> fusions;
  /// The kernel chosen per conv and Gemm (node, "<kind> dense|sparse ...").
  std::vector<Fusion> kernelChoices;
  /// Per layer sparrow-quantize made int8: (node, its weight SQNR and scales).
  std::vector<Fusion> quantizedLayers;
  /// Per conv sparrow-smooth-activations looked at: scaled or why not.
  std::vector<Fusion> smoothedLayers;
  /// Kernels (loop nests) the graph becomes, with and without fusion.
  int64_t kernels = 0, kernelsWithoutFusion = 0;

  void print(llvm::raw_ostream &os) const;
};

/// The kernels `module`'s @main launches: its sparrow ops, but for reshapes
/// (free views of their operand's buffer).
int64_t countKernels(mlir::ModuleOp module);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_COMPILEREPORT_H
