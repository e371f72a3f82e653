// RUN: sparrow-opt %s | sparrow-opt | FileCheck %s
// RUN: sparrow-opt %s --mlir-print-op-generic | sparrow-opt | FileCheck %s

// A slice with a negative stride reads backwards from its offset.
// CHECK-LABEL: func.func @slice
//       CHECK: sparrow.slice %{{.*}} {offsets = array<i64: 1, 5>, sizes = array<i64: 2, 3>, strides = array<i64: 1, -2>} : (tensor<3x6xf32>) -> tensor<2x3xf32>
func.func @slice(%x: tensor<3x6xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.slice %x {offsets = array<i64: 1, 5>, sizes = array<i64: 2, 3>, strides = array<i64: 1, -2>} : (tensor<3x6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// gather replaces the axis by the indices' shape.
// CHECK-LABEL: func.func @gather
//       CHECK: sparrow.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2x2xi64>) -> tensor<3x2x2xf32>
func.func @gather(%x: tensor<3x4xf32>) -> tensor<3x2x2xf32> {
  %i = arith.constant dense<[[0, 3], [1, 1]]> : tensor<2x2xi64>
  %0 = sparrow.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2x2xi64>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

// pad, tile and expand.
// CHECK-LABEL: func.func @pad_tile_expand
//       CHECK: sparrow.pad reflect %{{.*}} {pads = array<i64: 0, 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<2x6xf32>
//       CHECK: sparrow.pad constant %{{.*}} {pads = array<i64: 1, 0, 0, 0>, value = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<3x3xf32>
//       CHECK: sparrow.tile %{{.*}} {repeats = array<i64: 2, 1>} : (tensor<2x6xf32>) -> tensor<4x6xf32>
//       CHECK: sparrow.expand %{{.*}} {shape = array<i64: 2, 1, 1>} : (tensor<3x3xf32>) -> tensor<2x3x3xf32>
func.func @pad_tile_expand(%x: tensor<2x3xf32>) -> (tensor<4x6xf32>, tensor<2x3x3xf32>) {
  %0 = sparrow.pad reflect %x {pads = array<i64: 0, 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<2x6xf32>
  %1 = sparrow.pad constant %x {pads = array<i64: 1, 0, 0, 0>, value = 0.5 : f32} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  %2 = sparrow.tile %0 {repeats = array<i64: 2, 1>} : (tensor<2x6xf32>) -> tensor<4x6xf32>
  %3 = sparrow.expand %1 {shape = array<i64: 2, 1, 1>} : (tensor<3x3xf32>) -> tensor<2x3x3xf32>
  return %2, %3 : tensor<4x6xf32>, tensor<2x3x3xf32>
}

// resize keeps its modes as keywords.
// CHECK-LABEL: func.func @resize
//       CHECK: sparrow.resize linear %{{.*}} coordinates align_corners {scales = array<f32: 1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
//       CHECK: sparrow.resize nearest %{{.*}} coordinates asymmetric rounding floor {scales = array<f32: 1.000000e+00, 1.000000e+00, 5.000000e-01, 5.000000e-01>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
func.func @resize(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %0 = sparrow.resize linear %x coordinates align_corners {scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x8x8xf32>
  %1 = sparrow.resize nearest %0 coordinates asymmetric rounding floor {scales = array<f32: 1.0, 1.0, 0.5, 0.5>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// 3-D convolution and transposed convolution; pooling over 1 and 3
// spatial dims.
// CHECK-LABEL: func.func @conv_nd
//       CHECK: sparrow.conv3d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1, 1, 1>, strides = array<i64: 2, 2, 2>} : (tensor<1x2x4x4x4xf32>, tensor<3x2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x2x2x2xf32>
//       CHECK: sparrow.conv_transpose %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32>
//       CHECK: sparrow.max_pool %{{.*}} {{.*}} : (tensor<1x2x9xf32>) -> tensor<1x2x4xf32>
//       CHECK: sparrow.average_pool %{{.*}} {{.*}} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32>
func.func @conv_nd(%x: tensor<1x2x4x4x4xf32>, %w: tensor<3x2x3x3x3xf32>, %b: tensor<3xf32>,
                   %t: tensor<1x1x3x3xf32>, %tw: tensor<1x2x3x3xf32>, %l: tensor<1x2x9xf32>)
    -> (tensor<1x3x2x2x2xf32>, tensor<1x2x8x8xf32>, tensor<1x2x4xf32>, tensor<1x2x2x2x2xf32>) {
  %0 = sparrow.conv3d %x, %w, %b {strides = array<i64: 2, 2, 2>, pads = array<i64: 1, 1, 1, 1, 1, 1>, dilations = array<i64: 1, 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4x4xf32>, tensor<3x2x3x3x3xf32>, tensor<3xf32>) -> tensor<1x3x2x2x2xf32>
  %1 = sparrow.conv_transpose %t, %tw {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  %2 = sparrow.max_pool %l {kernel_shape = array<i64: 3>, strides = array<i64: 2>, pads = array<i64: 0, 0>, dilations = array<i64: 1>}
       : (tensor<1x2x9xf32>) -> tensor<1x2x4xf32>
  %3 = sparrow.average_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>, pads = array<i64: 0, 0, 0, 0, 0, 0>}
       : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32>
  return %0, %1, %2, %3 : tensor<1x3x2x2x2xf32>, tensor<1x2x8x8xf32>, tensor<1x2x4xf32>, tensor<1x2x2x2x2xf32>
}
