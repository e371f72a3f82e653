//===- MemoryFunctions.cpp - memcpy and friends inside the model ----------===//
//
// Byte loops that LLVM's loop vectorizer turns into SIMD copies. They are
// marked "no-builtins" so loop-idiom recognition does not turn them back
// into calls to themselves.
//
//===----------------------------------------------------------------------===//

#include "lib/Target/MemoryFunctions.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace sparrow {

namespace {
struct ByteLoop {
  Function *fn;
  IRBuilder<> &b;
  Value *n;

  /// for (i = 0; i < n; ++i) body(index) with index = i or n - 1 - i.
  void emit(BasicBlock *exit, bool backward,
            function_ref<void(Value *index)> body) {
    LLVMContext &ctx = fn->getContext();
    Type *sizeTy = n->getType();
    BasicBlock *entry = b.GetInsertBlock();
    auto *loop = BasicBlock::Create(ctx, "loop", fn, exit);
    b.CreateCondBr(b.CreateICmpEQ(n, ConstantInt::get(sizeTy, 0)), exit, loop);
    b.SetInsertPoint(loop);
    PHINode *i = b.CreatePHI(sizeTy, 2);
    i->addIncoming(ConstantInt::get(sizeTy, 0), entry);
    Value *index =
        backward ? b.CreateSub(b.CreateSub(n, ConstantInt::get(sizeTy, 1)), i)
                 : static_cast<Value *>(i);
    body(index);
    Value *next = b.CreateAdd(i, ConstantInt::get(sizeTy, 1), "", true, true);
    i->addIncoming(next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpEQ(next, n), exit, loop);
  }
};
} // namespace

/// `name(ptr dst, second, size n) -> ptr` with hidden visibility, or null
/// when the module already has a body for it.
static Function *declare(Module &m, StringRef name, Type *second) {
  LLVMContext &ctx = m.getContext();
  Type *ptr = PointerType::getUnqual(ctx);
  Type *sizeTy = m.getDataLayout().getIntPtrType(ctx);
  auto *type = FunctionType::get(ptr, {ptr, second, sizeTy}, false);
  Function *fn = cast<Function>(m.getOrInsertFunction(name, type).getCallee());
  if (!fn->isDeclaration() || fn->getFunctionType() != type)
    return nullptr;
  fn->setLinkage(GlobalValue::ExternalLinkage);
  fn->setVisibility(GlobalValue::HiddenVisibility);
  fn->addFnAttr("no-builtins");
  fn->addFnAttr(Attribute::NoUnwind);
  return fn;
}

void defineMemoryFunctions(Module &m) {
  LLVMContext &ctx = m.getContext();
  Type *i8 = Type::getInt8Ty(ctx), *ptr = PointerType::getUnqual(ctx);
  IRBuilder<> b(ctx);

  auto copy = [&](StringRef name, bool overlapping) {
    Function *fn = declare(m, name, ptr);
    if (!fn)
      return;
    Value *dst = fn->getArg(0), *src = fn->getArg(1), *n = fn->getArg(2);
    auto *entry = BasicBlock::Create(ctx, "entry", fn);
    auto *exit = BasicBlock::Create(ctx, "exit", fn);
    b.SetInsertPoint(entry);
    auto body = [&](Value *i) {
      Value *byte = b.CreateLoad(i8, b.CreateGEP(i8, src, i));
      b.CreateStore(byte, b.CreateGEP(i8, dst, i));
    };
    if (!overlapping) {
      ByteLoop{fn, b, n}.emit(exit, /*backward=*/false, body);
    } else {
      // memmove: copy backwards when the destination starts inside the
      // source, so no byte is overwritten before it is read.
      auto *forward = BasicBlock::Create(ctx, "forward", fn, exit);
      auto *backward = BasicBlock::Create(ctx, "backward", fn, exit);
      Type *sizeTy = n->getType();
      Value *gap = b.CreateSub(b.CreatePtrToInt(dst, sizeTy),
                               b.CreatePtrToInt(src, sizeTy));
      b.CreateCondBr(b.CreateICmpULT(gap, n), backward, forward);
      b.SetInsertPoint(forward);
      ByteLoop{fn, b, n}.emit(exit, false, body);
      b.SetInsertPoint(backward);
      ByteLoop{fn, b, n}.emit(exit, true, body);
    }
    b.SetInsertPoint(exit);
    b.CreateRet(dst);
  };
  copy("memcpy", false);
  copy("memmove", true);

  if (Function *fn = declare(m, "memset", Type::getInt32Ty(ctx))) {
    Value *dst = fn->getArg(0), *n = fn->getArg(2);
    auto *entry = BasicBlock::Create(ctx, "entry", fn);
    auto *exit = BasicBlock::Create(ctx, "exit", fn);
    b.SetInsertPoint(entry);
    Value *byte = b.CreateTrunc(fn->getArg(1), i8);
    ByteLoop{fn, b, n}.emit(exit, false, [&](Value *i) {
      b.CreateStore(byte, b.CreateGEP(i8, dst, i));
    });
    b.SetInsertPoint(exit);
    b.CreateRet(dst);
  }
}

} // namespace sparrow
