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

def Quantize : Pass<"sparrow-quantize", "mlir::func::FuncOp"> {
  let summary = "Calibrated post-training int8 quantization of convs and matmuls";
  let description = [{
    Quantizes every conv2d (without a fused residual) and every matmul with
    a constant 2-D weight, writing the QDQ form sparrow-fuse-quantized turns
    into integer kernels:

    - weights: int8, symmetric, one scale per output channel
      (`max|w| / 127`, stored in [-127, 127]);
    - activations: the layer's input and output (after a relu or clip that
      is the layer's only user) are quantized per tensor, `u8` (or `i8`)
      with a scale and zero point covering the value's calibrated range
      widened to include 0.

    Ranges come from the `sparrow.calibrated_range = array<f32: lo, hi>`
    attribute on the value's defining op (or the function argument), which
    sparrow-compile's calibration attaches; a layer whose values have none
    is an error. The pass removes the attributes it consumed. Layers named
    in `skip` (ONNX node names) stay f32.

    Each quantized value `v` gets `quantize` + `dequantize` after its
    definition and all its users read the dequantized copy; each weight
    becomes `dequantize(storage_cast(arith.constant dense<i8>))`.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
  let options = [
    Option<"activationType", "activation-type", "std::string", "\"u8\"",
           "Storage of quantized activations: u8 (asymmetric, as "
           "onnxruntime's default) or i8">,
    ListOption<"skip", "skip", "std::string",
               "Layers (ONNX node names) to leave in f32">,
    Option<"report", "report", "bool", "false",
           "Emit a remark per layer with its weight SQNR and scales">
  ];
}

def SmoothActivations : Pass<"sparrow-smooth-activations",
                             "mlir::func::FuncOp"> {
  let summary = "Move per-channel activation scale into the next convs' "
                "weights (SmoothQuant)";
  let description = [{
    The equivalent transformation of SmoothQuant (Xiao et al., 2023) and
    MobileQuant (Tan et al., 2024), run before sparrow-quantize: when a
    conv2d's output `x` (through none or a fused relu, which commutes with
    a positive scale) feeds only conv2d inputs, output channel `j` of the
    producer (its filter row and bias) is divided by

        s_j = max|x_j|^alpha / max|w_j|^(1 - alpha)

    and input channel `j` of every consumer's filter is multiplied by it,
    where `max|x_j|` is the calibrated per-channel absolute maximum and
    `max|w_j|` the largest consumer weight reading channel `j`. The
    function is unchanged; channels with large ranges shrink, so the
    per-tensor grid of `x` wastes fewer levels, while the per-channel
    weight grids absorb the scale (fully for depthwise consumers).

    The per-channel maxima come from the `sparrow.channel_absmax =
    array<f32: ...>` attribute on the producer (sparrow-compile's
    calibration attaches it with `--quantize-smooth`); the pass removes it,
    and drops the producer's now stale calibrated range, which must be
    calibrated again. Values that do not qualify (a clip or other
    activation, a residual, a non-conv user, missing maxima) are left
    alone; with `report` each producer gets a remark saying what happened.
  }];
  let options = [
    Option<"alpha", "alpha", "double", "0.5",
           "Migration strength: 0 leaves the activations, 1 equalizes "
           "their channel ranges fully">,
    Option<"report", "report", "bool", "false",
           "Emit a remark per candidate producer">
  ];
}

#endif // SPARROW_QUANTIZATION_PASSES
