//===- CompilePhases.cpp - Where a compile's time goes --------------------===//

#include "lib/Compiler/CompilePhases.h"

#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

namespace sparrow {

/// Progress lines start once a compile has run this long.
static constexpr double kProgressAfterSeconds = 3.0;

CompilePhases::CompilePhases(bool timeReport, bool progress)
    : start(std::chrono::steady_clock::now()),
      progress(progress && llvm::sys::Process::StandardErrIsDisplayed()) {
  manager.setEnabled(timeReport);
  manager.setDisplayMode(mlir::DefaultTimingManager::DisplayMode::Tree);
  root = manager.getRootScope();
}

CompilePhases::~CompilePhases() {
  phase.reset();
  root.stop();
  // DefaultTimingManager prints its report when destroyed.
}

mlir::TimingScope *CompilePhases::begin(llvm::StringRef name) {
  phase.reset();
  double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (progress && elapsed >= kProgressAfterSeconds)
    llvm::errs() << llvm::format("sparrow-compile: %s (%.1f s)\n",
                                 name.str().c_str(), elapsed);
  phase.emplace(root.nest(name));
  return current();
}

mlir::TimingScope *CompilePhases::current() {
  return manager.isEnabled() && phase ? &*phase : nullptr;
}

} // namespace sparrow
