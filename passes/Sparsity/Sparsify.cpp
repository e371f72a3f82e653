//===- Sparsify.cpp - Magnitude pruning by block L2 norm ------------------===//

#include "passes/Sparsity/Passes.h"
#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <cstdio>
#include <numeric>

namespace sparrow {
#define GEN_PASS_DEF_SPARSIFY
#include "passes/Sparsity/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

namespace {
/// What one layer gets pruned to.
struct LayerPlan {
  WeightOp *weights;
  SparsityKind kind;
  int64_t groupSize;
  double sparsity;
  SmallVector<double> blockNorms; ///< squared, [blocks][inChannels]
  SmallVector<bool> pruned;
};

struct SparsifyPass : sparrow::impl::SparsifyBase<SparsifyPass> {
  using SparsifyBase::SparsifyBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto defaultPattern = parsePatternName(pattern);
    if (failed(defaultPattern) ||
        defaultPattern->first == SparsityKind::dense) {
      func.emitError("invalid pattern '")
          << pattern << "': expected Gx1 or kernel";
      return signalPassFailure();
    }
    if (!(sparsity >= 0.0 && sparsity < 1.0)) {
      func.emitError("sparsity must be in [0, 1), got ") << sparsity;
      return signalPassFailure();
    }
    if (threshold != "per-layer" && threshold != "global") {
      func.emitError("threshold must be 'per-layer' or 'global', got '")
          << threshold << "'";
      return signalPassFailure();
    }
    llvm::json::Object overrideMap;
    if (!overrides.empty() && failed(readOverrides(func, overrideMap)))
      return signalPassFailure();

    SmallVector<WeightOp> ops = collectWeightOps(func);
    Operation *firstConv = nullptr, *classifier = nullptr;
    for (WeightOp &w : ops) {
      if (!firstConv && isa<Conv2DOp>(w.op))
        firstConv = w.op;
      if (isa<GemmOp, MatMulOp>(w.op))
        classifier = w.op;
    }
    if (!ops.empty() && !isa<GemmOp, MatMulOp>(ops.back().op))
      classifier = nullptr;

    SmallVector<LayerPlan> plans;
    for (WeightOp &w : ops) {
      LayerPlan plan{
          &w, defaultPattern->first, defaultPattern->second, sparsity, {}, {}};
      bool skipped = llvm::is_contained(skip, w.name) ||
                     (skipFirstConv && w.op == firstConv) ||
                     (skipDepthwise && w.depthwise) ||
                     (skipClassifier && w.op == classifier);
      if (llvm::json::Value *entry = overrideMap.get(w.name)) {
        if (entry->getAsString() && *entry->getAsString() == "skip") {
          skipped = true;
        } else if (llvm::json::Object *obj = entry->getAsObject()) {
          skipped = false;
          if (auto s = obj->getNumber("sparsity")) {
            if (!(*s >= 0.0 && *s < 1.0)) {
              w.op->emitError("override for '")
                  << w.name << "' has sparsity " << *s << ", not in [0, 1)";
              return signalPassFailure();
            }
            plan.sparsity = *s;
          }
          if (auto p = obj->getString("pattern")) {
            auto parsed = parsePatternName(*p);
            if (failed(parsed)) {
              w.op->emitError("override for '")
                  << w.name << "' has an invalid pattern '" << *p << "'";
              return signalPassFailure();
            }
            plan.kind = parsed->first;
            plan.groupSize = parsed->second;
          }
        }
      }
      if (skipped || plan.kind == SparsityKind::dense || plan.sparsity <= 0)
        continue;
      if (plan.kind == SparsityKind::kernel && !w.layout.isKxK)
        plan.kind = SparsityKind::group; // a 1x1 "kernel" is one weight
      if (w.layout.outChannels % plan.groupSize) {
        w.op->emitRemark("left dense: ")
            << plan.groupSize << " does not divide " << w.layout.outChannels
            << " output channels";
        continue;
      }
      plan.blockNorms = blockSquaredNorms(w.values, w.layout, plan.groupSize);
      plan.pruned.assign(plan.blockNorms.size(), false);
      plans.push_back(std::move(plan));
    }

