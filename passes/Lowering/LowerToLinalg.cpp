//===- LowerToLinalg.cpp - The sparrow-lower-to-linalg pass ---------------===//

#include "passes/Lowering/LoweringUtils.h"
#include "passes/Lowering/Passes.h"

#include "dialects/Sparrow/SparrowDialect.h"

namespace sparrow {
#define GEN_PASS_DEF_LOWERTOLINALG
#include "passes/Lowering/Passes.h.inc"
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
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect, vector::VectorDialect>();
    RewritePatternSet patterns(ctx);
    KernelTiling tiling;
    tiling.width = kernels ? vectorWidth : 0;
    tiling.rows = tileRows;
    tiling.vectors = tileVectors;
    tiling.fma = useFma;
    tiling.contract = contractMulAdd;
    tiling.channelUnroll = channelUnroll;
    tiling.packWeights = packWeights;
    tiling.sparse = sparseKernels;
    tiling.report = report;
    populateConvLoweringPatterns(patterns, tiling);
    populateMatMulLoweringPatterns(patterns, tiling);
    populateElementwiseLoweringPatterns(patterns);
    populatePoolingLoweringPatterns(patterns);
    populateDataMovementLoweringPatterns(patterns);
    populateConvNDLoweringPatterns(patterns);
    populateIndexingLoweringPatterns(patterns);
    populateMathLoweringPatterns(patterns);
    populateReductionLoweringPatterns(patterns);
    populateResizeLoweringPatterns(patterns);
    populateFusedOpLoweringPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
