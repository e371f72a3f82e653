//===- QuantizableLayers.cpp - What sparrow-quantize turns into int8 ------===//

#include "passes/Quantization/QuantizableLayers.h"
#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/QuantParams.h"
#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "llvm/ADT/SetVector.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace sparrow {

/// The relu or clip that is `v`'s only user, if any: quantizing after it
/// lets the integer kernel apply it as a clamp.
static Value afterActivation(Value v) {
  if (!v.hasOneUse())
    return v;
  Operation *user = *v.getUsers().begin();
  if (isa<ReluOp, ClipOp>(user))
    return user->getResult(0);
  return v;
}

/// A range can be attached to the value (see kCalibratedRangeAttr).
static bool canCarryRange(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    return isa<func::FuncOp>(arg.getOwner()->getParentOp());
  return v.getDefiningOp()->getNumResults() == 1;
}

/// Already quantized by the model (QDQ form): sparrow-fuse-quantized's job.
static bool isDequantized(Value v) { return v.getDefiningOp<DequantizeOp>(); }

SmallVector<QuantizableLayer> findQuantizableLayers(func::FuncOp func) {
  SmallVector<QuantizableLayer> layers;
  func.walk([&](Operation *op) {
    QuantizableLayer layer;
    if (auto conv = dyn_cast<Conv2DOp>(op)) {
      if (conv.getResidual() ||
          (conv.getBias() && !getConstantF32(conv.getBias())))
        return;
      layer.input = conv.getInput();
      layer.weightOperand = 1;
      layer.channelAxis = 0;
      layer.output = conv.getActivation() ? conv.getResult()
                                          : afterActivation(conv.getResult());
    } else if (auto matmul = dyn_cast<MatMulOp>(op)) {
      if (matmul.getRhs().getType().getRank() != 2)
        return;
      layer.input = matmul.getLhs();
      layer.weightOperand = 1;
      layer.channelAxis = 1;
      layer.output = matmul.getResult();
    } else {
      return;
    }
    if (isDequantized(layer.input) ||
        !getConstantF32(op->getOperand(layer.weightOperand)) ||
        !canCarryRange(layer.input))
      return;
    layer.op = op;
    layer.name = layerName(op);
    layers.push_back(std::move(layer));
  });
  return layers;
}

SmallVector<Value> observedValues(ArrayRef<QuantizableLayer> layers) {
  llvm::SetVector<Value> values;
  for (const QuantizableLayer &layer : layers) {
    values.insert(layer.input);
    values.insert(layer.output);
  }
  return values.takeVector();
}

QuantParams activationQuantParams(float lo, float hi, bool isSigned) {
  QuantParams p;
  p.isSigned = isSigned;
  p.min = isSigned ? -128 : 0;
  p.max = p.min + 255;
  double l = std::min(double(lo), 0.0), h = std::max(double(hi), 0.0);
  double scale = (h - l) / 255.0;
  if (!(scale > 0))
    scale = 1.0;
  double zp = std::nearbyint(double(p.min) - l / scale);
  p.scales = {scale};
  p.zeroPoints = {int64_t(std::clamp(zp, double(p.min), double(p.max)))};
  return p;
}

/// The attribute `name` of a value: on its single-result producer, or an
/// argument attribute of the function for a block argument.
static Attribute getValueAttr(Value v, StringRef name) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    return func ? func.getArgAttr(arg.getArgNumber(), name) : nullptr;
  }
  Operation *def = v.getDefiningOp();
  return def->getNumResults() == 1 ? def->getAttr(name) : nullptr;
}

static void setValueAttr(Value v, StringRef name, Attribute attr) {
  if (auto arg = dyn_cast<BlockArgument>(v))
    cast<func::FuncOp>(arg.getOwner()->getParentOp())
        .setArgAttr(arg.getArgNumber(), name, attr);
  else
    v.getDefiningOp()->setAttr(name, attr);
}

std::optional<std::pair<float, float>> getCalibratedRange(Value v) {
  auto range = dyn_cast_or_null<DenseF32ArrayAttr>(
      getValueAttr(v, kCalibratedRangeAttr));
  if (!range || range.size() != 2 || !(range[0] <= range[1]))
    return std::nullopt;
  return std::make_pair(range[0], range[1]);
}

void setCalibratedRange(Value v, float lo, float hi) {
  setValueAttr(v, kCalibratedRangeAttr,
               DenseF32ArrayAttr::get(v.getContext(), {lo, hi}));
}

std::optional<float> getCalibratedSqnr(Value v) {
  auto sqnr = dyn_cast_or_null<FloatAttr>(getValueAttr(v, kCalibratedSqnrAttr));
  if (!sqnr)
    return std::nullopt;
  return float(sqnr.getValueAsDouble());
}

void setCalibratedSqnr(Value v, float sqnr) {
  setValueAttr(v, kCalibratedSqnrAttr,
               FloatAttr::get(Float32Type::get(v.getContext()), sqnr));
}

std::optional<SmallVector<float>> getChannelAbsMax(Value v) {
  auto absMax =
      dyn_cast_or_null<DenseF32ArrayAttr>(getValueAttr(v, kChannelAbsMaxAttr));
  if (!absMax)
    return std::nullopt;
  return SmallVector<float>(absMax.asArrayRef());
}

void setChannelAbsMax(Value v, ArrayRef<float> absMax) {
  setValueAttr(v, kChannelAbsMaxAttr,
               DenseF32ArrayAttr::get(v.getContext(), absMax));
}

} // namespace sparrow
