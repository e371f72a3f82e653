//===- TargetInfo.h - The targets Sparrow compiles for ----------*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_TARGETINFO_H
#define SPARROW_LIB_TARGET_TARGETINFO_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace sparrow {

enum class TargetKind { Host, AArch64, Wasm32 };

std::optional<TargetKind> parseTargetKind(llvm::StringRef name);
llvm::StringRef targetName(TargetKind kind);

/// Triple, CPU and features handed to LLVM's TargetMachine.
struct TargetSpec {
  std::string triple, cpu, features;
  bool isWasm = false;
};
TargetSpec getTargetSpec(TargetKind kind);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_TARGETINFO_H
