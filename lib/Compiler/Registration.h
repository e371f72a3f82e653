//===- Registration.h - Dialects and passes the tools need ------*- C++ -*-===//

#ifndef SPARROW_LIB_COMPILER_REGISTRATION_H
#define SPARROW_LIB_COMPILER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace sparrow {

/// The sparrow dialect, the upstream dialects the pipeline goes through, and
/// their bufferization and LLVM translation interfaces.
void registerAllDialects(mlir::DialectRegistry &registry);

/// Sparrow's passes and pipelines plus the upstream passes they build on.
void registerAllPasses();

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_REGISTRATION_H
