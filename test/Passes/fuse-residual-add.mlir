// RUN: sparrow-opt %s -split-input-file --sparrow-fuse-residual-add | FileCheck %s

// MobileNet-v2's block end: the linear project conv plus the block input.
// CHECK-LABEL: func.func @residual
//      CHECK:  %[[Y:.*]] = sparrow.conv2d %arg0, %arg1, %arg2 residual %arg3 {dilations
//  CHECK-NOT:  sparrow.add
//      CHECK:  return %[[Y]]
func.func @residual(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x1x1xf32>, %b: tensor<4xf32>, %r: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %y = sparrow.add %r, %c : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// ResNet's block end: the Add's relu moves to the conv; the residual is
// computed after the conv, so the conv moves below it.
// CHECK-LABEL: func.func @residual_with_relu
//      CHECK:  %[[R:.*]] = sparrow.relu %arg3
//      CHECK:  %[[Y:.*]] = sparrow.conv2d %arg0, %arg1 residual %[[R]] {activation = #sparrow.act<relu>
//      CHECK:  return %[[Y]]
func.func @residual_with_relu(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x3x3xf32>, %b: tensor<4xf32>, %z: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<4x8x3x3xf32>) -> tensor<1x4x4x4xf32>
  %r = sparrow.relu %z : tensor<1x4x4x4xf32>
  %y = sparrow.add %c, %r {activation = #sparrow.act<relu>} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// The conv's own activation comes before the Add: act(conv) + r is not
// act(conv + r).
// CHECK-LABEL: func.func @conv_with_activation
//      CHECK:  sparrow.add
func.func @conv_with_activation(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x1x1xf32>, %r: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %c = sparrow.conv2d %x, %w {activation = #sparrow.act<relu>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %y = sparrow.add %c, %r : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A broadcast operand (a per-channel bias) is not a residual of the same shape.
// CHECK-LABEL: func.func @broadcast
//      CHECK:  sparrow.add
func.func @broadcast(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x1x1xf32>, %r: tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32> {
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %y = sparrow.add %c, %r : (tensor<1x4x4x4xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// The conv's output is also a graph output: it must be stored unfused.
// CHECK-LABEL: func.func @conv_used_twice
//      CHECK:  sparrow.add
func.func @conv_used_twice(%x: tensor<1x8x4x4xf32>, %w: tensor<4x8x1x1xf32>, %r: tensor<1x4x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) {
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %y = sparrow.add %c, %r : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %y, %c : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
}
