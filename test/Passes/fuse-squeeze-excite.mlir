// RUN: sparrow-opt %s -split-input-file --sparrow-fuse-squeeze-excite | FileCheck %s

// MobileNet-v3's block after activation fusion: pool, 1x1 + relu,
// 1x1 + hard_sigmoid, times the input.
// CHECK-LABEL: func.func @squeeze_excite
//  CHECK-NOT:  sparrow.global_average_pool
//      CHECK:  %[[Y:.*]] = sparrow.squeeze_excite %arg0, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {gate_activation = #sparrow.act<hard_sigmoid, 0.166666672, 5.000000e-01>, reduce_activation = #sparrow.act<relu>}
// CHECK-NEXT:  return %[[Y]]
func.func @squeeze_excite(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w1 = arith.constant dense<0.5> : tensor<2x8x1x1xf32>
  %b1 = arith.constant dense<0.1> : tensor<2xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x2x1x1xf32>
  %b2 = arith.constant dense<0.2> : tensor<8xf32>
  %p = sparrow.global_average_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %h = sparrow.conv2d %p, %w1, %b1 {activation = #sparrow.act<relu>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x1x1xf32>, tensor<2x8x1x1xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  %g = sparrow.conv2d %h, %w2, %b2 {activation = #sparrow.act<hard_sigmoid, 0.16666667, 0.5>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x1x1xf32>, tensor<8x2x1x1xf32>, tensor<8xf32>) -> tensor<1x8x1x1xf32>
  %y = sparrow.mul %g, %x : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// Convs without bias get zero biases; the reduce conv may have no activation.
// CHECK-LABEL: func.func @no_bias
//      CHECK:  %[[Z2:.*]] = arith.constant dense<0.000000e+00> : tensor<2xf32>
//      CHECK:  sparrow.squeeze_excite %arg0, %{{.*}}, %[[Z2]], %{{.*}}, %{{.*}} {gate_activation = #sparrow.act<sigmoid>}
func.func @no_bias(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w1 = arith.constant dense<0.5> : tensor<2x8x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x2x1x1xf32>
  %p = sparrow.global_average_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %h = sparrow.conv2d %p, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x1x1xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x1x1xf32>
  %g = sparrow.conv2d %h, %w2 {activation = #sparrow.act<sigmoid>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x1x1xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x1x1xf32>
  %y = sparrow.mul %x, %g : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// The gate scales another tensor than the pooled one: not squeeze-excite.
// CHECK-LABEL: func.func @gate_of_other_tensor
//  CHECK-NOT:  sparrow.squeeze_excite
//      CHECK:  sparrow.mul
func.func @gate_of_other_tensor(%x: tensor<1x8x4x4xf32>, %z: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w1 = arith.constant dense<0.5> : tensor<2x8x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x2x1x1xf32>
  %p = sparrow.global_average_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %h = sparrow.conv2d %p, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x1x1xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x1x1xf32>
  %g = sparrow.conv2d %h, %w2 {activation = #sparrow.act<sigmoid>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x1x1xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x1x1xf32>
  %y = sparrow.mul %z, %g : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

// The pooled vector is also a graph output: the block cannot disappear.
// CHECK-LABEL: func.func @pool_used_elsewhere
//  CHECK-NOT:  sparrow.squeeze_excite
func.func @pool_used_elsewhere(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) {
  %w1 = arith.constant dense<0.5> : tensor<2x8x1x1xf32>
  %w2 = arith.constant dense<0.25> : tensor<8x2x1x1xf32>
  %p = sparrow.global_average_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %h = sparrow.conv2d %p, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x1x1xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x1x1xf32>
  %g = sparrow.conv2d %h, %w2 {activation = #sparrow.act<sigmoid>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x1x1xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x1x1xf32>
  %y = sparrow.mul %x, %g : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y, %p : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
}
