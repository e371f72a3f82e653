//===- SparrowConvOps.td - 3-D and transposed convolutions -*- tablegen -*-===//
//
// Included by SparrowOps.td. 1-D convolutions import as sparrow.conv2d with a
// unit height; these ops cover what conv2d cannot express.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_CONV_OPS_TD
#define SPARROW_CONV_OPS_TD

def Sparrow_Conv3DOp : Sparrow_Op<"conv3d", [Pure, InferTypeOpAdaptor]> {
  let summary = "3-D convolution (NCDHW input, FCDHW filter), grouped";
  let description = [{
    ONNX `Conv` on 5-D tensors. `pads` is `[d0, h0, w0, d1, h1, w1]`
    (begins, then ends); `groups` divides input and output channels; an
    optional bias has one value per output channel.
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, Sparrow_F32Tensor:$filter,
                       Optional<Sparrow_F32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       ConfinedAttr<I64Attr, [IntPositive]>:$groups);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_ConvTransposeOp : Sparrow_Op<"conv_transpose",
    [Pure, InferTypeOpAdaptor]> {
  let summary = "Transposed convolution over 2 or 3 spatial dims";
  let description = [{
    ONNX `ConvTranspose`: the filter is `[C_in, C_out / groups, k...]`.
    Along every spatial dim the output extent is
    `(in - 1) * stride + (k - 1) * dilation + 1 + output_padding - pad_begin
    - pad_end`; pads may be negative (the importer derives them from
    `output_shape`), which extends the output with the bias alone.

    ```mlir
    %y = sparrow.conv_transpose %x, %w {strides = array<i64: 2, 2>,
           pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
           output_padding = array<i64: 1, 1>, groups = 1 : i64}
         : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    ```
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, Sparrow_F32Tensor:$filter,
                       Optional<Sparrow_F32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$output_padding,
                       ConfinedAttr<I64Attr, [IntPositive]>:$groups);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

#endif // SPARROW_CONV_OPS_TD
