//===- TensorData.h - Reading ONNX TensorProto payloads ---------*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_TENSORDATA_H
#define SPARROW_LIB_IMPORT_TENSORDATA_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

namespace onnx {
class TensorProto;
} // namespace onnx

namespace sparrow {

/// The dims of `t`, checked to be non-negative and of a sane total size.
llvm::Expected<llvm::SmallVector<int64_t>> tensorDims(const onnx::TensorProto &t);

/// The values of a FLOAT (or DOUBLE / FLOAT16-free integer) tensor as f32,
/// from `float_data` or `raw_data`, checked against its dims.
llvm::Expected<llvm::SmallVector<float>> readFloatTensor(const onnx::TensorProto &t);

/// The values of an INT64 or INT32 tensor, from the typed field or raw data.
llvm::Expected<llvm::SmallVector<int64_t>> readIntTensor(const onnx::TensorProto &t);

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_TENSORDATA_H
