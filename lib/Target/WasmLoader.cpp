//===- WasmLoader.cpp - The model.mjs written next to a .wasm -------------===//

#include "lib/Target/Linker.h"

#include "llvm/ADT/StringRef.h"

#include "lib/Target/WasmLoaderTemplate.inc"

namespace sparrow {

std::string renderWasmLoader(llvm::StringRef wasmFileName) {
  std::string text = kWasmLoaderTemplate;
  const std::string placeholder = "@SPARROW_WASM_FILE@";
  for (size_t pos = text.find(placeholder); pos != std::string::npos;
       pos = text.find(placeholder, pos + wasmFileName.size()))
    text.replace(pos, placeholder.size(), wasmFileName.str());
  return text;
}

} // namespace sparrow
