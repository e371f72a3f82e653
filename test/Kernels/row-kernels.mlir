// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4" --canonicalize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=LOOPS

// Softmax along the last axis: the 2 x 3 leading dims are 6 rows of 10. Per
// row (the parallel loop): a vector max over the first 8 elements, reduced
// once, then the last 2 one by one; exp(x - max) written and summed the
// same way; then one multiply by 1 / sum.
// CHECK-LABEL: func.func @softmax
//       CHECK:   tensor.collapse_shape %{{.*}} {{\[}}[0, 1], [2]] : tensor<2x3x10xf32> into tensor<6x10xf32>
//       CHECK:   scf.for %[[R:.*]] = %c0 to %c6 step %c1
//       CHECK:     scf.for %{{.*}} = %c0 to %c8 step %c4
//       CHECK:       arith.maxnumf %{{.*}} : vector<4xf32>
//       CHECK:     vector.reduction <maxnumf>
//       CHECK:     scf.for %{{.*}} = %c8 to %c10 step %c1
//       CHECK:       arith.maxnumf %{{.*}} : f32
//       CHECK:     scf.for %{{.*}} = %c0 to %c8 step %c4
//       CHECK:       math.exp %{{.*}} : vector<4xf32>
//       CHECK:       vector.transfer_write
//       CHECK:     vector.reduction <add>
//       CHECK:     math.exp %{{.*}} : f32
//       CHECK:     arith.divf %cst{{.*}}, %{{.*}} : f32
//       CHECK:     arith.mulf %{{.*}} : vector<4xf32>
//       CHECK:   } {sparrow.parallel}
// LOOPS-LABEL: func.func @softmax
//       LOOPS:   linalg.generic
//   LOOPS-NOT:   vector.
//       LOOPS:   return
func.func @softmax(%x: tensor<2x3x10xf32>) -> tensor<2x3x10xf32> {
  %0 = sparrow.softmax %x {axis = 2 : i64} : tensor<2x3x10xf32>
  return %0 : tensor<2x3x10xf32>
}

// -----

// Softmax along another axis is not contiguous: linalg generics.
// CHECK-LABEL: func.func @softmax_axis1
//   CHECK-NOT:   vector.reduction
//       CHECK:   linalg.generic
func.func @softmax_axis1(%x: tensor<2x10x3xf32>) -> tensor<2x10x3xf32> {
  %0 = sparrow.softmax %x {axis = 1 : i64} : tensor<2x10x3xf32>
  return %0 : tensor<2x10x3xf32>
}

// -----

// Layer norm over rows of 16 (4 whole vectors, no tail): the mean, the
// variance of the centred values, then (x - mean) x (scale / sd) + bias
// with scale and bias read as vectors.
// CHECK-LABEL: func.func @layer_norm
//       CHECK:   scf.for %[[R:.*]] = %c0 to %c4 step %c1
//       CHECK:     vector.reduction <add>
//       CHECK:     arith.mulf %{{.*}}, %[[INV_N:.*]] : f32
//       CHECK:     vector.reduction <add>
//       CHECK:     math.sqrt %{{.*}} : f32
//       CHECK:     scf.for %[[J:.*]] = %c0 to %c16 step %c4
//       CHECK:       vector.transfer_read %arg1[%[[J]]]
//       CHECK:       vector.transfer_read %arg2[%[[J]]]
//       CHECK:       vector.transfer_write
//   CHECK-NOT:     scf.for
//       CHECK:   } {sparrow.parallel}
// LOOPS-LABEL: func.func @layer_norm
//       LOOPS:   iterator_types = ["parallel", "reduction"]
func.func @layer_norm(%x: tensor<1x4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<1x4x16xf32> {
  %y = sparrow.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-5 : f32}
       : (tensor<1x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x4x16xf32>
  return %y : tensor<1x4x16xf32>
}
