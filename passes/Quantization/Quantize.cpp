//===- Quantize.cpp - Calibrated post-training int8 quantization ----------===//
//
// Writes the QDQ form sparrow-fuse-quantized turns into integer kernels:
// per-channel symmetric int8 weights (range [-127, 127], so a product of two
// weights never needs the -128 * -128 corner) and per-tensor asymmetric
// activations whose scale comes from the calibrated range of each value.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"
#include "passes/Quantization/QuantizableLayers.h"

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include "llvm/Support/Format.h"

#include <cmath>

namespace sparrow {
#define GEN_PASS_DEF_QUANTIZE
#include "passes/Quantization/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {

/// Signal-to-quantization-noise ratio in dB (infinite when exact).
double sqnrDb(ArrayRef<float> ref, ArrayRef<float> approx) {
  double signal = 0, noise = 0;
  for (auto [r, a] : llvm::zip(ref, approx)) {
    signal += double(r) * r;
    noise += (double(r) - a) * (double(r) - a);
  }
  return noise == 0 ? INFINITY : 10 * std::log10(signal / noise);
}

struct QuantizePass : sparrow::impl::QuantizeBase<QuantizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (activationType != "u8" && activationType != "i8") {
      func.emitError() << "sparrow-quantize: activation-type must be u8 or "
                          "i8, got '"
                       << activationType << "'";
      return signalPassFailure();
    }
    for (QuantizableLayer &layer : findQuantizableLayers(func)) {
      if (llvm::is_contained(skip, layer.name)) {
        if (report)
          layer.op->emitRemark("quantize skipped (--quantize-skip)");
        continue;
      }
      if (failed(quantizeLayer(layer)))
        return signalPassFailure();
    }
    func.walk([](Operation *op) {
      op->removeAttr(kCalibratedRangeAttr);
      op->removeAttr(kCalibratedSqnrAttr);
    });
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
      func.removeArgAttr(i, kCalibratedRangeAttr);
      func.removeArgAttr(i, kCalibratedSqnrAttr);
    }
  }

  LogicalResult quantizeLayer(QuantizableLayer &layer) {
    FailureOr<QuantParams> in = rangeParams(layer, layer.input, "input");
    FailureOr<QuantParams> out = rangeParams(layer, layer.output, "output");
    if (failed(in) || failed(out))
      return failure();
    FailureOr<double> sqnr = quantizeWeights(layer);
    if (failed(sqnr) || failed(quantizeValue(layer.input, *in)) ||
        failed(quantizeValue(layer.output, *out)))
      return failure();
    if (report) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "quantized int8: weight SQNR " << llvm::format("%.1f", *sqnr)
         << " dB, input scale " << llvm::format("%.4g", in->scales[0])
         << " zero point " << in->zeroPoints[0] << ", output scale "
         << llvm::format("%.4g", out->scales[0]) << " zero point "
         << out->zeroPoints[0];
      // What the activations' grids cost on the calibration samples.
      std::optional<float> inSqnr = getCalibratedSqnr(layer.input);
      std::optional<float> outSqnr = getCalibratedSqnr(layer.output);
      if (inSqnr && outSqnr)
        os << "; calibration SQNR input " << llvm::format("%.1f", *inSqnr)
           << " dB, output " << llvm::format("%.1f", *outSqnr) << " dB";
      layer.op->emitRemark(text);
    }
    return success();
  }

  FailureOr<QuantParams> rangeParams(const QuantizableLayer &layer, Value v,
                                     StringRef what) {
    std::optional<std::pair<float, float>> range = getCalibratedRange(v);
    if (!range)
      return layer.op->emitError()
             << "sparrow-quantize: the " << what
             << " has no calibrated range (attach " << kCalibratedRangeAttr
             << " or calibrate with sparrow-compile --quantize=int8)";
    if (!std::isfinite(range->first) || !std::isfinite(range->second))
      return layer.op->emitError()
             << "sparrow-quantize: the calibrated range of the " << what
             << " is not finite";
    return activationQuantParams(range->first, range->second,
                                 activationType == "i8");
  }

  /// Replaces the layer's f32 weight by dequantize(int8 per channel) and
  /// returns the SQNR of the rounding.
  FailureOr<double> quantizeWeights(const QuantizableLayer &layer) {
    Value weight = layer.op->getOperand(layer.weightOperand);
    auto type = cast<RankedTensorType>(weight.getType());
    SmallVector<float> values = *getConstantF32(weight);
    int64_t channels = type.getDimSize(layer.channelAxis);
    int64_t inner = 1;
    for (int64_t d = layer.channelAxis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
    auto channelOf = [&](size_t i) { return (int64_t(i) / inner) % channels; };

    QuantParams p;
    p.axis = layer.channelAxis;
    p.isSigned = true;
    p.min = -127;
    p.max = 127;
    p.scales.assign(channels, 0.0);
    p.zeroPoints.assign(channels, 0);
    for (size_t i = 0; i < values.size(); ++i)
      p.scales[channelOf(i)] =
          std::max(p.scales[channelOf(i)], double(std::fabs(values[i])));
    for (double &s : p.scales)
      s = s > 0 ? s / 127.0 : 1.0; // an all-zero channel stays zero
    SmallVector<int8_t> stored(values.size());
    SmallVector<float> rounded(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      double s = p.scales[channelOf(i)];
      double q = std::clamp(std::nearbyint(values[i] / s), -127.0, 127.0);
      stored[i] = int8_t(q);
      rounded[i] = float(q * s);
    }

    OpBuilder b(layer.op);
    Location loc = weight.getLoc();
    auto quantType =
        makeQuantType([&] { return layer.op->emitError(); }, &getContext(), p);
    if (!quantType)
      return failure();
    auto intType = RankedTensorType::get(type.getShape(), b.getI8Type());
    Value data = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(intType, ArrayRef(stored)));
    Value cast = StorageCastOp::create(
        b, loc, RankedTensorType::get(type.getShape(), quantType), data);
    layer.op->setOperand(layer.weightOperand,
                         DequantizeOp::create(b, loc, type, cast));
    return sqnrDb(values, rounded);
  }

  /// Routes every use of `v` through quantize + dequantize (once per value).
  LogicalResult quantizeValue(Value v, const QuantParams &p) {
    if (v.hasOneUse() && isa<QuantizeOp>(*v.getUsers().begin()))
      return success();
    auto type = cast<RankedTensorType>(v.getType());
    auto quantType =
        makeQuantType([&] { return emitError(v.getLoc()); }, &getContext(), p);
    if (!quantType)
      return failure();
    OpBuilder b(&getContext());
    if (Operation *def = v.getDefiningOp())
      b.setInsertionPointAfter(def);
    else
      b.setInsertionPointToStart(cast<BlockArgument>(v).getOwner());
    auto q = QuantizeOp::create(
        b, v.getLoc(), RankedTensorType::get(type.getShape(), quantType), v);
    auto dq = DequantizeOp::create(b, v.getLoc(), type, q);
    v.replaceAllUsesExcept(dq, q);
    return success();
  }
};

} // namespace
