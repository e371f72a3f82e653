// RUN: sparrow-opt %s -split-input-file --sparrow-fuse-activations | FileCheck %s

// relu after a conv becomes the conv's activation.
// CHECK-LABEL: func.func @relu_into_conv
//       CHECK: %[[C:.*]] = sparrow.conv2d %{{.*}}, %{{.*}} {activation = #sparrow.act<relu>, dilations
//   CHECK-NOT: sparrow.relu
//       CHECK: return %[[C]]
func.func @relu_into_conv(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %y = sparrow.relu %c : tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// clip keeps its bounds as the activation parameters (ReLU6 into a gemm).
// CHECK-LABEL: func.func @clip_into_gemm
//       CHECK: %[[G:.*]] = sparrow.gemm %{{.*}}, %{{.*}}, %{{.*}} {activation = #sparrow.act<clip, 0.000000e+00, 6.000000e+00>, trans_b = true}
//   CHECK-NOT: sparrow.clip
//       CHECK: return %[[G]]
func.func @clip_into_gemm(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %g = sparrow.gemm %a, %b, %c {trans_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %y = sparrow.clip %g {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// sigmoid into a broadcasting add.
// CHECK-LABEL: func.func @sigmoid_into_add
//       CHECK: %[[A:.*]] = sparrow.add %{{.*}}, %{{.*}} {activation = #sparrow.act<sigmoid>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
//   CHECK-NOT: sparrow.sigmoid
//       CHECK: return %[[A]]
func.func @sigmoid_into_add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %s = sparrow.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %y = sparrow.sigmoid %s : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// hard_sigmoid carries its alpha and beta, the defaults included.
// CHECK-LABEL: func.func @hard_sigmoid_into_sub_and_mul
//       CHECK: %[[S:.*]] = sparrow.sub {{.*}} {activation = #sparrow.act<hard_sigmoid, 2.000000e-01, 5.000000e-01>}
//       CHECK: %[[M:.*]] = sparrow.mul {{.*}} {activation = #sparrow.act<hard_sigmoid, 2.500000e-01, 1.250000e-01>}
//   CHECK-NOT: sparrow.hard_sigmoid
//       CHECK: return %[[S]], %[[M]]
func.func @hard_sigmoid_into_sub_and_mul(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = sparrow.sub %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = sparrow.hard_sigmoid %s : tensor<4xf32>
  %m = sparrow.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %z = sparrow.hard_sigmoid %m {alpha = 0.25 : f32, beta = 0.125 : f32} : tensor<4xf32>
  return %y, %z : tensor<4xf32>, tensor<4xf32>
}

// -----

// hard_swish into mul, relu into div.
// CHECK-LABEL: func.func @hard_swish_into_mul_relu_into_div
//       CHECK: %[[M:.*]] = sparrow.mul {{.*}} {activation = #sparrow.act<hard_swish>}
//       CHECK: %[[D:.*]] = sparrow.div %[[M]], {{.*}} {activation = #sparrow.act<relu>}
//   CHECK-NOT: sparrow.hard_swish
//   CHECK-NOT: sparrow.relu
//       CHECK: return %[[D]]
func.func @hard_swish_into_mul_relu_into_div(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %m = sparrow.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %h = sparrow.hard_swish %m : tensor<4xf32>
  %d = sparrow.div %h, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = sparrow.relu %d : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A producer with a second user keeps computing the pre-activation value.
// CHECK-LABEL: func.func @no_fuse_two_users
//       CHECK: %[[A:.*]] = sparrow.add %{{[^ ]*}}, %{{[^ ]*}} :
//       CHECK: %[[R:.*]] = sparrow.relu %[[A]]
//       CHECK: return %[[R]], %[[A]]
func.func @no_fuse_two_users(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %s = sparrow.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = sparrow.relu %s : tensor<4xf32>
  return %y, %s : tensor<4xf32>, tensor<4xf32>
}

// -----

// A producer that already carries an activation is not overwritten: the
// first relu fuses, the second stays.
// CHECK-LABEL: func.func @no_fuse_second_activation
//       CHECK: %[[C:.*]] = sparrow.conv2d {{.*}}activation = #sparrow.act<clip, 0.000000e+00, 6.000000e+00>
//       CHECK: %[[R:.*]] = sparrow.relu %[[C]]
//       CHECK: %[[G:.*]] = sparrow.gemm {{.*}}activation = #sparrow.act<relu>
//       CHECK: %[[S:.*]] = sparrow.sigmoid %[[G]]
//       CHECK: return %[[R]], %[[S]]
func.func @no_fuse_second_activation(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>,
                                     %a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> (tensor<1x3x4x4xf32>, tensor<2x4xf32>) {
  %c = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64,
         activation = #sparrow.act<clip, 0.0, 6.0>}
       : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %y = sparrow.relu %c : tensor<1x3x4x4xf32>
  %g = sparrow.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %r = sparrow.relu %g : tensor<2x4xf32>
  %s = sparrow.sigmoid %r : tensor<2x4xf32>
  return %y, %s : tensor<1x3x4x4xf32>, tensor<2x4xf32>
}

// -----

// Pooling, matmul and concat have no activation slot.
// CHECK-LABEL: func.func @no_fuse_other_producers
//       CHECK: %[[P:.*]] = sparrow.max_pool
//       CHECK: sparrow.relu %[[P]]
//       CHECK: %[[M:.*]] = sparrow.matmul
//       CHECK: sparrow.clip %[[M]]
//       CHECK: %[[C:.*]] = sparrow.concat
//       CHECK: sparrow.sigmoid %[[C]]
//       CHECK: %[[G:.*]] = sparrow.global_average_pool
//       CHECK: sparrow.hard_swish %[[G]]
//   CHECK-NOT: activation
func.func @no_fuse_other_producers(%x: tensor<1x2x4x4xf32>, %l: tensor<2x3xf32>, %r: tensor<3x4xf32>)
    -> (tensor<1x2x2x2xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x2x1x1xf32>) {
  %p = sparrow.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
       : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %0 = sparrow.relu %p : tensor<1x2x2x2xf32>
  %m = sparrow.matmul %l, %r : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = sparrow.clip %m {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x4xf32>
  %c = sparrow.concat %l, %l {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %2 = sparrow.sigmoid %c : tensor<4x3xf32>
  %g = sparrow.global_average_pool %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %3 = sparrow.hard_swish %g : tensor<1x2x1x1xf32>
  return %0, %1, %2, %3 : tensor<1x2x2x2xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x2x1x1xf32>
}

// -----

// An activation of a function argument has no producer to fuse into.
// CHECK-LABEL: func.func @no_fuse_argument
//       CHECK: sparrow.relu %arg0
func.func @no_fuse_argument(%x: tensor<4xf32>) -> tensor<4xf32> {
  %y = sparrow.relu %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
