// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=1 int8-tile-vectors=2 report=true" 2>&1 | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=1 int8-tile-vectors=2 sparse-kernels=false report=true" 2>&1 | FileCheck %s --check-prefix=DENSE

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<i8:f32, 0.25>
!b = !quant.uniform<i32:f32, 0.125>
!y = !quant.uniform<u8:f32, 0.1:3>

// group<4x1> zeros: the one tile of 4 filters keeps input channels 0, 3 and
// 4 of 6, so it steps over the pairs (0, 3) and (4, 4) -- the odd channel
// paired with itself at weight 0 -- instead of the dense kernel's 3 pairs.
// The tables: each pair's input rows (channel x 8 pixels), its weights
// [filter][2] as i16, the tile's first pair. The bias folds the input zero
// point: 1 - 10 * (1 + 2 + 3) = -59, ... The input is widened to i16 once;
// a step loads 8 pixels of each channel and zips them into two vectors of
// pixel pairs.
// CHECK:       remark: kernel int8_pointwise sparse (tile 4x2): 33% of 4-row tile channel pairs skipped
// CHECK-LABEL: func.func @group4_zeros
//       CHECK:   arith.extui %{{.*}} : vector<16xi8> to vector<16xi16>
//   CHECK-DAG:   arith.constant dense<[0, 24, 32, 32]> : tensor<4xi32>
//   CHECK-DAG:   arith.constant dense<{{\[\[}}1, 2, 4, 0, 0, 6, -7, 0], [3, 0, 5, 0, 0, 0, 0, 0]]> : tensor<2x8xi16>
//   CHECK-DAG:   arith.constant dense<[0, 2]> : tensor<2xi32>
//   CHECK-DAG:   arith.constant dense<[-59, -88, -57, 74]> : tensor<4xi32>
//       CHECK:   scf.for
//       CHECK:     vector.transfer_read {{.*}} : tensor<48xi16>, vector<8xi16>
//       CHECK:     vector.transfer_read {{.*}} : tensor<48xi16>, vector<8xi16>
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11] : vector<8xi16>, vector<8xi16>
//       CHECK:     vector.shuffle %{{.*}}, %{{.*}} [4, 12, 5, 13, 6, 14, 7, 15] : vector<8xi16>, vector<8xi16>
//       CHECK:     arith.muli %{{.*}}, %{{.*}} : vector<8xi32>
//       CHECK:   math.roundeven %{{.*}} : vector<4xf32>
// DENSE:       remark: kernel int8_pointwise dense (tile 4x2): 2 channels per step
// DENSE-LABEL: func.func @group4_zeros
//   DENSE-NOT:   tensor<2x8xi16>
func.func @group4_zeros(%xi: tensor<1x6x2x4xui8>) -> tensor<1x4x2x4xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x6x2x4xui8> -> tensor<1x6x2x4x!x>
  %wi = arith.constant dense<[[[[1]], [[0]], [[0]], [[2]], [[3]], [[0]]],
                              [[[4]], [[0]], [[0]], [[0]], [[5]], [[0]]],
                              [[[0]], [[0]], [[0]], [[6]], [[0]], [[0]]],
                              [[[-7]], [[0]], [[0]], [[0]], [[0]], [[0]]]]> : tensor<4x6x1x1xi8>
  %w = sparrow.storage_cast %wi : tensor<4x6x1x1xi8> -> tensor<4x6x1x1x!w>
  %bi = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %b = sparrow.storage_cast %bi : tensor<4xi32> -> tensor<4x!b>
  %y = sparrow.qconv2d %x, %w, %b {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x6x2x4x!x>, tensor<4x6x1x1x!w>, tensor<4x!b>) -> tensor<1x4x2x4x!y>
  %yi = sparrow.storage_cast %y : tensor<1x4x2x4x!y> -> tensor<1x4x2x4xui8>
  return %yi : tensor<1x4x2x4xui8>
}

// -----

!x = !quant.uniform<u8:f32, 0.5:10>
!w = !quant.uniform<u8:f32, 0.25:128>
!y = !quant.uniform<u8:f32, 0.1:3>

// Too few zeros: the tile keeps 3 of 4 channels, both pairs, and the dense
// kernel runs. uint8 weights are zero at their zero point (128).
// CHECK:       remark: kernel int8_pointwise dense (tile 4x2): 2 channels per step
// CHECK-LABEL: func.func @mostly_dense
//   CHECK-NOT:   tensor<32xi16>
func.func @mostly_dense(%xi: tensor<1x4x2x4xui8>) -> tensor<1x4x2x4xui8> {
  %x = sparrow.storage_cast %xi : tensor<1x4x2x4xui8> -> tensor<1x4x2x4x!x>
  %wi = arith.constant dense<[[[[129]], [[128]], [[130]], [[131]]],
                              [[[127]], [[128]], [[128]], [[128]]],
                              [[[128]], [[128]], [[128]], [[120]]],
                              [[[128]], [[128]], [[100]], [[128]]]]> : tensor<4x4x1x1xui8>
  %w = sparrow.storage_cast %wi : tensor<4x4x1x1xui8> -> tensor<4x4x1x1x!w>
  %y = sparrow.qconv2d %x, %w {strides = array<i64: 1, 1>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>,
         groups = 1 : i64}
       : (tensor<1x4x2x4x!x>, tensor<4x4x1x1x!w>) -> tensor<1x4x2x4x!y>
  %yi = sparrow.storage_cast %y : tensor<1x4x2x4x!y> -> tensor<1x4x2x4xui8>
  return %yi : tensor<1x4x2x4xui8>
}
