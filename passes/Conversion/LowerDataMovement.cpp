//===- LowerDataMovement.cpp - concat, reshape, transpose to tensor ops ---===//

#include "passes/Conversion/LoweringUtils.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <numeric>

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

/// A transpose over its coalesced dims: unit dims dropped and runs of dims
/// that stay adjacent and in order merged. Swin's window partition
/// [1,8,7,8,7,96] by (0,1,3,2,4,5) is [8,7,8,672] by (0,2,1,3): the inner
/// copy is one loop of 672 floats instead of nests LLVM unrolls into
/// thousands of instructions (which its AArch64 loop strength reduction
/// then takes seconds per function on).
struct LowerTranspose : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape();
    ArrayRef<int64_t> out = op.getOutput().getType().getShape();
    ArrayRef<int64_t> perm = op.getPerm();
    // Position of each non-unit input dim among the non-unit ones.
    SmallVector<int64_t> rankOf(in.size(), -1);
    int64_t kept = 0;
    for (auto [d, extent] : llvm::enumerate(in))
      if (extent != 1)
        rankOf[d] = kept++;
    // Groups in output order, each a run of consecutive kept input dims.
    SmallVector<SmallVector<int64_t>> groups;
    for (int64_t d : perm) {
      if (rankOf[d] < 0)
        continue;
      if (!groups.empty() && rankOf[groups.back().back()] + 1 == rankOf[d])
        groups.back().push_back(d);
      else
        groups.push_back({d});
    }
    SmallVector<int64_t> byInput(groups.size());
    std::iota(byInput.begin(), byInput.end(), 0);
    llvm::sort(byInput, [&](int64_t a, int64_t b) {
      return groups[a].front() < groups[b].front();
    });
    auto extentOf = [&](int64_t g) {
      int64_t n = 1;
      for (int64_t d : groups[g])
        n *= in[d];
      return n;
    };
    SmallVector<int64_t> inShape, outShape, newPerm(groups.size());
    for (int64_t g : byInput)
      inShape.push_back(extentOf(g));
    for (auto [i, g] : llvm::enumerate(groups)) {
      outShape.push_back(extentOf(i));
      newPerm[i] =
          llvm::find(byInput, static_cast<int64_t>(i)) - byInput.begin();
    }
    Value x = reshapeTensor(rewriter, loc, adaptor.getInput(), inShape);
    if (!llvm::is_sorted(newPerm)) {
      Value init = emptyTensor(rewriter, loc, outShape);
      x = linalg::TransposeOp::create(rewriter, loc, x, init, newPerm)
              .getResult()[0];
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, x, out));
    return success();
  }
};
} // namespace

void sparrow::populateDataMovementLoweringPatterns(
    RewritePatternSet &patterns) {
  patterns.add<LowerConcat, LowerReshape, LowerTranspose>(
      patterns.getContext());
}
