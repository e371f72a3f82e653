//===- KernelSelection.cpp - Which kernel computes an op ------------------===//

#include "passes/Kernels/KernelSelection.h"
#include "passes/Conversion/QuantLowering.h"
#include "passes/Kernels/KernelOptions.h"
#include "passes/Kernels/Kernels.h"
#include "passes/Kernels/SparseTiles.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>

using namespace mlir;

namespace sparrow {

static KernelAttr make(Operation *op, KernelKind kind, const Twine &reason,
                       bool sparse = false, int64_t rows = 0,
                       int64_t vectors = 0) {
  return KernelAttr::get(op->getContext(), kind, sparse, rows, vectors,
                         reason.str());
}

static bool isUnitStrideUnpadded(ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> pads) {
  return llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
         llvm::all_of(pads, [](int64_t p) { return p == 0; });
}

static std::string windowName(ArrayRef<int64_t> w, ArrayRef<int64_t> strides) {
  std::string s = std::to_string(w[2]) + "x" + std::to_string(w[3]);
  if (strides[0] != 1 || strides[1] != 1)
    s += ", stride " + std::to_string(strides[0]);
  return s;
}

/// Tile heights a sparse kernel may use: the configuration's, and 4
/// (group<4x1> blocks) with as many accumulators.
static SmallVector<int64_t> sparseRows(const KernelConfig &config) {
  SmallVector<int64_t> rows = {config.rows};
  if (config.rows > 4 && (config.rows * config.vectors) % 4 == 0)
    rows.push_back(4);
  return rows;
}

/// A conv the pointwise and direct kernels do not take: register tiles over
/// the padded input (KernelKind::window), sparse when the tiles skip enough
/// of their (input channel, tap) steps.
static KernelAttr selectWindow(Conv2DOp op, const KernelConfig &config,
                               const std::string &shape) {
  ArrayRef<int64_t> w = op.getFilter().getType().getShape();
  int64_t g = op.getGroups(), f = w[0], fg = f / g;
  int64_t steps = w[1] * w[2] * w[3];
  std::string what = (g == 1 ? "" : "grouped ") + shape + " over " +
                     std::to_string(w[1]) + " channels";
  // A tile never spans groups: the tallest that divides a group, with as
  // many accumulators.
  int64_t rows = config.rows;
  while (g > 1 && fg % rows)
    --rows;
  int64_t vectors = std::max<int64_t>(1, config.rows * config.vectors / rows);
  std::optional<SmallVector<float>> values = getConstantF32(op.getFilter());
  if (!values || !config.sparse)
    return make(op, KernelKind::window,
                what + (values ? ", sparse kernels off" : ""), false, rows,
                vectors);
  SmallVector<int64_t> candidates;
  for (int64_t r : sparseRows(config))
    if (fg % r == 0)
      candidates.push_back(r);
  std::optional<SparseTilePlan> plan = planSparseTiles(
      f, steps, candidates, 1, config.minSkipped,
      [&](int64_t o, int64_t k) { return (*values)[o * steps + k] == 0.f; });
  if (plan)
    return make(op, KernelKind::window,
                what + ", " + std::to_string(plan->skippedPercent()) + "% of " +
                    std::to_string(plan->rows) + "-row tile steps skipped",
                true, plan->rows, config.rows * config.vectors / plan->rows);
  return make(op, KernelKind::window, what, false, rows, vectors);
}

static KernelAttr selectConv(Conv2DOp op, const KernelConfig &config) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> w = op.getFilter().getType().getShape();
  int64_t g = op.getGroups(), f = w[0], c = in[1], p = in[2] * in[3];
  bool pointwise = w[2] == 1 && w[3] == 1 && g == 1 &&
                   isUnitStrideUnpadded(op.getStrides(), op.getPads());
  if (config.width < 1)
    return make(op, KernelKind::loops, "vector kernels off");
  if (in[0] != 1)
    return make(op, KernelKind::loops, "batch " + Twine(in[0]));
  if (pointwise) {
    std::optional<SmallVector<float>> values = getConstantF32(op.getFilter());
    if (!values)
      return make(op, KernelKind::pointwise, "weights not constant", false,
                  config.rows, config.vectors);
    std::optional<SparseTilePlan> plan;
    if (config.sparse && c * p <= std::numeric_limits<int32_t>::max())
      plan = planSparseTiles(
          f, c, sparseRows(config), 1, config.minSkipped,
          [&](int64_t o, int64_t i) { return (*values)[o * c + i] == 0.f; });
    if (plan)
      return make(op, KernelKind::pointwise,
                  Twine(plan->skippedPercent()) + "% of " + Twine(plan->rows) +
                      "-row tile channels skipped",
                  true, plan->rows, config.rows * config.vectors / plan->rows);
    return make(op, KernelKind::pointwise,
                config.sparse ? "too few all-zero tile channels"
                              : "sparse kernels off",
                false, config.rows, config.vectors);
  }
  bool depthwise = g == c && w[0] == c && w[1] == 1;
  std::string shape = windowName(w, op.getStrides());
  if (!op.getResidual()) {
    if (depthwise)
      return make(op, KernelKind::direct, "depthwise " + shape);
    // The direct kernel unrolls every (input channel, tap) and splits off
    // the padded borders: small windows only (a 7x7 stem over RGB is 147
    // unrolled steps per border case, and minutes of bufferization).
    if (g == 1 && c <= config.maxDirectInputChannels && w[2] * w[3] <= 9)
      return make(op, KernelKind::direct,
                  Twine(c) + " input channels, " + shape);
  }
  return selectWindow(op, config, shape);
}

