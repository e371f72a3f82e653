// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s

// A slice with positive strides is a tensor.extract_slice (a view).
// CHECK-LABEL: func.func @slice
//       CHECK: tensor.extract_slice %arg0[1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
func.func @slice(%x: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.slice %x {offsets = array<i64: 1, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A negative stride computes offset + i * stride and extracts.
// CHECK-LABEL: func.func @slice_backwards
//       CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x3xf32>)
//       CHECK:   %[[J:.*]] = linalg.index 1 : index
//       CHECK:   %[[S:.*]] = arith.constant -2 : index
//       CHECK:   %[[M:.*]] = arith.muli %[[J]], %[[S]]
//       CHECK:   %[[O:.*]] = arith.constant 5 : index
//       CHECK:   %[[C:.*]] = arith.addi %[[M]], %[[O]]
//       CHECK:   tensor.extract %arg0[%{{.*}}, %[[C]]]
func.func @slice_backwards(%x: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.slice %x {offsets = array<i64: 1, 5>, sizes = array<i64: 2, 3>, strides = array<i64: 1, -2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// tile reads through a modulo map, expand through a broadcast map.
//   CHECK-DAG: #[[MOD:.*]] = affine_map<(d0, d1) -> (d0 mod 2, d1)>
//   CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @tile_expand
//       CHECK: linalg.generic {indexing_maps = [#[[MOD]], #{{.*}}]
//       CHECK: linalg.generic {indexing_maps = [#[[BC]], #{{.*}}]
func.func @tile_expand(%x: tensor<2x3xf32>, %y: tensor<3x1xf32>) -> (tensor<4x3xf32>, tensor<2x3x4xf32>) {
  %0 = sparrow.tile %x {repeats = array<i64: 2, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  %1 = sparrow.expand %y {shape = array<i64: 2, 1, 4>} : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<2x3x4xf32>
}

// -----

// gather iterates over the result, reads the index through its map and
// clamps it into the axis before extracting.
//   CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gather
//       CHECK: %[[I:.*]] = arith.constant dense<[3, 1]> : tensor<2xi64>
//       CHECK: linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}], {{.*}} ins(%[[I]] : tensor<2xi64>)
//       CHECK:   %[[C:.*]] = arith.index_cast
//       CHECK:   %[[R:.*]] = linalg.index 0 : index
//       CHECK:   arith.maxsi %[[C]]
//       CHECK:   %[[K:.*]] = arith.minsi
//       CHECK:   tensor.extract %arg0[%[[R]], %[[K]]]
func.func @gather(%x: tensor<3x4xf32>) -> tensor<3x2xf32> {
  %i = arith.constant dense<[3, 1]> : tensor<2xi64>
  %0 = sparrow.gather %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Constant padding is a tensor.pad; reflect mirrors |i| and 2 (n - 1) - i.
// CHECK-LABEL: func.func @pad
//       CHECK: linalg.generic
//       CHECK:   arith.maxsi
//       CHECK:   %[[FAR:.*]] = arith.constant 4 : index
//       CHECK:   arith.subi %[[FAR]]
//       CHECK:   tensor.extract %arg0
//       CHECK: tensor.pad %arg0 low[1, 0] high[0, 0]
//       CHECK:   tensor.yield %{{.*}} : f32
func.func @pad(%x: tensor<2x3xf32>) -> (tensor<2x5xf32>, tensor<3x3xf32>) {
  %0 = sparrow.pad reflect %x {pads = array<i64: 0, 1, 0, 1>} : (tensor<2x3xf32>) -> tensor<2x5xf32>
  %1 = sparrow.pad constant %x {pads = array<i64: 1, 0, 0, 0>, value = 0.5 : f32} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0, %1 : tensor<2x5xf32>, tensor<3x3xf32>
}
