//===- LoopCaptures.cpp - Values passed to an outlined loop body ----------===//
//
// Memrefs travel as their aligned pointer (plus dynamic metadata) and come
// back as an LLVM memref descriptor cast to the memref type; the
// memref-to-llvm lowering then sees the descriptor directly and the casts
// fold away.
//
//===----------------------------------------------------------------------===//

#include "passes/Parallel/LoopCaptures.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace sparrow {

/// The dynamic offset, sizes and strides of a memref type, in the order of
/// memref.extract_strided_metadata; nullopt for non-strided layouts.
static std::optional<SmallVector<bool>> dynamicMetadata(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return std::nullopt;
  SmallVector<bool> dynamic = {ShapedType::isDynamic(offset)};
  for (int64_t s : type.getShape())
    dynamic.push_back(ShapedType::isDynamic(s));
  for (int64_t s : strides)
    dynamic.push_back(ShapedType::isDynamic(s));
  return dynamic;
}

bool isCloneable(Value v) {
  Operation *def = v.getDefiningOp();
  return def && def->getNumOperands() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

std::optional<unsigned> slotsFor(Value v) {
  Type t = v.getType();
  if (t.isIndex() || (t.isSignlessInteger() && t.getIntOrFloatBitWidth() <= 64))
    return 1;
  auto memref = dyn_cast<MemRefType>(t);
  if (!memref || memref.getMemorySpace())
    return std::nullopt;
  std::optional<SmallVector<bool>> dynamic = dynamicMetadata(memref);
  if (!dynamic)
    return std::nullopt;
  return 1 + llvm::count(*dynamic, true);
}

Value constIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

Value toPointer(OpBuilder &b, Location loc, Value index) {
  Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
  return LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext()), i64);
}

void storeCapture(OpBuilder &b, Location loc, Value ctx, const Capture &c) {
  auto store = [&](Value v, unsigned slot) {
    if (!v.getType().isIndex())
      v = arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
    memref::StoreOp::create(b, loc, v, ctx, constIndex(b, loc, slot));
  };
  auto memref = dyn_cast<MemRefType>(c.value.getType());
  if (!memref)
    return store(c.value, c.slot);
  store(memref::ExtractAlignedPointerAsIndexOp::create(b, loc, c.value),
        c.slot);
  SmallVector<bool> dynamic = *dynamicMetadata(memref);
  if (!llvm::is_contained(dynamic, true))
    return;
  auto meta = memref::ExtractStridedMetadataOp::create(b, loc, c.value);
  SmallVector<Value> values = {meta.getOffset()};
  llvm::append_range(values, meta.getSizes());
  llvm::append_range(values, meta.getStrides());
  unsigned slot = c.slot + 1;
  for (auto [v, isDynamic] : llvm::zip(values, dynamic))
    if (isDynamic)
      store(v, slot++);
}

Value loadCapture(OpBuilder &b, Location loc, Value ctx, const Capture &c) {
  auto load = [&](unsigned slot) -> Value {
    return memref::LoadOp::create(b, loc, ctx,
                                  ValueRange{constIndex(b, loc, slot)});
  };
  Type type = c.value.getType();
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref) {
    Value v = load(c.slot);
    return type.isIndex() ? v : arith::IndexCastOp::create(b, loc, type, v);
  }
  SmallVector<int64_t> strides;
  int64_t offset;
  (void)memref.getStridesAndOffset(strides, offset);
  SmallVector<int64_t> statics = {offset};
  llvm::append_range(statics, memref.getShape());
  llvm::append_range(statics, strides);
  MLIRContext *ctxt = b.getContext();
  auto ptrType = LLVM::LLVMPointerType::get(ctxt);
  auto i64 = b.getI64Type();
  int64_t rank = memref.getRank();
  SmallVector<Type> fields = {ptrType, ptrType, i64};
  if (rank) {
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
    fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
  }
  auto descType = LLVM::LLVMStructType::getLiteral(ctxt, fields);
  Value desc = LLVM::PoisonOp::create(b, loc, descType);
  Value ptr = toPointer(b, loc, load(c.slot));
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{0});
  desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{1});
  unsigned slot = c.slot + 1;
  for (auto [i, s] : llvm::enumerate(statics)) {
    Value v =
        ShapedType::isDynamic(s)
            ? arith::IndexCastOp::create(b, loc, i64, load(slot++)).getResult()
            : LLVM::ConstantOp::create(b, loc, i64, s).getResult();
    SmallVector<int64_t> pos =
        i == 0 ? SmallVector<int64_t>{2}
               : SmallVector<int64_t>{i <= size_t(rank) ? 3 : 4,
                                      int64_t((i - 1) % rank)};
    desc = LLVM::InsertValueOp::create(b, loc, desc, v, pos);
  }
  return UnrealizedConversionCastOp::create(b, loc, type, desc).getResult(0);
}

} // namespace sparrow
