//===- SparrowConvOps.cpp - 3-D and transposed convolutions ---------------===//

#include "dialects/Sparrow/OpHelpers.h"
#include "dialects/Sparrow/SparrowOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace sparrow;

static LogicalResult checkBias(std::optional<Location> loc, Value bias,
                               int64_t channels) {
  if (!bias)
    return success();
  ArrayRef<int64_t> b = shapeOf(bias);
  if (b.size() != 1 || b[0] != channels)
    return emitOptionalError(loc, "bias must be 1-D of size ", channels);
  return success();
}

LogicalResult Conv3DOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  if (in.size() != 5 || w.size() != 5)
    return emitOptionalError(loc, "expects 5-D input and filter, got ranks ",
                             in.size(), " and ", w.size());
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return emitOptionalError(loc, "groups must be positive, got ", groups);
  if (in[1] % groups || w[0] % groups)
    return emitOptionalError(loc, "groups (", groups, ") must divide input (",
                             in[1], ") and output (", w[0], ") channels");
  if (w[1] * groups != in[1])
    return emitOptionalError(loc, "filter expects ", w[1] * groups,
                             " input channels, input has ", in[1]);
  if (failed(checkBias(loc, adaptor.getBias(), w[0])))
    return failure();
  SmallVector<int64_t> out;
  if (failed(windowResult(loc, in, w[0], w.drop_front(2), adaptor.getStrides(),
                          adaptor.getPads(), adaptor.getDilations(), false,
                          out)))
    return failure();
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ConvTransposeOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  if (in.size() != w.size() || in.size() < 4 || in.size() > 5)
    return emitOptionalError(loc,
                             "expects 4-D or 5-D input and filter of "
                             "the same rank, got ranks ",
                             in.size(), " and ", w.size());
  unsigned spatial = in.size() - 2;
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return emitOptionalError(loc, "groups must be positive, got ", groups);
  if (in[1] % groups)
    return emitOptionalError(loc, "groups (", groups,
                             ") must divide the input channels (", in[1], ")");
  if (w[0] != in[1])
    return emitOptionalError(loc, "filter has ", w[0],
                             " input channels, input has ", in[1]);
  int64_t outChannels = w[1] * groups;
  if (failed(checkBias(loc, adaptor.getBias(), outChannels)))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides(), pads = adaptor.getPads(),
                    dilations = adaptor.getDilations(),
                    outPad = adaptor.getOutputPadding();
  if (strides.size() != spatial || dilations.size() != spatial ||
      outPad.size() != spatial || pads.size() != 2 * spatial)
    return emitOptionalError(loc, "expects ", spatial,
                             " strides, dilations and output paddings and ",
                             2 * spatial, " pads");
  SmallVector<int64_t> out = {in[0], outChannels};
  for (unsigned i = 0; i < spatial; ++i) {
    if (strides[i] < 1 || dilations[i] < 1 || outPad[i] < 0)
      return emitOptionalError(loc, "strides and dilations must be positive "
                                    "and output paddings non-negative");
    int64_t grown, span, size;
    if (__builtin_mul_overflow(in[2 + i] - 1, strides[i], &grown) ||
        __builtin_mul_overflow(w[2 + i] - 1, dilations[i], &span) ||
        __builtin_add_overflow(grown, span + 1 + outPad[i], &size) ||
        __builtin_sub_overflow(size, pads[i], &size) ||
        __builtin_sub_overflow(size, pads[i + spatial], &size))
      return emitOptionalError(loc, "spatial dim ", i,
                               " of the output overflows");
    if (size < 1)
      return emitOptionalError(loc, "spatial dim ", i, " of the output is ",
                               size);
    out.push_back(size);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}
