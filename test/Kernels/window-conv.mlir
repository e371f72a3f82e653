// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2" --canonicalize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2 tap-steps=true channel-unroll=1" --canonicalize | FileCheck %s --check-prefix=STEPS

// The window kernel computes a KxK conv as register tiles over the padded
// input laid out as rows of Wq = OW + KW - 1 pixels: output (oh, ow) is
// position oh * Wq + ow, and tap (kh, kw) reads the input row at that
// position + kh * Wq + kw. Here Wq = 8, 4 rows of output = 32 positions
// (whole 2 x 4-pixel tiles), so the padded image gets 4 + 2 + 1 rows (one
// for the last row's overhang): 7 x 8 = 56 pixels per channel. Each
// channel step reads the taps at +0, +1, +2, +8, ..., +18 and the tile's
// second vector 4 further; the overhang columns (ow = 6, 7) are cropped.
// CHECK-LABEL: func.func @stride1
//       CHECK:   tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 2, 1]
//       CHECK:     : tensor<1x5x4x6xf32> to tensor<1x5x7x8xf32>
//       CHECK:   %[[IN:.*]] = tensor.collapse_shape {{.*}} into tensor<5x56xf32>
//       CHECK:   scf.for %[[P:.*]] = %c0 to %c32 step %c8
//       CHECK:     scf.for %[[C:.*]] = %c0 to %c5 step %c1
//       CHECK:       vector.transfer_read %[[IN]][%[[C]], %[[P]]]
//       CHECK:       %[[P4:.*]] = arith.addi %[[P]], %c4
//       CHECK:       vector.transfer_read %[[IN]][%[[C]], %[[P4]]]
//       CHECK:       %[[P18:.*]] = arith.addi %[[P]], %c18
//       CHECK:       vector.transfer_read %[[IN]][%[[C]], %[[P18]]]
//       CHECK:   tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 4, 4, 6] [1, 1, 1, 1]
//  CHECK-SAME:     tensor<1x4x4x8xf32> to tensor<1x4x4x6xf32>
// With tap-steps (wasm32), the same conv loops over its 5 x 9 (channel,
// tap) steps; a table holds where each step starts in the flattened input
// (channel x 56 + tap), and the step's weights are one packed row.
// STEPS-LABEL: func.func @stride1
//       STEPS:   arith.constant dense<[0, 1, 2, 8, 9, 10, 16, 17, 18, 56, 57, {{.*}}, 242]> : tensor<45xi32>
//       STEPS:   tensor.collapse_shape {{.*}} into tensor<280xf32>
//       STEPS:   scf.for %[[P:.*]] = %c0 to %c32 step %c8
//       STEPS:     scf.for %[[S:.*]] = %c0 to %c45 step %c1
//       STEPS:       tensor.extract %{{.*}}[%[[S]]] : tensor<45xi32>
//   STEPS-NOT:   scf.for
//       STEPS:   tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 4, 4, 6]
func.func @stride1(%x: tensor<1x5x4x6xf32>, %w: tensor<4x5x3x3xf32>) -> tensor<1x4x4x6xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x4x6xf32>, tensor<4x5x3x3xf32>) -> tensor<1x4x4x6xf32>
  return %y : tensor<1x4x4x6xf32>
}

// -----

// Stride 2: the padded image is split into its 2 x 2 phases (rows and
// columns even or odd), planes of Hq x Wq = 6 x 4 ([C, 2, 2, Hq, Wq] by one
// transposing copy; 3 x 4 positions round up to 16, so 3 + 1 + 1 + 1 rows),
// and every tap reads contiguous pixels: tap (0, 1) is phase (0, 1) at +24,
// tap (1, 1) phase (1, 1) at +72, tap (2, 2) phase (0, 0) one row and one
// column on: +5.
// CHECK-LABEL: func.func @stride2
//       CHECK:   tensor.pad
//       CHECK:   } : tensor<1x5x7x7xf32> to tensor<1x5x12x8xf32>
//       CHECK:   linalg.generic
//       CHECK:     -> tensor<5x2x2x6x4xf32>
//       CHECK:   tensor.collapse_shape {{.*}} into tensor<5x96xf32>
//       CHECK:   scf.for %[[P:.*]] = %c0 to %c16 step %c8
//       CHECK:     arith.addi %[[P]], %c24
//       CHECK:     arith.addi %[[P]], %c72
//       CHECK:     arith.addi %[[P]], %c5
func.func @stride2(%x: tensor<1x5x7x7xf32>, %w: tensor<4x5x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x7x7xf32>, tensor<4x5x3x3xf32>) -> tensor<1x4x3x3xf32>
  return %y : tensor<1x4x3x3xf32>
}

