//===- SparrowDataOps.cpp - Slicing, gathering, padding, resizing ---------===//

#include "dialects/Sparrow/OpHelpers.h"
#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace sparrow;

LogicalResult SliceOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> offsets = adaptor.getOffsets(), sizes = adaptor.getSizes(),
                    strides = adaptor.getStrides();
  if (offsets.size() != in.size() || sizes.size() != in.size() ||
      strides.size() != in.size())
    return emitOptionalError(loc,
                             "expects one offset, size and stride per "
                             "dim (rank ",
                             in.size(), ")");
  for (size_t d = 0; d < in.size(); ++d) {
    if (strides[d] == 0)
      return emitOptionalError(loc, "stride of dim ", d, " is zero");
    if (sizes[d] < 0)
      return emitOptionalError(loc, "size of dim ", d, " is negative");
    if (sizes[d] == 0)
      continue;
    int64_t last = offsets[d] + (sizes[d] - 1) * strides[d];
    if (offsets[d] < 0 || offsets[d] >= in[d] || last < 0 || last >= in[d])
      return emitOptionalError(loc, "dim ", d, " reads indices ", offsets[d],
                               " to ", last, " outside [0, ", in[d], ")");
  }
  types.push_back(f32Tensor(ctx, sizes));
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> data = shapeOf(adaptor.getData());
  ArrayRef<int64_t> indices = shapeOf(adaptor.getIndices());
  int64_t axis = adaptor.getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(data.size()))
    return emitOptionalError(loc, "axis ", axis, " out of range for rank ",
                             data.size());
  SmallVector<int64_t> out(data.take_front(axis));
  out.append(indices.begin(), indices.end());
  out.append(data.begin() + axis + 1, data.end());
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult GatherOp::verify() {
  DenseIntElementsAttr values;
  if (!matchPattern(getIndices(), m_Constant(&values)))
    return success();
  int64_t extent = getData().getType().getDimSize(getAxis());
  for (const APInt &v : values)
    if (v.getSExtValue() < 0 || v.getSExtValue() >= extent)
      return emitOpError("index ")
             << v.getSExtValue() << " out of range [0, " << extent << ")";
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *ctx,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> pads = adaptor.getPads();
  size_t rank = in.size();
  if (pads.size() != 2 * rank)
    return emitOptionalError(loc, "expects ", 2 * rank,
                             " pads [begins..., ends...], got ", pads.size());
  SmallVector<int64_t> out(in);
  for (size_t d = 0; d < rank; ++d) {
    int64_t lo = pads[d], hi = pads[d + rank];
    if (lo < 0 || hi < 0)
      return emitOptionalError(loc, "pads must be non-negative");
    if (adaptor.getMode() == PadMode::reflect && (lo || hi) &&
        (lo >= in[d] || hi >= in[d]))
      return emitOptionalError(loc, "reflect pads of dim ", d,
                               " must be smaller than its size ", in[d]);
    if (adaptor.getMode() == PadMode::edge && (lo || hi) && in[d] == 0)
      return emitOptionalError(loc, "edge padding of the empty dim ", d);
    if (__builtin_add_overflow(out[d], lo, &out[d]) ||
        __builtin_add_overflow(out[d], hi, &out[d]))
      return emitOptionalError(loc, "dim ", d, " overflows");
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult TileOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> repeats = adaptor.getRepeats();
  if (repeats.size() != in.size())
    return emitOptionalError(loc, "expects ", in.size(), " repeats, got ",
                             repeats.size());
  SmallVector<int64_t> out;
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t size;
    if (repeats[d] < 0)
      return emitOptionalError(loc, "repeats must be non-negative");
    if (__builtin_mul_overflow(in[d], repeats[d], &size))
      return emitOptionalError(loc, "dim ", d, " overflows");
    out.push_back(size);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ExpandOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto out = broadcastShapes(shapeOf(adaptor.getInput()), adaptor.getShape());
  if (!out)
    return emitOptionalError(loc, "input does not broadcast with the shape");
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult ResizeOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getOutput().getType().getRank() != rank)
    return emitOpError("changes the rank");
  if (static_cast<int64_t>(getScales().size()) != rank)
    return emitOpError("expects ")
           << rank << " scales, got " << getScales().size();
  for (float s : getScales())
    if (!(s > 0))
      return emitOpError("scales must be positive");
  if (auto roi = getRoi(); roi && static_cast<int64_t>(roi->size()) != 2 * rank)
    return emitOpError("expects ") << 2 * rank << " roi values";
  if (getCoordinateMode() == CoordinateMode::tf_crop_and_resize && !getRoi())
    return emitOpError("tf_crop_and_resize needs a roi");
  for (int64_t d = 0; d < rank; ++d)
    if (getInput().getType().getDimSize(d) == 0 &&
        getOutput().getType().getDimSize(d) != 0)
      return emitOpError("cannot resize the empty dim ") << d;
  return success();
}
