//===- ExternalData.cpp - Tensors stored beside the model -----------------===//
//
// Large models keep their weights out of the protobuf (which is limited to
// 2 GB) in files next to it: model.onnx + model.onnx.data, each tensor a
// (location, offset, length) entry. Each file is mapped once.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/ExternalData.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace sparrow {

namespace {
class ExternalDataLoader {
public:
  ExternalDataLoader(StringRef modelDir, StringRef sourceName)
      : modelDir(modelDir), sourceName(sourceName) {}

  Error loadGraph(onnx::GraphProto &graph) {
    for (onnx::TensorProto &t : *graph.mutable_initializer())
      if (Error err = loadTensor(t))
        return err;
    for (onnx::NodeProto &node : *graph.mutable_node())
      for (onnx::AttributeProto &attr : *node.mutable_attribute()) {
        if (attr.has_t())
          if (Error err = loadTensor(*attr.mutable_t()))
            return err;
        for (onnx::TensorProto &t : *attr.mutable_tensors())
          if (Error err = loadTensor(t))
            return err;
        if (attr.has_g())
          if (Error err = loadGraph(*attr.mutable_g()))
            return err;
        for (onnx::GraphProto &g : *attr.mutable_graphs())
          if (Error err = loadGraph(g))
            return err;
      }
    return Error::success();
  }

private:
  Error fail(const onnx::TensorProto &t, const Twine &msg) {
    return createStringError(inconvertibleErrorCode(),
                             sourceName + ": tensor '" + t.name() +
                                 "': external data " + msg);
  }

  Error loadTensor(onnx::TensorProto &t) {
    if (!t.has_data_location() ||
        t.data_location() != onnx::TensorProto::EXTERNAL)
      return Error::success();
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const onnx::StringStringEntryProto &kv : t.external_data()) {
      StringRef key = kv.key(), value = kv.value();
      uint64_t number;
      if (key == "location") {
        location = kv.value();
      } else if (key == "offset" || key == "length") {
        if (value.getAsInteger(10, number))
          return fail(t, "has a bad " + key + " '" + value + "'");
        (key == "offset" ? offset : length.emplace()) = number;
      }
    }
    if (location.empty())
      return fail(t, "names no location");
    if (modelDir.empty())
      return fail(t, "'" + location +
                         "' cannot be read: the model was not read from a "
                         "file");
    // The ONNX spec makes locations relative to the model's directory.
    if (sys::path::is_absolute(location) ||
        llvm::is_contained(
            make_range(sys::path::begin(location), sys::path::end(location)),
            ".."))
      return fail(t, "'" + location +
                         "' is not a path inside the model's directory");
    auto file = open(location);
    if (!file)
      return fail(t, "'" + location + "': " + toString(file.takeError()));
    uint64_t size = (*file)->getBufferSize();
    if (offset > size)
      return fail(t, "'" + location + "': offset " + Twine(offset) +
                         " is past its end (" + Twine(size) +
                         " bytes; truncated?)");
    uint64_t bytes = length ? *length : size - offset;
    if (bytes > size - offset)
      return fail(t, "'" + location + "': " + Twine(bytes) +
                         " bytes at offset " + Twine(offset) +
                         " run past its end (" + Twine(size) +
                         " bytes; truncated?)");
    t.set_raw_data((*file)->getBufferStart() + offset, bytes);
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
    return Error::success();
  }

  Expected<MemoryBuffer *> open(StringRef location) {
    auto it = files.find(location);
    if (it != files.end())
      return it->second.get();
    SmallString<256> path(modelDir);
    sys::path::append(path, location);
    auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    if (!buffer)
      return createStringError(buffer.getError(), "cannot read: %s",
                               buffer.getError().message().c_str());
    MemoryBuffer *raw = buffer->get();
    files[location] = std::move(*buffer);
    return raw;
  }

  StringRef modelDir, sourceName;
  StringMap<std::unique_ptr<MemoryBuffer>> files;
};
} // namespace

Error loadExternalData(onnx::ModelProto &model, StringRef modelDir,
                       StringRef sourceName) {
  if (!model.has_graph())
    return Error::success();
  ExternalDataLoader loader(modelDir, sourceName);
  return loader.loadGraph(*model.mutable_graph());
}

} // namespace sparrow
