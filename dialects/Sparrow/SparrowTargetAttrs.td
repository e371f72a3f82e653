//===- SparrowTargetAttrs.td - Target and kernel choice ----*- tablegen -*-===//
//
// What a compile is for (the module's target) and what the kernel layer
// chose for each op. Passes ask these instead of options of their own.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_TARGET_ATTRS_TD
#define SPARROW_TARGET_ATTRS_TD

def Sparrow_TargetAttr : AttrDef<Sparrow_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The machine a module is compiled for";
  let description = [{
    `#sparrow.target<"aarch64-unknown-linux-gnu", "cortex-a53", "+neon,-dotprod">`:
    an LLVM target triple, CPU name and feature string (LLVM's names, each
    feature `+name` or `-name`). `sparrow-compile` puts it on the module as
    `sparrow.target` from `--target`, `--mcpu` and `--mattr`, listing the
    state of every feature the kernels ask about; passes read it through the
    kernel configuration. A module without one is compiled for a generic
    128-bit SIMD machine with a fused multiply-add.
  }];
  let parameters = (ins StringRefParameter<"LLVM target triple">:$triple,
                        StringRefParameter<"LLVM CPU name">:$cpu,
                        StringRefParameter<"LLVM feature string">:$features);
  let assemblyFormat = "`<` $triple `,` $cpu `,` $features `>`";
  let extraClassDeclaration = [{
    /// Name of the module attribute that holds the target.
    static constexpr llvm::StringLiteral kAttrName = "sparrow.target";
    /// The target of the module around `op`, or null.
    static TargetAttr lookup(mlir::Operation *op);
    /// The last `+name` or `-name` in the feature string says.
    bool hasFeature(llvm::StringRef name) const;
    bool isAArch64() const { return getTriple().starts_with("aarch64"); }
    bool isWasm32() const { return getTriple().starts_with("wasm32"); }
    bool isX86() const { return getTriple().starts_with("x86_64"); }
    /// Whether compiled code runs on the runtime's thread pool: wasm32
    /// only with shared memory and atomics.
    bool hasThreads() const { return !isWasm32() || hasFeature("atomics"); }
  }];
}

def Sparrow_KernelKind : I32EnumAttr<"KernelKind",
    "how an op is computed", [
      I32EnumAttrCase<"pointwise", 0>,
      I32EnumAttrCase<"direct", 1>,
      I32EnumAttrCase<"int8_pointwise", 2>,
      I32EnumAttrCase<"int8_direct", 3>,
      I32EnumAttrCase<"loops", 4>,
      I32EnumAttrCase<"window", 5>,
      I32EnumAttrCase<"matmul", 6>
    ]> {
  let cppNamespace = "::sparrow";
  let genSpecializedAttr = 0;
}

def Sparrow_KernelAttr : AttrDef<Sparrow_Dialect, "Kernel"> {
  let mnemonic = "kernel";
  let summary = "The kernel chosen for an op, and why";
  let description = [{
    Recorded by `sparrow-select-kernels` as the op's `sparrow.kernel`
    attribute and followed by `sparrow-lower-to-linalg`:

    * `pointwise`, `int8_pointwise`: register-tiled 1x1 convs (and batch-1
      Gemm) with a tile of `rows` output channels x `vectors` SIMD vectors;
      `sparse` when the tiles skip their all-zero input channels;
    * `direct`, `int8_direct`: depthwise and few-input-channel convs as
      vector loops over output rows;
    * `window`: other convs (KxK, strided, dilated, grouped) as register
      tiles over the padded input split into stride phases, with the same
      tile and sparse steps as `pointwise`;
    * `matmul`: MatMul with B shared by every row of A (Linear layers over
      tokens) or batched over the same batch dims (attention), as the same
      register tiles with A's rows as the tile rows;
    * `loops`: no hand-written kernel fits; linalg loops.

    `#sparrow.kernel<pointwise, sparse, tile = 4x4, "52% of 4-row tile
    channels skipped">`, `#sparrow.kernel<direct, dense, "depthwise 3x3,
    stride 2">`: the tile (`rows` x `vectors`) only for the pointwise
    and window kernels; the string says why.
  }];
  let parameters = (ins EnumParameter<Sparrow_KernelKind>:$kind,
                        "bool":$sparse, "int64_t":$rows, "int64_t":$vectors,
                        StringRefParameter<"why this kernel">:$reason);
  let hasCustomAssemblyFormat = 1;
  let extraClassDeclaration = [{
    /// Name of the op attribute that holds the choice.
    static constexpr llvm::StringLiteral kAttrName = "sparrow.kernel";
  }];
}

#endif // SPARROW_TARGET_ATTRS_TD
