//===- CalibrationSamples.h - Inputs for calibration runs -------*- C++ -*-===//

#ifndef SPARROW_LIB_COMPILER_CALIBRATIONSAMPLES_H
#define SPARROW_LIB_COMPILER_CALIBRATIONSAMPLES_H

#include "lib/Compiler/Calibration.h"

#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace sparrow {

/// What calibration needs to know of one model input.
struct SampleInput {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  size_t numElements = 0;
};

/// One run's inputs, in model input order.
using Sample = std::vector<std::vector<float>>;

/// The samples `options` names, checked against `inputs`: read from
/// `options.dir` or drawn from the seeded generator.
llvm::Expected<std::vector<Sample>>
loadSamples(const CalibrationOptions &options,
            llvm::ArrayRef<SampleInput> inputs);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_CALIBRATIONSAMPLES_H
