//===- Passes.td - Quantization passes ---------------------*- tablegen -*-===//

#ifndef SPARROW_QUANTIZATION_PASSES
#define SPARROW_QUANTIZATION_PASSES

include "mlir/Pass/PassBase.td"

def FuseQuantized : Pass<"sparrow-fuse-quantized", "mlir::func::FuncOp"> {
  let summary = "Turn dequantize -> conv/matmul -> quantize into integer kernels";
  let description = [{
    The QDQ form (what onnxruntime's quantizer writes and what
    sparrow-quantize produces) computes a quantized layer in f32 between
    `sparrow.dequantize` and `sparrow.quantize`. This pass rewrites

    - `quantize(act(conv2d(dequantize(x), dequantize(w), b)))` into
      `sparrow.qconv2d(x, w, b')`, where `act` is none, `relu` or `clip`
      (fused on the conv or a separate op) and `b'` is the constant f32 or
      dequantized bias re-expressed in i32 at scale `x_scale * w_scale`;
    - `quantize(matmul(dequantize(a), dequantize(b)))` into `sparrow.qmatmul`.

    The conv (and activation) must have no other user; the input must be
    quantized per tensor, the filter per tensor or per output channel.
    Afterwards the dequantized constants nothing fused (weights of layers
    that stay f32) are folded into f32 constants; with `fold-only` that is
    all the pass does.
  }];
  let options = [
    Option<"foldOnly", "fold-only", "bool", "false",
           "Only fold dequantized constants (for exportable graphs)">,
    Option<"report", "report", "bool", "false",
           "Emit a remark for each fused layer">
  ];
}

#endif // SPARROW_QUANTIZATION_PASSES
