//===- sparrow-import-fuzzer.cpp - libFuzzer target for the ONNX importer -===//
//
// Feeds arbitrary bytes to importOnnxBytes (binary protobuf or ONNX text,
// told apart by content, as sparrow-compile does). Every input must end in
// a module or an llvm::Error: a crash, a hang, an out-of-memory or a
// sanitizer report is a bug. The importer and the dialect (whose shape
// inference and verifiers the importer runs) are built with
// -fsanitize=fuzzer-no-link,address; MLIR, libonnx and protobuf are not.
//
//   sparrow-import-fuzzer CORPUS_DIR -max_total_time=60 -rss_limit_mb=2048
//
//===----------------------------------------------------------------------===//

#include "lib/Import/OnnxImporter.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A fresh context per input: nothing uniqued by one input leaks into the
  // next, and threading stays off (no pool to tear down).
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  sparrow::ImportOptions options;
  options.note = [](llvm::StringRef) {};
  auto module = sparrow::importOnnxBytes(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz",
      options, &context);
  if (!module)
    llvm::consumeError(module.takeError());
  return 0;
}
