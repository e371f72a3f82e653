//===- Passes.td - Conversion passes -----------------------*- tablegen -*-===//

#ifndef SPARROW_CONVERSION_PASSES
#define SPARROW_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"
include "passes/Kernels/KernelOptions.td"

def LowerToLinalg : Pass<"sparrow-lower-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower sparrow graph ops to linalg, tensor, arith and math";
  let description = [{
    Every sparrow op becomes destination-style ops on tensors: convolutions,
    contractions and pooling as `linalg.generic` with the output row
    innermost, padding as `tensor.pad`, concat as `tensor.insert_slice` into
    one destination, reshapes as collapse/expand of the same buffer. Fused
    activations become an elementwise generic. Fails on any op it does not
    know.

    Convs and Gemms get the kernel recorded in their `sparrow.kernel`
    attribute (`sparrow-select-kernels`); ops without one get what that
    pass would choose. Every kernel parameter comes from the module's
    `#sparrow.target`; the options override single parameters.

    Pointwise convs (1x1, stride 1, no padding, batch 1) instead become
    register-tiled vector loops: `tile-rows` output channels x
    `tile-vectors` vectors of `vector-width` pixels stay in registers while
    the input channels stream past. Depthwise convs become loops over
    channels and output rows accumulating the window's taps into vectors of
    `vector-width` output pixels.
  }];
  let options = KernelOverrideOptions;
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::vector::VectorDialect",
    "mlir::LLVM::LLVMDialect"
  ];
}

def FuseElementwise : Pass<"sparrow-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg.generic ops into one loop";
  let description = [{
    Upstream's elementwise fusion (`linalg::fuseElementwiseOps`) where it
    saves work: a producer with one use, fused into an all-parallel
    consumer that reads it through a permutation map. It does not fuse into
    reductions or through broadcasts, which would recompute the producer.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ExpandMath : Pass<"sparrow-expand-math"> {
  let summary = "Replace math functions by polynomial approximations";
  let description = [{
    Compiled models link against nothing but `memcpy`/`memset`, and on
    wasm32 against nothing at all, so `math.exp`, `math.tanh`, `math.erf`
    and friends are expanded into arith ops (upstream's approximations).
    `math.sqrt`, `math.absf`, `math.floor` and `math.ceil` stay: they are
    single instructions on every target.
  }];
  let options = [
    Option<"expandFma", "expand-fma", "bool", /*default=*/"false",
           "Also split math.fma into mulf + addf (default: when the "
           "module's target has no fused multiply-add, such as wasm32)">,
    Option<"contract", "contract", "bool", /*default=*/"false",
           "Mark the split mulf + addf contractible (fastmath<contract>; "
           "default: when the target has relaxed SIMD's madd)">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::vector::VectorDialect"
  ];
}

#endif // SPARROW_CONVERSION_PASSES
