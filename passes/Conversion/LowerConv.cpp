//===- LowerConv.cpp - sparrow.conv2d to linalg.generic -------------------===//
//
// One generic covers plain, grouped and depthwise convolutions: input and
// filter are viewed with an explicit group dim, and the loop order puts the
// output row (contiguous in memory) innermost so LLVM can vectorise it.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/LoweringUtils.h"
#include "passes/Kernels/KernelSelection.h"
#include "passes/Kernels/Kernels.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace sparrow;

namespace {
struct LowerConv2D : OpConversionPattern<Conv2DOp> {
  LowerConv2D(MLIRContext *ctx, const KernelConfig &config)
      : OpConversionPattern(ctx), config(config) {}
  KernelConfig config;

  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> w = op.getFilter().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    ArrayRef<int64_t> pads = op.getPads(), strides = op.getStrides(),
                      dil = op.getDilations();
    int64_t g = op.getGroups(), n = in[0], cg = w[1], fg = w[0] / g;
    // The kernel sparrow-select-kernels chose (loops when an emitter finds
    // a shape it does not handle).
    KernelAttr choice = op->getAttrOfType<KernelAttr>(KernelAttr::kAttrName);
    FailureOr<Value> kernel = failure();
    if (choice && choice.getKind() == KernelKind::pointwise)
      kernel = emitPointwiseConv(rewriter, loc, adaptor.getInput(),
                                 adaptor.getFilter(), adaptor.getBias(),
                                 adaptor.getResidual(), op.getActivationAttr(),
                                 op.getOutput().getType(),
                                 withTile(config, choice), choice.getSparse());
    else if (choice && choice.getKind() == KernelKind::direct)
      kernel = emitDirectConv(
          rewriter, loc, adaptor.getInput(), adaptor.getFilter(),
          adaptor.getBias(), op.getStrides(), op.getPads(), op.getDilations(),
          op.getActivationAttr(), op.getOutput().getType(), config);
    else if (choice && choice.getKind() == KernelKind::window)
      kernel = emitWindowConv(rewriter, loc, adaptor.getInput(),
                              adaptor.getFilter(), adaptor.getBias(),
                              adaptor.getResidual(), strides, pads, dil, g,
                              op.getActivationAttr(), op.getOutput().getType(),
                              withTile(config, choice), choice.getSparse());
    if (succeeded(kernel)) {
      rewriter.replaceOp(op, *kernel);
      return success();
    }

    Value input =
        padTensor(rewriter, loc, adaptor.getInput(), {0, 0, pads[0], pads[1]},
                  {0, 0, pads[2], pads[3]}, 0.0);
    auto padded = cast<RankedTensorType>(input.getType()).getShape();
    auto in5Type = RankedTensorType::get({n, g, cg, padded[2], padded[3]},
                                         rewriter.getF32Type());
    input = tensor::ExpandShapeOp::create(rewriter, loc, in5Type, input,
                                          {{0}, {1, 2}, {3}, {4}});
    auto w5Type =
        RankedTensorType::get({g, fg, cg, w[2], w[3]}, rewriter.getF32Type());
    Value filter = tensor::ExpandShapeOp::create(
        rewriter, loc, w5Type, adaptor.getFilter(), {{0, 1}, {2}, {3}, {4}});

    // Accumulator initialised with the bias (or zero).
    SmallVector<int64_t> out5 = {n, g, fg, out[2], out[3]};
    Value init;
    if (Value bias = adaptor.getBias()) {
      auto b2Type = RankedTensorType::get({g, fg}, rewriter.getF32Type());
      Value b2 =
          tensor::ExpandShapeOp::create(rewriter, loc, b2Type, bias, {{0, 1}});
      AffineMap id = rewriter.getMultiDimIdentityMap(5);
      AffineMap bmap = AffineMap::get(
          5, 0, {rewriter.getAffineDimExpr(1), rewriter.getAffineDimExpr(2)},
          ctx);
      init = buildGeneric(
          rewriter, loc, emptyTensor(rewriter, loc, out5), b2, {bmap, id},
          SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    } else {
      init = filledTensor(rewriter, loc, out5, 0.0);
    }
    // A fused residual starts the accumulation with it.
    if (Value residual = adaptor.getResidual()) {
      auto r5Type = RankedTensorType::get(out5, rewriter.getF32Type());
      Value r5 = tensor::ExpandShapeOp::create(rewriter, loc, r5Type, residual,
                                               {{0}, {1, 2}, {3}, {4}});
      AffineMap id = rewriter.getMultiDimIdentityMap(5);
      init = buildGeneric(
          rewriter, loc, emptyTensor(rewriter, loc, out5), ValueRange{init, r5},
          {id, id, id},
          SmallVector<utils::IteratorType>(5, utils::IteratorType::parallel),
          [](OpBuilder &b, Location l, ValueRange args) {
            return arith::AddFOp::create(b, l, args[0], args[1]).getResult();
          });
    }

    GroupedConvLoops loops(ctx, strides, dil);
    Value acc = buildGeneric(
        rewriter, loc, init, ValueRange{input, filter},
        {loops.input, loops.filter, loops.output}, loops.iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value prod = arith::MulFOp::create(b, l, args[0], args[1]);
          return arith::AddFOp::create(b, l, args[2], prod).getResult();
        });

    Value result = tensor::CollapseShapeOp::create(
        rewriter, loc, op.getOutput().getType(), acc, {{0}, {1, 2}, {3}, {4}});
    result =
        applyActivationTensor(rewriter, loc, result, op.getActivationAttr());
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void sparrow::populateConvLoweringPatterns(RewritePatternSet &patterns,
                                           const KernelConfig &config) {
  patterns.add<LowerConv2D>(patterns.getContext(), config);
}
