//===- Passes.td - Graph fusion passes ---------------------*- tablegen -*-===//

#ifndef SPARROW_FUSION_PASSES
#define SPARROW_FUSION_PASSES

include "mlir/Pass/PassBase.td"

def FoldBatchNorm : Pass<"sparrow-fold-batch-norm", "mlir::func::FuncOp"> {
  let summary = "Fold inference batch normalisation into the preceding conv";
  let description = [{
    `batch_norm(conv2d(x, W, b))` with constant `W`, `b` and BN parameters
    becomes `conv2d(x, W', b')` with
    `W'[f] = W[f] * s[f]` and `b'[f] = (b[f] - mean[f]) * s[f] + beta[f]`,
    where `s = gamma / sqrt(var + eps)`. It does not fire when the conv has a
    fused activation, other users, or non-constant weights.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def FuseActivations : Pass<"sparrow-fuse-activations", "mlir::func::FuncOp"> {
  let summary = "Fuse relu/clip/sigmoid/hard_sigmoid/hard_swish into producers";
  let description = [{
    An activation op whose operand is produced by a `conv2d`, `gemm` or
    binary elementwise op with no fused activation and no other user is
    folded into the producer's `activation` attribute.
  }];
}

#endif // SPARROW_FUSION_PASSES
