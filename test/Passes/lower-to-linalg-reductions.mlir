// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s

// A mean reduces into the kept dims, divides by the reduced count and
// expands back to the keep_dims shape.
//   CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
//   CHECK-DAG: #[[KEPT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @mean
//       CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2xf32>)
//       CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[KEPT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<2x3x4xf32>) outs(%[[Z]] : tensor<2xf32>)
//       CHECK:   arith.addf
//       CHECK: linalg.generic {{.*}} ins(%[[S]] : tensor<2xf32>)
//       CHECK:   %[[N:.*]] = arith.constant 1.200000e+01 : f32
//       CHECK:   arith.divf %{{.*}}, %[[N]]
//       CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [2, 1, 1]
func.func @mean(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = sparrow.reduce mean %x {axes = array<i64: 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// max starts from -inf; without keep_dims no reshape follows.
// CHECK-LABEL: func.func @max
//       CHECK: arith.constant 0xFF800000 : f32
//       CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
//       CHECK:   arith.maximumf
//   CHECK-NOT: tensor.expand_shape
func.func @max(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  %0 = sparrow.reduce max %x {axes = array<i64: 0>, keep_dims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// l2 sums squares, then takes the square root.
// CHECK-LABEL: func.func @l2
//       CHECK: %[[SQ:.*]] = arith.mulf %[[X:.*]], %[[X]]
//       CHECK: arith.addf %{{.*}}, %[[SQ]]
//       CHECK: math.sqrt
func.func @l2(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = sparrow.reduce l2 %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// arg_max carries (max, index) pairs; select_last_index compares with oge.
// CHECK-LABEL: func.func @arg_max
//       CHECK: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
//       CHECK:   %[[I:.*]] = linalg.index 1 : index
//       CHECK:   %[[P:.*]] = arith.index_cast %[[I]] : index to i64
//       CHECK:   %[[T:.*]] = arith.cmpf oge
//       CHECK:   arith.select %[[T]], %[[P]]
//       CHECK: tensor.expand_shape %[[R]]#1
func.func @arg_max(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = sparrow.arg_max %x {axis = 1 : i64, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}
