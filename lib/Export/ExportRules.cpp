//===- ExportRules.cpp - The table of export rules ------------------------===//

#include "lib/Export/ExportRules.h"

using llvm::Error;

namespace sparrow {

ExportRule simpleRule(llvm::StringRef type) {
  return [type = type.str()](Exporter &e, OpContext &c) {
    e.addNode(type, c.nodeName, c.inputs, c.out);
    return Error::success();
  };
}

const RuleTable &exportRules() {
  static const RuleTable table = [] {
    RuleTable t;
    addLayerRules(t);
    addMathRules(t);
    addDataRules(t);
    addQuantRules(t);
    return t;
  }();
  return table;
}

} // namespace sparrow
