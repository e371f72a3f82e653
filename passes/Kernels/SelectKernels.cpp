//===- SelectKernels.cpp - The sparrow-select-kernels pass ----------------===//

#include "passes/Kernels/KernelOptions.h"
#include "passes/Kernels/Passes.h"

namespace sparrow {
#define GEN_PASS_DEF_SELECTKERNELS
#include "passes/Kernels/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
struct SelectKernelsPass : sparrow::impl::SelectKernelsBase<SelectKernelsPass> {
  using SelectKernelsBase::SelectKernelsBase;

  void runOnOperation() override {
    KernelConfigs configs =
        kernelConfigsFor(getOperation(), SPARROW_KERNEL_OVERRIDES);
    getOperation().walk([&](Operation *op) {
      KernelAttr choice = selectKernel(op, configs);
      if (!choice)
        return;
      op->setAttr(KernelAttr::kAttrName, choice);
      if (report)
        emitKernelRemark(op, choice);
    });
  }
};
} // namespace
