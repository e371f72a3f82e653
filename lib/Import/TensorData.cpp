//===- TensorData.cpp - Reading ONNX TensorProto payloads -----------------===//

#include "lib/Import/TensorData.h"

#include "onnx/onnx_pb.h"

#include <cstring>

using namespace llvm;

namespace sparrow {

static Error tensorError(const onnx::TensorProto &t, const Twine &msg) {
  return createStringError(inconvertibleErrorCode(),
                           "tensor '" + t.name() + "': " + msg);
}

Expected<SmallVector<int64_t>> tensorDims(const onnx::TensorProto &t) {
  SmallVector<int64_t> dims;
  int64_t total = 1;
  for (int64_t d : t.dims()) {
    if (d < 0)
      return tensorError(t, "negative dim " + Twine(d));
    if (d && total > (int64_t(1) << 40) / d)
      return tensorError(t, "too many elements");
    total *= d;
    dims.push_back(d);
  }
  return dims;
}

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

template <typename Raw, typename Out>
static Expected<SmallVector<Out>> readRaw(const onnx::TensorProto &t,
                                          int64_t count) {
  const std::string &raw = t.raw_data();
  if (raw.size() != static_cast<size_t>(count) * sizeof(Raw))
    return tensorError(t, "raw_data holds " + Twine(raw.size()) +
                              " bytes, dims need " +
                              Twine(count * sizeof(Raw)));
  SmallVector<Out> out(count);
  for (int64_t i = 0; i < count; ++i) {
    Raw v;
    std::memcpy(&v, raw.data() + i * sizeof(Raw), sizeof(Raw));
    out[i] = static_cast<Out>(v);
  }
  return out;
}

template <typename Field, typename Out>
static Expected<SmallVector<Out>> readField(const onnx::TensorProto &t,
                                            const Field &field, int64_t count) {
  if (field.size() != count)
    return tensorError(t, "holds " + Twine(field.size()) +
                              " values, dims need " + Twine(count));
  return SmallVector<Out>(field.begin(), field.end());
}

Expected<SmallVector<float>> readFloatTensor(const onnx::TensorProto &t) {
  auto dims = tensorDims(t);
  if (!dims)
    return dims.takeError();
  int64_t count = product(*dims);
  if (t.has_data_location() && t.data_location() == onnx::TensorProto::EXTERNAL)
    return tensorError(t, "external data was not loaded");
  bool raw = t.has_raw_data();
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    return raw ? readRaw<float, float>(t, count)
               : readField<decltype(t.float_data()), float>(t, t.float_data(),
                                                            count);
  case onnx::TensorProto::DOUBLE:
    return raw ? readRaw<double, float>(t, count)
               : readField<decltype(t.double_data()), float>(t, t.double_data(),
                                                             count);
  default:
    return tensorError(t, "expected float32 data, got data type " +
                              Twine(t.data_type()));
  }
}

Expected<SmallVector<int64_t>> readIntTensor(const onnx::TensorProto &t) {
  auto dims = tensorDims(t);
  if (!dims)
    return dims.takeError();
  int64_t count = product(*dims);
  if (t.has_data_location() && t.data_location() == onnx::TensorProto::EXTERNAL)
    return tensorError(t, "external data was not loaded");
  bool raw = t.has_raw_data();
  switch (t.data_type()) {
  case onnx::TensorProto::INT64:
    return raw ? readRaw<int64_t, int64_t>(t, count)
               : readField<decltype(t.int64_data()), int64_t>(t, t.int64_data(),
                                                              count);
  case onnx::TensorProto::INT32:
    return raw ? readRaw<int32_t, int64_t>(t, count)
               : readField<decltype(t.int32_data()), int64_t>(t, t.int32_data(),
                                                              count);
  // Narrow types share int32_data when not raw.
  case onnx::TensorProto::INT8:
    return raw ? readRaw<int8_t, int64_t>(t, count)
               : readField<decltype(t.int32_data()), int64_t>(t, t.int32_data(),
                                                              count);
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    return raw ? readRaw<uint8_t, int64_t>(t, count)
               : readField<decltype(t.int32_data()), int64_t>(t, t.int32_data(),
                                                              count);
  case onnx::TensorProto::INT16:
    return raw ? readRaw<int16_t, int64_t>(t, count)
               : readField<decltype(t.int32_data()), int64_t>(t, t.int32_data(),
                                                              count);
  default:
    return tensorError(t, "expected integer data, got data type " +
                              Twine(t.data_type()));
  }
}

} // namespace sparrow