static KernelAttr selectQConv(QConv2DOp op, const KernelConfig &config) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> w = op.getFilter().getType().getShape();
  int64_t g = op.getGroups(), f = w[0], c = in[1], p = in[2] * in[3];
  if (config.width < 1)
    return make(op, KernelKind::loops, "vector kernels off");
  std::optional<SmallVector<int64_t>> weights =
      getStoredConstant(op.getFilter());
  if (!weights || (op.getBias() && !getStoredConstant(op.getBias())))
    return make(op, KernelKind::loops, "weights not constant");
  if (in[0] != 1)
    return make(op, KernelKind::loops, "batch " + Twine(in[0]));
  QuantParams px = *getQuantParams(op.getInput().getType());
  QuantParams pw = *getQuantParams(op.getFilter().getType());
  QuantParams py = *getQuantParams(op.getType());
  bool pointwise = w[2] == 1 && w[3] == 1 && g == 1 &&
                   isUnitStrideUnpadded(op.getStrides(), op.getPads());
  if (pointwise) {
    if (py.bits != 8 && py.bits != 32)
      return make(op, KernelKind::loops, Twine(py.bits) + "-bit result");
    bool quads = usesDotQuads(*weights, pw, f, c, config);
    std::optional<SparseTilePlan> plan;
    if (config.sparse && c * p <= std::numeric_limits<int32_t>::max()) {
      // Against dense quads a sparse pair step must skip far more.
      double needed = quads
                          ? config.minSkippedQuads
                          : std::max(config.minSkipped, config.minSkippedPairs);
      plan = planSparseTiles(f, c, sparseRows(config), 2, needed,
                             [&](int64_t o, int64_t i) {
                               return (*weights)[o * c + i] == pw.zeroPoint(o);
                             });
    }
    if (plan)
      return make(
          op, KernelKind::int8_pointwise,
          Twine(plan->skippedPercent()) + "% of " + Twine(plan->rows) +
              "-row tile channel pairs skipped",
          true, plan->rows,
          std::max<int64_t>(1, config.rows * config.vectors / plan->rows));
    if (c % 2)
      return make(op, KernelKind::loops, "odd input channel count");
    return make(op, KernelKind::int8_pointwise,
                quads ? (config.quadDot == QuadDot::ArmSdot
                             ? "4 channels per step (sdot)"
                             : "4 channels per step (vpdpbusd)")
                      : "2 channels per step",
                false, config.rows, config.vectors);
  }
  bool depthwise = g == c && w[1] == 1 && f == c;
  bool fewInputs = g == 1 && c <= config.maxDirectInputChannels;
  if (!depthwise && !fewInputs)
    return make(op, KernelKind::loops,
                Twine(g == 1 ? "" : "grouped ") +
                    windowName(w, op.getStrides()) + " conv over " + Twine(c) +
                    " channels");
  if (px.bits != 8 || px.zeroPoints.size() != 1 || py.bits != 8)
    return make(op, KernelKind::loops, "not 8-bit per-tensor activations");
  if ((w[1] * w[2] * w[3] + 1) / 2 > kMaxTapPairs)
    return make(op, KernelKind::loops, "window too large");
  return make(op, KernelKind::int8_direct,
              (depthwise ? "depthwise " : Twine(c) + " input channels, ") +
                  windowName(w, op.getStrides()));
}

