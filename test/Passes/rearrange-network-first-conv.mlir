// RUN: sparrow-opt %s -split-input-file -verify-diagnostics --sparrow-rearrange-network | FileCheck %s

// With the default skip-first-conv, the first conv of a function does not
// count as a producer: sparrow-sparsify leaves it dense, so its norm is not
// worth keeping. Its weights still follow the order of its set.

// @chain of rearrange-network.mlir: its only producer is the first conv,
// which does not count, so nothing moves.
// CHECK-LABEL: func.func @chain
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @chain(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %y = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %r = sparrow.relu %y : tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %r, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// @residual: A is the first conv, so B alone decides the order (and gets
// the only remark), but A's rows follow it too, or the Add would mix
// channels.
// CHECK-LABEL: func.func @residual
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}-2.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %arg0, %[[B]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @residual(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %b = arith.constant dense<[[[[2.0]], [[0.5]]], [[[0.5]], [[2.0]]], [[[-2.0]], [[0.5]]], [[[0.5]], [[-2.0]]], [[[2.0]], [[-0.5]]], [[[-0.5]], [[2.0]]], [[[-2.0]], [[-0.5]]], [[[-0.5]], [[-2.0]]]]> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %ya = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9701}}
  %yb = sparrow.conv2d %x, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %s = sparrow.add %ya, %yb : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %s, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// @residual_conflict: the grouped B is the first conv and does not count,
// so the alternating A decides, and the set is reordered after all (B's
// grouping is lost, but B stays dense).
// CHECK-LABEL: func.func @residual_conflict
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}5.000000e-01]]], {{\[\[\[}}-2.000000e+00]], {{\[\[}}-5.000000e-01]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}-2.000000e+00]]], {{\[\[\[}}-5.000000e-01]], {{\[\[}}-2.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[A:.*]] = arith.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}-1.000000e+00]]], {{\[\[\[}}-3.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}-3.000000e+00]]], {{\[\[\[}}-1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<8x2x1x1xf32>
//   CHECK-DAG: %[[C:.*]] = arith.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}5.000000e+00]], {{\[\[}}7.000000e+00]]], {{\[\[\[}}1.000000e+01]], {{\[\[}}1.200000e+01]], {{\[\[}}1.400000e+01]], {{\[\[}}1.600000e+01]], {{\[\[}}1.100000e+01]], {{\[\[}}1.300000e+01]], {{\[\[}}1.500000e+01]], {{\[\[}}1.700000e+01]]]]> : tensor<2x8x1x1xf32>
//   CHECK-DAG: sparrow.conv2d %arg0, %[[B]]
//   CHECK-DAG: sparrow.conv2d %arg0, %[[A]]
//   CHECK-DAG: sparrow.conv2d %{{.*}}, %[[C]]
func.func @residual_conflict(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %b = arith.constant dense<[[[[2.0]], [[0.5]]], [[[-2.0]], [[0.5]]], [[[2.0]], [[-0.5]]], [[[-2.0]], [[-0.5]]], [[[0.5]], [[2.0]]], [[[0.5]], [[-2.0]]], [[[-0.5]], [[2.0]]], [[[-0.5]], [[-2.0]]]]> : tensor<8x2x1x1xf32>
  %a = arith.constant dense<[[[[3.0]], [[1.0]]], [[[1.0]], [[3.0]]], [[[-3.0]], [[-1.0]]], [[[-1.0]], [[-3.0]]], [[[3.0]], [[-1.0]]], [[[1.0]], [[-3.0]]], [[[-3.0]], [[1.0]]], [[[-1.0]], [[3.0]]]]> : tensor<8x2x1x1xf32>
  %c = arith.constant dense<[[[[0.0]], [[1.0]], [[2.0]], [[3.0]], [[4.0]], [[5.0]], [[6.0]], [[7.0]]], [[[10.0]], [[11.0]], [[12.0]], [[13.0]], [[14.0]], [[15.0]], [[16.0]], [[17.0]]]]> : tensor<2x8x1x1xf32>
  %yb = sparrow.conv2d %x, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  // expected-remark@+1 {{rearranged: L2 norm kept at 0.50 4x1 0.7071 -> 0.9487}}
  %ya = sparrow.conv2d %x, %a {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %s = sparrow.add %yb, %ya : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %z = sparrow.conv2d %s, %c {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
