//===- Calibration.cpp - Activation ranges from sample runs ---------------===//

#include "lib/Compiler/Calibration.h"
#include "lib/Compiler/CalibrationSamples.h"
#include "passes/Quantization/QuantizableLayers.h"

#include "dialects/Sparrow/SparrowOps.h"

#include "sparrow/runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

using namespace llvm;

namespace sparrow {

static Error calibrationError(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), "calibration: " + msg);
}

namespace {

/// A runtime buffer with the alignment sparrow_model_run asks for.
struct AlignedBuffer {
  explicit AlignedBuffer(size_t bytes)
      : data(std::aligned_alloc(
            SPARROW_BUFFER_ALIGNMENT,
            alignTo(std::max<size_t>(bytes, 1), SPARROW_BUFFER_ALIGNMENT))) {}
  ~AlignedBuffer() { std::free(data); }
  AlignedBuffer(AlignedBuffer &&o) : data(o.data) { o.data = nullptr; }
  void *data;
};

/// Folds each run's values into one range.
class RangeObserver {
public:
  RangeObserver(CalibrationMethod method, double percentile)
      : method(method), percentile(percentile) {}

  void observe(ArrayRef<float> values) {
    if (values.empty())
      return;
    if (method == CalibrationMethod::MinMax) {
      auto [mn, mx] = std::minmax_element(values.begin(), values.end());
      lo = runs ? std::min(lo, double(*mn)) : *mn;
      hi = runs ? std::max(hi, double(*mx)) : *mx;
    } else {
      // Per run the tails beyond the percentile are cut; the cut points
      // are averaged over the runs.
      std::vector<float> sorted(values.begin(), values.end());
      size_t n = sorted.size();
      auto rank = [&](double p) {
        return std::min(n - 1, size_t(std::floor(p / 100.0 * double(n - 1))));
      };
      size_t loRank = rank(100.0 - percentile), hiRank = rank(percentile);
      std::nth_element(sorted.begin(), sorted.begin() + hiRank, sorted.end());
      double runHi = sorted[hiRank];
      std::nth_element(sorted.begin(), sorted.begin() + loRank, sorted.end());
      double runLo = sorted[loRank];
      lo = (lo * runs + runLo) / (runs + 1);
      hi = (hi * runs + runHi) / (runs + 1);
    }
    ++runs;
  }
  float low() const { return float(lo); }
  float high() const { return float(hi); }

private:
  CalibrationMethod method;
  double percentile;
  double lo = 0, hi = 0;
  int64_t runs = 0;
};

/// The runtime's view of a model, freed on scope exit.
struct LoadedModel {
  ~LoadedModel() { sparrow_model_free(model); }
  sparrow_model *model = nullptr;
};

} // namespace

/// Appends the observed op results to @main's results; returns how many
/// results the model had before.
static Expected<unsigned> exposeValues(mlir::func::FuncOp main,
                                       ArrayRef<mlir::Value> values) {
  auto ret = cast<mlir::func::ReturnOp>(main.getBody().back().getTerminator());
  unsigned original = main.getNumResults();
  mlir::Builder b(main.getContext());
  for (auto [i, v] : llvm::enumerate(values)) {
    unsigned index = main.getNumResults();
    auto attrs = b.getDictionaryAttr(b.getNamedAttr(
        "sparrow.name", b.getStringAttr("sparrow.calibration." + Twine(i))));
    if (failed(main.insertResult(index, v.getType(), attrs)))
      return calibrationError("cannot add an output to @main");
    ret->insertOperands(ret->getNumOperands(), v);
  }
  return original;
}

using SampleRunner =
    function_ref<Error(function_ref<void(size_t, ArrayRef<float>)>)>;

/// Attaches the per-channel (dim 1) absolute maximum over every sample to
/// each observed value a conv2d produces.
static Error observeChannelAbsMax(ArrayRef<mlir::Value> values,
                                  SampleRunner runSamples) {
  std::vector<std::vector<float>> absMax(values.size());
  std::vector<int64_t> inner(values.size(), 0);
  for (auto [i, v] : llvm::enumerate(values)) {
    auto type = dyn_cast<mlir::RankedTensorType>(v.getType());
    if (!v.getDefiningOp<Conv2DOp>() || !type || type.getRank() != 4)
      continue;
    absMax[i].assign(type.getDimSize(1), 0.0f);
    inner[i] = type.getDimSize(2) * type.getDimSize(3);
  }
  if (Error err = runSamples([&](size_t i, ArrayRef<float> data) {
        std::vector<float> &channels = absMax[i];
        if (channels.empty())
          return;
        for (size_t k = 0; k < data.size(); ++k) {
          float &m = channels[(k / inner[i]) % channels.size()];
          m = std::max(m, std::fabs(data[k]));
        }
      }))
    return err;
  for (auto [v, channels] : llvm::zip(values, absMax))
    if (!channels.empty())
      setChannelAbsMax(v, channels);
  return Error::success();
}

