//===- KernelOptions.h - Options over the kernel configuration -*- C++ -*-===//
//
// The passes that take KernelOverrideOptions (KernelOptions.td) start from
// the module's target and apply only the options given on the command
// line or in the pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_KERNELS_KERNELOPTIONS_H
#define SPARROW_PASSES_KERNELS_KERNELOPTIONS_H

#include "passes/Kernels/KernelSelection.h"

#include <optional>
#include <type_traits>

namespace sparrow {

/// The KernelOverrideOptions given to a pass; unset ones are nullopt.
struct KernelOverrides {
  std::optional<int64_t> vectorWidth, tileRows, tileVectors, int8TileVectors,
      channelUnroll, pixelBlockBytes;
  std::optional<bool> useFma, contractMulAdd, sparseKernels, packWeights,
      weightLanes, tapSteps, wasmDot, x86Vnni, armDot;
  bool kernels = true;
};

/// The value of a pass option when it was given.
template <typename OptionT>
auto givenValue(const OptionT &option)
    -> std::optional<std::decay_t<decltype(option.getValue())>> {
  if (!option.hasValue())
    return std::nullopt;
  return option.getValue();
}

/// The overrides of the pass whose member function uses it (the options are
/// protected members of the generated pass base).
#define SPARROW_KERNEL_OVERRIDES                                               \
  ::sparrow::KernelOverrides {                                                 \
    ::sparrow::givenValue(vectorWidth), ::sparrow::givenValue(tileRows),       \
        ::sparrow::givenValue(tileVectors),                                    \
        ::sparrow::givenValue(int8TileVectors),                                \
        ::sparrow::givenValue(channelUnroll),                                  \
        ::sparrow::givenValue(pixelBlockBytes), ::sparrow::givenValue(useFma), \
        ::sparrow::givenValue(contractMulAdd),                                 \
        ::sparrow::givenValue(sparseKernels),                                  \
        ::sparrow::givenValue(packWeights),                                    \
        ::sparrow::givenValue(weightLanes), ::sparrow::givenValue(tapSteps),   \
        ::sparrow::givenValue(wasmDot), ::sparrow::givenValue(x86Vnni),        \
        ::sparrow::givenValue(armDot), bool(kernels)                           \
  }

/// The f32 and int8 configurations of the target of `op`'s module with
/// `overrides` applied.
KernelConfigs kernelConfigsFor(mlir::Operation *op,
                               const KernelOverrides &overrides);

} // namespace sparrow

#endif // SPARROW_PASSES_KERNELS_KERNELOPTIONS_H
