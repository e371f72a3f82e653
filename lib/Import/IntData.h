//===- IntData.h - Compile-time integer tensors of the importer -*- C++ -*-===//
//
// Shapes, axes, indices and masks that models compute with Shape, Gather,
// Concat, Equal, Where... are folded while importing: a compiled model takes
// float32 tensors only. These are the numpy-like helpers for that data.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_IMPORT_INTDATA_H
#define SPARROW_LIB_IMPORT_INTDATA_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>

namespace sparrow {

/// A row-major integer tensor known at compile time. `bool` marks masks
/// (ONNX BOOL), which hold 0 or 1.
struct IntTensor {
  llvm::SmallVector<int64_t> dims;
  llvm::SmallVector<int64_t> data;
  bool isBool = false;

  static IntTensor vector(llvm::ArrayRef<int64_t> values) {
    IntTensor t;
    t.dims = {static_cast<int64_t>(values.size())};
    t.data.assign(values.begin(), values.end());
    return t;
  }
  static IntTensor scalar(int64_t v) {
    IntTensor t;
    t.data = {v};
    return t;
  }
  int64_t numElements() const { return static_cast<int64_t>(data.size()); }
};

/// Number of elements of `dims` (1 for a scalar).
int64_t product(llvm::ArrayRef<int64_t> dims);

/// Tensors the importer builds are capped, so that no model (or fuzzed
/// input) makes it allocate without bound: compile-time integer data, and
/// float data it creates (ConstantOfShape, Range, masks).
constexpr int64_t kMaxIntElements = int64_t(1) << 20;
constexpr int64_t kMaxCreatedElements = int64_t(1) << 24;
/// Largest element count of any tensor type (2^40).
constexpr int64_t kMaxTensorElements = int64_t(1) << 40;

/// The number of elements, or nullopt when a dim is negative or the count
/// exceeds `limit` (computed without overflow).
std::optional<int64_t> checkedProduct(llvm::ArrayRef<int64_t> dims,
                                      int64_t limit = kMaxTensorElements);

/// Row-major strides of `dims`.
llvm::SmallVector<int64_t> stridesOf(llvm::ArrayRef<int64_t> dims);

/// Elementwise `fn` with numpy broadcasting; fails when shapes disagree.
llvm::Expected<IntTensor>
broadcastInts(const IntTensor &a, const IntTensor &b,
              llvm::function_ref<int64_t(int64_t, int64_t)> fn);

/// Gathers slices along `axis` at the (already non-negative) `indices`.
template <typename T>
llvm::SmallVector<T> gatherAlong(llvm::ArrayRef<T> data,
                                 llvm::ArrayRef<int64_t> dims, int64_t axis,
                                 llvm::ArrayRef<int64_t> indices) {
  int64_t outer = product(dims.take_front(axis));
  int64_t inner = product(dims.drop_front(axis + 1));
  int64_t extent = dims[axis];
  llvm::SmallVector<T> out;
  out.reserve(outer * indices.size() * inner);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t idx : indices)
      for (int64_t i = 0; i < inner; ++i)
        out.push_back(data[(o * extent + idx) * inner + i]);
  return out;
}

/// Strided slice: element i along dim d is offsets[d] + i * strides[d].
template <typename T>
llvm::SmallVector<T>
sliceData(llvm::ArrayRef<T> data, llvm::ArrayRef<int64_t> dims,
          llvm::ArrayRef<int64_t> offsets, llvm::ArrayRef<int64_t> sizes,
          llvm::ArrayRef<int64_t> strides) {
  llvm::SmallVector<int64_t> in = stridesOf(dims);
  llvm::SmallVector<T> out;
  int64_t total = product(sizes);
  llvm::SmallVector<int64_t> idx(dims.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    int64_t pos = 0;
    for (size_t d = 0; d < dims.size(); ++d)
      pos += (offsets[d] + idx[d] * strides[d]) * in[d];
    out.push_back(data[pos]);
    for (int64_t d = static_cast<int64_t>(dims.size()) - 1; d >= 0; --d) {
      if (++idx[d] < sizes[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// Transposes row-major `data` of shape `dims` by `perm`.
template <typename T>
llvm::SmallVector<T> transposeData(llvm::ArrayRef<T> data,
                                   llvm::ArrayRef<int64_t> dims,
                                   llvm::ArrayRef<int64_t> perm) {
  llvm::SmallVector<int64_t> in = stridesOf(dims);
  llvm::SmallVector<T> out;
  llvm::SmallVector<int64_t> outDims;
  for (int64_t p : perm)
    outDims.push_back(dims[p]);
  int64_t total = product(outDims);
  llvm::SmallVector<int64_t> idx(dims.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    int64_t pos = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      pos += idx[d] * in[perm[d]];
    out.push_back(data[pos]);
    for (int64_t d = static_cast<int64_t>(perm.size()) - 1; d >= 0; --d) {
      if (++idx[d] < outDims[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

/// Numpy broadcast of `data` (shape `dims`) to `to` (already the
/// broadcast shape).
template <typename T>
llvm::SmallVector<T> broadcastData(llvm::ArrayRef<T> data,
                                   llvm::ArrayRef<int64_t> dims,
                                   llvm::ArrayRef<int64_t> to) {
  llvm::SmallVector<int64_t> in = stridesOf(dims), step(to.size(), 0);
  size_t lead = to.size() - dims.size();
  for (size_t d = 0; d < dims.size(); ++d)
    step[d + lead] = dims[d] == 1 ? 0 : in[d];
  llvm::SmallVector<T> out;
  int64_t total = product(to);
  llvm::SmallVector<int64_t> idx(to.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    int64_t pos = 0;
    for (size_t d = 0; d < to.size(); ++d)
      pos += idx[d] * step[d];
    out.push_back(data[pos]);
    for (int64_t d = static_cast<int64_t>(to.size()) - 1; d >= 0; --d) {
      if (++idx[d] < to[d])
        break;
      idx[d] = 0;
    }
  }
  return out;
}

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_INTDATA_H