    if (threshold == "global")
      chooseGlobal(plans);
    else
      for (LayerPlan &plan : plans)
        choosePerLayer(plan);
    for (LayerPlan &plan : plans)
      apply(plan);
  }

  LogicalResult readOverrides(func::FuncOp func, llvm::json::Object &out) {
    auto buffer = llvm::MemoryBuffer::getFile(overrides);
    if (!buffer)
      return func.emitError("cannot read overrides '")
             << overrides << "': " << buffer.getError().message();
    auto parsed = llvm::json::parse((*buffer)->getBuffer());
    if (!parsed || !parsed->getAsObject()) {
      std::string msg =
          parsed ? "not a JSON object" : llvm::toString(parsed.takeError());
      return func.emitError("invalid overrides '") << overrides << "': " << msg;
    }
    out = std::move(*parsed->getAsObject());
    return success();
  }

  static void choosePerLayer(LayerPlan &plan) {
    size_t n = plan.blockNorms.size();
    size_t k = prunedBlockCount(plan.sparsity, n);
    SmallVector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    llvm::stable_sort(order, [&](size_t a, size_t b) {
      return plan.blockNorms[a] < plan.blockNorms[b];
    });
    for (size_t i = 0; i < k && i < n; ++i)
      plan.pruned[order[i]] = true;
  }

  /// One threshold on block RMS across layers, so that the pruned weights
  /// make up `sparsity` of all eligible weights.
  void chooseGlobal(MutableArrayRef<LayerPlan> plans) {
    struct Block {
      double rms;
      size_t layer, index;
      int64_t elements;
    };
    SmallVector<Block> blocks;
    int64_t total = 0;
    for (auto [l, plan] : llvm::enumerate(plans)) {
      int64_t elems = plan.groupSize * plan.weights->layout.window;
      for (auto [i, sq] : llvm::enumerate(plan.blockNorms))
        blocks.push_back({std::sqrt(sq / elems), l, i, elems});
      total += elems * plan.blockNorms.size();
    }
    llvm::stable_sort(
        blocks, [](const Block &a, const Block &b) { return a.rms < b.rms; });
    int64_t target = std::llround(sparsity * total), zeroed = 0;
    for (const Block &b : blocks) {
      if (zeroed + b.elements / 2 >= target)
        break;
      plans[b.layer].pruned[b.index] = true;
      zeroed += b.elements;
    }
  }

  void apply(LayerPlan &plan) {
    WeightOp &w = *plan.weights;
    const WeightLayout &l = w.layout;
    double total = 0, kept = 0;
    for (auto [i, sq] : llvm::enumerate(plan.blockNorms)) {
      total += sq;
      if (!plan.pruned[i])
        kept += sq;
    }
    for (int64_t o = 0; o < l.outChannels; ++o)
      for (int64_t i = 0; i < l.inChannels; ++i)
        if (plan.pruned[(o / plan.groupSize) * l.inChannels + i])
          for (int64_t k = 0; k < l.window; ++k)
            w.values[l.index(o, i, k)] = 0.0f;
    double measured = blockSparsity(w.values, l, plan.kind, plan.groupSize);
    if (measured == 0.0) {
      // Too few blocks to prune any at this target: the layer stays dense.
      w.op->emitRemark("left dense: no block pruned at sparsity ")
          << plan.sparsity;
      return;
    }
    replaceWeights(w.op, l.operand, w.values);
    w.op->setAttr("sparsity", SparsityAttr::get(&getContext(), plan.kind,
                                                plan.groupSize, measured));
    char text[64];
    std::snprintf(text, sizeof(text), "sparsity %.3f, L2 norm kept %.4f",
                  measured, total > 0 ? std::sqrt(kept / total) : 1.0);
    w.op->emitRemark(text);
  }
};
} // namespace
