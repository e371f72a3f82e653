//===- CalibrationSamples.cpp - Inputs for calibration runs ---------------===//

#include "lib/Compiler/CalibrationSamples.h"
#include "lib/Import/Npy.h"
#include "lib/Import/TensorData.h"

#include "runtime/tools/splitmix64.h"

#include "onnx/onnx_pb.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace sparrow {

static Error sampleError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "x" : "") + std::to_string(d);
  return s + "]";
}

/// A float tensor from a .npy or ONNX TensorProto .pb file.
static Expected<NpyArray> readTensorFile(StringRef path) {
  if (path.ends_with(".npy"))
    return readNpy(path);
  auto buffer = MemoryBuffer::getFile(path, false, false);
  if (!buffer)
    return sampleError("cannot read '" + path +
                       "': " + buffer.getError().message());
  onnx::TensorProto tensor;
  if (!tensor.ParseFromArray((*buffer)->getBufferStart(),
                             (*buffer)->getBufferSize()))
    return sampleError("'" + path + "' is not an ONNX TensorProto");
  auto dims = tensorDims(tensor);
  if (!dims)
    return sampleError("'" + path + "': " + toString(dims.takeError()));
  auto values = readFloatTensor(tensor);
  if (!values)
    return sampleError("'" + path + "': " + toString(values.takeError()));
  NpyArray array;
  array.shape = *dims;
  array.data.assign(values->begin(), values->end());
  return array;
}

/// The sorted entries of `dir` for which `keep` holds.
static Expected<std::vector<std::string>>
listDir(StringRef dir, function_ref<bool(StringRef)> keep) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (keep(it->path()))
      entries.push_back(it->path());
  if (ec)
    return sampleError("cannot list calibration directory '" + dir +
                       "': " + ec.message());
  llvm::sort(entries);
  return entries;
}

static bool isTensorFile(StringRef path) {
  return (path.ends_with(".npy") || path.ends_with(".pb")) &&
         !sys::fs::is_directory(path);
}

static Expected<std::vector<float>> readInput(StringRef path,
                                              const SampleInput &input) {
  auto array = readTensorFile(path);
  if (!array)
    return array.takeError();
  if (array->data.size() != input.numElements)
    return sampleError("calibration sample '" + path + "' has shape " +
                       shapeString(array->shape) + " but input '" + input.name +
                       "' is " + shapeString(input.shape));
  return std::move(array->data);
}

static Expected<std::vector<Sample>>
readSamples(const CalibrationOptions &options, ArrayRef<SampleInput> inputs) {
  if (!sys::fs::is_directory(options.dir))
    return sampleError("calibration directory '" + options.dir +
                       "' does not exist or is not a directory");
  auto subdirs = listDir(options.dir,
                         [](StringRef p) { return sys::fs::is_directory(p); });
  if (!subdirs)
    return subdirs.takeError();
  // Without subdirectories every file is one sample of a one-input model.
  std::vector<std::vector<std::string>> files;
  if (subdirs->empty()) {
    auto direct = listDir(options.dir, isTensorFile);
    if (!direct)
      return direct.takeError();
    if (!direct->empty() && inputs.size() != 1)
      return sampleError("calibration directory '" + options.dir +
                         "' holds files, but the "
                         "model has " +
                         Twine(inputs.size()) +
                         " inputs: put each sample's files in a subdirectory");
    for (std::string &f : *direct)
      files.push_back({f});
  } else {
    for (const std::string &sub : *subdirs) {
      auto inSub = listDir(sub, isTensorFile);
      if (!inSub)
        return inSub.takeError();
      if (inSub->size() != inputs.size())
        return sampleError("calibration sample '" + sub + "' has " +
                           Twine(inSub->size()) +
                           " .npy/.pb files, the "
                           "model has " +
                           Twine(inputs.size()) + " inputs");
      files.push_back(std::move(*inSub));
    }
  }
  if (files.empty())
    return sampleError("calibration directory '" + options.dir +
                       "' holds no .npy or .pb samples");
  if (options.samples && files.size() > options.samples)
    files.resize(options.samples);
  std::vector<Sample> samples;
  for (const auto &sampleFiles : files) {
    Sample sample;
    for (auto [path, input] : llvm::zip(sampleFiles, inputs)) {
      auto data = readInput(path, input);
      if (!data)
        return data.takeError();
      sample.push_back(std::move(*data));
    }
    samples.push_back(std::move(sample));
  }
  return samples;
}

Expected<std::vector<Sample>> loadSamples(const CalibrationOptions &options,
                                          ArrayRef<SampleInput> inputs) {
  if (!options.dir.empty())
    return readSamples(options, inputs);
  // The inputs `sparrow-run --seed S` draws: one generator filling the
  // inputs in order.
  std::vector<Sample> samples(options.samples ? options.samples : 32);
  for (auto [i, sample] : llvm::enumerate(samples)) {
    uint64_t state = options.seed + i;
    for (const SampleInput &input : inputs) {
      std::vector<float> data(input.numElements);
      for (float &v : data)
        v = splitmix64_next_float(&state);
      sample.push_back(std::move(data));
    }
  }
  return samples;
}

} // namespace sparrow
