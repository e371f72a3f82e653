//===- Npy.h - Minimal .npy reading and writing ------------*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_NPY_H
#define SPARROW_LIB_IMPORT_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace sparrow {

struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> data; ///< float32 payload (int64 arrays are converted)
  /// Other dtypes (writing only): the NumPy descr and the raw payload.
  std::string descr = "<f4";
  std::vector<char> raw;
};

/// Reads a C-order little-endian '<f4' or '<i8' array.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes `array` (version 1.0 header): `data` as '<f4', or `raw` as
/// `descr`.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_NPY_H
