// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every data movement op is lowered.
// GONE-NOT: sparrow.

// Concat inserts each input into one destination at the running offset
// along the axis (0, 2, then 2 + 3).
// CHECK-LABEL: func.func @concat_middle_axis
//  CHECK-SAME: (%[[A:.*]]: tensor<1x2x4xf32>, %[[B:.*]]: tensor<1x3x4xf32>, %[[C:.*]]: tensor<1x1x4xf32>)
//       CHECK: %[[E:.*]] = tensor.empty() : tensor<1x6x4xf32>
//       CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0] [1, 2, 4] [1, 1, 1]
//       CHECK: %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 2, 0] [1, 3, 4] [1, 1, 1]
//       CHECK: %[[S2:.*]] = tensor.insert_slice %[[C]] into %[[S1]][0, 5, 0] [1, 1, 4] [1, 1, 1]
//       CHECK: return %[[S2]]
func.func @concat_middle_axis(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>, %c: tensor<1x1x4xf32>) -> tensor<1x6x4xf32> {
  %0 = sparrow.concat %a, %b, %c {axis = 1 : i64}
       : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x1x4xf32>) -> tensor<1x6x4xf32>
  return %0 : tensor<1x6x4xf32>
}

// -----

// Concat along the last axis: the offsets move in the innermost dim.
// CHECK-LABEL: func.func @concat_last_axis
//       CHECK: %[[S0:.*]] = tensor.insert_slice %arg0 into %{{.*}}[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x5xf32>
//       CHECK: %[[S1:.*]] = tensor.insert_slice %arg1 into %[[S0]][0, 3] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<2x5xf32>
//       CHECK: return %[[S1]]
func.func @concat_last_axis(%a: tensor<2x3xf32>, %b: tensor<2x2xf32>) -> tensor<2x5xf32> {
  %0 = sparrow.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// A reshape collapses to 1-D and expands to the result shape; a 1-D result
// needs only the collapse, a 1-D input only the expand.
// CHECK-LABEL: func.func @reshape
//  CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[F:.*]]: tensor<6xf32>)
//       CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
//       CHECK: %[[R0:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
//       CHECK: %[[R1:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
//   CHECK-NOT: tensor.collapse_shape
//       CHECK: %[[R2:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1, 2]] output_shape [1, 2, 3] : tensor<6xf32> into tensor<1x2x3xf32>
//       CHECK: return %[[R0]], %[[R1]], %[[R2]]
func.func @reshape(%x: tensor<2x3xf32>, %f: tensor<6xf32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<1x2x3xf32>) {
  %0 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = sparrow.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %2 = sparrow.reshape %f : (tensor<6xf32>) -> tensor<1x2x3xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<6xf32>, tensor<1x2x3xf32>
}

// -----

// A transpose becomes linalg.transpose with the same permutation.
// CHECK-LABEL: func.func @transpose
//       CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
//       CHECK: %[[T:.*]] = linalg.transpose ins(%arg0 : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
//       CHECK: return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = sparrow.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}
