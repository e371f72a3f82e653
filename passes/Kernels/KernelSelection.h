//===- KernelSelection.h - Which kernel computes an op ----------*- C++ -*-===//
//
// The kernel choice for convs and Gemms, made from the op's shapes, its
// constant weights and a KernelConfig. sparrow-select-kernels records it on
// the op; sparrow-lower-to-linalg follows it (or asks here when no choice
// was recorded).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_KERNELSELECTION_H
#define SPARROW_PASSES_KERNELS_KERNELSELECTION_H

#include "passes/Kernels/KernelConfig.h"

#include "mlir/IR/Operation.h"

namespace sparrow {

/// The f32 and int8 configurations of one compile.
struct KernelConfigs {
  KernelConfig f32, i8;
};

/// The kernel for a sparrow.conv2d, sparrow.qconv2d or sparrow.gemm; null
/// for other ops.
KernelAttr selectKernel(mlir::Operation *op, const KernelConfigs &configs);

/// The recorded choice of `op`, else selectKernel's.
KernelAttr getOrSelectKernel(mlir::Operation *op, const KernelConfigs &configs);

/// `config` with the tile of `choice`.
KernelConfig withTile(const KernelConfig &config, KernelAttr choice);

/// The remark --report prints for `choice` on `op` ("kernel ...").
void emitKernelRemark(mlir::Operation *op, KernelAttr choice);

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_KERNELSELECTION_H
