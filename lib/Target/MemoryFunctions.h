//===- MemoryFunctions.h - memcpy and friends inside the model --*- C++ -*-===//

#ifndef SPARROW_LIB_TARGET_MEMORYFUNCTIONS_H
#define SPARROW_LIB_TARGET_MEMORYFUNCTIONS_H

namespace llvm {
class Module;
} // namespace llvm

namespace sparrow {

/// Defines hidden `memcpy`, `memmove` and `memset` in `module`, which the
/// code generator calls for large copies and fills, so a shared object needs
/// no library: an Android app's dlopen does not search libc for a library
/// that declares no DT_NEEDED ("cannot locate symbol memset").
void defineMemoryFunctions(llvm::Module &module);

} // namespace sparrow

#endif // SPARROW_LIB_TARGET_MEMORYFUNCTIONS_H
