//===- LowerDataMovement.cpp - concat, reshape, transpose to tensor ops ---===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace sparrow;

namespace {
/// Concat writes each input into a slice of one destination; bufferization
/// turns the slices into views of a single buffer.
struct LowerConcat : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    int64_t axis = op.getAxis(), offset = 0;
    Value dest = emptyTensor(rewriter, loc, out);
    for (Value input : adaptor.getInputs()) {
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(input.getType()).getShape();
      SmallVector<OpFoldResult> offsets(out.size(), rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes,
          strides(out.size(), rewriter.getIndexAttr(1));
      for (int64_t s : shape)
        sizes.push_back(rewriter.getIndexAttr(s));
      offsets[axis] = rewriter.getIndexAttr(offset);
      dest = tensor::InsertSliceOp::create(rewriter, loc, input, dest, offsets,
                                           sizes, strides);
      offset += shape[axis];
    }
    rewriter.replaceOp(op, dest);
    return success();
  }
};

struct LowerReshape : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       reshapeTensor(rewriter, op.getLoc(), adaptor.getInput(),
                                     op.getOutput().getType().getShape()));
    return success();
  }
};

struct LowerTranspose : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value init =
        emptyTensor(rewriter, loc, op.getOutput().getType().getShape());
    auto transpose = linalg::TransposeOp::create(
        rewriter, loc, adaptor.getInput(), init, op.getPerm());
    rewriter.replaceOp(op, transpose.getResult());
    return success();
  }
};
} // namespace

void sparrow::populateDataMovementLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<LowerConcat, LowerReshape, LowerTranspose>(
      patterns.getContext());
}
