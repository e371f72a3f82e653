// threshold=global: one threshold on the blocks' RMS (norm / sqrt(elements))
// across all layers, so that the pruned weights make up the target share of
// all eligible weights, instead of every layer at the target.
//
// Three parallel layers at group<4x1> with two blocks each (4 outputs x
// input 0 and x input 1), of constant values, i.e. RMS:
//   l1 (1x1, 4 weights a block):  0.1 and 0.2
//   l2 (1x1, 4 weights a block):  1   and 2
//   l3 (3x3, 36 weights a block): 0.15 and 3
// 88 weights, 44 to prune. By RMS: l1/in0 (4), l3/in0 (36), l1/in1 (4) make
// 44, so l1 loses everything, l3 half, l2 nothing (it stays dense, with no
// pattern). Kept in l3: sqrt(36 * 9 / (36 * 9 + 36 * 0.0225)) = 0.9988.
// RUN: sparrow-opt %s --sparrow-sparsify='threshold=global skip-first-conv=false' 2> %t.global | FileCheck %s --check-prefix=GLOBAL
// RUN: FileCheck %s --check-prefix=GLOBAL-REMARKS < %t.global
// GLOBAL-REMARKS: remark: loc("l1"): sparsity 1.000, L2 norm kept 0.0000
// GLOBAL-REMARKS: remark: loc("l2"): left dense: no block pruned at sparsity 5.000000e-01
// GLOBAL-REMARKS: remark: loc("l3"): sparsity 0.500, L2 norm kept 0.9988
// GLOBAL:      %[[W1:.*]] = arith.constant dense<0.000000e+00> : tensor<4x2x1x1xf32>
// GLOBAL-NEXT: sparrow.conv2d %{{.*}}, %[[W1]] {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 1.000000e+00>
// GLOBAL:      sparrow.conv2d
// GLOBAL-NOT:  sparsity =
// GLOBAL-SAME: tensor<1x4x5x5xf32>
// GLOBAL:      sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>

// Per layer (the default) each layer loses its weaker block: l1 and l2 keep
// sqrt(4 / 5) = 0.8944 (the same profile at another scale).
// RUN: sparrow-opt %s --sparrow-sparsify='threshold=per-layer skip-first-conv=false' 2> %t.layer | FileCheck %s --check-prefix=LAYER
// RUN: FileCheck %s --check-prefix=LAYER-REMARKS < %t.layer
// LAYER-REMARKS: remark: loc("l1"): sparsity 0.500, L2 norm kept 0.8944
// LAYER-REMARKS: remark: loc("l2"): sparsity 0.500, L2 norm kept 0.8944
// LAYER-REMARKS: remark: loc("l3"): sparsity 0.500, L2 norm kept 0.9988
// LAYER-COUNT-3: sparrow.conv2d {{.*}}sparsity = #sparrow.sparsity<group<4x1>, 5.000000e-01>

func.func @three_layers(%x: tensor<1x2x5x5xf32>) -> (tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>, tensor<1x4x3x3xf32>) {
  %w1 = arith.constant dense<[[[[0.1]], [[0.2]]], [[[0.1]], [[0.2]]], [[[0.1]], [[0.2]]], [[[0.1]], [[0.2]]]]> : tensor<4x2x1x1xf32>
  %w2 = arith.constant dense<[[[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]]]> : tensor<4x2x1x1xf32>
  %w3 = arith.constant dense<[[[[0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448]], [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]], [[[0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448]], [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]], [[[0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448]], [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]], [[[0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448], [0.15000000596046448, 0.15000000596046448, 0.15000000596046448]], [[3.0, 3.0, 3.0], [3.0, 3.0, 3.0], [3.0, 3.0, 3.0]]]]> : tensor<4x2x3x3xf32>
  %y1 = sparrow.conv2d %x, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x5x5xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x5x5xf32> loc("l1")
  %y2 = sparrow.conv2d %x, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x5x5xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x5x5xf32> loc("l2")
  %y3 = sparrow.conv2d %x, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x3x3xf32> loc("l3")
  return %y1, %y2, %y3 : tensor<1x4x5x5xf32>, tensor<1x4x5x5xf32>, tensor<1x4x3x3xf32>
}
