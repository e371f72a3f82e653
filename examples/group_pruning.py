"""group<G x 1> magnitude pruning and channel shuffling in numpy, for the
example models.

The definitions are sparrow-sparsify's: a conv weight [F, C, kh, kw] (or a
gemm's [N, K] with transB) is cut into blocks of G consecutive output
channels x 1 input channel x the whole window; the round(sparsity * blocks)
blocks with the smallest L2 norm are zeroed (ties: the first in row-major
block order), and the "norm kept" is sqrt(kept squared norm / total squared
norm).
"""

import numpy as np


def block_sq_norms(w, g):
    """Squared L2 norms of the group<g x 1> blocks of w: [F / g, C]."""
    f, c = w.shape[:2]
    w = np.asarray(w, np.float64).reshape(f // g, g, c, -1)
    return (w * w).sum(axis=(1, 3))


def prune_group(w, g, sparsity):
    """Zeroes the smallest-norm group<g x 1> blocks of w.

    Returns (pruned weight, norm kept): the norm kept is sqrt(kept squared
    norm / total squared norm) of w."""
    norms = block_sq_norms(w, g)
    k = int(np.floor(sparsity * norms.size + 0.5))  # llround
    keep = np.ones(norms.size, bool)
    keep[np.argsort(norms, axis=None, kind="stable")[:k]] = False
    keep = keep.reshape(norms.shape)
    mask = np.repeat(keep, g, axis=0).reshape(w.shape[:2] + (1,) * (w.ndim - 2))
    pruned = np.where(mask, w, 0).astype(w.dtype)
    return pruned, float(np.sqrt(norms[keep].sum() / norms.sum()))


def norm_kept(w, g, sparsity):
    """The norm that pruning w with group<g x 1> at `sparsity` would keep, in
    w's current channel order (what sparrow-rearrange-network reports as
    'before' for a layer it reorders)."""
    return prune_group(w, g, sparsity)[1]


def fits_group(w, g):
    """True when every group<g x 1> block of w is all zero or all non-zero
    (that is, w's zeros fit the pattern)."""
    f, c = w.shape[:2]
    if f % g:
        return False
    zero = (np.asarray(w) == 0).reshape(f // g, g, c, -1).all(axis=3)
    return bool((zero.all(axis=1) | ~zero.any(axis=1)).all())


def coarsest_group(w, sizes=(16, 8, 4, 2, 1)):
    """The largest G whose group<G x 1> pattern w's zeros fit (1 always
    fits a 1x1 conv or a gemm)."""
    return next((g for g in sizes if fits_group(w, g)), None)


def permute(a, perm, axis):
    """a with index j of `axis` holding old index perm[j]."""
    return np.take(a, perm, axis=axis)
