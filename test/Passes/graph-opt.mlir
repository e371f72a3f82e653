// RUN: sparrow-opt %s -split-input-file --sparrow-graph-opt | FileCheck %s

// The graph phase folds batch norms before fusing activations: a chain
// conv -> bn -> bn -> clip ends as a single conv carrying the clip, with
// both scalings in its weights (1 * 2 * 3 = 6) and bias (0 * 3 + 1 = 1 after
// the second BN's beta).
// CHECK-LABEL: func.func @conv_bn_bn_clip
//   CHECK-DAG: %[[W:.*]] = arith.constant dense<6.000000e+00> : tensor<2x2x1x1xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<1.000000e+00> : tensor<2xf32>
//       CHECK: %[[C:.*]] = sparrow.conv2d %arg0, %[[W]], %[[B]] {activation = #sparrow.act<clip, 0.000000e+00, 6.000000e+00>
//  CHECK-NEXT: return %[[C]]
func.func @conv_bn_bn_clip(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %two = arith.constant dense<2.0> : tensor<2xf32>
  %three = arith.constant dense<3.0> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %two, %zero, %zero, %one {epsilon = 0.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = sparrow.batch_norm %y, %three, %one, %zero, %one {epsilon = 0.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = sparrow.clip %z {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x3x3xf32>
  return %r : tensor<1x2x3x3xf32>
}

// -----

// A BN after the activation is not folded through it (relu is not linear):
// the relu fuses into the conv and the BN stays.
// CHECK-LABEL: func.func @conv_relu_bn
//       CHECK: %[[C:.*]] = sparrow.conv2d {{.*}}activation = #sparrow.act<relu>
//       CHECK: %[[B:.*]] = sparrow.batch_norm %[[C]]
//  CHECK-NEXT: return %[[B]]
func.func @conv_relu_bn(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<2.0> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %r = sparrow.relu %c : tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %r, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Unused ops disappear, so the add left with a single user takes the
// sigmoid; a reshape chain collapses to one reshape.
// CHECK-LABEL: func.func @dead_code_then_fuse
//       CHECK: %[[A:.*]] = sparrow.add %arg0, %arg1 {activation = #sparrow.act<sigmoid>}
//  CHECK-NEXT: %[[R:.*]] = sparrow.reshape %[[A]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
//  CHECK-NEXT: return %[[R]]
func.func @dead_code_then_fuse(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = sparrow.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %unused = sparrow.mul %0, %0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = sparrow.sigmoid %0 : tensor<2x3xf32>
  %2 = sparrow.reshape %1 : (tensor<2x3xf32>) -> tensor<6xf32>
  %3 = sparrow.reshape %2 : (tensor<6xf32>) -> tensor<3x2xf32>
  return %3 : tensor<3x2xf32>
}

// -----

// Identical ops on the same operands are merged (CSE).
// CHECK-LABEL: func.func @cse
//       CHECK: %[[C:.*]] = sparrow.conv2d
//   CHECK-NOT: sparrow.conv2d
//       CHECK: return %[[C]], %[[C]]
func.func @cse(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %w2 = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %0 = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %1 = sparrow.conv2d %x, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}
