//===- TargetInfo.cpp - The targets Sparrow compiles for ------------------===//
//
// CPU and feature names are LLVM's: they are checked against the target's
// MCSubtargetInfo tables, which also say which features a CPU implies.
//
//===----------------------------------------------------------------------===//

#include "lib/Target/TargetInfo.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

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

void initializeLLVMTargets() {
  static bool done = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    return true;
  }();
  (void)done;
}

namespace {
/// A target's fixed facts: triple, default CPU, the features every compile
/// sets, the ones it may not turn off, and the ones the kernels ask about
/// (stated explicitly in the #sparrow.target).
struct TargetDefaults {
  std::string triple, cpu;
  StringRef baseFeatures;
  ArrayRef<StringRef> required, kernelFeatures;
};
} // namespace

static const StringRef kAArch64Required[] = {"neon"};
static const StringRef kAArch64Kernel[] = {"neon", "fp-armv8", "dotprod",
                                           "i8mm", "fullfp16"};
static const StringRef kWasmRequired[] = {"simd128"};
static const StringRef kWasmKernel[] = {
    "simd128",  "relaxed-simd",        "atomics",        "bulk-memory",
    "sign-ext", "nontrapping-fptoint", "mutable-globals"};

static TargetDefaults defaultsFor(TargetKind kind) {
  switch (kind) {
  case TargetKind::Host:
    return {
        sys::getDefaultTargetTriple(), sys::getHostCPUName().str(), "", {}, {}};
  case TargetKind::AArch64:
    // Every ARMv8-A phone core has NEON; cortex-a55 is the common
    // denominator of today's big.LITTLE designs and, like every ARMv8.2-A
    // phone core since 2017, has the dot product instructions (sdot).
    // --mcpu=cortex-a53 compiles for the older phones without them.
    return {"aarch64-unknown-linux-gnu", "cortex-a55", "+neon,+fp-armv8",
            kAArch64Required, kAArch64Kernel};
  case TargetKind::Wasm32:
    // Threads (atomics on shared memory) are on: the same module runs on one
    // thread where a page cannot share memory (docs/Runtime.md).
    return {"wasm32-unknown-unknown", "generic",
            "+simd128,+atomics,+bulk-memory,+nontrapping-fptoint,+sign-ext,"
            "+mutable-globals",
            kWasmRequired, kWasmKernel};
  }
  llvm_unreachable("unknown target kind");
}

static Error targetError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

static std::unique_ptr<MCSubtargetInfo>
subtargetInfo(const std::string &triple, StringRef cpu, StringRef features) {
  initializeLLVMTargets();
  std::string err;
  Triple t(triple);
  const Target *target = TargetRegistry::lookupTarget(t, err);
  if (!target)
    return nullptr;
  return std::unique_ptr<MCSubtargetInfo>(
      target->createMCSubtargetInfo(t, cpu, features));
}

template <typename Table> static std::string joinKeys(const Table &table) {
  std::string out;
  for (const auto &entry : table)
    out += (out.empty() ? "" : ", ") + std::string(entry.key());
  return out;
}

namespace {
struct KeyOf {
  const SubtargetFeatureKV &kv;
  StringRef key() const { return kv.Key; }
};
struct CpuKeyOf {
  const SubtargetSubTypeKV &kv;
  StringRef key() const { return kv.Key; }
};
} // namespace

static std::string featureNames(const MCSubtargetInfo &sti) {
  SmallVector<KeyOf> keys;
  for (const SubtargetFeatureKV &kv : sti.getAllProcessorFeatures())
    keys.push_back({kv});
  return joinKeys(keys);
}

static std::string cpuNames(const MCSubtargetInfo &sti) {
  SmallVector<CpuKeyOf> keys;
  for (const SubtargetSubTypeKV &kv : sti.getAllProcessorDescriptions())
    keys.push_back({kv});
  return joinKeys(keys);
}

/// The host's features as LLVM detects them, "+f" or "-f" each.
static std::string hostFeatures() {
  std::string features;
  for (const auto &f : sys::getHostCPUFeatures())
    features += (features.empty() ? "" : ",") +
                std::string(f.getValue() ? "+" : "-") + f.getKey().str();
  return features;
}

Expected<TargetSpec> resolveTarget(TargetKind kind, StringRef cpu,
                                   StringRef mattr) {
  TargetDefaults d = defaultsFor(kind);
  TargetSpec spec;
  spec.kind = kind;
  spec.triple = d.triple;
  spec.cpu = cpu.empty() ? d.cpu : cpu.str();
  std::string base =
      kind == TargetKind::Host ? hostFeatures() : d.baseFeatures.str();
  // LLVM's tables, read with the generic CPU: an unknown name given to
  // createMCSubtargetInfo would print a warning of its own.
  auto sti = subtargetInfo(spec.triple, "", "");
  if (!sti)
    return targetError("no LLVM backend for " + spec.triple);
  std::string name = targetName(kind).str();
  if (!sti->isCPUStringValid(spec.cpu))
    return targetError("unknown CPU '" + spec.cpu + "' for --target=" + name +
                       "; accepted: " + cpuNames(*sti));
  SmallVector<StringRef> requested;
  mattr.split(requested, ',', -1, /*KeepEmpty=*/false);
  for (StringRef f : requested) {
    f = f.trim();
    bool known = f.size() > 1 && (f[0] == '+' || f[0] == '-') &&
                 llvm::any_of(sti->getAllProcessorFeatures(),
                              [&](const SubtargetFeatureKV &kv) {
                                return f.drop_front() == kv.Key;
                              });
    if (!known)
      return targetError(
          "unknown feature '" + f + "' for --target=" + name +
          " (write +name or -name); accepted: " + featureNames(*sti));
    if (f[0] == '-' && llvm::is_contained(d.required, f.drop_front()))
      return targetError("--target=" + name + " needs '" + f.drop_front() +
                         "': the kernels are built on it");
  }
  std::string features = base;
  for (StringRef f : requested)
    features += (features.empty() ? "" : ",") + f.trim().str();
  if (kind == TargetKind::Host) {
    spec.features = features;
    return spec;
  }
  // State each feature the kernels ask about as the CPU and flags leave it.
  auto effective = subtargetInfo(spec.triple, spec.cpu, features);
  std::string stated;
  for (StringRef f : d.kernelFeatures)
    stated +=
        (stated.empty() ? "" : ",") +
        std::string(effective->checkFeatures(("+" + f).str()) ? "+" : "-") +
        f.str();
  spec.features = stated;
  return spec;
}

void printTargets(raw_ostream &os) {
  os << "Targets (--target), their CPUs (--mcpu) and features (--mattr, "
        "+name or -name):\n";
  for (TargetKind kind :
       {TargetKind::Host, TargetKind::AArch64, TargetKind::Wasm32}) {
    TargetDefaults d = defaultsFor(kind);
    auto sti = subtargetInfo(d.triple, d.cpu, "");
    os << "\n"
       << targetName(kind) << ": " << d.triple << ", default CPU " << d.cpu
       << "\n";
    if (!d.kernelFeatures.empty()) {
      os << "  features the kernels use:";
      for (StringRef f : d.kernelFeatures)
        os << " " << f;
      os << "\n";
    }
    if (!sti)
      continue;
    os << "  CPUs: " << cpuNames(*sti) << "\n";
    os << "  features: " << featureNames(*sti) << "\n";
  }
}

} // namespace sparrow
