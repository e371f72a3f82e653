//===- Passes.td - Memory passes ---------------------------*- tablegen -*-===//

#ifndef SPARROW_MEMORY_PASSES
#define SPARROW_MEMORY_PASSES

include "mlir/Pass/PassBase.td"

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

#endif // SPARROW_MEMORY_PASSES
