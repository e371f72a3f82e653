//===- SparrowAttrs.cpp - Activation and sparsity attributes --------------===//

#include "dialects/Sparrow/SparrowDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace sparrow;

#include "dialects/Sparrow/SparrowEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Sparrow/SparrowAttrs.cpp.inc"

void SparrowDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Sparrow/SparrowAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ActivationAttr
//===----------------------------------------------------------------------===//

static APFloat toF32(double v) {
  APFloat f(v);
  bool losesInfo;
  f.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
  return f;
}

ActivationAttr ActivationAttr::get(MLIRContext *ctx, ActivationKind kind,
                                   double p0, double p1) {
  return Base::get(ctx, kind, toF32(p0), toF32(p1));
}

unsigned ActivationAttr::getNumParams(ActivationKind kind) {
  return kind == ActivationKind::clip || kind == ActivationKind::hard_sigmoid
             ? 2
             : 0;
}

LogicalResult
ActivationAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       ActivationKind kind, APFloat p0, APFloat p1) {
  if (kind == ActivationKind::clip && p1 < p0)
    return emitError() << "clip activation needs min <= max, got min "
                       << p0.convertToFloat() << " > max "
                       << p1.convertToFloat();
  return success();
}

float ActivationAttr::apply(float x) const {
  float a = getP0().convertToFloat(), b = getP1().convertToFloat();
  switch (getKind()) {
  case ActivationKind::relu:
    return x > 0.f ? x : 0.f;
  case ActivationKind::clip:
    return std::fmin(std::fmax(x, a), b);
  case ActivationKind::sigmoid:
    return 1.f / (1.f + std::exp(-x));
  case ActivationKind::hard_sigmoid:
    return std::fmax(0.f, std::fmin(1.f, a * x + b));
  case ActivationKind::hard_swish:
    return x * std::fmax(0.f, std::fmin(1.f, x / 6.f + 0.5f));
  case ActivationKind::silu:
    return x / (1.f + std::exp(-x));
  case ActivationKind::gelu:
    return 0.5f * x * (1.f + std::erf(x * float(M_SQRT1_2)));
  case ActivationKind::gelu_tanh: {
    float inner = float(std::sqrt(2.0 / M_PI)) * (x + 0.044715f * x * x * x);
    return 0.5f * x * (1.f + std::tanh(inner));
  }
  }
  return x;
}

// #sparrow.act<kind> or #sparrow.act<kind, p0, p1>
Attribute ActivationAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<ActivationKind> kind = symbolizeActivationKind(keyword);
  if (!kind) {
    parser.emitError(loc, "unknown activation '") << keyword << "'";
    return {};
  }
  double p[2] = {0.0, 0.0};
  unsigned numParams = getNumParams(*kind);
  for (unsigned i = 0; i < numParams; ++i)
    if (parser.parseComma() || parser.parseFloat(p[i]))
      return {};
  if (parser.parseGreater())
    return {};
  return parser.getChecked<ActivationAttr>(parser.getContext(), *kind,
                                           toF32(p[0]), toF32(p[1]));
}

void ActivationAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyActivationKind(getKind());
  if (getNumParams(getKind()) == 2) {
    printer << ", ";
    printer.printFloat(getP0());
    printer << ", ";
    printer.printFloat(getP1());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// SparsityAttr
//===----------------------------------------------------------------------===//

SparsityAttr SparsityAttr::get(MLIRContext *ctx, SparsityKind kind,
                               int64_t groupSize, double sparsity) {
  APFloat f(sparsity);
  bool losesInfo;
  f.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
  return Base::get(ctx, kind, groupSize, f);
}

LogicalResult SparsityAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   SparsityKind kind, int64_t groupSize,
                                   APFloat sparsity) {
  if (kind == SparsityKind::group &&
      !llvm::is_contained({1, 2, 4, 8, 16}, groupSize))
    return emitError() << "group size must be 1, 2, 4, 8 or 16, got "
                       << groupSize;
  if (kind != SparsityKind::group && groupSize != 1)
    return emitError() << "only group patterns have a group size";
  double s = sparsity.convertToDouble();
  if (!(s >= 0.0 && s <= 1.0))
    return emitError() << "sparsity must be in [0, 1], got " << s;
  return success();
}

// #sparrow.sparsity<dense> | <group<4x1>, 0.5> | <kernel, 0.25>
Attribute SparsityAttr::parse(AsmParser &parser, Type) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&keyword))
    return {};
  std::optional<SparsityKind> kind = symbolizeSparsityKind(keyword);
  if (!kind) {
    parser.emitError(loc, "unknown sparsity pattern '") << keyword << "'";
    return {};
  }
  int64_t groupSize = 1;
  double sparsity = 0.0;
  if (*kind == SparsityKind::group) {
    // `4x1` lexes as the integer 4 followed by the keyword `x1`.
    StringRef rest;
    if (parser.parseLess() || parser.parseInteger(groupSize) ||
        parser.parseKeyword(&rest) || rest != "x1" || parser.parseGreater()) {
      parser.emitError(loc, "expected group<G x 1>");
      return {};
    }
  }
  if (*kind != SparsityKind::dense)
    if (parser.parseComma() || parser.parseFloat(sparsity))
      return {};
  if (parser.parseGreater())
    return {};
  APFloat f(sparsity);
  bool losesInfo;
  f.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
  return parser.getChecked<SparsityAttr>(parser.getContext(), *kind, groupSize,
                                         f);
}

void SparsityAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifySparsityKind(getKind());
  if (getKind() == SparsityKind::group)
    printer << "<" << getGroupSize() << "x1>";
  if (getKind() != SparsityKind::dense) {
    printer << ", ";
    printer.printFloat(getSparsity());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// KernelAttr
//===----------------------------------------------------------------------===//

// #sparrow.kernel<kind, dense|sparse, [tile = RxV,] "reason">
Attribute KernelAttr::parse(AsmParser &parser, Type) {
  StringRef kindName, density;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&kindName))
    return {};
  std::optional<KernelKind> kind = symbolizeKernelKind(kindName);
  if (!kind) {
    parser.emitError(loc, "unknown kernel '") << kindName << "'";
    return {};
  }
  loc = parser.getCurrentLocation();
  if (parser.parseComma() || parser.parseKeyword(&density))
    return {};
  if (density != "dense" && density != "sparse") {
    parser.emitError(loc, "expected 'dense' or 'sparse'");
    return {};
  }
  int64_t rows = 0, vectors = 0;
  if (parser.parseComma())
    return {};
  if (succeeded(parser.parseOptionalKeyword("tile"))) {
    // `4x2` lexes as the integer 4 followed by the keyword `x2`.
    StringRef rest;
    loc = parser.getCurrentLocation();
    if (parser.parseEqual() || parser.parseInteger(rows) ||
        parser.parseOptionalKeyword(&rest) || !rest.consume_front("x") ||
        rest.getAsInteger(10, vectors) || parser.parseComma()) {
      parser.emitError(loc, "expected tile = <rows>x<vectors>,");
      return {};
    }
  }
  std::string reason;
  if (parser.parseString(&reason) || parser.parseGreater())
    return {};
  return KernelAttr::get(parser.getContext(), *kind, density == "sparse", rows,
                         vectors, reason);
}

void KernelAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyKernelKind(getKind()) << ", "
          << (getSparse() ? "sparse" : "dense") << ", ";
  if (getRows() > 0)
    printer << "tile = " << getRows() << "x" << getVectors() << ", ";
  printer << "\"";
  llvm::printEscapedString(getReason(), printer.getStream());
  printer << "\">";
}
