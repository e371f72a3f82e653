//===- SparrowMathOps.td - Elementwise math and reductions -*- tablegen -*-===//
//
// Included by SparrowOps.td. Generic ops with a kind keep the dialect small:
// one sparrow.unary for the elementwise functions, one sparrow.reduce for the
// reductions.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_MATH_OPS_TD
#define SPARROW_MATH_OPS_TD

def Sparrow_BoolTensor : StaticShapeTensorOf<[I1]>;
def Sparrow_I64Tensor : StaticShapeTensorOf<[I64]>;

def Sparrow_UnaryFnOp : Sparrow_Op<"unary",
    [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise function of one tensor, chosen by `kind`";
  let description = [{
    `abs`, `neg`, `floor`, `ceil`, `sqrt`, `reciprocal` (1 / x), `exp`,
    `log`, `tanh`, `erf`, `gelu` (x / 2 * (1 + erf(x / sqrt 2))), `gelu_tanh`
    (the tanh approximation), `elu` (x < 0 ? alpha * (exp(x) - 1) : x) and
    `leaky_relu` (x < 0 ? alpha * x : x). `alpha` is given exactly for the
    kinds that use it.

    ```mlir
    %y = sparrow.unary tanh %x : tensor<1x8xf32>
    %z = sparrow.unary leaky_relu %x {alpha = 0.01 : f32} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Sparrow_UnaryKind:$kind, Sparrow_F32Tensor:$input,
                       OptionalAttr<F32Attr>:$alpha);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Whether `kind` takes the `alpha` parameter.
    static bool hasAlpha(UnaryKind kind);
  }];
}

def Sparrow_PowOp : Sparrow_BinaryOp<"pow", "power (lhs ** rhs, NaN for a "
                                     "negative base and a fractional exponent)">;
def Sparrow_MaxOp : Sparrow_BinaryOp<"max", "maximum (NaN-propagating)">;
def Sparrow_MinOp : Sparrow_BinaryOp<"min", "minimum (NaN-propagating)">;
def Sparrow_ModOp : Sparrow_BinaryOp<"mod",
    "remainder with the dividend's sign (C fmod; ONNX Mod with fmod=1)">;
def Sparrow_PReluOp : Sparrow_BinaryOp<"prelu",
    "parametric ReLU: lhs < 0 ? rhs * lhs : lhs (rhs is the slope)">;

def Sparrow_CompareOp : Sparrow_Op<"compare", [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise ordered comparison into an i1 mask";
  let description = [{
    ONNX `Equal`, `Less`, `Greater` (and the `OrEqual` forms) on f32 with
    numpy broadcasting; comparisons with NaN are false.

    ```mlir
    %m = sparrow.compare lt %a, %b
         : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
    ```
  }];
  let arguments = (ins Sparrow_ComparePredicate:$predicate,
                       Sparrow_F32Tensor:$lhs, Sparrow_F32Tensor:$rhs);
  let results = (outs Sparrow_BoolTensor:$output);
  let assemblyFormat = [{
    $predicate $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_WhereOp : Sparrow_Op<"where", [Pure, InferTypeOpAdaptor]> {
  let summary = "Elementwise select: condition ? lhs : rhs, numpy broadcasting";
  let arguments = (ins Sparrow_BoolTensor:$condition, Sparrow_F32Tensor:$lhs,
                       Sparrow_F32Tensor:$rhs);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $condition `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_NotOp : Sparrow_Op<"not", [Pure, SameOperandsAndResultType]> {
  let summary = "Elementwise logical negation of an i1 mask";
  let arguments = (ins Sparrow_BoolTensor:$input);
  let results = (outs Sparrow_BoolTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Sparrow_ReduceOp : Sparrow_Op<"reduce", [Pure, InferTypeOpAdaptor]> {
  let summary = "Reduction over a set of axes, chosen by `kind`";
  let description = [{
    ONNX `ReduceSum/Mean/Max/Min/Prod/L1/L2/SumSquare` (and `GlobalMaxPool`).
    `axes` are distinct, sorted and non-negative; with `keep_dims` the
    reduced dims stay with extent 1, otherwise they are dropped. `mean`
    divides by the number of reduced elements; `max`/`min` of an empty
    set are -inf/+inf.

    ```mlir
    %m = sparrow.reduce mean %x {axes = array<i64: 2, 3>, keep_dims = true}
         : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins Sparrow_ReduceKind:$kind, Sparrow_F32Tensor:$input,
                       DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keep_dims);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $kind $input attr-dict `:` functional-type(operands, results)
  }];
}

def Sparrow_ArgMaxOp : Sparrow_Op<"arg_max", [Pure, InferTypeOpAdaptor]> {
  let summary = "Index of the largest element along one axis (i64)";
  let description = [{
    ONNX `ArgMax`: the first index of the maximum, or the last with
    `select_last_index`; NaN is ignored unless all values are NaN.
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "true">:$keep_dims,
                       DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs Sparrow_I64Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

#endif // SPARROW_MATH_OPS_TD
