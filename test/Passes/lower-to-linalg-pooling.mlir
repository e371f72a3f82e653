// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every pooling op is lowered.
// GONE-NOT: sparrow.

// Max pooling with ceil_mode: the last window hangs over the input by one
// row and column, so the input is padded high by 1 with -inf; the loops are
// (n, c, kh, kw, oh, ow) and a kernel-shaped empty tensor carries the window
// extent.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
//   CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d3)>
//   CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d5)>
// CHECK-LABEL: func.func @max_pool_ceil
//       CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
//       CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
//  CHECK-NEXT: ^bb0
//  CHECK-NEXT:   tensor.yield %[[NINF]] : f32
//  CHECK-NEXT: } : tensor<1x2x5x5xf32> to tensor<1x2x6x6xf32>
//       CHECK: %[[NINF2:.*]] = arith.constant 0xFF800000 : f32
//       CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NINF2]] : f32) outs(%{{.*}} : tensor<1x2x3x3xf32>)
//       CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<2x2xf32>
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%[[PAD]], %[[WINDOW]] : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
//  CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32, %[[ACC:.*]]: f32):
//  CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[V]], %[[ACC]] : f32
//  CHECK-NEXT:   linalg.yield %[[M]]
//       CHECK: return %[[R]]
func.func @max_pool_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Dilated max pooling with asymmetric pads [1, 0, 0, 1]: the dilation scales
// the window index, and only the padding the windows read is materialised.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 + d2 * 2, d5 + d3 * 2)>
// CHECK-LABEL: func.func @max_pool_dilated
//       CHECK: tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 0, 1]
//       CHECK: linalg.generic {indexing_maps = [#[[IN]],
//  CHECK-SAME:   tensor<1x1x6x6xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<1x1x4x4xf32>)
func.func @max_pool_dilated(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x4x4xf32> {
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 0, 1>,
         dilations = array<i64: 2, 2>} : (tensor<1x1x5x5xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Average pooling with ceil_mode on 3x3: windows are 2x2, 2x1, 1x2 and 1x1
// elements (the overhang is never counted), so the sums are multiplied by
// [[1/4, 1/2], [1/2, 1]] indexed by (oh, ow).
//   CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
//   CHECK-DAG: #[[HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-LABEL: func.func @average_pool_ceil
//       CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
//       CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 0, 0] high[0, 0, 1, 1]
//       CHECK:   tensor.yield %[[ZERO]] : f32
//       CHECK: %[[SUMS:.*]] = linalg.generic
//  CHECK-SAME:   ins(%[[PAD]], %{{.*}} : tensor<1x1x4x4xf32>, tensor<2x2xf32>)
//       CHECK:   arith.addf
//       CHECK: %[[INV:.*]] = arith.constant dense<{{\[\[}}2.500000e-01, 5.000000e-01], [5.000000e-01, 1.000000e+00]]> : tensor<2x2xf32>
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[HW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%[[SUMS]], %[[INV]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
//       CHECK:   arith.mulf
//       CHECK: return %[[R]]
func.func @average_pool_ceil(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>,
         ceil_mode = true} : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// 3x3 average pooling with padding 1: without count_include_pad the corner
// windows cover 4 elements, the edges 6 and the centre 9; with it, all 9.
// CHECK-LABEL: func.func @average_pool_count_include_pad
//       CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK: arith.constant dense<{{\[\[}}2.500000e-01, 0.166666672, 2.500000e-01], [0.166666672, 0.111111112, 0.166666672], [2.500000e-01, 0.166666672, 2.500000e-01]]> : tensor<3x3xf32>
//       CHECK: tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK: arith.constant dense<0.111111112> : tensor<3x3xf32>
func.func @average_pool_count_include_pad(%x: tensor<1x1x3x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>}
       : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %1 = sparrow.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
         count_include_pad = true} : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}

// -----

// ceil_mode and count_include_pad together on a row of 4 with kernel 3,
// stride 2, pads 1 and 1: windows start at -1, 1 and 3. The last one reads
// past the explicit padding (high pad 2). Excluding pads the windows cover
// 2, 3 and 1 elements; including the explicit pads (but not the overhang)
// 3, 3 and 2.
// CHECK-LABEL: func.func @average_pool_ceil_include_pad
//       CHECK: tensor.pad %arg0 low[0, 0, 0, 1] high[0, 0, 0, 2]
//       CHECK: } : tensor<1x1x1x4xf32> to tensor<1x1x1x7xf32>
//       CHECK: arith.constant dense<{{\[\[}}5.000000e-01, 0.333333343, 1.000000e+00]]> : tensor<1x3xf32>
//       CHECK: arith.constant dense<{{\[\[}}0.333333343, 0.333333343, 5.000000e-01]]> : tensor<1x3xf32>
func.func @average_pool_ceil_include_pad(%x: tensor<1x1x1x4xf32>) -> (tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>) {
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 1, 3>, strides = array<i64: 1, 2>, pads = array<i64: 0, 1, 0, 1>,
         ceil_mode = true} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x3xf32>
  %1 = sparrow.average_pool %x {kernel_shape = array<i64: 1, 3>, strides = array<i64: 1, 2>, pads = array<i64: 0, 1, 0, 1>,
         ceil_mode = true, count_include_pad = true} : (tensor<1x1x1x4xf32>) -> tensor<1x1x1x3xf32>
  return %0, %1 : tensor<1x1x1x3xf32>, tensor<1x1x1x3xf32>
}

// -----

// Average pooling without padding or overhang needs no tensor.pad.
// CHECK-LABEL: func.func @average_pool_exact
//   CHECK-NOT: tensor.pad
//       CHECK: arith.constant dense<2.500000e-01> : tensor<2x2xf32>
func.func @average_pool_exact(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x2x2xf32> {
  %0 = sparrow.average_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
       : (tensor<1x3x4x4xf32>) -> tensor<1x3x2x2xf32>
  return %0 : tensor<1x3x2x2xf32>
}

// -----

// Global average pooling sums over the spatial dims into N x C, scales by
// 1 / (3 * 4) and reshapes to N x C x 1 x 1.
//   CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
//   CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @global_average_pool
//       CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2xf32>)
//       CHECK: %[[SUMS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[NC]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
//  CHECK-SAME:   ins(%arg0 : tensor<1x2x3x4xf32>) outs(%[[INIT]] : tensor<1x2xf32>)
//       CHECK: %[[MEANS:.*]] = linalg.generic {{.*}} ins(%[[SUMS]] : tensor<1x2xf32>)
//       CHECK:   %[[SCALE:.*]] = arith.constant 0.0833333358 : f32
//       CHECK:   arith.mulf %{{.*}}, %[[SCALE]] : f32
//       CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[MEANS]] {{\[\[}}0, 1]] : tensor<1x2xf32> into tensor<2xf32>
//       CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1, 2, 3]] output_shape [1, 2, 1, 1] : tensor<2xf32> into tensor<1x2x1x1xf32>
//       CHECK: return %[[R]]
func.func @global_average_pool(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32> {
  %0 = sparrow.global_average_pool %x : (tensor<1x2x3x4xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}
