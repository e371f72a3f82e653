// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2" --canonicalize | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg="vector-width=4 tile-rows=4 tile-vectors=2 pack-weights=true weight-lanes=true" --canonicalize | FileCheck %s --check-prefix=LANES

// A Linear over tokens: the 2 x 6 tokens are the tile rows (their values
// broadcast), B's rows the input rows, its 8 columns the vector positions.
// CHECK-LABEL: func.func @linear
//       CHECK:   scf.for %[[F:.*]] = %c0 to %c12 step %c4
//       CHECK:     scf.for %[[K:.*]] = %c0 to %c4 step %c2
//       CHECK:       vector.transfer_read %{{.*}}[%[[K]], %{{.*}}]{{.*}} : tensor<5x8xf32>, vector<4xf32>
//       CHECK:       tensor.extract %{{.*}}[%[[F]], %[[K]]] : tensor<12x5xf32>
//       CHECK:   } {sparrow.parallel}
// Where the target multiplies by lane (AArch64: packed weights read as
// lanes), each tile row's next 4 values of A along k are one load and the
// steps take their lanes; the 5th k is a step of its own.
// LANES-LABEL: func.func @linear
//       LANES:   scf.for %[[F:.*]] = %c0 to %c12 step %c4
//       LANES:     %[[A0:.*]] = vector.transfer_read %{{.*}}[%[[F]], %c0]{{.*}} : tensor<12x5xf32>, vector<4xf32>
//       LANES:     vector.extract %[[A0]][0]
//       LANES:     vector.extract %[[A0]][3]
//       LANES:     tensor.extract %{{.*}}[%[[F]], %c4] : tensor<12x5xf32>
func.func @linear(%a: tensor<2x6x5xf32>, %b: tensor<5x8xf32>) -> tensor<2x6x8xf32> {
  %y = sparrow.matmul %a, %b : (tensor<2x6x5xf32>, tensor<5x8xf32>) -> tensor<2x6x8xf32>
  return %y : tensor<2x6x8xf32>
}

// -----

// Batched (attention): M = 6 pads to 8 rows per batch so no tile spans two
// batches; a tile at row f reads B's rows of batch f / 8.
// CHECK-LABEL: func.func @batched
//       CHECK:   tensor.pad
//       CHECK:   } : tensor<3x6x5xf32> to tensor<3x8x5xf32>
//       CHECK:   scf.for %[[F:.*]] = %c0 to %c24 step %c4
//       CHECK:     %[[G:.*]] = arith.divui %[[F]], %c8
//       CHECK:     arith.muli %[[G]], %c5
//       CHECK:   tensor.extract_slice %{{.*}}[0, 0, 0] [3, 6, 8] [1, 1, 1] : tensor<3x8x8xf32> to tensor<3x6x8xf32>
func.func @batched(%a: tensor<3x6x5xf32>, %b: tensor<3x5x8xf32>) -> tensor<3x6x8xf32> {
  %y = sparrow.matmul %a, %b : (tensor<3x6x5xf32>, tensor<3x5x8xf32>) -> tensor<3x6x8xf32>
  return %y : tensor<3x6x8xf32>
}

// -----

// A shared by B's batches: no kernel takes that broadcast, loops do.
// CHECK-LABEL: func.func @broadcast_lhs
//       CHECK:   linalg.generic
//   CHECK-NOT:   vector.fma
func.func @broadcast_lhs(%a: tensor<6x5xf32>, %b: tensor<3x5x8xf32>) -> tensor<3x6x8xf32> {
  %y = sparrow.matmul %a, %b : (tensor<6x5xf32>, tensor<3x5x8xf32>) -> tensor<3x6x8xf32>
  return %y : tensor<3x6x8xf32>
}

// -----

// A pruned constant B (columns 0-3 zero but for k = 0, columns 4-7 but for
// k = 2): the product transposed, B's columns as the tile rows. A goes
// through one transposing copy; the tables list, per 4-column tile, the k
// steps it keeps (tile 0: k = 0, starting at 0 in A^T; tile 1: k = 2, at
// 2 x 5 = 10) with their 4 weights each; the [8, 5] result is transposed
// back.
// CHECK-LABEL: func.func @pruned
//   CHECK-DAG:   arith.constant dense<[0, 1, 2]> : tensor<3xi32>
//   CHECK-DAG:   arith.constant dense<[0, 10]> : tensor<2xi32>
//   CHECK-DAG:   arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>
//       CHECK:   linalg.transpose ins(%arg0 : tensor<5x4xf32>) outs(%{{.*}} : tensor<4x5xf32>) permutation = [1, 0]
//       CHECK:   scf.for %{{.*}} = %c0 to %c8 step %c4
//       CHECK:     scf.for
//       CHECK:       vector.fma
//       CHECK:   linalg.transpose ins(%{{.*}} : tensor<8x5xf32>) outs(%{{.*}} : tensor<5x8xf32>) permutation = [1, 0]
func.func @pruned(%a: tensor<5x4xf32>) -> tensor<5x8xf32> {
  %b = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                             [0.0, 0.0, 0.0, 0.0, 5.0, 6.0, 7.0, 8.0],
                             [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<4x8xf32>
  %y = sparrow.matmul %a, %b : (tensor<5x4xf32>, tensor<4x8xf32>) -> tensor<5x8xf32>
  return %y : tensor<5x8xf32>
}
