//===- Passes.td - Sparsity passes -------------------------*- tablegen -*-===//

#ifndef SPARROW_SPARSITY_PASSES
#define SPARROW_SPARSITY_PASSES

include "mlir/Pass/PassBase.td"

def DetectSparsity : Pass<"sparrow-detect-sparsity", "mlir::func::FuncOp"> {
  let summary = "Attach the sparsity pattern that a layer's zeros already fit";
  let description = [{
    For models pruned elsewhere. For every conv2d, gemm and matmul with
    constant weights and at least one zero, attaches the coarsest pattern
    its zeros fit: `group<Gx1>` with the largest G in 16, 8, 4, 2, then
    `kernel` for kxk convs or `group<1x1>` otherwise. A layer whose zeros fit
    no pattern, or that has none, gets no attribute (it stays dense).
  }];
}

def Sparsify : Pass<"sparrow-sparsify", "mlir::func::FuncOp"> {
  let summary = "Magnitude pruning of weights by block L2 norm";
  let description = [{
    Zeroes the blocks of the chosen pattern with the smallest L2 norm until
    the target sparsity is reached, per layer or with one global threshold
    on the blocks' RMS, and attaches the resulting `#sparrow.sparsity`.
    Runs after batch-norm folding so the norms are the real ones. This pass
    changes the function: it reports per layer the fraction of L2 norm kept
    as a remark. By default the first conv, depthwise convs and the
    classifier (the last gemm/matmul) are left dense.
  }];
  let options = [
    Option<"sparsity", "sparsity", "double", /*default=*/"0.5",
           "Target fraction of zero weights">,
    Option<"pattern", "pattern", "std::string", /*default=*/"\"4x1\"",
           "Pattern: Gx1 with G in 1, 2, 4, 8, 16, or 'kernel'">,
    Option<"threshold", "threshold", "std::string", /*default=*/"\"per-layer\"",
           "'per-layer' (each layer at the target) or 'global'">,
    Option<"overrides", "overrides", "std::string", /*default=*/"\"\"",
           "JSON file: {\"layer\": {\"sparsity\": 0.3, \"pattern\": \"2x1\"} "
           "or \"skip\"}">,
    ListOption<"skip", "skip", "std::string", "Layers (node names) to leave dense">,
    Option<"skipFirstConv", "skip-first-conv", "bool", /*default=*/"true",
           "Leave the first conv dense">,
    Option<"skipDepthwise", "skip-depthwise", "bool", /*default=*/"true",
           "Leave depthwise convs dense">,
    Option<"skipClassifier", "skip-classifier", "bool", /*default=*/"true",
           "Leave the last gemm/matmul dense">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def RearrangeNetwork : Pass<"sparrow-rearrange-network", "mlir::func::FuncOp"> {
  let summary = "Reorder channels across the network so group patterns keep "
                "the important weights";
  let description = [{
    Finds the sets of channel dims whose order must agree (through batch
    norm, activations, depthwise convs, elementwise ops and residual adds,
    pooling, concat segments and the flatten before a classifier; stopping
    at ops that mix channels) and picks for each set the order of its
    output channels that keeps the most L2 norm when the producing layers
    are pruned with `group<Gx1>` at the target sparsity: channels with
    similar input-channel importance are clustered into the same block,
    then pairs are swapped while that helps. A set is reordered only if
    every producing layer keeps strictly more norm; each such layer gets a
    remark with the norm kept before and after. Producers' output channels
    and consumers' input channels are rewritten together (weights, biases,
    BN parameters, broadcast constants, concat segments), so the function
    is unchanged; graph inputs and outputs keep their order.
  }];
  let options = [
    Option<"sparsity", "sparsity", "double", /*default=*/"0.5",
           "Target sparsity the order is optimised for">,
    Option<"pattern", "pattern", "std::string", /*default=*/"\"4x1\"",
           "Group pattern Gx1 the order is optimised for">,
    Option<"sweeps", "sweeps", "unsigned", /*default=*/"8",
           "Local-search sweeps after clustering">,
    Option<"seed", "seed", "unsigned", /*default=*/"0",
           "Seed of the local search">,
    Option<"skipFirstConv", "skip-first-conv", "bool", /*default=*/"true",
           "Do not count the first conv (left dense by sparrow-sparsify)">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif // SPARROW_SPARSITY_PASSES
