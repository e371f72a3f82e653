// RUN: sparrow-opt %s | sparrow-opt | FileCheck %s
// RUN: sparrow-opt %s --mlir-print-op-generic | sparrow-opt | FileCheck %s

// sparrow.unary prints its kind as a keyword; alpha only where the kind
// takes one.
// CHECK-LABEL: func.func @unary
//       CHECK: sparrow.unary tanh %{{.*}} : tensor<2x3xf32>
//       CHECK: sparrow.unary erf %{{.*}} : tensor<2x3xf32>
//       CHECK: sparrow.unary leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32} : tensor<2x3xf32>
//       CHECK: sparrow.unary elu %{{.*}} {alpha = 1.000000e+00 : f32} : tensor<2x3xf32>
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.unary tanh %x : tensor<2x3xf32>
  %1 = sparrow.unary erf %0 : tensor<2x3xf32>
  %2 = sparrow.unary leaky_relu %1 {alpha = 0.1 : f32} : tensor<2x3xf32>
  %3 = sparrow.unary elu %2 {alpha = 1.0 : f32} : tensor<2x3xf32>
  return %3 : tensor<2x3xf32>
}

// The new binary ops broadcast like add.
// CHECK-LABEL: func.func @binary
//       CHECK: sparrow.pow %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
//       CHECK: sparrow.max %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
//       CHECK: sparrow.min %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
//       CHECK: sparrow.prelu %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
//       CHECK: sparrow.mod %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @binary(%x: tensor<2x3xf32>, %s: tensor<f32>, %r: tensor<3xf32>, %c: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.pow %x, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = sparrow.max %0, %r : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = sparrow.min %1, %c : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %3 = sparrow.prelu %2, %r : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = sparrow.mod %3, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// Comparisons make i1 masks that not and where consume.
// CHECK-LABEL: func.func @masks
//       CHECK: %[[M:.*]] = sparrow.compare lt %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
//       CHECK: %[[N:.*]] = sparrow.not %[[M]] : tensor<2x3xi1>
//       CHECK: sparrow.where %[[N]], %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @masks(%x: tensor<2x3xf32>, %r: tensor<3xf32>, %s: tensor<f32>) -> tensor<2x3xf32> {
  %m = sparrow.compare lt %x, %r : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %n = sparrow.not %m : tensor<2x3xi1>
  %y = sparrow.where %n, %x, %s : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// Reductions keep or drop the reduced dims; arg_max makes i64 indices.
// CHECK-LABEL: func.func @reductions
//       CHECK: sparrow.reduce mean %{{.*}} {axes = array<i64: 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
//       CHECK: sparrow.reduce l2 %{{.*}} {axes = array<i64: 1>, keep_dims = false} : (tensor<1x8x1x1xf32>) -> tensor<1x1x1xf32>
//       CHECK: sparrow.arg_max %{{.*}} {axis = 1 : i64, keep_dims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x4x4xi64>
func.func @reductions(%x: tensor<1x8x4x4xf32>) -> (tensor<1x1x1xf32>, tensor<1x4x4xi64>) {
  %0 = sparrow.reduce mean %x {axes = array<i64: 2, 3>, keep_dims = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %1 = sparrow.reduce l2 %0 {axes = array<i64: 1>, keep_dims = false} : (tensor<1x8x1x1xf32>) -> tensor<1x1x1xf32>
  %2 = sparrow.arg_max %x {axis = 1 : i64, keep_dims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x4x4xi64>
  return %1, %2 : tensor<1x1x1xf32>, tensor<1x4x4xi64>
}
