// RUN: sparrow-opt %s --sparrow-lower-to-linalg="vector-width=4 tile-rows=8 tile-vectors=2 report=true" --canonicalize 2>&1 | FileCheck %s

// group<4x1> zeros with 8-row tiles (AVX-512): no 8-row tile skips a
// channel, but 4-row tiles skip half of them, so the kernel uses 4-row
// tiles (with 4 vectors, the same 16 accumulators): tile 0 keeps channel 1
// (its row starts at 64 in the flattened 2 x 64 input), tile 1 channel 0.
// CHECK:       remark: kernel pointwise sparse (tile 4x4): 50% of 4-row tile channels skipped
// CHECK-LABEL: func.func @group4_zeros
//   CHECK-DAG:   arith.constant dense<[0, 1, 2]> : tensor<3xi32>
//   CHECK-DAG:   arith.constant dense<[64, 0]> : tensor<2xi32>
//       CHECK:   scf.for %{{.*}} = %c0 to %c8 step %c4
func.func @group4_zeros(%x: tensor<1x2x4x16xf32>) -> tensor<1x8x4x16xf32> {
  %w = arith.constant dense<[[[[0.0]], [[1.0]]], [[[0.0]], [[2.0]]], [[[0.0]], [[3.0]]], [[[0.0]], [[4.0]]],
                             [[[5.0]], [[0.0]]], [[[6.0]], [[0.0]]], [[[7.0]], [[0.0]]], [[[8.0]], [[0.0]]]]> : tensor<8x2x1x1xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x16xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x16xf32>
  return %y : tensor<1x8x4x16xf32>
}
