//===- NodeAttributes.h - Typed access to ONNX node attributes --*- C++ -*-===//

#ifndef SPARROW_LIB_IMPORT_CONVERTERS_NODEATTRIBUTES_H
#define SPARROW_LIB_IMPORT_CONVERTERS_NODEATTRIBUTES_H

#include "onnx/onnx_pb.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace sparrow {

inline const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                            llvm::StringRef name) {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

inline int64_t attrInt(const onnx::NodeProto &node, llvm::StringRef name,
                       int64_t dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a && a->has_i() ? a->i() : dflt;
}

inline float attrFloat(const onnx::NodeProto &node, llvm::StringRef name,
                       float dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a && a->has_f() ? a->f() : dflt;
}

inline std::string attrString(const onnx::NodeProto &node, llvm::StringRef name,
                              llvm::StringRef dflt) {
  const onnx::AttributeProto *a = findAttr(node, name);
  return a && a->has_s() ? a->s() : dflt.str();
}

inline llvm::SmallVector<int64_t> attrInts(const onnx::NodeProto &node,
                                           llvm::StringRef name,
                                           llvm::ArrayRef<int64_t> dflt = {}) {
  const onnx::AttributeProto *a = findAttr(node, name);
  if (!a || a->ints_size() == 0)
    return llvm::SmallVector<int64_t>(dflt);
  return llvm::SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

} // namespace sparrow

#endif // SPARROW_LIB_IMPORT_CONVERTERS_NODEATTRIBUTES_H
