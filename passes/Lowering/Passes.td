//===- Passes.td - Lowering passes -------------------------*- tablegen -*-===//

#ifndef SPARROW_LOWERING_PASSES
#define SPARROW_LOWERING_PASSES

include "mlir/Pass/PassBase.td"

def LowerToLinalg : Pass<"sparrow-lower-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower sparrow graph ops to linalg, tensor, arith and math";
  let description = [{
    Every sparrow op becomes destination-style ops on tensors: convolutions,
    contractions and pooling as `linalg.generic` with the output row
    innermost, padding as `tensor.pad`, concat as `tensor.insert_slice` into
    one destination, reshapes as collapse/expand of the same buffer. Fused
    activations become an elementwise generic. Fails on any op it does not
    know.

    Pointwise convs (1x1, stride 1, no padding, batch 1) instead become
    register-tiled vector loops: `tile-rows` output channels x
    `tile-vectors` vectors of `vector-width` pixels stay in registers while
    the input channels stream past. Depthwise convs become loops over
    channels and output rows accumulating the window's taps into vectors of
    `vector-width` output pixels.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"4",
           "f32 lanes of the target's SIMD registers">,
    Option<"tileRows", "tile-rows", "int64_t", /*default=*/"4",
           "Output channels per register tile">,
    Option<"tileVectors", "tile-vectors", "int64_t", /*default=*/"4",
           "Pixel vectors per register tile">,
    Option<"int8TileVectors", "int8-tile-vectors", "int64_t",
           /*default=*/"0",
           "Pixel vectors per register tile of the int8 pointwise kernel "
           "(0: tile-vectors)">,
    Option<"useFma", "use-fma", "bool", /*default=*/"true",
           "Emit vector.fma (else mulf + addf)">,
    Option<"channelUnroll", "channel-unroll", "int64_t", /*default=*/"2",
           "Input channels per iteration of the pointwise kernels' inner "
           "loop">,
    Option<"pixelBlockBytes", "pixel-block-bytes", "int64_t",
           /*default=*/"0",
           "The f32 pointwise kernel walks inputs in blocks of pixels of at "
           "most this many bytes, all row tiles per block (0: no blocks)">,
    Option<"contractMulAdd", "contract-mul-add", "bool", /*default=*/"false",
           "Without use-fma: mark the mulf + addf pairs contractible "
           "(fastmath<contract>), so targets with an unfused-or-fused "
           "multiply-add (wasm relaxed SIMD) may use it">,
    Option<"sparseKernels", "sparse-kernels", "bool", /*default=*/"true",
           "Pointwise convs with constant weights skip the input channels "
           "whose weights are zero for a whole row tile (when at least 20% "
           "of the tile-channel pairs are)">,
    Option<"report", "report", "bool", /*default=*/"false",
           "Emit a remark per pointwise conv: dense or sparse kernel and the "
           "share of skipped tile channels">,
    Option<"packWeights", "pack-weights", "bool", /*default=*/"false",
           "Pack constant pointwise weights as [F / rows][C][rows] and load a "
           "step's weights as one vector (multiply by lane)">,
    Option<"weightLanes", "weight-lanes", "bool", /*default=*/"true",
           "Load a step's packed weights as one vector and take its lanes "
           "(NEON multiplies by lane); false: one broadcast load per weight "
           "(wasm's v128.load32_splat, no shuffles)">,
    Option<"wasmDot", "wasm-dot", "bool", /*default=*/"false",
           "int8 kernels call wasm's i32x4.dot_i16x8_s">,
    Option<"x86Vnni", "x86-vnni", "bool", /*default=*/"false",
           "The int8 pointwise kernel takes four channels per step with x86 "
           "VNNI's vpdpbusd (u8 x s8)">,
    Option<"armDot", "arm-dot", "bool", /*default=*/"false",
           "The int8 pointwise kernel takes four channels per step with "
           "AArch64's sdot (s8 x s8, the dotprod extension)">,
    Option<"kernels", "kernels", "bool", /*default=*/"true",
           "Use the generated vector kernels for pointwise and depthwise convs (else linalg.generic)">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect", "mlir::vector::VectorDialect",
    "mlir::LLVM::LLVMDialect"
  ];
}

