// RUN: sparrow-opt %s -split-input-file -canonicalize | FileCheck %s

// A reshape to its own type folds to its input.
// CHECK-LABEL: func.func @reshape_identity
//  CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
//   CHECK-NOT: sparrow.reshape
//       CHECK: return %[[X]]
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reshape(reshape(x)) becomes one reshape of x to the final shape.
// CHECK-LABEL: func.func @reshape_chain
//  CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
//       CHECK: %[[R:.*]] = sparrow.reshape %[[X]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
//  CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = sparrow.reshape %0 : (tensor<6xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// A chain that returns to the original shape disappears entirely.
// CHECK-LABEL: func.func @reshape_round_trip
//  CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
//   CHECK-NOT: sparrow.reshape
//       CHECK: return %[[X]]
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = sparrow.reshape %0 : (tensor<6xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// When the inner reshape has another user it stays, and the outer one reads
// the original input.
// CHECK-LABEL: func.func @reshape_chain_shared
//  CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
//   CHECK-DAG: %[[A:.*]] = sparrow.reshape %[[X]] : (tensor<2x3xf32>) -> tensor<6xf32>
//   CHECK-DAG: %[[B:.*]] = sparrow.reshape %[[X]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
//       CHECK: return %[[A]], %[[B]]
func.func @reshape_chain_shared(%x: tensor<2x3xf32>) -> (tensor<6xf32>, tensor<3x2xf32>) {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = sparrow.reshape %0 : (tensor<6xf32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<6xf32>, tensor<3x2xf32>
}

// -----

// A reshape of another op's result is not folded.
// CHECK-LABEL: func.func @reshape_of_relu
//       CHECK: %[[R:.*]] = sparrow.relu
//       CHECK: sparrow.reshape %[[R]] : (tensor<2x3xf32>) -> tensor<6xf32>
func.func @reshape_of_relu(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = sparrow.relu %x : tensor<2x3xf32>
  %1 = sparrow.reshape %0 : (tensor<2x3xf32>) -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

// -----

// Sparrow ops are pure: unused results are erased.
// CHECK-LABEL: func.func @dead_ops
//   CHECK-NOT: sparrow.
//       CHECK: return
func.func @dead_ops(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = sparrow.relu %x : tensor<1x2x4x4xf32>
  %1 = sparrow.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1 : i64}
       : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %2 = sparrow.softmax %x {axis = 1 : i64} : tensor<1x2x4x4xf32>
  return %x : tensor<1x2x4x4xf32>
}
