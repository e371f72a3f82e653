//===- SmoothActivations.cpp - Activation scale into the next weights -----===//
//
// SmoothQuant's equivalent transformation for convs: dividing a producer's
// output channel by s and multiplying the consumers' matching input channel
// by s computes the same function in f32, but lets one per-tensor grid serve
// channels whose ranges differed by orders of magnitude. The producer's
// weights are quantized per output channel, so its rows lose nothing.
//
//===----------------------------------------------------------------------===//

#include "passes/Quantization/Passes.h"
#include "passes/Quantization/QuantizableLayers.h"
#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

namespace sparrow {
#define GEN_PASS_DEF_SMOOTHACTIVATIONS
#include "passes/Quantization/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {

/// Scales stay within [1/kMaxScale, kMaxScale], so no weight of a nearly
/// dead channel under- or overflows.
constexpr double kMaxScale = 1e4;

/// Why `conv`'s output cannot be smoothed, or "" when its graph shape
/// allows it (the weights are checked when they are read).
std::string whyNotSmoothable(Conv2DOp conv) {
  if (conv.getResidual())
    return "it adds a residual";
  if (ActivationAttr act = conv.getActivationAttr();
      act && act.getKind() != ActivationKind::relu)
    return "its activation does not commute with a scale";
  if (conv.getResult().use_empty())
    return "its result is unused";
  for (OpOperand &use : conv.getResult().getUses())
    if (!isa<Conv2DOp>(use.getOwner()) || use.getOperandNumber() != 0)
      return "it feeds " + use.getOwner()->getName().getStringRef().str() +
             " (not a conv2d input)";
  return "";
}

/// The input channel each element of `conv`'s FCHW filter reads.
SmallVector<int64_t> inputChannels(Conv2DOp conv) {
  ArrayRef<int64_t> shape = conv.getFilter().getType().getShape();
  int64_t filters = shape[0], perGroup = shape[1];
  int64_t window = shape[2] * shape[3];
  int64_t filtersPerGroup = filters / conv.getGroups();
  SmallVector<int64_t> channels(filters * perGroup * window);
  for (int64_t i = 0, e = channels.size(); i < e; ++i) {
    int64_t f = i / (perGroup * window), c = (i / window) % perGroup;
    channels[i] = f / filtersPerGroup * perGroup + c;
  }
  return channels;
}

/// Largest over smallest positive entry: how far apart channel ranges are.
double spread(ArrayRef<double> absMax) {
  double hi = 0, lo = INFINITY;
  for (double m : absMax)
    if (m > 0) {
      hi = std::max(hi, m);
      lo = std::min(lo, m);
    }
  return hi > 0 ? hi / lo : 1.0;
}

struct SmoothActivationsPass
    : sparrow::impl::SmoothActivationsBase<SmoothActivationsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!(alpha >= 0 && alpha <= 1)) {
      getOperation().emitError()
          << "sparrow-smooth-activations: alpha must be in [0, 1], got "
          << alpha;
      return signalPassFailure();
    }
    SmallVector<Conv2DOp> producers;
    getOperation().walk([&](Conv2DOp conv) {
      if (conv->hasAttr(kChannelAbsMaxAttr))
        producers.push_back(conv);
    });
    for (Conv2DOp producer : producers)
      smooth(producer);
  }

  void skip(Conv2DOp producer, const Twine &why) {
    if (report)
      producer.emitRemark("smoothing: skipped, " + why);
  }

  void smooth(Conv2DOp producer) {
    Value x = producer.getResult();
    std::optional<SmallVector<float>> absMax = getChannelAbsMax(x);
    producer->removeAttr(kChannelAbsMaxAttr);
    int64_t channels = producer.getType().getDimSize(1);
    if (std::string why = whyNotSmoothable(producer); !why.empty())
      return skip(producer, why);
    if (!absMax || int64_t(absMax->size()) != channels)
      return skip(producer, "its channel maxima are not one per channel");

    // Every weight involved, read once.
    std::optional<SmallVector<float>> rows =
        getConstantF32(producer.getFilter());
    std::optional<SmallVector<float>> bias;
    if (producer.getBias())
      bias = getConstantF32(producer.getBias());
    if (!rows || (producer.getBias() && !bias))
      return skip(producer, "its weights are not constant");
    SmallVector<Conv2DOp> consumers;
    SmallVector<SmallVector<float>> filters;
    for (Operation *user : x.getUsers()) {
      consumers.push_back(cast<Conv2DOp>(user));
      std::optional<SmallVector<float>> w =
          getConstantF32(consumers.back().getFilter());
      if (!w)
        return skip(producer, "a consumer's filter is not constant");
      filters.push_back(std::move(*w));
    }
    SmallVector<double> weightMax(channels, 0.0);
    for (auto [consumer, w] : llvm::zip(consumers, filters))
      for (auto [value, c] : llvm::zip(w, inputChannels(consumer)))
        weightMax[c] = std::max(weightMax[c], double(std::fabs(value)));

    // s_j = max|x_j|^alpha / max|w_j|^(1 - alpha); a dead channel keeps 1.
    SmallVector<double> scale(channels, 1.0), before(channels), after(channels);
    for (int64_t c = 0; c < channels; ++c) {
      before[c] = (*absMax)[c];
      if (before[c] > 0 && weightMax[c] > 0)
        scale[c] = std::clamp(std::pow(before[c], double(alpha)) /
                                  std::pow(weightMax[c], 1.0 - alpha),
                              1.0 / kMaxScale, kMaxScale);
      after[c] = before[c] / scale[c];
    }

    // Producer: filter row and bias of channel j divided by s_j.
    int64_t rowSize = rows->size() / channels;
    for (size_t i = 0; i < rows->size(); ++i)
      (*rows)[i] = float((*rows)[i] / scale[i / rowSize]);
    replaceWeights(producer, 1, *rows);
    if (bias) {
      for (int64_t c = 0; c < channels; ++c)
        (*bias)[c] = float((*bias)[c] / scale[c]);
      replaceWeights(producer, 2, *bias);
    }
    // Consumers: input channel j multiplied by s_j.
    for (auto [consumer, w] : llvm::zip(consumers, filters)) {
      for (auto [value, c] : llvm::zip(w, inputChannels(consumer)))
        value = float(value * scale[c]);
      replaceWeights(consumer, 1, w);
    }
    // The range calibrated before no longer describes x.
    producer->removeAttr(kCalibratedRangeAttr);
    producer->removeAttr(kCalibratedSqnrAttr);
    if (report) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "smoothing: scaled " << channels << " channels into "
         << consumers.size() << " conv(s) (alpha "
         << llvm::format("%.2f", double(alpha)) << "): channel range spread "
         << llvm::format("%.1f", spread(before)) << "x -> "
         << llvm::format("%.1f", spread(after)) << "x";
      producer.emitRemark(text);
    }
  }
};

} // namespace