Error calibrate(mlir::ModuleOp module, const CalibrationOptions &options,
                BuildHostModel build) {
  auto main = module.lookupSymbol<mlir::func::FuncOp>("main");
  if (!main)
    return calibrationError("the module has no @main");
  SmallVector<mlir::Value> values = observedValues(findQuantizableLayers(main));
  if (values.empty())
    return Error::success();

  // The copy computes the same values in the same order, so its i-th
  // observed value is the original's.
  mlir::OwningOpRef<mlir::ModuleOp> copy = module.clone();
  auto copyMain = copy->lookupSymbol<mlir::func::FuncOp>("main");
  SmallVector<mlir::Value> copyValues =
      observedValues(findQuantizableLayers(copyMain));
  SmallVector<mlir::Value> exposed;
  SmallVector<int64_t> outputOf(values.size(), -1), argOf(values.size(), -1);
  for (auto [i, v] : llvm::enumerate(copyValues)) {
    if (auto arg = dyn_cast<mlir::BlockArgument>(v)) {
      argOf[i] = arg.getArgNumber();
      continue;
    }
    outputOf[i] = exposed.size();
    exposed.push_back(v);
  }
  auto firstExposed = exposeValues(copyMain, exposed);
  if (!firstExposed)
    return firstExposed.takeError();

  SmallString<128> soPath;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("sparrow-calibration", "so", soPath))
    return calibrationError("cannot create a temporary file: " + ec.message());
  auto removeSo = make_scope_exit([&] { sys::fs::remove(soPath); });
  if (Error err = build(*copy, soPath))
    return err;

  LoadedModel loaded;
  if (sparrow_model_load(soPath.c_str(), &loaded.model) != SPARROW_OK)
    return calibrationError(sparrow_last_error());
  sparrow_model *model = loaded.model;
  std::vector<SampleInput> inputs;
  for (size_t i = 0, e = sparrow_model_num_inputs(model); i < e; ++i) {
    sparrow_tensor_info info;
    sparrow_model_input_info(model, i, &info);
    if (info.dtype != SPARROW_DTYPE_FLOAT32)
      return calibrationError("input '" + Twine(info.name) + "' is " +
                              sparrow_dtype_name(info.dtype) +
                              "; calibration feeds float32 inputs only");
    inputs.push_back({info.name,
                      SmallVector<int64_t>(info.shape, info.shape + info.rank),
                      info.num_elements});
  }
  auto samples = loadSamples(options, inputs);
  if (!samples)
    return calibrationError(toString(samples.takeError()));

  std::vector<AlignedBuffer> outputs;
  std::vector<void *> outputPtrs;
  for (size_t i = 0, e = sparrow_model_num_outputs(model); i < e; ++i) {
    sparrow_tensor_info info;
    sparrow_model_output_info(model, i, &info);
    outputs.emplace_back(info.byte_size);
    outputPtrs.push_back(outputs.back().data);
  }
  std::vector<AlignedBuffer> inputBufs;
  std::vector<const void *> inputPtrs;
  for (const SampleInput &input : inputs) {
    inputBufs.emplace_back(input.numElements * sizeof(float));
    inputPtrs.push_back(inputBufs.back().data);
  }

  // Runs every sample and hands each observed value's data to `visit`.
  auto runSamples =
      [&](function_ref<void(size_t, ArrayRef<float>)> visit) -> Error {
    for (const Sample &sample : *samples) {
      for (auto [buf, data] : llvm::zip(inputBufs, sample))
        std::copy(data.begin(), data.end(), static_cast<float *>(buf.data));
      if (sparrow_model_run(model, inputPtrs.data(), outputPtrs.data()) !=
          SPARROW_OK)
        return calibrationError(sparrow_last_error());
      for (size_t i = 0; i < values.size(); ++i) {
        if (argOf[i] >= 0) {
          visit(i, sample[argOf[i]]);
          continue;
        }
        size_t out = *firstExposed + outputOf[i];
        sparrow_tensor_info info;
        sparrow_model_output_info(model, out, &info);
        visit(i, ArrayRef(static_cast<const float *>(outputs[out].data),
                          info.num_elements));
      }
    }
    return Error::success();
  };

  std::vector<RangeObserver> observers(
      values.size(), RangeObserver(options.method, options.percentile));
  if (Error err = runSamples(
          [&](size_t i, ArrayRef<float> data) { observers[i].observe(data); }))
    return err;
  if (options.channelAbsMaxOnly)
    return observeChannelAbsMax(values, runSamples);
  std::vector<QuantParams> grids;
  for (auto [v, observer] : llvm::zip(values, observers)) {
    if (!std::isfinite(observer.low()) || !std::isfinite(observer.high()))
      return calibrationError("an activation overflowed to infinity or NaN "
                              "on the samples");
    setCalibratedRange(v, observer.low(), observer.high());
    grids.push_back(
        activationQuantParams(observer.low(), observer.high(), false));
  }

  // A second pass measures what each 8-bit grid loses (clipping and
  // rounding) on the same samples, for the per-layer report. The u8 and i8
  // grids of a range hold the same values.
  std::vector<double> signal(values.size()), noise(values.size());
  if (Error err = runSamples([&](size_t i, ArrayRef<float> data) {
        const QuantParams &p = grids[i];
        double scale = p.scales[0], zp = double(p.zeroPoints[0]);
        for (float x : data) {
          double q = std::clamp(std::nearbyint(x / scale) + zp, double(p.min),
                                double(p.max));
          double e = x - (q - zp) * scale;
          signal[i] += double(x) * x;
          noise[i] += e * e;
        }
      }))
    return err;
  for (size_t i = 0; i < values.size(); ++i)
    setCalibratedSqnr(values[i], noise[i] == 0
                                     ? INFINITY
                                     : 10 * std::log10(signal[i] / noise[i]));
  return Error::success();
}

} // namespace sparrow
