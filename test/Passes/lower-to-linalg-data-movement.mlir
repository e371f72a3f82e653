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

// A transpose moves runs of dims that stay together as one dim: (2, 0, 1)
// on 2x3x4 keeps dims 0 and 1 adjacent, so it is a 6x4 -> 4x6 transpose
// between two reshapes.
// CHECK-LABEL: func.func @transpose
//       CHECK: %[[C:.*]] = tensor.collapse_shape %arg0
//       CHECK: %[[X:.*]] = tensor.expand_shape %[[C]] {{.*}} : tensor<24xf32> into tensor<6x4xf32>
//       CHECK: %[[E:.*]] = tensor.empty() : tensor<4x6xf32>
//       CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<6x4xf32>) outs(%[[E]] : tensor<4x6xf32>) permutation = [1, 0]
//       CHECK: tensor.expand_shape {{.*}} : tensor<24xf32> into tensor<4x2x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = sparrow.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Swin's window partition: unit dims drop out and the trailing 7x96 run
// copies as rows of 672 floats.
// CHECK-LABEL: func.func @window_partition
//       CHECK: linalg.transpose ins(%{{.*}} : tensor<8x7x8x672xf32>) outs(%{{.*}} : tensor<8x8x7x672xf32>) permutation = [0, 2, 1, 3]
func.func @window_partition(%x: tensor<1x8x7x8x7x96xf32>) -> tensor<1x8x8x7x7x96xf32> {
  %0 = sparrow.transpose %x {perm = array<i64: 0, 1, 3, 2, 4, 5>} : (tensor<1x8x7x8x7x96xf32>) -> tensor<1x8x8x7x7x96xf32>
  return %0 : tensor<1x8x8x7x7x96xf32>
}

// -----

// Moving only unit dims moves no data: a reshape, no transpose.
// CHECK-LABEL: func.func @unit_dims
//   CHECK-NOT: linalg.transpose
//       CHECK: return
func.func @unit_dims(%x: tensor<1x4x1x5xf32>) -> tensor<4x1x5x1xf32> {
  %0 = sparrow.transpose %x {perm = array<i64: 1, 0, 3, 2>} : (tensor<1x4x1x5xf32>) -> tensor<4x1x5x1xf32>
  return %0 : tensor<4x1x5x1xf32>
}
