//===- Weights.cpp - Reading and creating constant weight tensors ---------===//

#include "dialects/Sparrow/Weights.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace sparrow {

std::optional<SmallVector<float>> getConstantF32(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  if (!cst)
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(cst.getType());
  if (!type || !type.getElementType().isF32())
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue())) {
    auto range = dense.getValues<float>();
    return SmallVector<float>(range.begin(), range.end());
  }
  if (auto res = dyn_cast<DenseF32ResourceElementsAttr>(cst.getValue())) {
    std::optional<ArrayRef<float>> data = res.tryGetAsArrayRef();
    if (!data || static_cast<int64_t>(data->size()) != type.getNumElements())
      return std::nullopt;
    return SmallVector<float>(data->begin(), data->end());
  }
  return std::nullopt;
}

TypedAttr createF32Elements(RankedTensorType type, ArrayRef<float> values,
                               StringRef nameHint) {
  if (type.getNumElements() < kResourceBlobThreshold)
    return DenseElementsAttr::get(type, values);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(values);
  Attribute attr =
      DenseF32ResourceElementsAttr::get(type, nameHint, std::move(blob));
  return cast<TypedAttr>(attr);
}

Value createF32Constant(OpBuilder &b, Location loc, RankedTensorType type,
                        ArrayRef<float> values, StringRef nameHint) {
  return arith::ConstantOp::create(
      b, loc, createF32Elements(type, values, nameHint));
}

} // namespace sparrow
