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
      I32EnumAttrCase<"hard_swish", 4>
    ]> {
  let cppNamespace = "::sparrow";
  let genSpecializedAttr = 0;
}

def Sparrow_ActivationAttr : AttrDef<Sparrow_Dialect, "Activation"> {
  let mnemonic = "act";
  let summary = "An elementwise activation fused into the op that carries it";
  let description = [{
    `#sparrow.act<relu>`, `#sparrow.act<sigmoid>`, `#sparrow.act<hard_swish>`,
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

#endif // SPARROW_DIALECT_TD
