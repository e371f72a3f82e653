//===- ParallelAttr.h - Loops the runtime may split -------------*- C++ -*-===//

#ifndef SPARROW_PASSES_PARALLEL_PARALLELATTR_H
#define SPARROW_PASSES_PARALLEL_PARALLELATTR_H

#include "llvm/ADT/StringRef.h"

namespace sparrow {

/// Marks a kernel loop whose iterations write disjoint parts of its output,
/// so sparrow-parallelize-loops may split it across threads.
constexpr llvm::StringLiteral kParallelAttrName = "sparrow.parallel";

} // namespace sparrow

#endif // SPARROW_PASSES_PARALLEL_PARALLELATTR_H
