//===- SparrowOps.cpp - Result types and verifiers of the sparrow ops -----===//

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/OpHelpers.h"
#include "dialects/Sparrow/ShapeInference.h"
#include "dialects/Sparrow/SparsityPatterns.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace sparrow;

#define GET_OP_CLASSES
#include "dialects/Sparrow/SparrowOps.cpp.inc"

RankedTensorType sparrow::f32Tensor(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

ArrayRef<int64_t> sparrow::shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// Checks kernel dims, strides and dilations (one per spatial dim) and pads
/// [begin..., end...]. Emits the first problem found.
LogicalResult
sparrow::checkWindowAttrs(std::optional<Location> loc, unsigned spatial,
                          ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations) {
  if (kernel.size() != spatial || strides.size() != spatial ||
      dilations.size() != spatial)
    return emitOptionalError(loc, "expects ", spatial,
                             " kernel dims, strides "
                             "and dilations, got ",
                             kernel.size(), ", ", strides.size(), " and ",
                             dilations.size());
  if (pads.size() != 2 * spatial)
    return emitOptionalError(loc, "expects ", 2 * spatial,
                             " pads [begins..., ends...], got ", pads.size());
  for (unsigned i = 0; i < spatial; ++i)
    if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1)
      return emitOptionalError(loc, "kernel dims, strides and dilations must "
                                    "be positive");
  for (int64_t p : pads)
    if (p < 0)
      return emitOptionalError(loc, "pads must be non-negative");
  return success();
}

