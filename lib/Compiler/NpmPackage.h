//===- NpmPackage.h - package.json and typings of an npm build --*- C++ -*-===//

#ifndef SPARROW_LIB_COMPILER_NPMPACKAGE_H
#define SPARROW_LIB_COMPILER_NPMPACKAGE_H

#include "lib/Target/ModelABI.h"

#include "llvm/ADT/StringRef.h"
#include <string>

namespace sparrow {

/// A valid npm package name made from `base` (a folder name): lower case,
/// characters npm accepts, never empty.
std::string npmPackageName(llvm::StringRef base);

/// package.json: an ES module whose `exports` name the loader and its
/// typings, with the .wasm and worker script as files bundlers can resolve.
std::string renderPackageJson(llvm::StringRef name, bool threads,
                              bool relaxedVariant);

/// model.d.ts: load(), the model object, and the inputs and outputs by name
/// with their typed-array types and shapes.
std::string renderTypeDeclarations(const ModelSignature &signature);

} // namespace sparrow

#endif // SPARROW_LIB_COMPILER_NPMPACKAGE_H
