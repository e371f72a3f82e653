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
    where `s = gamma / sqrt(var + eps)`. A batch norm over the columns of a
    `gemm` with constant `B` (and a constant scalar or row bias) folds the
    same way into `op(B)`'s columns and a `[N]` bias. It does not fire when
    the producer has a fused activation, other users, or non-constant
    weights.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each folded batch norm">
  ];
}

def FuseActivations : Pass<"sparrow-fuse-activations", "mlir::func::FuncOp"> {
  let summary = "Fuse relu/clip/sigmoid/hard_sigmoid/hard_swish into producers";
  let description = [{
    An activation op whose operand is produced by a `conv2d`, `gemm` or
    binary elementwise op with no fused activation and no other user is
    folded into the producer's `activation` attribute.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fused activation">
  ];
}

def RecognizeActivations : Pass<"sparrow-recognize-activations",
                                "mlir::func::FuncOp"> {
  let summary = "Recognise activations exporters spell with primitive ops";
  let description = [{
    Rewrites into one `sparrow.activate` (or `sparrow.clip`):
    hard-swish `x * Clip(x + 3, 0, 6) / 6` and `x * HardSigmoid(x)`;
    hard-sigmoid `Clip(x + 3, 0, 6) / 6` (any `Clip(x + b, 0, m) * s` with
    `m * s = 1`); SiLU `x * Sigmoid(x)`; GELU `0.5 * x * (1 + Erf(x / sqrt 2))`
    and its tanh form `0.5 * x * (1 + Tanh(sqrt(2 / pi) * (x + 0.044715 *
    x^3)))`; Relu6 as `Min(Max(x, 0), 6)`. Products may be associated and
    ordered any way, divisions by a constant count as products; constants
    match to a relative 1e-4. Intermediate values with other users block
    the rewrite.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each recognised activation">
  ];
}

def FuseSqueezeExcite : Pass<"sparrow-fuse-squeeze-excite",
                             "mlir::func::FuncOp"> {
  let summary = "GlobalAveragePool -> 1x1 conv -> 1x1 conv -> gate -> Mul as one op";
  let description = [{
    `mul(x, conv(conv(global_average_pool(x)))` where both convs are 1x1
    with constant weights, the second carries the gate activation (sigmoid
    or hard-sigmoid, fused by sparrow-fuse-activations) and every
    intermediate has one use, becomes `sparrow.squeeze_excite`: the gate is
    computed per channel and never broadcast in memory. Run after
    activation fusion.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fused block">
  ];
}

def RecognizeLayerNorm : Pass<"sparrow-recognize-layer-norm",
                              "mlir::func::FuncOp"> {
  let summary = "LayerNormalization spelled with ReduceMean/Sub/Pow/Sqrt/Div";
  let description = [{
    `(x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps)` over trailing axes
    (the square as Pow(d, 2) or d * d), optionally followed by a Mul with a
    constant scale and an Add of a constant bias, becomes one
    `sparrow.layer_norm`. Means over non-trailing axes or of different
    axes, or a non-constant scale, leave the graph as it is.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each recognised normalisation">
  ];
}

def CollapseLinear : Pass<"sparrow-collapse-linear", "mlir::func::FuncOp"> {
  let summary = "Fold linear conv chains and summed parallel branches into one conv";
  let description = [{
    * A kxk conv followed by a 1x1 (stride 1, unpadded) conv with nothing
      between them and no other user becomes one kxk conv with weights
      `W2 * W1` and bias `W2 * b1 + b2`, when that needs fewer multiply-adds
      per pixel (SESR's collapsible linear blocks).
    * An Add tree whose summands are convs of one input with odd kernels and
      centred padding, batch norms of that input and the input itself
      (RepVGG's 3x3, 1x1 and identity branches) becomes one conv with the
      largest kernel: smaller kernels are embedded in its centre, an
      identity adds 1 and a batch norm its scale on the centre tap.
    Convs must be ungrouped with constant weights and no activation (the
    last conv of a chain may carry one); run after BN folding.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each collapsed chain or merged branch set">
  ];
}

def SimplifyLayout : Pass<"sparrow-simplify-layout", "mlir::func::FuncOp"> {
  let summary = "Fold zero Pads into conv padding and cancel Transpose pairs";
  let description = [{
    A constant-zero `sparrow.pad` of H and W only, used only by a conv2d,
    becomes part of the conv's padding. Two transposes in a row become one
    (or none, when their permutations cancel). Reshape chains already fold
    in canonicalisation (a reshape is a free view of the same buffer).
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each folded pad or transpose pair">
  ];
}

def FuseResidualAdd : Pass<"sparrow-fuse-residual-add", "mlir::func::FuncOp"> {
  let summary = "Fuse a residual Add into the epilogue of the producing conv";
  let description = [{
    `add(conv2d(x), r)`, where the conv has no activation and no other user
    and `r` has the result's type (no broadcasting), becomes `conv2d(x)`
    with `residual r`; the Add's activation moves to the conv. Run before
    activation fusion so a Relu after the Add fuses too.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fused residual Add">
  ];
}

#endif // SPARROW_FUSION_PASSES
