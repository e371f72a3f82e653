// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s

// A grouped 3-D conv: padded input and filter get an explicit group dim,
// the accumulator starts from the bias, iteration space
// (n, g, f, c, kd, kh, kw, od, oh, ow) with the output rows innermost.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1, d3, d7 * 2 + d4, d8 * 2 + d5, d9 * 2 + d6)>
//   CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d1, d2, d3, d4, d5, d6)>
//   CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9) -> (d0, d1, d2, d7, d8, d9)>
// CHECK-LABEL: func.func @conv3d
//       CHECK: tensor.pad %arg0 low[0, 0, 1, 1, 1] high[0, 0, 1, 1, 1]
//       CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4], [5]] output_shape [1, 2, 1, 6, 6, 6]
//       CHECK: tensor.expand_shape %arg1 {{\[}}[0, 1], [2], [3], [4], [5]] output_shape [2, 2, 1, 3, 3, 3]
//       CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x2xf32>)
//       CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #{{.*}}, #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction", "parallel", "parallel", "parallel"]}
//       CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3], [4], [5]] : tensor<1x2x2x2x2x2xf32> into tensor<1x4x2x2x2xf32>
func.func @conv3d(%x: tensor<1x2x4x4x4xf32>, %w: tensor<4x1x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x2x2xf32> {
  %0 = sparrow.conv3d %x, %w, %b {strides = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, dilations = array<i64: 1, 1, 1>, groups = 2 : i64}
       : (tensor<1x2x4x4x4xf32>, tensor<4x1x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x2x2xf32>
  return %0 : tensor<1x4x2x2x2xf32>
}

// -----

// A transposed conv inserts the input with the strides into zeros (offset
// (k - 1) - pad, one more zero row/column for output_padding), then runs a
// stride-1 conv reading the filter flipped, its channel dims swapped.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d3, d4 + d6, d5 + d7)>
//   CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d3, d2, -d4 + 2, -d5 + 2)>
//   CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5)>
// CHECK-LABEL: func.func @conv_transpose
//       CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x1x10x10xf32>)
//       CHECK: tensor.insert_slice %arg0 into %[[Z]][0, 0, 2, 2] [1, 1, 3, 3] [1, 1, 2, 2]
//       CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[W]], #[[WIN]], #{{.*}}]
//       CHECK: tensor.collapse_shape %{{.*}} : tensor<1x1x2x8x8xf32> into tensor<1x2x8x8xf32>
func.func @conv_transpose(%t: tensor<1x1x3x3xf32>, %tw: tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32> {
  %1 = sparrow.conv_transpose %t, %tw {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %1 : tensor<1x2x8x8xf32>
}

// -----

// Negative pads (from output_shape) crop the zero-inserted input instead.
// CHECK-LABEL: func.func @conv_transpose_crop
//       CHECK: tensor.insert_slice %arg0 into %{{.*}}[0, 0, 0, 0] [1, 1, 2, 2] [1, 1, 1, 1] : tensor<1x1x2x2xf32> into tensor<1x1x2x2xf32>
//       CHECK: tensor.extract_slice %{{.*}}[0, 0, 1, 1] [1, 1, 1, 1] [1, 1, 1, 1]
func.func @conv_transpose_crop(%t: tensor<1x1x2x2xf32>, %tw: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %1 = sparrow.conv_transpose %t, %tw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1 : i64}
       : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %1 : tensor<1x1x1x1xf32>
}

// -----

// Pooling over one spatial dim: iteration space (n, c, k, o).
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3 * 2 + d2)>
//   CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-LABEL: func.func @max_pool_1d
//       CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
//       CHECK:   arith.maximumf
func.func @max_pool_1d(%l: tensor<1x2x9xf32>) -> tensor<1x2x4xf32> {
  %2 = sparrow.max_pool %l {kernel_shape = array<i64: 3>, strides = array<i64: 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1>}
       : (tensor<1x2x9xf32>) -> tensor<1x2x4xf32>
  return %2 : tensor<1x2x4xf32>
}
