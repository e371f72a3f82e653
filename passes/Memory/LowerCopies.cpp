//===- LowerCopies.cpp - memref.copy to linalg.copy -----------------------===//

#include "passes/Memory/Passes.h"

namespace sparrow {
#define GEN_PASS_DEF_LOWERCOPIES
#include "passes/Memory/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

namespace {
struct LowerCopiesPass : sparrow::impl::LowerCopiesBase<LowerCopiesPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};
} // namespace
