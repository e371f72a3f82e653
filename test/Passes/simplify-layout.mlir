// RUN: sparrow-opt %s -split-input-file --sparrow-simplify-layout | FileCheck %s

// TF-style SAME padding written as a Pad: it becomes the conv's padding.
// CHECK-LABEL: func.func @pad_into_conv
//  CHECK-NOT:  sparrow.pad
//      CHECK:  sparrow.conv2d %arg0, %arg1 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>}
func.func @pad_into_conv(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  %p = sparrow.pad constant %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x9x9xf32>
  %y = sparrow.conv2d %p, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x9x9xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// Padding with 1.0 is not zero padding: it stays.
// CHECK-LABEL: func.func @nonzero_pad
//      CHECK:  sparrow.pad
func.func @nonzero_pad(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %p = sparrow.pad constant %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x2x8x8xf32>) -> tensor<1x2x10x10xf32>
  %y = sparrow.conv2d %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x10x10xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// Padding of the channel dim is not a conv padding.
// CHECK-LABEL: func.func @channel_pad
//      CHECK:  sparrow.pad
func.func @channel_pad(%x: tensor<1x2x8x8xf32>, %w: tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %p = sparrow.pad constant %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>} : (tensor<1x2x8x8xf32>) -> tensor<1x3x8x8xf32>
  %y = sparrow.conv2d %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// NCHW -> NHWC -> NCHW: nothing left.
// CHECK-LABEL: func.func @transpose_round_trip
// CHECK-NEXT:  return %arg0
func.func @transpose_round_trip(%x: tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32> {
  %a = sparrow.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x2xf32>
  %b = sparrow.transpose %a {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  return %b : tensor<1x2x3x4xf32>
}

// -----

// Two transposes that do not cancel compose into one.
// CHECK-LABEL: func.func @transpose_compose
// CHECK-NEXT:  %[[T:.*]] = sparrow.transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT:  return %[[T]]
func.func @transpose_compose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %a = sparrow.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %b = sparrow.transpose %a {perm = array<i64: 2, 1, 0>} : (tensor<3x2x4xf32>) -> tensor<4x2x3xf32>
  return %b : tensor<4x2x3xf32>
}
