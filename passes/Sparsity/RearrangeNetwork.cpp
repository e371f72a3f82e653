//===- RearrangeNetwork.cpp - Whole-network channel rearrangement ---------===//

#include "passes/Sparsity/ChannelPermutation.h"
#include "passes/Sparsity/ChannelSets.h"
#include "passes/Sparsity/Passes.h"
#include "passes/Sparsity/WeightOps.h"

#include "dialects/Sparrow/SparrowOps.h"
#include "dialects/Sparrow/Weights.h"

#include <cstdio>
#include <numeric>

namespace sparrow {
#define GEN_PASS_DEF_REARRANGENETWORK
#include "passes/Sparsity/Passes.h.inc"
} // namespace sparrow

using namespace mlir;
using namespace sparrow;

/// Rewrites a constant operand so that index j of `axis` holds old index
/// perm[j].
static void permuteOperand(const PermutedOperand &p, ArrayRef<int64_t> perm) {
  Value v = p.op->getOperand(p.operand);
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<float> in = *getConstantF32(v);
  ArrayRef<int64_t> shape = type.getShape();
  int64_t inner = 1, outer = 1;
  for (int64_t i = p.axis + 1; i < type.getRank(); ++i)
    inner *= shape[i];
  for (int64_t i = 0; i < p.axis; ++i)
    outer *= shape[i];
  int64_t n = shape[p.axis];
  SmallVector<float> out(in.size());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < n; ++j)
      std::copy_n(in.begin() + (o * n + perm[j]) * inner, inner,
                  out.begin() + (o * n + j) * inner);
  replaceWeights(p.op, p.operand, out);
}

static bool isIdentity(ArrayRef<int64_t> perm) {
  for (auto [i, p] : llvm::enumerate(perm))
    if (static_cast<int64_t>(i) != p)
      return false;
  return true;
}

namespace {
struct RearrangeNetworkPass
    : sparrow::impl::RearrangeNetworkBase<RearrangeNetworkPass> {
  using RearrangeNetworkBase::RearrangeNetworkBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto parsed = parsePatternName(pattern);
    if (failed(parsed) || parsed->first != SparsityKind::group) {
      func.emitError("invalid pattern '") << pattern << "': expected Gx1";
      return signalPassFailure();
    }
    if (!(sparsity >= 0.0 && sparsity < 1.0)) {
      func.emitError("sparsity must be in [0, 1), got ") << sparsity;
      return signalPassFailure();
    }
    PermutationSearch search;
    search.groupSize = parsed->second;
    search.sparsity = sparsity;
    search.sweeps = sweeps;
    search.seed = seed;

    Operation *firstConv = nullptr;
    func.walk([&](Conv2DOp conv) {
      if (!firstConv)
        firstConv = conv;
    });

    ChannelSets analysis(func);
    ArrayRef<ChannelSet> sets = analysis.sets();
    std::vector<std::vector<int64_t>> perms(sets.size());
    for (auto [i, set] : llvm::enumerate(sets)) {
      perms[i].resize(set.channels);
      std::iota(perms[i].begin(), perms[i].end(), 0);
      if (set.frozen || !set.segments.empty())
        continue;
      SmallVector<Operation *> producers;
      SmallVector<RowNorms> norms;
      for (Operation *op : set.producers) {
        if (skipFirstConv && op == firstConv)
          continue;
        WeightLayout layout = *getWeightLayout(op);
        producers.push_back(op);
        norms.push_back(RowNorms::fromWeights(
            *getConstantF32(op->getOperand(layout.operand)), layout));
      }
      if (producers.empty())
        continue;
      std::vector<int64_t> perm = search.run(norms);
      if (isIdentity(perm))
        continue;
      // Only reorder when every producing layer gains.
      SmallVector<std::pair<double, double>> gains;
      bool allGain = true;
      for (const RowNorms &n : norms) {
        double before =
            keptSquaredNorm(n, perms[i], search.groupSize, sparsity);
        double after = keptSquaredNorm(n, perm, search.groupSize, sparsity);
        double total = std::accumulate(n.data.begin(), n.data.end(), 0.0);
        gains.push_back({std::sqrt(before / total), std::sqrt(after / total)});
        allGain &= after > before;
      }
      if (!allGain)
        continue;
      perms[i] = perm;
      for (auto [op, gain] : llvm::zip(producers, gains)) {
        char text[96];
        std::snprintf(text, sizeof(text),
                      "rearranged: L2 norm kept at %.2f %s %.4f -> %.4f",
                      sparsity.getValue(), pattern.getValue().c_str(),
                      gain.first, gain.second);
        op->emitRemark(text);
      }
    }
    // Concat outputs follow their segments.
    for (auto [i, set] : llvm::enumerate(sets)) {
      if (set.segments.empty() || set.frozen)
        continue;
      perms[i].clear();
      for (unsigned s : set.segments) {
        int64_t offset = perms[i].size();
        for (int64_t p : perms[s])
          perms[i].push_back(offset + p);
      }
    }
    for (auto [i, set] : llvm::enumerate(sets))
      if (!isIdentity(perms[i]))
        for (const PermutedOperand &p : set.operands)
          permuteOperand(p, perms[i]);
  }
};
} // namespace
