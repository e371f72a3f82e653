//===- WeightOps.cpp - The weight-bearing ops of a function ---------------===//

#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

using namespace mlir;

namespace sparrow {

std::string layerName(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (auto name = dyn_cast<NameLoc>(l))
        return name.getName().str();
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return "";
}

SmallVector<WeightOp> collectWeightOps(func::FuncOp func) {
  SmallVector<WeightOp> ops;
  func.walk([&](Operation *op) {
    std::optional<WeightLayout> layout = getWeightLayout(op);
    if (!layout)
      return;
    std::optional<SmallVector<float>> values =
        getConstantF32(op->getOperand(layout->operand));
    if (!values)
      return;
    WeightOp w;
    w.op = op;
    w.layout = *layout;
    w.values = std::move(*values);
    w.name = layerName(op);
    if (auto conv = dyn_cast<Conv2DOp>(op))
      w.depthwise = conv.isDepthwise();
    ops.push_back(std::move(w));
  });
  return ops;
}

void replaceWeights(Operation *op, unsigned operand, ArrayRef<float> values) {
  OpBuilder b(op);
  auto type = cast<RankedTensorType>(op->getOperand(operand).getType());
  Value cst = createF32Constant(b, op->getLoc(), type, values, "weight");
  op->setOperand(operand, cst);
}

FailureOr<std::pair<SparsityKind, int64_t>> parsePatternName(StringRef name) {
  if (name == "kernel")
    return std::make_pair(SparsityKind::kernel, int64_t(1));
  if (name == "dense")
    return std::make_pair(SparsityKind::dense, int64_t(1));
  int64_t g;
  if (name.consume_back("x1") && !name.getAsInteger(10, g) &&
      llvm::is_contained({1, 2, 4, 8, 16}, g))
    return std::make_pair(SparsityKind::group, g);
  return failure();
}

} // namespace sparrow
