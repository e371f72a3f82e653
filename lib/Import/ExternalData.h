//===- ExternalData.h - Tensors stored beside the model ---------*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_EXTERNALDATA_H
#define SPARROW_LIB_IMPORT_EXTERNALDATA_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace onnx {
class ModelProto;
} // namespace onnx

namespace sparrow {

/// Reads every tensor of `model` stored as ONNX external data (initializers
/// and Constant values, in subgraphs too) from its file into the tensor's
/// raw_data. `location` is relative to `modelDir` (empty: the model came
/// from memory and may not use external data); `offset` and `length` are
/// checked against the file. A missing, short or outside file is a
/// one-line error naming `sourceName` and the tensor.
llvm::Error loadExternalData(onnx::ModelProto &model, llvm::StringRef modelDir,
                             llvm::StringRef sourceName);

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_EXTERNALDATA_H
