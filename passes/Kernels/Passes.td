//===- Passes.td - Kernel selection ------------------------*- tablegen -*-===//

#ifndef SPARROW_KERNELS_PASSES
#define SPARROW_KERNELS_PASSES

include "mlir/Pass/PassBase.td"
include "passes/Kernels/KernelOptions.td"

def SelectKernels : Pass<"sparrow-select-kernels", "mlir::func::FuncOp"> {
  let summary = "Choose the kernel of every conv and Gemm and record why";
  let description = [{
    For each `sparrow.conv2d`, `sparrow.qconv2d` and `sparrow.gemm`, picks
    what `sparrow-lower-to-linalg` will emit, from the op's shapes, its
    constant weights and the kernel configuration of the module's
    `#sparrow.target` (options override it), and records it as the op's
    `sparrow.kernel` attribute:

    ```mlir
    %y = sparrow.conv2d %x, %w {sparrow.kernel = #sparrow.kernel<pointwise,
        sparse, tile = 4x4, "50% of 4-row tile channels skipped">} ...
    ```

    Pointwise convs (1x1, stride 1, batch 1) and batch-1 Gemms with a
    constant right operand get the register-tiled `pointwise` kernel,
    sparse when the constant weights' row tiles skip enough input channels
    (the tile height that does the least work); depthwise and
    few-input-channel convs the `direct` kernel; quantized convs the int8
    versions; everything else `loops`. With `report` each choice is also a
    remark ("kernel ..."), which `sparrow-compile --report` prints.
  }];
  let options = KernelOverrideOptions;
}

#endif // SPARROW_KERNELS_PASSES
