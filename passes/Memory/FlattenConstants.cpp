//===- FlattenConstants.cpp - Large constants as 1-D blobs ----------------===//

#include "passes/Memory/Passes.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace sparrow {
#define GEN_PASS_DEF_FLATTENCONSTANTS
#include "passes/Memory/Passes.h.inc"
} // namespace sparrow

using namespace mlir;

/// The same elements with a 1-D type, or null when the attribute kind is
/// not one we can re-type without copying.
static TypedAttr flatten(Attribute value, RankedTensorType flatType) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    return dense.reshape(flatType);
  if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
    return DenseResourceElementsAttr::get(flatType, res.getRawHandle());
  return {};
}

namespace {
struct FlattenConstantsPass
    : sparrow::impl::FlattenConstantsBase<FlattenConstantsPass> {
  using FlattenConstantsBase::FlattenConstantsBase;

  void runOnOperation() override {
    getOperation().walk([&](arith::ConstantOp cst) {
      auto type = dyn_cast<RankedTensorType>(cst.getType());
      if (!type || type.getRank() < 2 || !type.hasStaticShape() ||
          type.getNumElements() < minElements)
        return;
      auto flatType =
          RankedTensorType::get({type.getNumElements()}, type.getElementType());
      TypedAttr flat = flatten(cst.getValue(), flatType);
      if (!flat)
        return;
      OpBuilder b(cst);
      Value flatCst = arith::ConstantOp::create(b, cst.getLoc(), flat);
      ReassociationIndices all;
      for (int64_t i = 0; i < type.getRank(); ++i)
        all.push_back(i);
      Value shaped =
          tensor::ExpandShapeOp::create(b, cst.getLoc(), type, flatCst,
                                        SmallVector<ReassociationIndices>{all});
      cst.replaceAllUsesWith(shaped);
      cst.erase();
    });
  }
};
} // namespace
