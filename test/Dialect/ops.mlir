// RUN: sparrow-opt %s | sparrow-opt | FileCheck %s
// RUN: sparrow-opt %s --mlir-print-op-generic | sparrow-opt | FileCheck %s

// A strided, padded conv with bias and a fused activation keeps every
// attribute, and its result type is the inferred one.
// CHECK-LABEL: func.func @conv2d_full
//  CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
//       CHECK: sparrow.conv2d %[[X]], %[[W]], %[[B]]
//  CHECK-SAME: activation = #sparrow.act<relu>
//  CHECK-SAME: dilations = array<i64: 1, 1>
//  CHECK-SAME: groups = 1 : i64
//  CHECK-SAME: pads = array<i64: 1, 1, 1, 1>
//  CHECK-SAME: strides = array<i64: 2, 2>
//  CHECK-SAME: : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
func.func @conv2d_full(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %y = sparrow.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>,
         dilations = array<i64: 1, 1>, groups = 1 : i64, activation = #sparrow.act<relu>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// A depthwise conv without bias (the optional operand is absent) and with
// dilation.
// CHECK-LABEL: func.func @conv2d_depthwise
//       CHECK: sparrow.conv2d %{{[^,]*}}, %{{[^ ]*}} {dilations = array<i64: 2, 2>, groups = 8 : i64, pads
//  CHECK-SAME: : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32>
func.func @conv2d_depthwise(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32> {
  %y = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
         dilations = array<i64: 2, 2>, groups = 8 : i64}
       : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// Gemm with every attribute set and a C operand; a second gemm with defaults
// and no C prints no attributes.
// CHECK-LABEL: func.func @gemm
//       CHECK: sparrow.gemm %{{.*}}, %{{.*}}, %{{.*}} {activation = #sparrow.act<sigmoid>, alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, trans_a = true, trans_b = true}
//  CHECK-SAME: : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<2x5xf32>
//       CHECK: sparrow.gemm %{{[^,]*}}, %{{[^ ]*}} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
func.func @gemm(%a: tensor<3x2xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>,
                %a2: tensor<2x3xf32>, %b2: tensor<3x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  %0 = sparrow.gemm %a, %b, %c {trans_a = true, trans_b = true, alpha = 0.5 : f32, beta = 2.0 : f32,
         activation = #sparrow.act<sigmoid>}
       : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  %1 = sparrow.gemm %a2, %b2 : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0, %1 : tensor<2x5xf32>, tensor<2x5xf32>
}

// Batched matmul broadcasting the batch dims of both operands.
// CHECK-LABEL: func.func @matmul
//       CHECK: sparrow.matmul %{{.*}}, %{{.*}} : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
func.func @matmul(%l: tensor<2x1x4x3xf32>, %r: tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32> {
  %0 = sparrow.matmul %l, %r : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  return %0 : tensor<2x5x4x6xf32>
}

// Batch norm with a non-default epsilon.
// CHECK-LABEL: func.func @batch_norm
//       CHECK: sparrow.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32}
//  CHECK-SAME: -> tensor<1x2x3x3xf32>
func.func @batch_norm(%x: tensor<1x2x3x3xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>,
                      %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = sparrow.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// The four binary ops, broadcasting, with and without activations.
// CHECK-LABEL: func.func @binary
//       CHECK: sparrow.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
//       CHECK: sparrow.sub %{{.*}}, %{{.*}} {activation = #sparrow.act<hard_swish>} : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
//       CHECK: sparrow.mul %{{.*}}, %{{.*}} {activation = #sparrow.act<hard_sigmoid, 2.000000e-01, 5.000000e-01>}
//       CHECK: sparrow.div %{{.*}}, %{{.*}} {activation = #sparrow.act<clip, -1.000000e+00, 1.000000e+00>}
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>, %d: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = sparrow.sub %c, %d {activation = #sparrow.act<hard_swish>} : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %2 = sparrow.mul %0, %1 {activation = #sparrow.act<hard_sigmoid, 0.2, 0.5>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = sparrow.div %2, %a {activation = #sparrow.act<clip, -1.0, 1.0>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// The unary ops; hard_sigmoid prints no attributes when they are the
// defaults and prints them otherwise.
// CHECK-LABEL: func.func @unary
//       CHECK: %[[R:.*]] = sparrow.relu %{{.*}} : tensor<2x3xf32>
//       CHECK: %[[S:.*]] = sparrow.sigmoid %[[R]] : tensor<2x3xf32>
//       CHECK: %[[H:.*]] = sparrow.hard_swish %[[S]] : tensor<2x3xf32>
//       CHECK: %[[C:.*]] = sparrow.clip %[[H]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3xf32>
//       CHECK: %[[D:.*]] = sparrow.hard_sigmoid %[[C]] : tensor<2x3xf32>
//       CHECK: sparrow.hard_sigmoid %[[D]] {alpha = 1.000000e-01 : f32, beta = 2.500000e-01 : f32} : tensor<2x3xf32>
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.relu %x : tensor<2x3xf32>
  %1 = sparrow.sigmoid %0 : tensor<2x3xf32>
  %2 = sparrow.hard_swish %1 : tensor<2x3xf32>
  %3 = sparrow.clip %2 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf32>
  %4 = sparrow.hard_sigmoid %3 : tensor<2x3xf32>
  %5 = sparrow.hard_sigmoid %4 {alpha = 0.1 : f32, beta = 0.25 : f32} : tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// Max pooling with dilation and ceil_mode; average pooling with
// count_include_pad; global average pooling of a 5-D input.
// CHECK-LABEL: func.func @pooling
//       CHECK: sparrow.max_pool %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
//       CHECK: sparrow.average_pool %{{.*}} {count_include_pad = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
//       CHECK: sparrow.global_average_pool %{{.*}} : (tensor<1x2x3x4x5xf32>) -> tensor<1x2x1x1x1xf32>
func.func @pooling(%x: tensor<1x2x5x5xf32>, %y: tensor<1x2x3x4x5xf32>)
    -> (tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>, tensor<1x2x1x1x1xf32>) {
  %0 = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}
       : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = sparrow.average_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>,
         pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
       : (tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32>
  %2 = sparrow.global_average_pool %y : (tensor<1x2x3x4x5xf32>) -> tensor<1x2x1x1x1xf32>
  return %0, %1, %2 : tensor<1x2x3x3xf32>, tensor<1x2x5x5xf32>, tensor<1x2x1x1x1xf32>
}

// Softmax keeps its axis.
// CHECK-LABEL: func.func @softmax
//       CHECK: sparrow.softmax %{{.*}} {axis = 1 : i64} : tensor<2x10xf32>
func.func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = sparrow.softmax %x {axis = 1 : i64} : tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// Concat of three inputs, reshape and transpose.
// CHECK-LABEL: func.func @data_movement
//       CHECK: %[[C:.*]] = sparrow.concat %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x1x4xf32>) -> tensor<1x6x4xf32>
//       CHECK: %[[R:.*]] = sparrow.reshape %[[C]] : (tensor<1x6x4xf32>) -> tensor<4x6xf32>
//       CHECK: sparrow.transpose %[[R]] {perm = array<i64: 1, 0>} : (tensor<4x6xf32>) -> tensor<6x4xf32>
func.func @data_movement(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>, %c: tensor<1x1x4xf32>) -> tensor<6x4xf32> {
  %0 = sparrow.concat %a, %b, %c {axis = 1 : i64}
       : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x1x4xf32>) -> tensor<1x6x4xf32>
  %1 = sparrow.reshape %0 : (tensor<1x6x4xf32>) -> tensor<4x6xf32>
  %2 = sparrow.transpose %1 {perm = array<i64: 1, 0>} : (tensor<4x6xf32>) -> tensor<6x4xf32>
  return %2 : tensor<6x4xf32>
}

// Every form of the activation attribute, standalone: kinds without
// parameters print none, clip and hard_sigmoid print both (negative values and
// min == max are accepted).
// CHECK-LABEL: func.func @activation_forms
//  CHECK-SAME: sparrow.a0 = #sparrow.act<relu>
//  CHECK-SAME: sparrow.a1 = #sparrow.act<sigmoid>
//  CHECK-SAME: sparrow.a2 = #sparrow.act<hard_swish>
//  CHECK-SAME: sparrow.a3 = #sparrow.act<clip, 0.000000e+00, 6.000000e+00>
//  CHECK-SAME: sparrow.a4 = #sparrow.act<hard_sigmoid, 0.166666672, 5.000000e-01>
//  CHECK-SAME: sparrow.a5 = #sparrow.act<clip, -2.500000e+00, -2.500000e+00>
func.func @activation_forms() attributes {
    sparrow.a0 = #sparrow.act<relu>, sparrow.a1 = #sparrow.act<sigmoid>,
    sparrow.a2 = #sparrow.act<hard_swish>, sparrow.a3 = #sparrow.act<clip, 0.0, 6.0>,
    sparrow.a4 = #sparrow.act<hard_sigmoid, 0.16666667, 0.5>,
    sparrow.a5 = #sparrow.act<clip, -2.5, -2.5>} {
  return
}
