//===- SparrowDialect.h - The sparrow dialect -------------------*- C++ -*-===//

#ifndef SPARROW_DIALECT_SPARROWDIALECT_H
#define SPARROW_DIALECT_SPARROWDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Sparrow/SparrowDialect.h.inc"
#include "dialects/Sparrow/SparrowEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Sparrow/SparrowAttrs.h.inc"

#endif // SPARROW_DIALECT_SPARROWDIALECT_H
