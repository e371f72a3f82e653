//===- CompilePhases.h - Where a compile's time goes ------------*- C++ -*-===//
//
// The driver's phases (import, graph passes, lowering, LLVM, machine code,
// link) as nested MLIR timing scopes: with --time-report each phase's wall
// time is printed on exit, the pass pipelines' per-pass timings nested
// under theirs. A compile running longer than a few seconds with stderr on
// a terminal also prints one progress line as each phase starts.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_LIB_COMPILER_COMPILEPHASES_H
#define SPARROW_LIB_COMPILER_COMPILEPHASES_H

#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <optional>

namespace sparrow {

class CompilePhases {
public:
  /// `timeReport`: print the report when destroyed; `progress`: allow
  /// progress lines (they also need stderr to be a terminal).
  CompilePhases(bool timeReport, bool progress);
  ~CompilePhases();

  /// Ends the current phase and starts `name`; its scope times the passes
  /// a pipeline run in it (null when timing is off).
  mlir::TimingScope *begin(llvm::StringRef name);
  /// The current phase's scope, or null when timing is off.
  mlir::TimingScope *current();

private:
  mlir::DefaultTimingManager manager;
  mlir::TimingScope root;
  std::optional<mlir::TimingScope> phase;
  std::chrono::steady_clock::time_point start;
  bool progress;
};

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_COMPILEPHASES_H