static KernelAttr selectGemm(GemmOp op, const KernelConfig &config) {
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  int64_t m = out[0], n = out[1];
  if (config.width < 1)
    return make(op, KernelKind::loops, "vector kernels off");
  if (!getConstantF32(op.getB()))
    return make(op, KernelKind::loops, "B not constant");
  if (op.getTransA() || op.getAlpha().convertToFloat() != 1.f)
    return make(op, KernelKind::loops, "transposed A or alpha != 1");
  if (Value c = op.getC()) {
    auto cType = cast<RankedTensorType>(c.getType());
    if (op.getBeta().convertToFloat() != 1.f || cType.getNumElements() != n ||
        cType.getShape().back() != n)
      return make(op, KernelKind::loops, "C is not a row added to every row");
    if (m > 1)
      return make(op, KernelKind::pointwise,
                  "constant B as the input rows, C added to each of " +
                      Twine(m) + " rows",
                  false, config.matmulTileRows(), config.vectors);
  }
  return make(op, KernelKind::pointwise, "constant B as the pixels", false,
              config.rows, config.vectors);
}

static KernelAttr selectMatMul(MatMulOp op, const KernelConfig &config) {
  ArrayRef<int64_t> l = op.getLhs().getType().getShape();
  ArrayRef<int64_t> r = op.getRhs().getType().getShape();
  if (config.width < 1)
    return make(op, KernelKind::loops, "vector kernels off");
  if (!op.getType().getElementType().isF32())
    return make(op, KernelKind::loops, "not f32");
  auto batch = [](ArrayRef<int64_t> s) {
    int64_t p = 1;
    for (int64_t d : s.drop_back(2))
      p *= d;
    return p;
  };
  int64_t rows = l[l.size() - 2];
  if (batch(r) == 1)
    rows *= batch(l);
  std::string size = std::to_string(rows) + "x" + std::to_string(l.back()) +
                     " times " + std::to_string(l.back()) + "x" +
                     std::to_string(r.back());
  if (batch(r) == 1) {
    // A pruned constant B: its columns are the tile rows of the transposed
    // product, skipping their all-zero steps.
    std::optional<SmallVector<float>> values =
        config.sparse ? getConstantF32(op.getRhs()) : std::nullopt;
    int64_t k = l.back(), n = r.back();
    std::optional<SparseTilePlan> plan;
    if (values && k * rows <= std::numeric_limits<int32_t>::max())
      plan = planSparseTiles(
          n, k, sparseRows(config), 1, config.minSkippedMatMul,
          [&](int64_t o, int64_t i) { return (*values)[i * n + o] == 0.f; });
    if (plan)
      return make(op, KernelKind::matmul,
                  size + ", transposed: " + Twine(plan->skippedPercent()) +
                      "% of " + Twine(plan->rows) +
                      "-column tile steps skipped",
                  true, plan->rows, config.rows * config.vectors / plan->rows);
    return make(op, KernelKind::matmul, size + ", one B for all rows", false,
                config.matmulTileRows(), config.vectors);
  }
  if (l.size() == r.size() && l.drop_back(2) == r.drop_back(2))
    return make(op, KernelKind::matmul, Twine(batch(l)) + " batches of " + size,
                false, config.matmulTileRows(), config.vectors);
  return make(op, KernelKind::loops, "broadcast batch dims");
}

KernelAttr selectKernel(Operation *op, const KernelConfigs &configs) {
  return llvm::TypeSwitch<Operation *, KernelAttr>(op)
      .Case([&](Conv2DOp conv) { return selectConv(conv, configs.f32); })
      .Case([&](QConv2DOp conv) { return selectQConv(conv, configs.i8); })
      .Case([&](GemmOp gemm) { return selectGemm(gemm, configs.f32); })
      .Case([&](MatMulOp mm) { return selectMatMul(mm, configs.f32); })
      .Default([](Operation *) { return KernelAttr(); });
}

