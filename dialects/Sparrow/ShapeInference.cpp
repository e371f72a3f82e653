//===- ShapeInference.cpp - Shape arithmetic of the sparrow ops -----------===//

#include "dialects/Sparrow/ShapeInference.h"

#include <algorithm>

using namespace llvm;

namespace sparrow {

std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return out;
}

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padBefore, int64_t padAfter,
                         int64_t dilation, bool ceilMode) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = in + padBefore + padAfter - span;
  if (room < 0 || stride < 1)
    return 0;
  int64_t out = (ceilMode ? (room + stride - 1) / stride : room / stride) + 1;
  // With ceil_mode the last window must start inside the input or the
  // leading padding (ONNX / PyTorch rule).
  if (ceilMode && (out - 1) * stride >= in + padBefore)
    --out;
  return out;
}

} // namespace sparrow
