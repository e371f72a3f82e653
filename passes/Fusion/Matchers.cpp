//===- Matchers.cpp - Small pattern-matching helpers for fusion -----------===//

#include "passes/Fusion/Matchers.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/IR/Diagnostics.h"

#include <cmath>

using namespace mlir;

namespace sparrow {

std::optional<double> getSplatConstant(Value v) {
  if (!v)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(v.getType());
  // Only small constants: a large splat is not what exporters write here.
  if (!type || !type.hasStaticShape() || type.getNumElements() > 4096)
    return std::nullopt;
  auto values = getConstantF32(v);
  if (!values || values->empty())
    return std::nullopt;
  float first = values->front();
  for (float x : *values)
    if (x != first)
      return std::nullopt;
  return first;
}

bool isConstantNear(Value v, double expected) {
  std::optional<double> c = getSplatConstant(v);
  return c && std::fabs(*c - expected) <= 1e-4 * std::fabs(expected);
}

bool hasNoActivation(Operation *op) { return !op->hasAttr("activation"); }

static void collect(Value v, double &scale, SmallVectorImpl<Value> &out,
                    bool root) {
  Operation *def = v.getDefiningOp();
  bool inner = def && (root || def->hasOneUse()) && hasNoActivation(def);
  if (inner && isa<MulOp>(def)) {
    collect(def->getOperand(0), scale, out, false);
    collect(def->getOperand(1), scale, out, false);
    return;
  }
  if (inner && isa<DivOp>(def)) {
    std::optional<double> c = getSplatConstant(def->getOperand(1));
    if (c && *c != 0.0) {
      scale /= *c;
      collect(def->getOperand(0), scale, out, false);
      return;
    }
  }
  // A scalar constant factor; a splat tensor could broadcast the result.
  if (std::optional<double> c = getSplatConstant(v);
      c && cast<RankedTensorType>(v.getType()).getRank() <= 1 &&
      cast<RankedTensorType>(v.getType()).getNumElements() == 1) {
    scale *= *c;
    return;
  }
  out.push_back(v);
}

SmallVector<Value> productFactors(Value v, double &scale) {
  scale = 1.0;
  SmallVector<Value> out;
  collect(v, scale, out, /*root=*/true);
  return out;
}

void reportFusion(Operation *op, StringRef what, bool enabled) {
  if (enabled)
    op->emitRemark() << "fused " << what;
}

} // namespace sparrow
