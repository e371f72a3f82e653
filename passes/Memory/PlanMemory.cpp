//===- PlanMemory.cpp - Static placement of buffers in one arena ----------===//

#include "passes/Memory/Passes.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <algorithm>

namespace sparrow {
#define GEN_PASS_DEF_PLANMEMORY
#include "passes/Memory/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

namespace {
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes = 0, first = 0, last = 0, offset = -1;
};

/// The index of `op`'s ancestor in the function's top-level block.
int64_t topLevelIndex(Operation *op, Block &body,
                      const DenseMap<Operation *, int64_t> &index) {
  while (op->getBlock() != &body)
    op = op->getParentOp();
  return index.lookup(op);
}

/// Last top-level position where `root` or any view of it is used.
int64_t lastUse(Value root, Block &body,
                const DenseMap<Operation *, int64_t> &index) {
  int64_t last = 0;
  SmallVector<Value> worklist = {root};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      last = std::max(last, topLevelIndex(user, body, index));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v)
          llvm::append_range(worklist, user->getResults());
    }
  }
  return last;
}

struct PlanMemoryPass : sparrow::impl::PlanMemoryBase<PlanMemoryPass> {
  using PlanMemoryBase::PlanMemoryBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    if (!func.getBody().hasOneBlock()) {
      func.emitError("memory planning expects a single-block function");
      return signalPassFailure();
    }
    // The arena becomes a new argument, which callers could not supply.
    if (auto module = func->getParentOfType<ModuleOp>())
      if (!SymbolTable::symbolKnownUseEmpty(func, module)) {
        func.emitError("memory planning runs on entry functions; @")
            << func.getSymName() << " is called";
        return signalPassFailure();
      }
    DataLayout layout = DataLayout::closest(func);
    DenseMap<Operation *, int64_t> index;
    for (auto [i, op] : llvm::enumerate(body))
      index[&op] = i;

    SmallVector<Buffer> buffers;
    WalkResult walk = func.walk([&](Operation *op) {
      if (isa<memref::DeallocOp>(op))
        return WalkResult::advance();
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        return WalkResult::advance();
      MemRefType type = alloc.getType();
      int64_t elementBits =
          layout.getTypeSizeInBits(type.getElementType()).getFixedValue();
      // i1 masks take a byte per element in memory (as LLVM stores i1).
      if (type.getElementType().isInteger(1))
        elementBits = 8;
      if (alloc->getBlock() != &body || !type.hasStaticShape() ||
          !type.getLayout().isIdentity() || elementBits % 8) {
        alloc.emitError("cannot place in the arena: only static, "
                        "identity-layout allocations at function level are "
                        "supported, got ")
            << type;
        return WalkResult::interrupt();
      }
      Buffer buf;
      buf.alloc = alloc;
      buf.bytes = type.getNumElements() * elementBits / 8;
      buf.first = index[alloc];
      buf.last = std::max(buf.first, lastUse(alloc, body, index));
      buffers.push_back(buf);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();

    int64_t total = assignOffsets(buffers);

    // The arena becomes the last argument.
    MLIRContext *ctx = &getContext();
    auto arenaType = MemRefType::get({total}, IntegerType::get(ctx, 8));
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(argIndex, arenaType, {}, func.getLoc())))
      return signalPassFailure();
    Value arena = func.getArgument(argIndex);

    for (Buffer &buf : buffers) {
      OpBuilder b(buf.alloc);
      Value offset =
          arith::ConstantIndexOp::create(b, buf.alloc.getLoc(), buf.offset);
      Value view =
          memref::ViewOp::create(b, buf.alloc.getLoc(), buf.alloc.getType(),
                                 arena, offset, ValueRange{});
      buf.alloc.replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    func.walk([](memref::DeallocOp op) { op.erase(); });
    func->setAttr("sparrow.arena_bytes",
                  IntegerAttr::get(IntegerType::get(ctx, 64), total));
  }

  /// Greedy by size: largest buffers first, each at the lowest aligned
  /// offset that no buffer live at the same time occupies. Returns the size.
  int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    llvm::stable_sort(order,
                      [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
    int64_t align = std::max<int64_t>(alignment, 1), total = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *buf : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (p->first <= buf->last && buf->first <= p->last)
          busy.push_back({p->offset, p->offset + p->bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + buf->bytes <= lo)
          break;
        offset = std::max(offset, (hi + align - 1) / align * align);
      }
      buf->offset = offset;
      total = std::max(total, offset + buf->bytes);
      placed.push_back(buf);
    }
    return (total + align - 1) / align * align;
  }
};
} // namespace
