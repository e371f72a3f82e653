//===- SparrowDialect.td - The sparrow dialect -------------*- tablegen -*-===//
//
// Tensor-level graph ops imported from ONNX. Shapes are static; weights are
// constants. Sparsity, quantization and layout attributes attach here.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_DIALECT_TD
#define SPARROW_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Sparrow_Dialect : Dialect {
  let name = "sparrow";
  let cppNamespace = "::sparrow";
  let summary = "Graph-level ops of the Sparrow inference compiler";
  let description = [{
    Ops on statically shaped, row-major (NCHW) tensors of `f32`, close to
    ONNX semantics so that import is a one-to-one mapping, with the
    attributes later passes need: fused activations on the ops that produce
    them, and (in later phases) sparsity patterns, quantization parameters
    and layouts.
  }];
  let useDefaultAttributePrinterParser = 1;
  // Quantized tensors use the quant dialect's element types.
  let dependentDialects = ["mlir::quant::QuantDialect"];
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Sparrow_Op<string mnemonic, list<Trait> traits = []>
    : Op<Sparrow_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Fused activations
//===----------------------------------------------------------------------===//

def Sparrow_ActivationKind : I32EnumAttr<"ActivationKind",
    "activation applied to an op's result", [
      I32EnumAttrCase<"relu", 0>,
      I32EnumAttrCase<"clip", 1>,
      I32EnumAttrCase<"sigmoid", 2>,
      I32EnumAttrCase<"hard_sigmoid", 3>,
      I32EnumAttrCase<"hard_swish", 4>,
      I32EnumAttrCase<"silu", 5>,
      I32EnumAttrCase<"gelu", 6>,
      I32EnumAttrCase<"gelu_tanh", 7>
    ]> {
  let cppNamespace = "::sparrow";
  let genSpecializedAttr = 0;
}

def Sparrow_ActivationAttr : AttrDef<Sparrow_Dialect, "Activation"> {
  let mnemonic = "act";
  let summary = "An elementwise activation fused into the op that carries it";
  let description = [{
    `#sparrow.act<relu>`, `#sparrow.act<sigmoid>`, `#sparrow.act<hard_swish>`,
    `#sparrow.act<silu>` (x * sigmoid(x)), `#sparrow.act<gelu>` (erf form),
    `#sparrow.act<gelu_tanh>` (tanh approximation),
    `#sparrow.act<clip, 0.0, 6.0>` (min, max) and
    `#sparrow.act<hard_sigmoid, 0.2, 0.5>` (alpha, beta): the two numbers are
    the parameters of the kinds that have them and are omitted otherwise.
  }];
  let parameters = (ins "ActivationKind":$kind,
                        APFloatParameter<"first parameter">:$p0,
                        APFloatParameter<"second parameter">:$p1);
  let builders = [
    AttrBuilder<(ins "ActivationKind":$kind,
                     CArg<"double", "0.0">:$p0, CArg<"double", "0.0">:$p1)>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Number of float parameters the kind takes (0 or 2).
    static unsigned getNumParams(ActivationKind kind);
    /// Applies the activation to one scalar, as the reference semantics.
    float apply(float x) const;
  }];
}

//===----------------------------------------------------------------------===//
// Sparsity patterns
//===----------------------------------------------------------------------===//

def Sparrow_SparsityKind : I32EnumAttr<"SparsityKind",
    "how the zeros of a weight tensor are laid out", [
      I32EnumAttrCase<"dense", 0>,
      I32EnumAttrCase<"group", 1>,
      I32EnumAttrCase<"kernel", 2>
    ]> {
  let cppNamespace = "::sparrow";
  let genSpecializedAttr = 0;
}

def Sparrow_SparsityAttr : AttrDef<Sparrow_Dialect, "Sparsity"> {
  let mnemonic = "sparsity";
  let summary = "Fine-grained group sparsity pattern of an op's constant weights";
  let description = [{
    Weights are viewed as a matrix of output channels (conv filter dim 0,
    the N side of a Gemm/MatMul B) by input channels, each entry holding the
    whole kxk window of a conv.

    * `#sparrow.sparsity<group<4x1>, 0.5>`: blocks of G consecutive output
      channels x 1 input channel (x the window) are all zero or kept;
      G is 1, 2, 4, 8 or 16 and divides the output channel count.
    * `#sparrow.sparsity<kernel, 0.3>`: whole kxk kernels of one (output,
      input) channel pair are zero or kept (kxk convs only).
    * `#sparrow.sparsity<dense>`.

    The number is the measured sparsity: the fraction of weights that are
    zero. The ops' verifiers check both against the constant weights.
  }];
  let parameters = (ins "SparsityKind":$kind, "int64_t":$groupSize,
                        APFloatParameter<"fraction of zero weights">:$sparsity);
  let builders = [
    AttrBuilder<(ins "SparsityKind":$kind, "int64_t":$groupSize,
                     "double":$sparsity)>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

include "dialects/Sparrow/SparrowEnums.td"
include "dialects/Sparrow/SparrowTargetAttrs.td"

#endif // SPARROW_DIALECT_TD
