//===- OutlineLoopNests.h - One function per kernel loop nest ---*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_OUTLINELOOPNESTS_H
#define SPARROW_LIB_TARGET_OUTLINELOOPNESTS_H

namespace llvm {
class Function;
} // namespace llvm

namespace sparrow {

/// Moves each top-level loop nest of `f` (after optimisation, one per kernel
/// or per kernel phase) into a function of its own, marked noinline; `f`
/// keeps the calls. Returns how many nests moved.
unsigned outlineLoopNests(llvm::Function &f);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_OUTLINELOOPNESTS_H
