//===- Npy.cpp - Minimal .npy reading and writing -------------------------===//

#include "lib/Import/Npy.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace sparrow {

static Error npyError(StringRef path, const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), "'" + path + "': " + msg);
}

Expected<NpyArray> readNpy(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, false, false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return npyError(path, "not a .npy file");
  uint8_t major = bytes[6];
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8);
    offset = 10;
  } else {
    if (bytes.size() < 12)
      return npyError(path, "truncated header");
    headerLen = uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8) |
                (uint8_t(bytes[10]) << 16) | (size_t(uint8_t(bytes[11])) << 24);
    offset = 12;
  }
  if (offset + headerLen > bytes.size())
    return npyError(path, "truncated header");
  StringRef header = bytes.substr(offset, headerLen);
  bool isF32 = header.contains("'<f4'"), isI64 = header.contains("'<i8'");
  if (!isF32 && !isI64)
    return npyError(path, "only little-endian float32 or int64 arrays are "
                          "supported");
  if (header.contains("'fortran_order': True"))
    return npyError(path, "Fortran-order arrays are not supported");
  size_t open = header.find('('), close = header.find(')', open);
  if (open == StringRef::npos || close == StringRef::npos)
    return npyError(path, "header has no shape");
  NpyArray array;
  SmallVector<StringRef> dims;
  header.slice(open + 1, close).split(dims, ',', -1, false);
  int64_t count = 1;
  for (StringRef d : dims) {
    d = d.trim();
    if (d.empty())
      continue;
    int64_t v;
    if (d.getAsInteger(10, v) || v < 0)
      return npyError(path, "bad dim '" + d + "' in header");
    array.shape.push_back(v);
    count *= v;
  }
  size_t elem = isF32 ? 4 : 8;
  StringRef payload = bytes.substr(offset + headerLen);
  if (payload.size() != count * elem)
    return npyError(path, "holds " + Twine(payload.size()) +
                              " bytes of data, its shape needs " +
                              Twine(count * elem));
  array.data.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    if (isF32) {
      std::memcpy(&array.data[i], payload.data() + i * 4, 4);
    } else {
      int64_t v;
      std::memcpy(&v, payload.data() + i * 8, 8);
      array.data[i] = static_cast<float>(v);
    }
  }
  return array;
}

Error writeNpy(StringRef path, const NpyArray &array) {
  std::string shape = "(";
  for (int64_t d : array.shape)
    shape += std::to_string(d) + ",";
  if (array.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  std::string header = "{'descr': '" + array.descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  raw_fd_ostream os(path, ec);
  if (ec)
    return npyError(path, "cannot write: " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  if (array.descr != "<f4")
    os.write(array.raw.data(), array.raw.size());
  else
    os.write(reinterpret_cast<const char *>(array.data.data()),
             array.data.size() * 4);
  return Error::success();
}

} // namespace sparrow
