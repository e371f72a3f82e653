//===- TargetInfo.h - The targets Sparrow compiles for ----------*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_TARGETINFO_H
#define SPARROW_LIB_TARGET_TARGETINFO_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace sparrow {

enum class TargetKind { Host, AArch64, Wasm32 };

std::optional<TargetKind> parseTargetKind(llvm::StringRef name);
llvm::StringRef targetName(TargetKind kind);

/// Triple, CPU and features: what LLVM's TargetMachine gets and what the
/// module's #sparrow.target says. `features` states every feature the
/// kernels ask about explicitly (+name or -name), after the CPU's defaults
/// and --mattr.
struct TargetSpec {
  TargetKind kind = TargetKind::Host;
  std::string triple, cpu, features;
  bool isWasm() const { return kind == TargetKind::Wasm32; }
};

/// The target `kind` with `cpu` (empty: the kind's default) and `mattr`
/// (LLVM's "+f1,-f2" form) applied; a one-line error naming what is accepted
/// for an unknown CPU or feature.
llvm::Expected<TargetSpec> resolveTarget(TargetKind kind, llvm::StringRef cpu,
                                         llvm::StringRef mattr);

/// What --print-targets shows: each target, its default CPU, the CPUs and
/// features LLVM accepts for it and which features the kernels use.
void printTargets(llvm::raw_ostream &os);

/// Registers LLVM's targets (once).
void initializeLLVMTargets();

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_TARGETINFO_H
