//===- ModelLoader.cpp - Reading, parsing and checking ONNX files ---------===//
//
// The only file that calls into libonnx's checker and text parser, which
// report problems by throwing; it is built with exceptions and turns each
// into a one-line llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/ExternalData.h"
#include "lib/Import/GraphImporter.h"
#include "lib/Import/OnnxImporter.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <exception>

using namespace llvm;

namespace sparrow {

static Error loadError(StringRef source, const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), source + ": " + msg);
}

/// libonnx messages span several lines (the error, then its context, such
/// as the node); errors here are one line, so join them.
static std::string firstLine(const std::string &text) {
  std::string line;
  for (StringRef part : llvm::split(StringRef(text).trim(), '\n')) {
    part = part.trim();
    if (part.empty())
      continue;
    if (!line.empty())
      line += " ";
    line += part.str();
  }
  return line;
}

Error parseInputShape(StringRef spec, ImportOptions &options) {
  auto [name, dims] = spec.rsplit(':');
  if (name.empty() || dims.empty() || name == spec)
    return createStringError(inconvertibleErrorCode(),
                             "invalid --input-shape '" + spec +
                                 "': expected NAME:D0xD1x... such as "
                                 "input:1x3x224x224");
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d < 1 || d > (int64_t(1) << 31))
      return createStringError(inconvertibleErrorCode(),
                               "invalid --input-shape '" + spec + "': dim '" +
                                   p + "' is not a positive integer");
    shape.push_back(d);
  }
  options.inputShapes[name] = shape;
  return Error::success();
}

/// ONNX text syntax starts with `<` (the model header) or `ir_version`,
/// possibly after `#` comment lines.
static bool looksLikeText(StringRef bytes) {
  StringRef head = bytes.ltrim();
  while (head.starts_with("#"))
    head = head.drop_until([](char c) { return c == '\n'; }).ltrim();
  return head.starts_with("<") || head.starts_with("ir_version");
}

/// Whether the model uses an IR version or default-domain opset the linked
/// libonnx does not know.
static bool newerThanChecker(const onnx::ModelProto &model) {
  if (model.ir_version() > onnx::IR_VERSION)
    return true;
  const auto &ranges =
      onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto known = ranges.find(onnx::ONNX_DOMAIN);
  for (const auto &opset : model.opset_import())
    if ((opset.domain().empty() || opset.domain() == "ai.onnx") &&
        known != ranges.end() && opset.version() > known->second.second)
      return true;
  return false;
}

/// `modelDir` holds the files of tensors stored as external data (empty for
/// bytes from memory).
static Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importModel(StringRef bytes, StringRef sourceName, StringRef modelDir,
            const ImportOptions &options, mlir::MLIRContext *context) {
  onnx::ModelProto model;
  if (looksLikeText(bytes)) {
    std::string text = bytes.str();
    onnx::Status status;
    try {
      status = onnx::OnnxParser::Parse(model, text.c_str());
    } catch (const std::exception &e) {
      return loadError(sourceName, "invalid ONNX text: " + firstLine(e.what()));
    }
    if (!status.IsOK())
      return loadError(sourceName, "invalid ONNX text: " +
                                       firstLine(status.ErrorMessage()));
  } else if (bytes.size() > INT_MAX ||
             !model.ParseFromArray(bytes.data(),
                                   static_cast<int>(bytes.size()))) {
    return loadError(sourceName, "not an ONNX model (protobuf parse failed; "
                                 "truncated or corrupt file?)");
  }
  if (!model.has_graph() || model.graph().node_size() == 0)
    return loadError(sourceName, "not an ONNX model (no graph nodes)");
  if (Error err = loadExternalData(model, modelDir, sourceName))
    return std::move(err);
  // libonnx 1.12's checker knows IR version 8 and opsets up to 17: it
  // rejects newer models (ir_version 9+, ops or signatures of opsets 18-21).
  // Those are checked by the importer alone, which validates every value
  // and attribute it uses.
  if (!newerThanChecker(model)) {
    try {
      onnx::checker::check_model(model);
    } catch (const std::exception &e) {
      return loadError(sourceName,
                       "invalid ONNX model: " + firstLine(e.what()));
    }
  }
  GraphImporter importer(context, model, sourceName, options);
  return importer.run();
}

Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxBytes(StringRef bytes, StringRef sourceName,
                const ImportOptions &options, mlir::MLIRContext *context) {
  return importModel(bytes, sourceName, "", options, context);
}

Expected<mlir::OwningOpRef<mlir::ModuleOp>>
importOnnxFile(StringRef path, const ImportOptions &options,
               mlir::MLIRContext *context) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return loadError(path, "cannot read: " + buffer.getError().message());
  SmallString<256> dir(path);
  sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  return importModel((*buffer)->getBuffer(), path, dir, options, context);
}

} // namespace sparrow
