//===- OutlineLoopNests.cpp - One function per kernel loop nest -----------===//
//
// V8 compiles and allocates registers a wasm function at a time. With a
// whole network in one function its register allocator spills the
// kernels' accumulators inside their innermost loops (seen in the x64 code
// of MobileNet-v1: a stack load and store per accumulator per step, while
// the same loop in a 10-layer model keeps them in registers). Giving each
// loop nest its own function bounds what the allocator sees to one kernel.
// LLVM's loop-extract pass also splits the nests' inner loops once a
// function is a single loop; this moves the top-level nests only. A nest's
// inputs (arena and weight pointers, hundreds for the first nest of a
// network) travel in one struct: V8 rejects functions of over 1000
// parameters.
//
//===----------------------------------------------------------------------===//

#include "lib/Target/OutlineLoopNests.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"

using namespace llvm;

namespace sparrow {

unsigned outlineLoopNests(Function &f) {
  if (f.isDeclaration())
    return 0;
  DominatorTree dt(f);
  SmallVector<SmallVector<BasicBlock *>> nests;
  {
    LoopInfo loops(dt);
    for (Loop *loop : loops)
      nests.emplace_back(loop->getBlocks());
  }
  // In program order (headers first in their nests), so the kernels are
  // numbered as they run.
  DenseMap<BasicBlock *, unsigned> position;
  for (BasicBlock &block : f)
    position[&block] = position.size();
  llvm::sort(nests, [&](const auto &a, const auto &b) {
    return position[a.front()] < position[b.front()];
  });
  // Extraction leaves the other nests' blocks as they are, and the cache
  // stays valid across extractions from one function.
  CodeExtractorAnalysisCache cache(f);
  unsigned outlined = 0;
  for (ArrayRef<BasicBlock *> blocks : nests) {
    CodeExtractor extractor(blocks, &dt, /*AggregateArgs=*/true,
                            /*BFI=*/nullptr, /*BPI=*/nullptr, /*AC=*/nullptr,
                            /*AllowVarArgs=*/false, /*AllowAlloca=*/false,
                            /*AllocationBlock=*/nullptr, "kernel");
    if (!extractor.isEligible())
      continue;
    if (Function *kernel = extractor.extractCodeRegion(cache)) {
      kernel->addFnAttr(Attribute::NoInline);
      ++outlined;
    }
  }
  return outlined;
}

} // namespace sparrow
