//===- SparrowFusedOps.cpp - Verifiers of the ops fusion makes ------------===//

#include "dialects/Sparrow/SparrowOps.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace sparrow;

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

LogicalResult SqueezeExciteOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getInput()), w1 = shapeOf(getReduce()),
                    w2 = shapeOf(getExpand());
  if (x.size() != 4)
    return emitOpError("input must be [N, C, H, W]");
  int64_t c = x[1];
  if (w1.size() != 4 || w1[1] != c || w1[2] != 1 || w1[3] != 1)
    return emitOpError("reduce weights must be [R, ") << c << ", 1, 1]";
  int64_t r = w1[0];
  if (w2.size() != 4 || w2[0] != c || w2[1] != r || w2[2] != 1 || w2[3] != 1)
    return emitOpError("expand weights must be [")
           << c << ", " << r << ", 1, 1]";
  if (shapeOf(getReduceBias()) != ArrayRef<int64_t>{r})
    return emitOpError("reduce bias must be [") << r << "]";
  if (shapeOf(getExpandBias()) != ArrayRef<int64_t>{c})
    return emitOpError("expand bias must be [") << c << "]";
  return success();
}

LogicalResult LayerNormOp::verify() {
  ArrayRef<int64_t> x = shapeOf(getInput());
  int64_t axis = getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(x.size()))
    return emitOpError("axis ")
           << axis << " out of range for rank " << x.size();
  ArrayRef<int64_t> trailing = x.drop_front(axis);
  if (shapeOf(getScale()) != trailing)
    return emitOpError("scale must have the normalised dims");
  if (getBias() && shapeOf(getBias()) != trailing)
    return emitOpError("bias must have the normalised dims");
  if (!(getEpsilon().convertToFloat() >= 0.f))
    return emitOpError("epsilon must be non-negative");
  return success();
}
