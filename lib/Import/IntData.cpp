//===- IntData.cpp - Compile-time integer tensors of the importer ---------===//

#include "lib/Import/IntData.h"

#include "dialects/Sparrow/ShapeInference.h"

using namespace llvm;

namespace sparrow {

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

std::optional<int64_t> checkedProduct(ArrayRef<int64_t> dims, int64_t limit) {
  // A zero dim makes the count 0, but every dim must still be valid.
  if (llvm::any_of(dims, [](int64_t d) { return d < 0; }))
    return std::nullopt;
  if (llvm::is_contained(dims, 0))
    return 0;
  int64_t n = 1;
  for (int64_t d : dims) {
    if (n > limit / d)
      return std::nullopt;
    n *= d;
  }
  return n;
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> dims) {
  SmallVector<int64_t> strides(dims.size(), 1);
  for (int64_t d = static_cast<int64_t>(dims.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * dims[d + 1];
  return strides;
}

Expected<IntTensor> broadcastInts(const IntTensor &a, const IntTensor &b,
                                  function_ref<int64_t(int64_t, int64_t)> fn) {
  auto shape = broadcastShapes(a.dims, b.dims);
  if (!shape)
    return createStringError(inconvertibleErrorCode(),
                             "integer operand shapes do not broadcast");
  if (!checkedProduct(*shape, kMaxIntElements))
    return createStringError(inconvertibleErrorCode(),
                             "integer data too large to fold");
  SmallVector<int64_t> x = broadcastData<int64_t>(a.data, a.dims, *shape);
  SmallVector<int64_t> y = broadcastData<int64_t>(b.data, b.dims, *shape);
  IntTensor out;
  out.dims = *shape;
  for (size_t i = 0; i < x.size(); ++i)
    out.data.push_back(fn(x[i], y[i]));
  return out;
}

} // namespace sparrow
