//===- ChannelPermutation.cpp - Ordering channels for group sparsity ------===//

#include "passes/Sparsity/ChannelPermutation.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace sparrow {

RowNorms RowNorms::fromWeights(llvm::ArrayRef<float> values,
                               const WeightLayout &l) {
  RowNorms n;
  n.rows = l.outChannels;
  n.cols = l.inChannels;
  n.data.assign(n.rows * n.cols, 0.0);
  for (int64_t o = 0; o < l.outChannels; ++o)
    for (int64_t i = 0; i < l.inChannels; ++i)
      for (int64_t w = 0; w < l.window; ++w) {
        double v = values[l.index(o, i, w)];
        n.data[o * n.cols + i] += v * v;
      }
  return n;
}

/// Block sums [rows / G][cols] for rows taken in `order`.
static std::vector<double> blockSums(const RowNorms &n,
                                     llvm::ArrayRef<int64_t> order, int64_t g) {
  int64_t blocks = n.rows / g;
  std::vector<double> sums(blocks * n.cols, 0.0);
  for (int64_t j = 0; j < blocks * g; ++j)
    for (int64_t c = 0; c < n.cols; ++c)
      sums[(j / g) * n.cols + c] += n.at(order[j], c);
  return sums;
}

/// The value of the k-th smallest entry (the pruning threshold), and the
/// sum of the entries kept above it.
static std::pair<double, double> pruneSorted(std::vector<double> sums,
                                             double sparsity) {
  size_t k = prunedBlockCount(sparsity, sums.size());
  std::stable_sort(sums.begin(), sums.end());
  double kept = 0;
  for (size_t i = k; i < sums.size(); ++i)
    kept += sums[i];
  double threshold = k == 0 ? 0.0 : sums[k - 1];
  return {threshold, kept};
}

double keptSquaredNorm(const RowNorms &n, llvm::ArrayRef<int64_t> order,
                       int64_t g, double sparsity) {
  return pruneSorted(blockSums(n, order, g), sparsity).second;
}

/// What a channel's profile over input channels holds.
enum class Profile { Energy, Magnitude, Support };

/// Greedy clustering: the strongest unassigned channel seeds a block and
/// takes the G-1 unassigned channels whose profiles are closest in angle.
/// Energy favours large weights; support (which entries are non-zero)
/// recovers blocks of a model pruned elsewhere and then reordered.
static std::vector<int64_t> clusterByProfile(llvm::ArrayRef<RowNorms> prods,
                                             int64_t g, Profile kind) {
  int64_t rows = prods.front().rows;
  std::vector<std::vector<double>> profile(rows);
  std::vector<double> strength(rows, 0.0);
  for (const RowNorms &p : prods) {
    double total = std::accumulate(p.data.begin(), p.data.end(), 0.0);
    double scale = total > 0 ? 1.0 / total : 0.0;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < p.cols; ++c) {
        double e = p.at(r, c);
        profile[r].push_back(kind == Profile::Energy ? e * scale
                             : kind == Profile::Magnitude
                                 ? std::sqrt(e * scale)
                                 : (e > 0 ? 1.0 : 0.0));
        strength[r] += e * scale;
      }
  }
  for (auto &v : profile) {
    double len =
        std::sqrt(std::inner_product(v.begin(), v.end(), v.begin(), 0.0));
    if (len > 0)
      for (double &x : v)
        x /= len;
  }
  std::vector<int64_t> byStrength(rows);
  std::iota(byStrength.begin(), byStrength.end(), 0);
  std::stable_sort(
      byStrength.begin(), byStrength.end(),
      [&](int64_t a, int64_t b) { return strength[a] > strength[b]; });
  std::vector<bool> used(rows, false);
  std::vector<int64_t> order;
  for (int64_t seed : byStrength) {
    if (used[seed])
      continue;
    used[seed] = true;
    order.push_back(seed);
    std::vector<std::pair<double, int64_t>> candidates;
    for (int64_t r = 0; r < rows; ++r)
      if (!used[r])
        candidates.push_back(
            {-std::inner_product(profile[seed].begin(), profile[seed].end(),
                                 profile[r].begin(), 0.0),
             r});
    int64_t take = std::min<int64_t>(g - 1, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + take,
                      candidates.end());
    for (int64_t i = 0; i < take; ++i) {
      used[candidates[i].second] = true;
      order.push_back(candidates[i].second);
    }
  }
  return order;
}

static double totalKept(llvm::ArrayRef<RowNorms> prods,
                        llvm::ArrayRef<int64_t> order, int64_t g, double s) {
  double sum = 0;
  for (const RowNorms &p : prods)
    sum += keptSquaredNorm(p, order, g, s);
  return sum;
}

std::vector<int64_t>
PermutationSearch::run(llvm::ArrayRef<RowNorms> prods) const {
  int64_t rows = prods.front().rows, g = groupSize;
  std::vector<int64_t> identity(rows);
  std::iota(identity.begin(), identity.end(), 0);
  if (rows % g || rows / g < 2)
    return identity;

  std::vector<int64_t> best = identity;
  double bestKept = totalKept(prods, identity, g, sparsity);
  for (Profile kind : {Profile::Energy, Profile::Magnitude, Profile::Support}) {
    std::vector<int64_t> clustered = clusterByProfile(prods, g, kind);
    double clusteredKept = totalKept(prods, clustered, g, sparsity);
    if (clusteredKept > bestKept) {
      best = clustered;
      bestKept = clusteredKept;
    }
  }

  // Local search: swap two channels of different blocks when that raises
  // the norm of the blocks above each layer's current pruning threshold.
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int64_t> pick(0, rows - 1);
  std::vector<int64_t> order = best;
  for (unsigned sweep = 0; sweep < sweeps; ++sweep) {
    std::vector<std::vector<double>> sums;
    std::vector<double> thresholds;
    for (const RowNorms &p : prods) {
      sums.push_back(blockSums(p, order, g));
      thresholds.push_back(pruneSorted(sums.back(), sparsity).first);
    }
    auto keptOf = [&](size_t pi, int64_t block, int64_t removeRow,
                      int64_t addRow) {
      const RowNorms &p = prods[pi];
      double kept = 0;
      for (int64_t c = 0; c < p.cols; ++c) {
        double v = sums[pi][block * p.cols + c];
        if (removeRow >= 0)
          v += p.at(addRow, c) - p.at(removeRow, c);
        if (v > thresholds[pi])
          kept += v;
      }
      return kept;
    };
    for (int64_t attempt = 0; attempt < 4 * rows; ++attempt) {
      int64_t a = pick(rng), b = pick(rng);
      int64_t ba = a / g, bb = b / g;
      if (ba == bb)
        continue;
      double delta = 0;
      for (size_t pi = 0; pi < prods.size(); ++pi)
        delta += keptOf(pi, ba, order[a], order[b]) +
                 keptOf(pi, bb, order[b], order[a]) - keptOf(pi, ba, -1, -1) -
                 keptOf(pi, bb, -1, -1);
      if (delta <= 0)
        continue;
      for (size_t pi = 0; pi < prods.size(); ++pi)
        for (int64_t c = 0; c < prods[pi].cols; ++c) {
          double d = prods[pi].at(order[b], c) - prods[pi].at(order[a], c);
          sums[pi][ba * prods[pi].cols + c] += d;
          sums[pi][bb * prods[pi].cols + c] -= d;
        }
      std::swap(order[a], order[b]);
    }
    double kept = totalKept(prods, order, g, sparsity);
    if (kept > bestKept) {
      best = order;
      bestKept = kept;
    } else {
      order = best;
    }
  }
  return best;
}

} // namespace sparrow
