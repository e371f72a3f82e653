//===- QuantizeModel.cpp - --quantize=int8 on an imported graph -----------===//

#include "lib/Compiler/QuantizeModel.h"
#include "lib/Compiler/PassRunner.h"

#include "passes/Quantization/Passes.h"

#include "mlir/Transforms/Passes.h"

using namespace llvm;

namespace sparrow {

Error quantizeModel(mlir::ModuleOp m, const CompileOptions &options,
                    BuildHostModel buildHost) {
  const QuantizationConfig &config = *options.quantize;
  auto calibrateWith = [&](const CalibrationOptions &calibration) -> Error {
    if (Error err = calibrate(m, calibration, buildHost))
      return createStringError(inconvertibleErrorCode(),
                               options.inputPath + ": " +
                                   toString(std::move(err)));
    return Error::success();
  };
  // Smoothing needs the channel maxima of the float graph and changes the
  // ranges, so the ranges are calibrated on the smoothed graph.
  if (config.smoothAlpha) {
    CalibrationOptions channels = config.calibration;
    channels.channelAbsMaxOnly = true;
    if (Error err = calibrateWith(channels))
      return err;
    if (Error err = runPipeline(
            m, options.inputPath,
            [&](mlir::OpPassManager &pm) {
              SmoothActivationsOptions smooth;
              smooth.alpha = *config.smoothAlpha;
              smooth.report = options.report != nullptr;
              pm.nest<mlir::func::FuncOp>().addPass(
                  createSmoothActivations(smooth));
            },
            options.report))
      return err;
  }
  if (Error err = calibrateWith(config.calibration))
    return err;
  return runPipeline(
      m, options.inputPath,
      [&](mlir::OpPassManager &pm) {
        mlir::OpPassManager &fpm = pm.nest<mlir::func::FuncOp>();
        QuantizeOptions quantize;
        quantize.activationType = config.activationType;
        quantize.skip.assign(config.skip.begin(), config.skip.end());
        quantize.report = options.report != nullptr;
        fpm.addPass(createQuantize(quantize));
        FuseQuantizedOptions fuse;
        fuse.report = options.report != nullptr;
        fpm.addPass(createFuseQuantized(fuse));
        fpm.addPass(mlir::createCanonicalizerPass());
        fpm.addPass(mlir::createCSEPass());
      },
      options.report);
}

} // namespace sparrow
