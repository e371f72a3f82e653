//===- LowerToLinalg.cpp - The sparrow-lower-to-linalg pass ---------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Conversion/Passes.h"
#include "passes/Kernels/KernelOptions.h"

#include "dialects/Sparrow/SparrowDialect.h"

namespace sparrow {
#define GEN_PASS_DEF_LOWERTOLINALG
#include "passes/Conversion/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
struct LowerToLinalgPass : sparrow::impl::LowerToLinalgBase<LowerToLinalgPass> {
  using LowerToLinalgBase::LowerToLinalgBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalDialect<SparrowDialect>();
    // Boundary casts of integer graph inputs and outputs; removed below.
    // The int8 kernels call target intrinsics (wasm dot).
    target.addLegalOp<UnrealizedConversionCastOp, LLVM::CallIntrinsicOp>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect, vector::VectorDialect>();
    RewritePatternSet patterns(ctx);
    // Ops without a recorded kernel get sparrow-select-kernels' choice.
    KernelConfigs configs =
        kernelConfigsFor(getOperation(), SPARROW_KERNEL_OVERRIDES);
    getOperation().walk([&](Operation *op) {
      if (op->hasAttr(KernelAttr::kAttrName))
        return;
      if (KernelAttr choice = selectKernel(op, configs)) {
        op->setAttr(KernelAttr::kAttrName, choice);
        if (report)
          emitKernelRemark(op, choice);
      }
    });
    populateConvLoweringPatterns(patterns, configs.f32);
    populateMatMulLoweringPatterns(patterns, configs.f32);
    populateElementwiseLoweringPatterns(patterns, configs.f32);
    populatePoolingLoweringPatterns(patterns);
    populateDataMovementLoweringPatterns(patterns);
    populateConvNDLoweringPatterns(patterns);
    populateIndexingLoweringPatterns(patterns);
    populateMathLoweringPatterns(patterns);
    populateReductionLoweringPatterns(patterns);
    populateResizeLoweringPatterns(patterns);
    populateFusedOpLoweringPatterns(patterns, configs.f32);
    populateQuantLoweringPatterns(patterns, configs.i8);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();
    makeSignatureSignless(getOperation());
  }

  /// Integer graph inputs and outputs are `ui8`/`si8`/`si32` so that the
  /// model ABI (read before lowering) knows their dtype; the loops work on
  /// signless integers, so the signature becomes signless and the boundary
  /// casts the quantized-op lowering left disappear.
  static void makeSignatureSignless(func::FuncOp func) {
    auto signless = [](Type t) -> Type {
      auto tensor = dyn_cast<RankedTensorType>(t);
      auto i = tensor ? dyn_cast<IntegerType>(tensor.getElementType())
                      : IntegerType();
      if (!i || i.isSignless())
        return t;
      return tensor.clone(IntegerType::get(t.getContext(), i.getWidth()));
    };
    if (func.isExternal())
      return;
    for (BlockArgument arg : func.getArguments())
      arg.setType(signless(arg.getType()));
    SmallVector<Type> results;
    for (Type t : func.getResultTypes())
      results.push_back(signless(t));
    func.setType(FunctionType::get(func.getContext(),
                                   func.getBody().getArgumentTypes(), results));
    func.walk([&](UnrealizedConversionCastOp cast) {
      if (cast->getNumOperands() == 1 && cast->getNumResults() == 1 &&
          signless(cast.getOperand(0).getType()) ==
              signless(cast.getResult(0).getType())) {
        cast.getResult(0).replaceAllUsesWith(cast.getOperand(0));
        cast.erase();
      }
    });
  }
};
} // namespace
