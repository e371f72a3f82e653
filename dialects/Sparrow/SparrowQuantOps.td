//===- SparrowQuantOps.td - Quantized tensors and kernels --*- tablegen -*-===//
//
// Included by SparrowOps.td. Quantized values are tensors of the quant
// dialect's `!quant.uniform` types: the element type carries the storage
// (u8, i8, i32), the scale and the zero point, per tensor or per channel.
// Plain integer tensors appear only where the graph exchanges them with the
// outside (graph inputs and outputs, integer constants) and are tagged with
// their quantization by sparrow.storage_cast.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_QUANT_OPS_TD
#define SPARROW_QUANT_OPS_TD

def Sparrow_QuantizedTensor : StaticShapeTensorOf<[quant_QuantizedType]>;
def Sparrow_IntOrQuantizedTensor :
    StaticShapeTensorOf<[AnyInteger, quant_QuantizedType]>;

def Sparrow_QuantizeOp : Sparrow_Op<"quantize", [Pure]> {
  let summary = "f32 to quantized: saturate(round_half_even(x / scale) + zp)";
  let description = [{
    ONNX `QuantizeLinear` with the scale and zero point taken from the
    result's element type; a per-axis type quantizes each slice along its
    axis with its own parameters.

    ```mlir
    %q = sparrow.quantize %x
         : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<u8:f32, 0.5:128>>
    ```
  }];
  let arguments = (ins Sparrow_F32Tensor:$input);
  let results = (outs Sparrow_QuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  // quantize(dequantize(q)) with q of the result type is q.
  let hasFolder = 1;
}

def Sparrow_DequantizeOp : Sparrow_Op<"dequantize", [Pure]> {
  let summary = "Quantized to f32: (q - zp) * scale";
  let description = [{
    ONNX `DequantizeLinear`, with the parameters of the operand's element
    type. Constant operands (weights) stay integers until
    sparrow-fuse-quantized has used them as such, then it folds them.

    ```mlir
    %x = sparrow.dequantize %q
         : tensor<1x8x!quant.uniform<i8:f32:1, {0.5, ...}>> -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Sparrow_QuantizedTensor:$input);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Sparrow_StorageCastOp : Sparrow_Op<"storage_cast", [Pure]> {
  let summary = "Reinterprets integers as quantized values, or back";
  let description = [{
    No data changes: the operand's integers are the result's stored values.
    One side is a plain integer tensor, the other a quantized one whose
    storage has the same width; `ui8` pairs with unsigned storage, `si8`
    with signed, and signless integers (constants) with either.

    ```mlir
    %q = sparrow.storage_cast %x
         : tensor<4xui8> -> tensor<4x!quant.uniform<u8:f32, 2.0:128>>
    ```
  }];
  let arguments = (ins Sparrow_IntOrQuantizedTensor:$input);
  let results = (outs Sparrow_IntOrQuantizedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Sparrow_QConv2DOp : Sparrow_Op<"qconv2d", [Pure]> {
  let summary = "Quantized 2-D convolution with int32 accumulation";
  let description = [{
    ONNX `QLinearConv` and `ConvInteger`: with 8-bit input and filter,
    `acc = sum (x - x_zp) * (w - w_zp) + bias` in int32 (padding contributes
    nothing), then the result is `acc` requantized to the result type:
    `saturate(round_half_even(acc * x_scale * w_scale / y_scale) + y_zp)`,
    in f32 like onnxruntime. An i32 result has scale `x_scale * w_scale` and
    zero point 0 and is `acc` itself. The filter may be quantized per output
    channel (axis 0); the bias is i32 with zero point 0. Attributes as for
    sparrow.conv2d. A fused `relu` or `clip` activation clamps the 8-bit
    result to the quantized image of its range (quantization is monotonic,
    so this equals quantizing the activated value).

    ```mlir
    %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
           groups = 1 : i64}
         : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:10>>,
            tensor<2x1x1x1x!quant.uniform<i8:f32, 0.25>>)
         -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:3>>
    ```
  }];
  let arguments = (ins Sparrow_QuantizedTensor:$input,
                       Sparrow_QuantizedTensor:$filter,
                       Optional<Sparrow_QuantizedTensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       ConfinedAttr<I64Attr, [IntPositive]>:$groups,
                       OptionalAttr<Sparrow_ActivationAttr>:$activation);
  let results = (outs Sparrow_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Sparrow_QMatMulOp : Sparrow_Op<"qmatmul", [Pure]> {
  let summary = "Quantized matrix product with int32 accumulation";
  let description = [{
    ONNX `QLinearMatMul` and `MatMulInteger` on operands of rank >= 2 with
    numpy-broadcast batch dims: `acc = sum_k (a - a_zp) * (b - b_zp)`, then
    requantized to the result type as sparrow.qconv2d does. `b` may be
    quantized per column (its last axis).

    ```mlir
    %y = sparrow.qmatmul %a, %b
         : (tensor<2x4x!quant.uniform<u8:f32, 0.5:113>>,
            tensor<4x3x!quant.uniform<u8:f32, 0.25:114>>)
         -> tensor<2x3x!quant.uniform<u8:f32, 0.125:118>>
    ```
  }];
  let arguments = (ins Sparrow_QuantizedTensor:$lhs,
                       Sparrow_QuantizedTensor:$rhs);
  let results = (outs Sparrow_QuantizedTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // SPARROW_QUANT_OPS_TD
