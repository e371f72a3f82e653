// Invalid options of sparrow-sparsify are errors (on the function), and the
// pass fails.

// The pattern is Gx1 with G in 1, 2, 4, 8, 16, or `kernel`.
// RUN: not sparrow-opt %s --sparrow-sparsify=pattern=3x1 2>&1 | FileCheck %s --check-prefix=PATTERN-3X1
// PATTERN-3X1: error: invalid pattern '3x1': expected Gx1 or kernel
// RUN: not sparrow-opt %s --sparrow-sparsify=pattern=4x2 2>&1 | FileCheck %s --check-prefix=PATTERN-4X2
// PATTERN-4X2: error: invalid pattern '4x2': expected Gx1 or kernel
// RUN: not sparrow-opt %s --sparrow-sparsify=pattern=32x1 2>&1 | FileCheck %s --check-prefix=PATTERN-32X1
// PATTERN-32X1: error: invalid pattern '32x1': expected Gx1 or kernel
// `dense` is a pattern of the attribute but nothing to prune to.
// RUN: not sparrow-opt %s --sparrow-sparsify=pattern=dense 2>&1 | FileCheck %s --check-prefix=PATTERN-DENSE
// PATTERN-DENSE: error: invalid pattern 'dense': expected Gx1 or kernel

// The target sparsity is in [0, 1): 1 would zero every weight.
// RUN: not sparrow-opt %s --sparrow-sparsify=sparsity=1.0 2>&1 | FileCheck %s --check-prefix=SPARSITY-ONE
// SPARSITY-ONE: error: sparsity must be in [0, 1), got 1.000000e+00
// RUN: not sparrow-opt %s --sparrow-sparsify=sparsity=1.5 2>&1 | FileCheck %s --check-prefix=SPARSITY-ABOVE
// SPARSITY-ABOVE: error: sparsity must be in [0, 1), got 1.500000e+00
// RUN: not sparrow-opt %s --sparrow-sparsify=sparsity=-0.1 2>&1 | FileCheck %s --check-prefix=SPARSITY-NEGATIVE
// SPARSITY-NEGATIVE: error: sparsity must be in [0, 1), got -1.000000e-01

// The threshold is per-layer or global.
// RUN: not sparrow-opt %s --sparrow-sparsify=threshold=local 2>&1 | FileCheck %s --check-prefix=THRESHOLD
// THRESHOLD: error: threshold must be 'per-layer' or 'global', got 'local'

// The override file must exist, parse as JSON, be an object, and name
// valid patterns.
// RUN: not sparrow-opt %s --sparrow-sparsify=overrides=%S/Inputs/no-such-file.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: cannot read overrides '{{.*}}no-such-file.json': No such file or directory
// RUN: not sparrow-opt %s --sparrow-sparsify=overrides=%S/Inputs/sparsify-overrides-truncated.json 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: error: invalid overrides '{{.*}}sparsify-overrides-truncated.json': [{{.*}}byte={{[0-9]+}}]: {{.+}}
// RUN: not sparrow-opt %s --sparrow-sparsify=overrides=%S/Inputs/sparsify-overrides-array.json 2>&1 | FileCheck %s --check-prefix=ARRAY
// ARRAY: error: invalid overrides '{{.*}}sparsify-overrides-array.json': not a JSON object
// RUN: not sparrow-opt %s --sparrow-sparsify=overrides=%S/Inputs/sparsify-overrides-bad-pattern.json 2>&1 | FileCheck %s --check-prefix=OVERRIDE-PATTERN
// OVERRIDE-PATTERN: error: loc("pw"): override for 'pw' has an invalid pattern '3x1'

// A valid run on the same function prunes `pw` (the first conv, a stem,
// stays dense).
// RUN: sparrow-opt %s --sparrow-sparsify 2>&1 | FileCheck %s --check-prefix=VALID
// VALID: remark: loc("pw"): sparsity 0.500

func.func @f(%x: tensor<1x2x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w0 = arith.constant dense<1.0> : tensor<8x2x1x1xf32>
  %w1 = arith.constant dense<1.0> : tensor<8x8x1x1xf32>
  %y = sparrow.conv2d %x, %w0 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32> loc("stem")
  %z = sparrow.conv2d %y, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32> loc("pw")
  return %z : tensor<1x8x4x4xf32>
}
