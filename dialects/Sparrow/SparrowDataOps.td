//===- SparrowDataOps.td - Slicing, gathering, padding, resizing -*- tablegen -*-===//
//
// Included by SparrowOps.td. Every op here moves or interpolates data; the
// index arithmetic is static (shapes, pads, indices known at compile time).
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DATA_OPS_TD
#define SPARROW_DATA_OPS_TD

def Sparrow_SliceOp : Sparrow_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "Strided window: out[i] = in[offsets + i * strides]";
  let description = [{
    One offset, size and non-zero stride per dim; strides may be negative
    (ONNX `Slice` with negative steps). Every element read lies inside the
    input.

    ```mlir
    %y = sparrow.slice %x {offsets = array<i64: 0, 5>, sizes = array<i64: 2, 3>,
                           strides = array<i64: 1, -2>}
         : (tensor<2x6xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_GatherOp : Sparrow_Op<"gather", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Gather: slices of `data` along `axis` picked by `indices`";
  let description = [{
    The result has shape `data[:axis] + indices + data[axis+1:]`. Indices
    are non-negative (the importer normalises ONNX's negative ones); when
    they are a constant the verifier checks them against the axis extent,
    and the lowering clamps them so that no read leaves the tensor.
  }];
  let arguments = (ins Sparrow_F32Tensor:$data, Sparrow_I64Tensor:$indices,
                       I64Attr:$axis);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Sparrow_PadOp : Sparrow_Op<"pad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Padding with a constant, the reflection or the edge value";
  let description = [{
    `pads` holds the amounts before every dim, then after every dim (ONNX
    order), all non-negative. `reflect` mirrors without repeating the edge
    and needs pads smaller than the dim; `edge` repeats the border element.
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, Sparrow_PadMode:$mode,
                       DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $mode $input attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_TileOp : Sparrow_Op<"tile", [Pure, InferTypeOpAdaptor]> {
  let summary = "Repeats the input `repeats[d]` times along every dim d";
  let arguments = (ins Sparrow_F32Tensor:$input, DenseI64ArrayAttr:$repeats);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_ExpandOp : Sparrow_Op<"expand", [Pure, InferTypeOpAdaptor]> {
  let summary = "ONNX Expand: broadcast of the input with `shape` (numpy rules)";
  let arguments = (ins Sparrow_F32Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_ResizeOp : Sparrow_Op<"resize", [Pure]> {
  let summary = "ONNX Resize: nearest, (multi)linear or cubic interpolation";
  let description = [{
    The result type gives the output size. `scales` (one per dim) enter the
    coordinate transformation as ONNX specifies; `roi` (begin..., end...)
    is used by `tf_crop_and_resize` only. Interpolation is separable: every
    resized dim is interpolated in turn; sampled points outside the input
    clamp to its border (`extrapolation_value` for tf_crop_and_resize).
    `exclude_outside` drops the cubic taps outside the input and
    renormalises the others.

    ```mlir
    %y = sparrow.resize linear %x coordinates half_pixel
           {scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
         : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
    %z = sparrow.resize nearest %x coordinates asymmetric rounding floor
           {scales = array<f32: 1.0, 1.0, 2.0, 2.0>}
         : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
    ```
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, Sparrow_ResizeMode:$mode,
                       Sparrow_CoordinateMode:$coordinate_mode,
                       DefaultValuedAttr<Sparrow_NearestMode,
                           "NearestMode::round_prefer_floor">:$nearest_mode,
                       DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
                       DefaultValuedAttr<BoolAttr, "false">:$exclude_outside,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
                       DenseF32ArrayAttr:$scales,
                       OptionalAttr<DenseF32ArrayAttr>:$roi);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $mode $input `coordinates` $coordinate_mode (`rounding` $nearest_mode^)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // SPARROW_DATA_OPS_TD