def FuseElementwise : Pass<"sparrow-fuse-elementwise", "mlir::func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg.generic ops into one loop";
  let description = [{
    Upstream's elementwise fusion (`linalg::fuseElementwiseOps`) where it
    saves work: a producer with one use, fused into an all-parallel
    consumer that reads it through a permutation map. It does not fuse into
    reductions or through broadcasts, which would recompute the producer.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def FlattenConstants : Pass<"sparrow-flatten-constants", "mlir::func::FuncOp"> {
  let summary = "Store large constant tensors as 1-D blobs";
  let description = [{
    A constant of rank > 1 with at least `min-elements` elements becomes a
    1-D constant of the same bytes and a `tensor.expand_shape` to its shape,
    which bufferizes to a view. LLVM represents an N-D global as nested
    arrays, one constant per innermost row; a flat array keeps translation
    and code generation linear in the size of the weights.
  }];
  let options = [
    Option<"minElements", "min-elements", "int64_t", /*default=*/"256",
           "Smallest constant to flatten">
  ];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def PlanMemory : Pass<"sparrow-plan-memory", "mlir::func::FuncOp"> {
  let summary = "Place every intermediate buffer in one activation arena";
  let description = [{
    Runs on bufferized functions. Each static `memref.alloc` at the top
    level of the function gets a live range (from the alloc to the last use
    of it or of any view of it) and an offset in a single `i8` arena, so that
    buffers whose ranges overlap never share bytes (greedy by size, offsets
    aligned to `alignment`). The allocs become `memref.view`s of a new last
    function argument `memref<N x i8>`; the function gets the attribute
    `sparrow.arena_bytes = N`. Deallocs are removed. Dynamic or nested
    allocations are an error.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Byte alignment of every buffer in the arena">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"
  ];
}

def LowerCopies : Pass<"sparrow-lower-copies", "mlir::func::FuncOp"> {
  let summary = "Turn memref.copy into linalg.copy";
  let description = [{
    Bufferization copies between strided views (concat slices, out-params)
    would otherwise call MLIR's C runner library. As `linalg.copy` they become
    loops, which LLVM turns back into `memcpy` where the views are contiguous.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def ExpandMath : Pass<"sparrow-expand-math"> {
  let summary = "Replace math functions by polynomial approximations";
  let description = [{
    Compiled models link against nothing but `memcpy`/`memset`, and on
    wasm32 against nothing at all, so `math.exp`, `math.tanh`, `math.erf`
    and friends are expanded into arith ops (upstream's approximations).
    `math.sqrt`, `math.absf`, `math.floor` and `math.ceil` stay: they are
    single instructions on every target.
  }];
  let options = [
    Option<"expandFma", "expand-fma", "bool", /*default=*/"false",
           "Also split math.fma into mulf + addf (targets without a fused "
           "multiply-add instruction, such as wasm32 without relaxed SIMD)">,
    Option<"contract", "contract", "bool", /*default=*/"false",
           "Mark the split mulf + addf contractible (fastmath<contract>), "
           "for wasm32 with relaxed SIMD">
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::vector::VectorDialect"
  ];
}

def ParallelizeLoops : Pass<"sparrow-parallelize-loops", "mlir::ModuleOp"> {
  let summary = "Hand the kernels' parallel loops to the runtime's thread pool";
  let description = [{
    Kernels mark the loop whose iterations write disjoint tiles (the row
    tiles of a pointwise conv, the channels of a depthwise conv) with the
    unit attribute `sparrow.parallel`. In every public function, each
    outermost marked loop (bufferized, without results) becomes a call
    through a dispatcher:

    * its body is outlined into a private `func.func` taking
      `(memref<K x index> ctx, index begin, index end)` that runs iterations
      [begin, end) -- with the bare-pointer calling convention, a C
      `void (*)(void *, int64_t, int64_t)` the runtime may call on any
      thread;
    * the values the body uses from outside are stored in `ctx` (indices
      and integers as `index`, memrefs as their aligned pointer plus any
      dynamic offset, size or stride); constants are re-created inside;
    * the function gets a last argument `!llvm.ptr` pointing to the
      runtime's `{parallel_for, pool}` pair (docs/ModelABI.md). When it is
      null (one thread) the caller runs the body over all iterations
      itself; otherwise it calls `parallel_for(pool, body, ctx, n)`.

    `scf.parallel` loops without reductions (what linalg ops become) are
    handled the same way: their leading dimensions, flattened until there
    are at least 64 pieces, are shared out and the remaining ones stay loops
    inside each piece.

    Loops doing less than `min-work` operations (loop trip counts
    multiplied out) stay serial, as do loops that carry results or use a
    value of another type from outside (a float or vector computed before
    them).
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"16384",
           "Smallest amount of work (operations executed) worth a dispatch">
  ];
  let dependentDialects = [
    "mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect"
  ];
}

#endif // SPARROW_LOWERING_PASSES
