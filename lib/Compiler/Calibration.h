//===- Calibration.h - Activation ranges from sample runs -------*- C++ -*-===//
//
// Post-training quantization needs the range each quantized activation
// takes. The float graph, with those activations appended to its outputs,
// is compiled for the host, loaded with the runtime and run on sample
// inputs; observers turn what the runs saw into one range per value.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_CALIBRATION_H
#define SPARROW_LIB_COMPILER_CALIBRATION_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>

namespace sparrow {

enum class CalibrationMethod {
  MinMax,     ///< the smallest and largest value seen
  Percentile, ///< per run the `percentile` tails cut, averaged over runs
};

struct CalibrationOptions {
  /// Sample inputs: one subdirectory per sample holding one .npy/.pb file
  /// per model input (in input order when sorted by name), or, for a model
  /// with one input, one file per sample. Empty: seeded random inputs.
  std::string dir;
  /// How many samples to use: at most this many files of `dir` (0: all), or
  /// this many seeded inputs (0: 32).
  unsigned samples = 0;
  /// Seeded sample i fills the inputs like `sparrow-run --seed` with seed
  /// `seed + i`.
  uint64_t seed = 1000;
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;
  /// Instead of ranges, attach each observed conv output's per-channel
  /// absolute maximum (what sparrow-smooth-activations reads).
  bool channelAbsMaxOnly = false;
};

/// Compiles a module to a host shared object at the given path.
using BuildHostModel =
    llvm::function_ref<llvm::Error(mlir::ModuleOp, llvm::StringRef)>;

/// Runs `module` (after the graph pipeline) on the samples and attaches
/// the observed range of every value sparrow-quantize will quantize (or,
/// with `channelAbsMaxOnly`, the per-channel maxima of the conv outputs).
llvm::Error calibrate(mlir::ModuleOp module, const CalibrationOptions &options,
                      BuildHostModel build);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_CALIBRATION_H
