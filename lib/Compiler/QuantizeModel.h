//===- QuantizeModel.h - --quantize=int8 on an imported graph ---*- C++ -*-===//
//
// Post-training quantization as the driver runs it: optional smoothing
// (which needs its own calibration run), calibration of the activation
// ranges, sparrow-quantize, and fusion of the QDQ layers into integer
// kernels.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_QUANTIZEMODEL_H
#define SPARROW_LIB_COMPILER_QUANTIZEMODEL_H

#include "lib/Compiler/Calibration.h"
#include "lib/Compiler/Driver.h"

namespace sparrow {

/// Quantizes the float graph `m` (after the graph pipeline) as
/// `options.quantize` says; `buildHost` compiles the calibration copies.
llvm::Error quantizeModel(mlir::ModuleOp m, const CompileOptions &options,
                          BuildHostModel buildHost);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_QUANTIZEMODEL_H