KernelAttr getOrSelectKernel(Operation *op, const KernelConfigs &configs) {
  if (auto recorded = op->getAttrOfType<KernelAttr>(KernelAttr::kAttrName))
    return recorded;
  return selectKernel(op, configs);
}

KernelConfig withTile(const KernelConfig &config, KernelAttr choice) {
  KernelConfig tiled = config;
  if (choice && choice.getRows() > 0) {
    tiled.rows = choice.getRows();
    tiled.vectors = choice.getVectors();
  }
  return tiled;
}

KernelConfigs kernelConfigsFor(Operation *op,
                               const KernelOverrides &overrides) {
  TargetAttr target = TargetAttr::lookup(op);
  MLIRContext *ctx = op->getContext();
  KernelConfigs c{KernelConfig::get(target, Float32Type::get(ctx)),
                  KernelConfig::get(target, IntegerType::get(ctx, 8))};
  auto both = [&](auto set) {
    set(c.f32);
    set(c.i8);
  };
  const KernelOverrides &o = overrides;
  if (o.vectorWidth)
    both([&](KernelConfig &k) { k.width = *o.vectorWidth; });
  if (o.tileRows)
    both([&](KernelConfig &k) {
      k.rows = *o.tileRows;
      k.matmulRows = 0;
    });
  if (o.useFma)
    both([&](KernelConfig &k) { k.fma = *o.useFma; });
  if (o.contractMulAdd)
    both([&](KernelConfig &k) { k.contract = *o.contractMulAdd; });
  if (o.channelUnroll)
    both([&](KernelConfig &k) { k.channelUnroll = *o.channelUnroll; });
  if (o.pixelBlockBytes)
    both([&](KernelConfig &k) { k.pixelBlockBytes = *o.pixelBlockBytes; });
  if (o.packWeights)
    both([&](KernelConfig &k) { k.packWeights = *o.packWeights; });
  if (o.weightLanes)
    both([&](KernelConfig &k) { k.weightLanes = *o.weightLanes; });
  if (o.tapSteps)
    both([&](KernelConfig &k) { k.tapSteps = *o.tapSteps; });
  if (o.sparseKernels)
    both([&](KernelConfig &k) { k.sparse = *o.sparseKernels; });
  // The int8 tile follows tile-vectors unless int8-tile-vectors is given
  // (0: the same as tile-vectors).
  if (o.tileVectors) {
    both([&](KernelConfig &k) { k.directVectors = *o.tileVectors; });
    c.f32.vectors = *o.tileVectors;
    if (!o.int8TileVectors)
      c.i8.vectors = *o.tileVectors;
  }
  if (o.int8TileVectors)
    c.i8.vectors = *o.int8TileVectors > 0 ? *o.int8TileVectors : c.f32.vectors;
  if (o.wasmDot)
    c.i8.pairDot = *o.wasmDot ? PairDot::WasmDotI16x8 : PairDot::Generic;
  auto quadOverride = [&](std::optional<bool> on, QuadDot kind) {
    if (!on)
      return;
    if (*on)
      c.i8.quadDot = kind;
    else if (c.i8.quadDot == kind)
      c.i8.quadDot = QuadDot::None;
  };
  quadOverride(o.x86Vnni, QuadDot::X86Vpdpbusd);
  quadOverride(o.armDot, QuadDot::ArmSdot);
  if (!o.kernels)
    both([](KernelConfig &k) { k.width = 0; });
  return c;
}

void emitKernelRemark(Operation *op, KernelAttr choice) {
  InFlightDiagnostic remark = op->emitRemark();
  remark << "kernel " << stringifyKernelKind(choice.getKind()) << " "
         << (choice.getSparse() ? "sparse" : "dense");
  if (choice.getRows() > 0)
    remark << " (tile " << choice.getRows() << "x" << choice.getVectors()
           << ")";
  remark << ": " << choice.getReason();
}

} // namespace sparrow
