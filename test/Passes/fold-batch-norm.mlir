// RUN: sparrow-opt %s -split-input-file --sparrow-fold-batch-norm | FileCheck %s

// With s = gamma / sqrt(var + eps) = [2/2, 3/0.5] = [1, 6]:
// W' = W * s per output channel = [[1, 2], [18, 24]] and
// b' = (b - mean) * s + beta = [(0.5 - 0.5) * 1 + 1, (-1 - 1) * 6 + 0] = [1, -12].
// CHECK-LABEL: func.func @fold_with_bias
//  CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>)
//   CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.800000e+01]], {{\[\[}}2.400000e+01]]]]> : tensor<2x2x1x1xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<[1.000000e+00, -1.200000e+01]> : tensor<2xf32>
//       CHECK: %[[Y:.*]] = sparrow.conv2d %[[X]], %[[W]], %[[B]]
//  CHECK-SAME: {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
//   CHECK-NOT: sparrow.batch_norm
//       CHECK: return %[[Y]]
func.func @fold_with_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]]]> : tensor<2x2x1x1xf32>
  %b = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Without a conv bias the new bias is beta - mean * s = [1 - 0.5, 0 - 6]
// and epsilon takes part in s: sqrt(3.75 + 0.25) = 2, sqrt(0.0 + 0.25) = 0.5.
// The strides, pads and groups of the conv are kept.
// CHECK-LABEL: func.func @fold_without_bias
//   CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
//   CHECK-DAG: %[[B:.*]] = arith.constant dense<[5.000000e-01, -6.000000e+00]> : tensor<2xf32>
//       CHECK: sparrow.conv2d %{{.*}}, %[[W]], %[[B]]
//  CHECK-SAME: groups = 2 : i64, pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 1>
//   CHECK-NOT: sparrow.batch_norm
func.func @fold_without_bias(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.75, 0.0]> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 1, 0>, dilations = array<i64: 1, 1>, groups = 2 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %gamma, %beta, %mean, %var {epsilon = 0.25 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Two batch norms in a row fold one after the other. With 256 filter values
// the folded filter is a resource blob (0x40C00000 = 6.0 = 1 * 2 * 3,
// little-endian, for every element), which the second fold reads back.
// CHECK-LABEL: func.func @fold_twice_resource
//       CHECK: %[[W:.*]] = arith.constant dense_resource<[[NAME:conv_bn_filter.*]]> : tensor<16x16x1x1xf32>
//       CHECK: sparrow.conv2d %{{.*}}, %[[W]], %{{.*}}
//   CHECK-NOT: sparrow.batch_norm
//       CHECK: [[NAME]]: "0x04000000{{(0000C040)+}}"
func.func @fold_twice_resource(%x: tensor<1x16x2x2xf32>) -> tensor<1x16x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<16x16x1x1xf32>
  %two = arith.constant dense<2.0> : tensor<16xf32>
  %three = arith.constant dense<3.0> : tensor<16xf32>
  %zero = arith.constant dense<0.0> : tensor<16xf32>
  %one = arith.constant dense<1.0> : tensor<16xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x16x2x2xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x2x2xf32>
  %y = sparrow.batch_norm %c, %two, %zero, %zero, %one {epsilon = 0.0 : f32}
       : (tensor<1x16x2x2xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x2x2xf32>
  %z = sparrow.batch_norm %y, %three, %zero, %zero, %one {epsilon = 0.0 : f32}
       : (tensor<1x16x2x2xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x2x2xf32>
  return %z : tensor<1x16x2x2xf32>
}

// -----

// A conv that already carries an activation cannot absorb the affine BN.
// CHECK-LABEL: func.func @no_fold_activation
//       CHECK: %[[C:.*]] = sparrow.conv2d {{.*}}activation = #sparrow.act<relu>
//       CHECK: sparrow.batch_norm %[[C]]
func.func @no_fold_activation(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A conv whose result is also used elsewhere must stay as it is.
// CHECK-LABEL: func.func @no_fold_two_users
//       CHECK: %[[C:.*]] = sparrow.conv2d
//       CHECK: %[[Y:.*]] = sparrow.batch_norm %[[C]]
//       CHECK: return %[[Y]], %[[C]]
func.func @no_fold_two_users(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y, %c : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A filter that is a function argument cannot be rewritten.
// CHECK-LABEL: func.func @no_fold_filter_argument
//  CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[W:.*]]: tensor<2x2x1x1xf32>)
//       CHECK: %[[C:.*]] = sparrow.conv2d %[[X]], %[[W]]
//       CHECK: sparrow.batch_norm %[[C]]
func.func @no_fold_filter_argument(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %c, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Neither does a non-constant conv bias or BN parameter.
// CHECK-LABEL: func.func @no_fold_non_constant_params
//       CHECK: %[[C0:.*]] = sparrow.conv2d
//       CHECK: sparrow.batch_norm %[[C0]]
//       CHECK: %[[C1:.*]] = sparrow.conv2d
//       CHECK: sparrow.batch_norm %[[C1]]
func.func @no_fold_non_constant_params(%x: tensor<1x2x3x3xf32>, %b: tensor<2xf32>, %mean: tensor<2xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %c0 = sparrow.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %y0 = sparrow.batch_norm %c0, %p, %p, %p, %p
        : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %c1 = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
        : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y1 = sparrow.batch_norm %c1, %p, %p, %mean, %p
        : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y0, %y1 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// A batch norm that follows anything but a conv stays.
// CHECK-LABEL: func.func @no_fold_non_conv
//       CHECK: %[[A:.*]] = sparrow.add
//       CHECK: sparrow.batch_norm %[[A]]
//       CHECK: sparrow.batch_norm %arg0
func.func @no_fold_non_conv(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %p = arith.constant dense<1.0> : tensor<2xf32>
  %a = sparrow.add %x, %x : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %y = sparrow.batch_norm %a, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %z = sparrow.batch_norm %x, %p, %p, %p, %p
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %y, %z : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// -----

// BN over a gemm's columns (transB: B is [N, K]): scale s = 2 / sqrt(3 + 1)
// = 1 multiplies B's rows; bias (0.5 * 2 - mean 1) * 1 + beta 0.25 = 0.25.
// CHECK-LABEL: func.func @fold_into_gemm
//  CHECK-DAG:  %[[C:.*]] = arith.constant dense<2.500000e-01> : tensor<3xf32>
//      CHECK:  %[[G:.*]] = sparrow.gemm %arg0, %{{.*}}, %[[C]] {trans_b = true}
//  CHECK-NOT:  sparrow.batch_norm
//      CHECK:  return %[[G]]
func.func @fold_into_gemm(%a: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %b = arith.constant dense<1.0> : tensor<3x4xf32>
  %c = arith.constant dense<0.5> : tensor<3xf32>
  %g = arith.constant dense<2.0> : tensor<3xf32>
  %beta = arith.constant dense<0.25> : tensor<3xf32>
  %mean = arith.constant dense<1.0> : tensor<3xf32>
  %var = arith.constant dense<3.0> : tensor<3xf32>
  %y = sparrow.gemm %a, %b, %c {trans_b = true, beta = 2.0 : f32} : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %n = sparrow.batch_norm %y, %g, %beta, %mean, %var {epsilon = 1.0 : f32}
       : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %n : tensor<2x3xf32>
}

// -----

// A gemm with a fused activation is not linear: the BN stays.
// CHECK-LABEL: func.func @gemm_with_activation
//      CHECK:  sparrow.batch_norm
func.func @gemm_with_activation(%a: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %b = arith.constant dense<1.0> : tensor<4x3xf32>
  %g = arith.constant dense<2.0> : tensor<3xf32>
  %beta = arith.constant dense<0.25> : tensor<3xf32>
  %mean = arith.constant dense<1.0> : tensor<3xf32>
  %var = arith.constant dense<3.0> : tensor<3xf32>
  %y = sparrow.gemm %a, %b {activation = #sparrow.act<relu>} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  %n = sparrow.batch_norm %y, %g, %beta, %mean, %var {epsilon = 1.0 : f32}
       : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %n : tensor<2x3xf32>
}
