//===- SparrowMathOps.cpp - Elementwise math and reductions ---------------===//

#include "dialects/Sparrow/OpHelpers.h"
#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparrowOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace sparrow;

bool UnaryFnOp::hasAlpha(UnaryKind kind) {
  return kind == UnaryKind::elu || kind == UnaryKind::leaky_relu;
}

LogicalResult UnaryFnOp::verify() {
  bool wants = hasAlpha(getKind());
  if (wants && !getAlphaAttr())
    return emitOpError("kind '")
           << stringifyUnaryKind(getKind()) << "' needs an alpha";
  if (!wants && getAlphaAttr())
    return emitOpError("kind '")
           << stringifyUnaryKind(getKind()) << "' takes no alpha";
  return success();
}

template <typename Adaptor>
static LogicalResult
inferBroadcast(MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
               Type elementType, SmallVectorImpl<Type> &types) {
  auto out =
      broadcastShapes(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()));
  if (!out)
    return emitOptionalError(loc, "operand shapes do not broadcast");
  types.push_back(RankedTensorType::get(*out, elementType));
  return success();
}

#define SPARROW_BINARY_INFER(OP)                                               \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,          \
      SmallVectorImpl<Type> &types) {                                          \
    return inferBroadcast(ctx, loc, adaptor, Float32Type::get(ctx), types);    \
  }
SPARROW_BINARY_INFER(PowOp)
SPARROW_BINARY_INFER(MaxOp)
SPARROW_BINARY_INFER(MinOp)
SPARROW_BINARY_INFER(PReluOp)
SPARROW_BINARY_INFER(ModOp)
#undef SPARROW_BINARY_INFER

LogicalResult CompareOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferBroadcast(ctx, loc, adaptor, IntegerType::get(ctx, 1), types);
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  auto values =
      broadcastShapes(shapeOf(adaptor.getLhs()), shapeOf(adaptor.getRhs()));
  std::optional<SmallVector<int64_t>> out;
  if (values)
    out = broadcastShapes(shapeOf(adaptor.getCondition()), *values);
  if (!out)
    return emitOptionalError(loc, "operand shapes do not broadcast");
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

/// Checks that `axes` are sorted, distinct and within `rank`.
static LogicalResult checkAxes(std::optional<Location> loc,
                               ArrayRef<int64_t> axes, int64_t rank) {
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] < 0 || axes[i] >= rank)
      return emitOptionalError(loc, "axis ", axes[i], " out of range for rank ",
                               rank);
    if (i && axes[i] <= axes[i - 1])
      return emitOptionalError(loc, "axes must be sorted and distinct");
  }
  return success();
}

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (failed(checkAxes(loc, axes, in.size())))
    return failure();
  SmallVector<int64_t> out;
  for (int64_t i = 0, e = in.size(); i < e; ++i) {
    if (!llvm::is_contained(axes, i))
      out.push_back(in[i]);
    else if (adaptor.getKeepDims())
      out.push_back(1);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  if (failed(checkAxes(loc, {axis}, in.size())))
    return failure();
  if (in[axis] == 0)
    return emitOptionalError(loc, "cannot take the arg max of an empty axis");
  SmallVector<int64_t> out(in);
  if (adaptor.getKeepDims())
    out[axis] = 1;
  else
    out.erase(out.begin() + axis);
  types.push_back(RankedTensorType::get(out, IntegerType::get(ctx, 64)));
  return success();
}
