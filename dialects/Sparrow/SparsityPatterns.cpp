//===- SparsityPatterns.cpp - Weight views and block statistics -----------===//

#include "dialects/Sparrow/SparsityPatterns.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include <cmath>

using namespace mlir;

namespace sparrow {

std::optional<WeightLayout> getWeightLayout(Operation *op) {
  WeightLayout l;
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    ArrayRef<int64_t> w = conv.getFilter().getType().getShape();
    l.operand = 1;
    l.outChannels = w[0];
    l.inChannels = w[1];
    l.window = w[2] * w[3];
    l.isKxK = l.window > 1;
    return l;
  }
  if (auto gemm = dyn_cast<GemmOp>(op)) {
    ArrayRef<int64_t> b = gemm.getB().getType().getShape();
    l.operand = 1;
    l.outMajor = gemm.getTransB();
    l.outChannels = l.outMajor ? b[0] : b[1];
    l.inChannels = l.outMajor ? b[1] : b[0];
    return l;
  }
  if (auto mm = dyn_cast<MatMulOp>(op)) {
    ArrayRef<int64_t> r = mm.getRhs().getType().getShape();
    if (r.size() != 2)
      return std::nullopt;
    l.operand = 1;
    l.outMajor = false;
    l.outChannels = r[1];
    l.inChannels = r[0];
    return l;
  }
  return std::nullopt;
}

double measureSparsity(ArrayRef<float> values) {
  if (values.empty())
    return 0.0;
  int64_t zeros = llvm::count(values, 0.0f);
  return static_cast<double>(zeros) / values.size();
}

SmallVector<double> blockSquaredNorms(ArrayRef<float> values,
                                      const WeightLayout &l,
                                      int64_t groupSize) {
  int64_t blocks = l.outChannels / groupSize;
  SmallVector<double> norms(blocks * l.inChannels, 0.0);
  for (int64_t o = 0; o < blocks * groupSize; ++o)
    for (int64_t i = 0; i < l.inChannels; ++i)
      for (int64_t w = 0; w < l.window; ++w) {
        double v = values[l.index(o, i, w)];
        norms[(o / groupSize) * l.inChannels + i] += v * v;
      }
  return norms;
}

double blockSparsity(ArrayRef<float> values, const WeightLayout &l,
                     SparsityKind kind, int64_t groupSize) {
  if (kind == SparsityKind::dense || values.empty())
    return 0.0;
  int64_t g = kind == SparsityKind::kernel ? 1 : groupSize;
  if (g < 1 || l.outChannels % g)
    return 0.0;
  int64_t zeroed = 0;
  for (int64_t ob = 0; ob < l.outChannels; ob += g)
    for (int64_t i = 0; i < l.inChannels; ++i) {
      bool allZero = true;
      for (int64_t o = ob; o < ob + g && allZero; ++o)
        for (int64_t w = 0; w < l.window && allZero; ++w)
          allZero = values[l.index(o, i, w)] == 0.0f;
      if (allZero)
        zeroed += g * l.window;
    }
  return static_cast<double>(zeroed) / values.size();
}

int64_t prunedBlockCount(double sparsity, int64_t blocks) {
  return static_cast<int64_t>(std::floor(sparsity * blocks + 1e-9));
}

bool fitsPattern(ArrayRef<float> values, const WeightLayout &l,
                 SparsityKind kind, int64_t groupSize) {
  if (kind == SparsityKind::dense)
    return true;
  int64_t g = kind == SparsityKind::kernel ? 1 : groupSize;
  if (g < 1 || l.outChannels % g)
    return false;
  for (int64_t ob = 0; ob < l.outChannels; ob += g)
    for (int64_t i = 0; i < l.inChannels; ++i) {
      bool anyZero = false, allZero = true;
      for (int64_t o = ob; o < ob + g; ++o)
        for (int64_t w = 0; w < l.window; ++w) {
          bool zero = values[l.index(o, i, w)] == 0.0f;
          anyZero |= zero;
          allZero &= zero;
        }
      if (anyZero && !allZero)
        return false;
    }
  return true;
}

LogicalResult verifySparsityAttr(Operation *op, SparsityAttr attr) {
  if (!attr)
    return success();
  std::optional<WeightLayout> layout = getWeightLayout(op);
  if (!layout)
    return op->emitOpError("has no weight view for a sparsity pattern");
  if (attr.getKind() == SparsityKind::kernel && !layout->isKxK)
    return op->emitOpError("kernel sparsity needs a conv with a kxk window");
  if (attr.getKind() == SparsityKind::group &&
      layout->outChannels % attr.getGroupSize())
    return op->emitOpError("group size ")
           << attr.getGroupSize() << " does not divide the "
           << layout->outChannels << " output channels";
  std::optional<SmallVector<float>> values =
      getConstantF32(op->getOperand(layout->operand));
  if (!values)
    return op->emitOpError("sparsity pattern needs constant weights");
  // `dense` claims no structure, so incidental zeros are fine.
  if (attr.getKind() == SparsityKind::dense)
    return success();
  // The recorded number is the block sparsity: zeros inside kept blocks
  // (weights that happen to be zero) are allowed and do not count.
  double measured =
      blockSparsity(*values, *layout, attr.getKind(), attr.getGroupSize());
  double recorded = attr.getSparsity().convertToDouble();
  if (std::abs(measured - recorded) > 5e-4)
    return op->emitOpError("records sparsity ")
           << recorded << " but its weights have " << measured
           << " in all-zero blocks of " << attr;
  return success();
}

} // namespace sparrow
