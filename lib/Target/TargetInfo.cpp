//===- TargetInfo.cpp - The targets Sparrow compiles for ------------------===//

#include "lib/Target/TargetInfo.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;

namespace sparrow {

std::optional<TargetKind> parseTargetKind(StringRef name) {
  return StringSwitch<std::optional<TargetKind>>(name)
      .Case("host", TargetKind::Host)
      .Case("aarch64", TargetKind::AArch64)
      .Case("wasm32", TargetKind::Wasm32)
      .Default(std::nullopt);
}

StringRef targetName(TargetKind kind) {
  switch (kind) {
  case TargetKind::Host:
    return "host";
  case TargetKind::AArch64:
    return "aarch64";
  case TargetKind::Wasm32:
    return "wasm32";
  }
  return "unknown";
}

TargetSpec getTargetSpec(TargetKind kind) {
  TargetSpec spec;
  switch (kind) {
  case TargetKind::Host: {
    spec.triple = sys::getDefaultTargetTriple();
    spec.cpu = sys::getHostCPUName().str();
    std::string features;
    for (const auto &f : sys::getHostCPUFeatures())
      features += (features.empty() ? "" : ",") +
                  std::string(f.getValue() ? "+" : "-") + f.getKey().str();
    spec.features = features;
    break;
  }
  case TargetKind::AArch64:
    // Every ARMv8-A phone core has NEON; cortex-a55 is the common
    // denominator of today's big.LITTLE designs, and like every ARMv8.2-A
    // phone core since 2017 it has the dot product instructions (sdot).
    spec.triple = "aarch64-unknown-linux-gnu";
    spec.cpu = "cortex-a55";
    spec.features = "+neon,+fp-armv8,+dotprod";
    break;
  case TargetKind::Wasm32:
    spec.triple = "wasm32-unknown-unknown";
    spec.cpu = "generic";
    spec.features = "+simd128,+bulk-memory,+nontrapping-fptoint,+sign-ext,"
                    "+mutable-globals";
    spec.isWasm = true;
    break;
  }
  return spec;
}

} // namespace sparrow