// -----

// Sparse: of their 15 (channel, tap) steps, the first 4-row tile keeps 3,
// the second 1. The tables hold where each kept step starts in the
// flattened input (channel x 40 + tap: 0, 1, 4 x 40 + 2 = 162 for tile 0,
// 40 + 1 = 41 for tile 1) and each tile's first step; each tile loops over
// its own steps only.
// CHECK-LABEL: func.func @sparse
//   CHECK-DAG:   arith.constant dense<[0, 1, 162, 41]> : tensor<4xi32>
//   CHECK-DAG:   arith.constant dense<[0, 3, 4]> : tensor<3xi32>
//       CHECK:   tensor.collapse_shape {{.*}} into tensor<200xf32>
//       CHECK:   scf.for %[[F:.*]] = %c0 to %c8 step %c4
//       CHECK:     scf.for
//       CHECK:       scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
//       CHECK:         tensor.extract %{{.*}} : tensor<4xi32>
func.func @sparse(%x: tensor<1x5x4x6xf32>) -> tensor<1x8x4x6xf32> {
  %w = arith.constant dense<[[[[1.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 2.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 3.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 4.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]], [[[0.0, 0.0, 0.0]], [[0.0, 5.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]], [[0.0, 0.0, 0.0]]]]> : tensor<8x5x1x3xf32>
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x5x4x6xf32>, tensor<8x5x1x3xf32>) -> tensor<1x8x4x6xf32>
  return %y : tensor<1x8x4x6xf32>
}

// -----

// Grouped: 2 groups of 4 output channels; a tile at row f0 reads the input
// rows of its group, (f0 / 4) x 2 + channel.
// CHECK-LABEL: func.func @grouped
//       CHECK:   scf.for %[[F:.*]] = %c0 to %c8 step %c4
//       CHECK:     %[[G:.*]] = arith.divui %[[F]], %c4
//       CHECK:     %[[BASE:.*]] = arith.muli %[[G]], %c2
//       CHECK:     scf.for %[[C:.*]] = %c0 to %c2 step %c1
//       CHECK:       %[[ROW:.*]] = arith.addi %[[BASE]], %[[C]]
//       CHECK:       vector.transfer_read %{{.*}}[%[[ROW]],
func.func @grouped(%x: tensor<1x4x4x6xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4x6xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x4x4x6xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4x6xf32>
  return %y : tensor<1x8x4x6xf32>
}

// -----

// A window of more than 9 taps (a ViT's patchify conv, 4 x 4 stride 4
// here) steps its (channel, tap) pairs on every target: 2 x 16 steps from
// a table, not 16 taps unrolled per channel. With stride = window each tap
// is its own phase plane (10 pixels apart).
// CHECK-LABEL: func.func @patchify
//       CHECK:   arith.constant dense<[0, 10, 20, {{.*}}, 310]> : tensor<32xi32>
//       CHECK:   scf.for %[[S:.*]] = %c0 to %c32 step
//       CHECK:     tensor.extract %{{.*}}[%[[S]]] : tensor<32xi32>
// STEPS-LABEL: func.func @patchify
//       STEPS:   tensor<32xi32>
func.func @patchify(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x4x2x2xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 4, 4>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x8x8xf32>, tensor<4x2x4x4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}
