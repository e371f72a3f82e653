// RUN: sparrow-opt %s -split-input-file --sparrow-recognize-layer-norm | FileCheck %s

// Layer norm as opset-13 exporters write it, scale and bias included.
// CHECK-LABEL: func.func @layer_norm
//      CHECK:  %[[Y:.*]] = sparrow.layer_norm %arg0, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<1x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
// CHECK-NEXT:  return %[[Y]]
func.func @layer_norm(%x: tensor<1x4x16xf32>) -> tensor<1x4x16xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %gamma = arith.constant dense<1.5> : tensor<16xf32>
  %beta = arith.constant dense<0.25> : tensor<16xf32>
  %m = sparrow.reduce mean %x {axes = array<i64: 2>, keep_dims = true} : (tensor<1x4x16xf32>) -> tensor<1x4x1xf32>
  %d = sparrow.sub %x, %m : (tensor<1x4x16xf32>, tensor<1x4x1xf32>) -> tensor<1x4x16xf32>
  %p = sparrow.pow %d, %two : (tensor<1x4x16xf32>, tensor<f32>) -> tensor<1x4x16xf32>
  %v = sparrow.reduce mean %p {axes = array<i64: 2>, keep_dims = true} : (tensor<1x4x16xf32>) -> tensor<1x4x1xf32>
  %ve = sparrow.add %v, %eps : (tensor<1x4x1xf32>, tensor<f32>) -> tensor<1x4x1xf32>
  %s = sparrow.unary sqrt %ve : tensor<1x4x1xf32>
  %n = sparrow.div %d, %s : (tensor<1x4x16xf32>, tensor<1x4x1xf32>) -> tensor<1x4x16xf32>
  %g = sparrow.mul %n, %gamma : (tensor<1x4x16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  %y = sparrow.add %beta, %g : (tensor<16xf32>, tensor<1x4x16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}

// -----

// The square as d * d, over the last two axes, without scale or bias.
// CHECK-LABEL: func.func @two_axes_no_affine
//      CHECK:  sparrow.layer_norm %arg0, %{{.*}} {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
func.func @two_axes_no_affine(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %eps = arith.constant dense<1.0e-3> : tensor<f32>
  %m = sparrow.reduce mean %x {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %d = sparrow.sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %p = sparrow.mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = sparrow.reduce mean %p {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %ve = sparrow.add %v, %eps : (tensor<2x1x1xf32>, tensor<f32>) -> tensor<2x1x1xf32>
  %s = sparrow.unary sqrt %ve : tensor<2x1x1xf32>
  %n = sparrow.div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// Mean over a leading axis (instance-norm-like): not a layer norm.
// CHECK-LABEL: func.func @leading_axis
//  CHECK-NOT:  sparrow.layer_norm
func.func @leading_axis(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %m = sparrow.reduce mean %x {axes = array<i64: 0>, keep_dims = true} : (tensor<4x16xf32>) -> tensor<1x16xf32>
  %d = sparrow.sub %x, %m : (tensor<4x16xf32>, tensor<1x16xf32>) -> tensor<4x16xf32>
  %p = sparrow.pow %d, %two : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %v = sparrow.reduce mean %p {axes = array<i64: 0>, keep_dims = true} : (tensor<4x16xf32>) -> tensor<1x16xf32>
  %ve = sparrow.add %v, %eps : (tensor<1x16xf32>, tensor<f32>) -> tensor<1x16xf32>
  %s = sparrow.unary sqrt %ve : tensor<1x16xf32>
  %n = sparrow.div %d, %s : (tensor<4x16xf32>, tensor<1x16xf32>) -> tensor<4x16xf32>
  return %n : tensor<4x16xf32>
}

// -----

// The variance is of another tensor: not a normalisation of x.
// CHECK-LABEL: func.func @variance_of_other
//  CHECK-NOT:  sparrow.layer_norm
func.func @variance_of_other(%x: tensor<4x16xf32>, %z: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %m = sparrow.reduce mean %x {axes = array<i64: 1>, keep_dims = true} : (tensor<4x16xf32>) -> tensor<4x1xf32>
  %d = sparrow.sub %x, %m : (tensor<4x16xf32>, tensor<4x1xf32>) -> tensor<4x16xf32>
  %p = sparrow.pow %z, %two : (tensor<4x16xf32>, tensor<f32>) -> tensor<4x16xf32>
  %v = sparrow.reduce mean %p {axes = array<i64: 1>, keep_dims = true} : (tensor<4x16xf32>) -> tensor<4x1xf32>
  %ve = sparrow.add %v, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %s = sparrow.unary sqrt %ve : tensor<4x1xf32>
  %n = sparrow.div %d, %s : (tensor<4x16xf32>, tensor<4x1xf32>) -> tensor<4x16xf32>
  return %n : tensor<4x16xf32>
}
