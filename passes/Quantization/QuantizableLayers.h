//===- QuantizableLayers.h - What sparrow-quantize turns into int8 -*- C++
//-*-===//
//
// The layers sparrow-quantize makes integer and the f32 values it quantizes
// around them. Calibration observes exactly these values, so the helper is
// shared by the pass and by the compiler driver.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_PASSES_QUANTIZATION_QUANTIZABLELAYERS_H
#define SPARROW_PASSES_QUANTIZATION_QUANTIZABLELAYERS_H

#include "dialects/Sparrow/QuantParams.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>
#include <string>

namespace sparrow {

/// A conv2d (no residual) or 2-D-weight matmul with a constant f32 weight.
struct QuantizableLayer {
  mlir::Operation *op = nullptr;
  mlir::Value input;  ///< the data operand
  mlir::Value output; ///< the result, or the relu/clip that is its one user
  unsigned weightOperand = 1;
  int64_t channelAxis = 0; ///< the weight's output-channel axis
  std::string name;        ///< the ONNX node name, or ""
};

/// The quantizable layers of `func`, in program order.
llvm::SmallVector<QuantizableLayer>
findQuantizableLayers(mlir::func::FuncOp func);

/// The distinct inputs and outputs of `layers`, in first-use order: the
/// values a calibration run observes.
llvm::SmallVector<mlir::Value>
observedValues(llvm::ArrayRef<QuantizableLayer> layers);

/// Name of the attribute holding a value's calibrated range
/// (`array<f32: lo, hi>`): on the defining op of an op result, as an
/// argument attribute of a block argument of the function.
constexpr llvm::StringLiteral kCalibratedRangeAttr = "sparrow.calibrated_range";

std::optional<std::pair<float, float>> getCalibratedRange(mlir::Value v);
void setCalibratedRange(mlir::Value v, float lo, float hi);

/// The SQNR (dB) the value's 8-bit grid achieved on the calibration
/// samples (clipping and rounding), attached next to the range for the
/// report; an f32 attribute.
constexpr llvm::StringLiteral kCalibratedSqnrAttr = "sparrow.calibrated_sqnr";

std::optional<float> getCalibratedSqnr(mlir::Value v);
void setCalibratedSqnr(mlir::Value v, float sqnr);

/// The largest |x| of each channel (dim 1) a value took on the calibration
/// samples, for sparrow-smooth-activations: `array<f32: ...>` on the
/// value's single-result producer.
constexpr llvm::StringLiteral kChannelAbsMaxAttr = "sparrow.channel_absmax";

std::optional<llvm::SmallVector<float>> getChannelAbsMax(mlir::Value v);
void setChannelAbsMax(mlir::Value v, llvm::ArrayRef<float> absMax);

/// Per-tensor 8-bit parameters covering [lo, hi] widened to hold 0
/// exactly (zero padding and relu outputs must stay exact): u8, or i8 when
/// `isSigned`.
QuantParams activationQuantParams(float lo, float hi, bool isSigned);

} // namespace sparrow

#endif // SPARROW_PASSES_QUANTIZATION_QUANTIZABLELAYERS_H
