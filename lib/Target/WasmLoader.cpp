//===- WasmLoader.cpp - The JS files written next to a .wasm --------------===//

#include "lib/Target/WasmLoader.h"
#include "lib/Target/WasmMemory.h"

#include "lib/Target/WasmLoaderTemplate.inc"
#include "lib/Target/WasmWorkerSource.inc"

#include <utility>

namespace sparrow {

static void replaceAll(std::string &text, llvm::StringRef placeholder,
                       llvm::StringRef value) {
  for (size_t pos = text.find(placeholder); pos != std::string::npos;
       pos = text.find(placeholder, pos + value.size()))
    text.replace(pos, placeholder.size(), value.str());
}

std::string renderWasmLoader(const WasmLoaderParams &params) {
  constexpr uint64_t kPage = 64 * 1024;
  std::string text = kWasmLoaderTemplate;
  std::pair<llvm::StringRef, std::string> values[] = {
      {"@SPARROW_WASM_FILE@", params.wasmFile.str()},
      {"@SPARROW_WORKER_FILE@",
       params.memory.shared ? params.workerFile.str() : ""},
      {"@SPARROW_WORKER_URL@",
       params.memory.shared
           ? "new URL('./" + params.workerFile.str() + "', import.meta.url)"
           : "null"},
      {"@SPARROW_MEMORY_INITIAL@",
       std::to_string(params.memory.initialBytes / kPage)},
      {"@SPARROW_MEMORY_MAXIMUM@",
       std::to_string(params.memory.maximumBytes / kPage)},
      {"@SPARROW_RELAXED_WASM_URL@", params.relaxedWasmFile.empty()
                                         ? "null"
                                         : "new URL('./" +
                                               params.relaxedWasmFile.str() +
                                               "', import.meta.url)"},
      {"@SPARROW_STACK_BYTES@", std::to_string(WasmMemory::kStackBytes)},
      {"@SPARROW_MAX_THREADS@", std::to_string(kWasmMaxWorkers + 1)}};
  for (const auto &[placeholder, value] : values)
    replaceAll(text, placeholder, value);
  return text;
}

llvm::StringRef wasmWorkerSource() { return kWasmWorkerSource; }

} // namespace sparrow
