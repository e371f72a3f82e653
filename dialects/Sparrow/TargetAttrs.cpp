//===- TargetAttrs.cpp - The module's target ------------------------------===//

#include "dialects/Sparrow/SparrowDialect.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace sparrow;

TargetAttr TargetAttr::lookup(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto module = dyn_cast<ModuleOp>(op))
      if (auto target = module->getAttrOfType<TargetAttr>(kAttrName))
        return target;
  return {};
}

bool TargetAttr::hasFeature(StringRef name) const {
  bool enabled = false;
  SmallVector<StringRef> features;
  getFeatures().split(features, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef f : features) {
    f = f.trim();
    if (f.drop_front() == name && (f.front() == '+' || f.front() == '-'))
      enabled = f.front() == '+';
  }
  return enabled;
}
