//===- Passes.td - Threading passes ------------------------*- tablegen -*-===//

#ifndef SPARROW_PARALLEL_PASSES
#define SPARROW_PARALLEL_PASSES

include "mlir/Pass/PassBase.td"

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
      dynamic offset, size or stride, globals too); constants are
      re-created inside;
    * a body equal to one outlined before (the same kernel in another
      layer, over other buffers and weights) is not created again: both
      loops call the first one;
    * the function gets a last argument `!llvm.ptr` pointing to the
      runtime's `{parallel_for, pool}` pair (docs/ModelABI.md). When it is
      null (one thread) the caller runs the body over all iterations
      itself; otherwise it calls `parallel_for(pool, body, ctx, n)`.

    `scf.parallel` loops without reductions (what linalg ops become) are
    handled the same way: their leading dimensions, flattened until there
    are at least 64 pieces, are shared out and the remaining ones stay loops
    inside each piece.

    Only targets with threads get dispatchers: the module's
    `#sparrow.target` says (wasm32 only with `+atomics`); a module without
    one is a generic single-threaded machine. Without threads the pass
    changes nothing. Option `threads` overrides the target.

    Loops doing less than `min-work` operations (loop trip counts
    multiplied out) stay serial, as do loops that carry results or use a
    value of another type from outside (a float or vector computed before
    them).
  }];
  let options = [
    Option<"threads", "threads", "bool", /*default=*/"false",
           "Hand loops to the thread pool (default: when the module's target "
           "has threads)">,
    Option<"minWork", "min-work", "int64_t", /*default=*/"16384",
           "Smallest amount of work (operations executed) worth a dispatch">
  ];
  let dependentDialects = [
    "mlir::LLVM::LLVMDialect", "mlir::arith::ArithDialect",
    "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect"
  ];
}

#endif // SPARROW_PARALLEL_PASSES
