//===- OnnxExporter.cpp - sparrow graphs back to ONNX ---------------------===//
//
// The model around the graph Exporter writes, the ONNX checker, the file.
// Built with exceptions: the ONNX checker reports by throwing.
//
//===----------------------------------------------------------------------===//

#include "lib/Export/OnnxExporter.h"
#include "lib/Export/Exporter.h"

#include "onnx/checker.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using llvm::Error;
using llvm::StringRef;

namespace sparrow {

Error exportOnnx(ModuleOp module, StringRef path) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return exportError("the module has no func.func @main");
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("sparrow");
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(14);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("main");
  Exporter exporter(*graph);
  if (Error err = exporter.run(func))
    return err;
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    std::string what = e.what();
    return exportError("the ONNX checker rejects the result: " +
                       what.substr(0, what.find('\n')));
  }
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return exportError("cannot serialise the model");
  auto temp = llvm::sys::fs::TempFile::create(path + "-%%%%%%.tmp");
  if (!temp)
    return exportError("cannot write '" + path +
                       "': " + llvm::toString(temp.takeError()));
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    os << bytes;
  }
  if (Error err = temp->keep(path))
    return exportError("cannot write '" + path +
                       "': " + llvm::toString(std::move(err)));
  return Error::success();
}

} // namespace sparrow