/// Output [N, C, spatial...] of a window op over the dims after the first
/// two, or failure.
LogicalResult sparrow::windowResult(
    std::optional<Location> loc, ArrayRef<int64_t> in, int64_t channels,
    ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
    ArrayRef<int64_t> dilations, bool ceilMode, SmallVectorImpl<int64_t> &out) {
  unsigned spatial = in.size() - 2;
  if (failed(checkWindowAttrs(loc, spatial, kernel, strides, pads, dilations)))
    return failure();
  out.assign({in[0], channels});
  for (unsigned i = 0; i < spatial; ++i) {
    int64_t size = windowOutputSize(in[2 + i], kernel[i], strides[i], pads[i],
                                    pads[i + spatial], dilations[i], ceilMode);
    if (size < 1)
      return emitOptionalError(loc, "window of ", kernel[i], " (dilation ",
                               dilations[i], ") does not fit spatial dim ", i,
                               " of size ", in[2 + i], " with pads ", pads[i],
                               ", ", pads[i + spatial]);
    out.push_back(size);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

bool Conv2DOp::isDepthwise() {
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter());
  return getGroups() == in[1] && w[1] == 1 && getGroups() > 1;
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> w = shapeOf(adaptor.getFilter());
  if (in.size() != 4 || w.size() != 4)
    return emitOptionalError(loc, "expects 4-D input and filter, got ranks ",
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
  if (Value bias = adaptor.getBias()) {
    ArrayRef<int64_t> b = shapeOf(bias);
    if (b.size() != 1 || b[0] != w[0])
      return emitOptionalError(loc, "bias must be 1-D of size ", w[0]);
  }
  SmallVector<int64_t> out;
  if (failed(windowResult(loc, in, w[0], w.drop_front(2), adaptor.getStrides(),
                          adaptor.getPads(), adaptor.getDilations(), false,
                          out)))
    return failure();
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp and MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult GemmOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> a = shapeOf(adaptor.getA()), b = shapeOf(adaptor.getB());
  if (a.size() != 2 || b.size() != 2)
    return emitOptionalError(loc, "expects 2-D A and B, got ranks ", a.size(),
                             " and ", b.size());
  int64_t m = adaptor.getTransA() ? a[1] : a[0];
  int64_t k = adaptor.getTransA() ? a[0] : a[1];
  int64_t kb = adaptor.getTransB() ? b[1] : b[0];
  int64_t n = adaptor.getTransB() ? b[0] : b[1];
  if (k != kb)
    return emitOptionalError(loc, "inner dims differ: A gives ", k,
                             ", B gives ", kb);
  if (Value c = adaptor.getC()) {
    auto bc = broadcastShapes(shapeOf(c), {m, n});
    if (shapeOf(c).size() > 2 || !bc || (*bc)[0] != m || (*bc)[1] != n)
      return emitOptionalError(loc, "C does not broadcast to ", m, "x", n);
  }
  types.push_back(f32Tensor(ctx, {m, n}));
  return success();
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> l = shapeOf(adaptor.getLhs()),
                    r = shapeOf(adaptor.getRhs());
  if (l.size() < 2 || r.size() < 2)
    return emitOptionalError(loc, "expects operands of rank >= 2");
  if (l.back() != r[r.size() - 2])
    return emitOptionalError(loc, "inner dims differ: ", l.back(), " vs ",
                             r[r.size() - 2]);
  auto batch = broadcastShapes(l.drop_back(2), r.drop_back(2));
  if (!batch)
    return emitOptionalError(loc, "batch dims do not broadcast");
  SmallVector<int64_t> out(*batch);
  out.push_back(l[l.size() - 2]);
  out.push_back(r.back());
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 2)
    return emitOptionalError(loc, "expects input of rank >= 2");
  for (Value p : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                  adaptor.getVariance()}) {
    ArrayRef<int64_t> s = shapeOf(p);
    if (s.size() != 1 || s[0] != in[1])
      return emitOptionalError(loc, "parameters must be 1-D of size ", in[1],
                               " (the channel count)");
  }
  types.push_back(adaptor.getInput().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Binary elementwise ops
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult
inferBroadcast(MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
               SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> l = shapeOf(adaptor.getLhs()),
                    r = shapeOf(adaptor.getRhs());
  auto out = broadcastShapes(l, r);
  if (!out)
    return emitOptionalError(loc, "operand shapes do not broadcast");
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

#define SPARROW_BINARY_INFER(OP)                                               \
  LogicalResult OP::inferReturnTypes(                                          \
      MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,          \
      SmallVectorImpl<Type> &types) {                                          \
    return inferBroadcast(ctx, loc, adaptor, types);                           \
  }
SPARROW_BINARY_INFER(AddOp)
SPARROW_BINARY_INFER(SubOp)
SPARROW_BINARY_INFER(MulOp)
SPARROW_BINARY_INFER(DivOp)
#undef SPARROW_BINARY_INFER

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  if (getMax().convertToFloat() < getMin().convertToFloat())
    return emitOpError("needs min <= max, got min ")
           << getMin().convertToFloat() << " > max "
           << getMax().convertToFloat();
  return success();
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  int64_t axis = getAxisAttr().getInt();
  if (axis < 0 || axis >= rank)
    return emitOpError("axis ") << axis << " out of range for rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPoolOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 3 || in.size() > 5)
    return emitOptionalError(loc, "expects an input of rank 3 to 5, got ",
                             in.size());
  SmallVector<int64_t> out;
  if (failed(windowResult(loc, in, in[1], adaptor.getKernelShape(),
                          adaptor.getStrides(), adaptor.getPads(),
                          adaptor.getDilations(), adaptor.getCeilMode(), out)))
    return failure();
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult AveragePoolOp::inferReturnTypes(MLIRContext *ctx,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 3 || in.size() > 5)
    return emitOptionalError(loc, "expects an input of rank 3 to 5, got ",
                             in.size());
  SmallVector<int64_t> out;
  SmallVector<int64_t> ones(in.size() - 2, 1);
  if (failed(windowResult(loc, in, in[1], adaptor.getKernelShape(),
                          adaptor.getStrides(), adaptor.getPads(), ones,
                          adaptor.getCeilMode(), out)))
    return failure();
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult GlobalAveragePoolOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  if (in.size() < 3)
    return emitOptionalError(loc, "expects input of rank >= 3");
  SmallVector<int64_t> out(in.begin(), in.end());
  std::fill(out.begin() + 2, out.end(), 1);
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  if (adaptor.getInputs().empty())
    return emitOptionalError(loc, "expects at least one input");
  SmallVector<int64_t> out(shapeOf(adaptor.getInputs().front()));
  int64_t axis = adaptor.getAxisAttr().getInt();
  if (axis < 0 || axis >= static_cast<int64_t>(out.size()))
    return emitOptionalError(loc, "axis ", axis, " out of range for rank ",
                             out.size());
  for (Value v : adaptor.getInputs().drop_front()) {
    ArrayRef<int64_t> s = shapeOf(v);
    if (s.size() != out.size())
      return emitOptionalError(loc, "inputs must have the same rank");
    for (size_t i = 0; i < s.size(); ++i)
      if (static_cast<int64_t>(i) != axis && s[i] != out[i])
        return emitOptionalError(loc, "inputs differ in dim ", i,
                                 " which is not the concat axis");
    out[axis] += s[axis];
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto in = getInput().getType(), out = getOutput().getType();
  if (!in.hasStaticShape() || !out.hasStaticShape())
    return emitOpError("expects static shapes");
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("cannot reshape ")
           << in.getNumElements() << " elements into " << out.getNumElements();
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  // reshape(reshape(x)) == reshape(x): only the final shape matters.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  ArrayRef<int64_t> in = shapeOf(adaptor.getInput());
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (perm.size() != in.size())
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries for rank ", in.size());
  SmallVector<bool> seen(in.size(), false);
  SmallVector<int64_t> out;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return emitOptionalError(loc, "perm is not a permutation");
    seen[p] = true;
    out.push_back(in[p]);
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

//===----------------------------------------------------------------------===//
// Sparsity patterns on weight-bearing ops
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  if (Value r = getResidual(); r && r.getType() != getOutput().getType())
    return emitOpError("residual must have the result type ")
           << getOutput().getType() << ", got " << r.getType();
  return verifySparsityAttr(*this, getSparsityAttr());
}
LogicalResult GemmOp::verify() {
  return verifySparsityAttr(*this, getSparsityAttr());
}
LogicalResult MatMulOp::verify() {
  return verifySparsityAttr(*this, getSparsityAttr());
}
