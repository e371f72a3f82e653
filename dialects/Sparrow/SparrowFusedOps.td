//===- SparrowFusedOps.td - Ops made by the fusion passes --*- tablegen -*-===//
//
// The importer never creates these: the graph passes recognise them in the
// primitive ops exporters write, so the kernels run each as one loop nest.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_FUSED_OPS
#define SPARROW_FUSED_OPS

def Sparrow_ActivateOp : Sparrow_Op<"activate",
    [Pure, SameOperandsAndResultType]> {
  let summary = "An activation recognised from primitive ops";
  let description = [{
    Applies any `#sparrow.act` kind to every element. The activation
    recognition pass writes SiLU and GELU as this op; activation fusion then
    moves it into the producer's epilogue.

    ```mlir
    %y = sparrow.activate <silu> %x : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Sparrow_F32Tensor:$input,
                       Sparrow_ActivationAttr:$activation);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $activation $input attr-dict `:` type($input)
  }];
}

def Sparrow_SqueezeExciteOp : Sparrow_Op<"squeeze_excite",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "x * gate(W2 * act(W1 * mean_hw(x) + b1) + b2), per channel";
  let description = [{
    A squeeze-excite block as one op: the global average pool of `input`
    [N, C, H, W], a 1x1 conv to R channels (`reduce`, [R, C, 1, 1], bias
    [R]) with `reduce_activation`, a 1x1 conv back to C channels (`expand`,
    [C, R, 1, 1], bias [C]) with `gate_activation`, and the product of
    `input` with the per-channel gate, which is never broadcast in memory.
  }];
  let arguments = (ins Sparrow_F32Tensor:$input,
                       Sparrow_F32Tensor:$reduce, Sparrow_F32Tensor:$reduce_bias,
                       Sparrow_F32Tensor:$expand, Sparrow_F32Tensor:$expand_bias,
                       OptionalAttr<Sparrow_ActivationAttr>:$reduce_activation,
                       Sparrow_ActivationAttr:$gate_activation);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $reduce `,` $reduce_bias `,` $expand `,` $expand_bias attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Sparrow_LayerNormOp : Sparrow_Op<"layer_norm",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "(x - mean) / sqrt(var + eps) * scale + bias over dims >= axis";
  let description = [{
    Layer normalisation over the trailing dims from `axis` on; `scale` and
    the optional `bias` have exactly those trailing dims.
  }];
  let arguments = (ins Sparrow_F32Tensor:$input, Sparrow_F32Tensor:$scale,
                       Optional<Sparrow_F32Tensor>:$bias, I64Attr:$axis,
                       F32Attr:$epsilon);
  let results = (outs Sparrow_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // SPARROW_FUSED_OPS
