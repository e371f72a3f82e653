//===- ExportDataRules.cpp - Reshapes, slices, gathers, padding, resizing -===//

#include "lib/Export/ExportRules.h"

#include <limits>

using namespace mlir;
using llvm::Error;

namespace sparrow {
namespace {

/// ONNX Slice over the dims the window changes. A negative-step slice that
/// runs past index 0 ends at INT64_MIN (-1 would mean the last element).
Error exportSlice(Exporter &e, OpContext &c, SliceOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  SmallVector<int64_t> starts, ends, axes, steps;
  for (size_t d = 0; d < in.size(); ++d) {
    int64_t offset = op.getOffsets()[d], size = op.getSizes()[d],
            stride = op.getStrides()[d];
    if (offset == 0 && size == in[d] && stride == 1)
      continue;
    int64_t end = size == 0
                      ? offset
                      : offset + (size - 1) * stride + (stride > 0 ? 1 : -1);
    if (end < 0)
      end = std::numeric_limits<int64_t>::min();
    starts.push_back(offset);
    ends.push_back(end);
    axes.push_back(d);
    steps.push_back(stride);
  }
  if (axes.empty()) {
    e.addNode("Identity", c.nodeName, c.inputs, c.out);
    return Error::success();
  }
  std::string h = c.hint();
  e.addNode("Slice", c.nodeName,
            {c.inputs[0], e.intInitializer(h + "_starts", starts),
             e.intInitializer(h + "_ends", ends),
             e.intInitializer(h + "_axes", axes),
             e.intInitializer(h + "_steps", steps)},
            c.out);
  return Error::success();
}

Error exportPad(Exporter &e, OpContext &c, PadOp op) {
  SmallVector<std::string> inputs = {
      c.inputs[0], e.intInitializer(c.hint() + "_pads", op.getPads())};
  if (op.getMode() == PadMode::constant)
    inputs.push_back(e.floatInitializer(c.hint() + "_value", {},
                                        {op.getValue().convertToFloat()}));
  setString(e.addNode("Pad", c.nodeName, inputs, c.out), "mode",
            stringifyPadMode(op.getMode()));
  return Error::success();
}

/// Resize-13 with `sizes` when the scales are the ones sizes imply (so the
/// output extent is exact), else with the scales the model gave.
Error exportResize(Exporter &e, OpContext &c, ResizeOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape(),
                    out = op.getType().getShape();
  ArrayRef<float> scales = op.getScales();
  bool crop = op.getCoordinateMode() == CoordinateMode::tf_crop_and_resize;
  bool useSizes = crop;
  if (!crop) {
    useSizes = true;
    for (size_t d = 0; d < in.size(); ++d)
      useSizes &= scales[d] == static_cast<float>(out[d] / double(in[d]));
  }
  std::string roi;
  if (auto r = op.getRoi())
    roi = e.floatInitializer(c.hint() + "_roi", {int64_t(r->size())}, *r);
  SmallVector<std::string> inputs = {c.inputs[0], roi};
  if (useSizes) {
    inputs.push_back("");
    inputs.push_back(e.intInitializer(c.hint() + "_sizes", out));
  } else {
    inputs.push_back(
        e.floatInitializer(c.hint() + "_scales", {int64_t(in.size())}, scales));
  }
  onnx::NodeProto &n = e.addNode("Resize", c.nodeName, inputs, c.out);
  setString(n, "mode", stringifyResizeMode(op.getMode()));
  setString(n, "coordinate_transformation_mode",
            stringifyCoordinateMode(op.getCoordinateMode()));
  setString(n, "nearest_mode", stringifyNearestMode(op.getNearestMode()));
  setFloat(n, "cubic_coeff_a", op.getCubicCoeffA().convertToFloat());
  setInt(n, "exclude_outside", op.getExcludeOutside());
  setFloat(n, "extrapolation_value",
           op.getExtrapolationValue().convertToFloat());
  return Error::success();
}

} // namespace

void addDataRules(RuleTable &t) {
  addRule<ConcatOp>(t, [](Exporter &e, OpContext &c, ConcatOp cat) {
    setInt(e.addNode("Concat", c.nodeName, c.inputs, c.out), "axis",
           cat.getAxis());
    return Error::success();
  });
  addRule<ReshapeOp>(t, [](Exporter &e, OpContext &c, ReshapeOp op) {
    c.inputs.push_back(
        e.intInitializer(c.hint() + "_shape", op.getType().getShape()));
    e.addNode("Reshape", c.nodeName, c.inputs, c.out);
    return Error::success();
  });
  addRule<TransposeOp>(t, [](Exporter &e, OpContext &c, TransposeOp op) {
    setInts(e.addNode("Transpose", c.nodeName, c.inputs, c.out), "perm",
            op.getPerm());
    return Error::success();
  });
  addRule<SliceOp>(t, exportSlice);
  addRule<GatherOp>(t, [](Exporter &e, OpContext &c, GatherOp op) {
    setInt(e.addNode("Gather", c.nodeName, c.inputs, c.out), "axis",
           op.getAxis());
    return Error::success();
  });
  addRule<PadOp>(t, exportPad);
  addRule<TileOp>(t, [](Exporter &e, OpContext &c, TileOp op) {
    c.inputs.push_back(
        e.intInitializer(c.hint() + "_repeats", op.getRepeats()));
    e.addNode("Tile", c.nodeName, c.inputs, c.out);
    return Error::success();
  });
  addRule<ExpandOp>(t, [](Exporter &e, OpContext &c, ExpandOp op) {
    c.inputs.push_back(e.intInitializer(c.hint() + "_shape", op.getShape()));
    e.addNode("Expand", c.nodeName, c.inputs, c.out);
    return Error::success();
  });
  addRule<ResizeOp>(t, exportResize);
}

} // namespace sparrow
