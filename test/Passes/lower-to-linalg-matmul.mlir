// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every gemm and matmul is lowered.
// GONE-NOT: = sparrow.

// A plain gemm: C (one value per column) is broadcast into the accumulator,
// the loops are (m, k, n) so that the innermost one walks rows of B.
//   CHECK-DAG: #[[CMAP:.*]] = affine_map<(d0, d1) -> (d1)>
//   CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
//   CHECK-DAG: #[[AMAP:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
//   CHECK-DAG: #[[BMAP:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
//   CHECK-DAG: #[[OMAP:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @gemm_plain
//  CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x5xf32>, %[[C:.*]]: tensor<5xf32>)
//       CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[CMAP]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[C]] : tensor<5xf32>)
//  CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   linalg.yield %[[IN]] : f32
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[AMAP]], #[[BMAP]], #[[OMAP]]], iterator_types = ["parallel", "reduction", "parallel"]}
//  CHECK-SAME:   ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x5xf32>) outs(%[[INIT]] : tensor<2x5xf32>)
//       CHECK:   arith.mulf
//  CHECK-NEXT:   arith.addf
//  CHECK-NEXT:   linalg.yield
//       CHECK: return %[[R]]
func.func @gemm_plain(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> tensor<2x5xf32> {
  %0 = sparrow.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Both operands transposed, alpha and beta, a column C and a fused sigmoid:
// the loops become (m, n, k) so that k, contiguous in the transposed B, is
// innermost; beta scales C once, alpha scales every product.
//   CHECK-DAG: #[[CMAP:.*]] = affine_map<(d0, d1) -> (d0, 0)>
//   CHECK-DAG: #[[AMAP:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
//   CHECK-DAG: #[[BMAP:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
//   CHECK-DAG: #[[OMAP:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @gemm_transposed
//       CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[CMAP]], {{.*}}]
//       CHECK:   %[[BETA:.*]] = arith.constant 2.000000e+00 : f32
//       CHECK:   arith.mulf %{{.*}}, %[[BETA]] : f32
//       CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[AMAP]], #[[BMAP]], #[[OMAP]]], iterator_types = ["parallel", "parallel", "reduction"]}
//  CHECK-SAME:   ins(%arg0, %arg1 : tensor<3x2xf32>, tensor<5x3xf32>) outs(%[[INIT]] : tensor<2x5xf32>)
//       CHECK: ^bb0(%[[I0:.*]]: f32, %[[I1:.*]]: f32, %[[O:.*]]: f32):
//       CHECK:   %[[P:.*]] = arith.mulf %[[I0]], %[[I1]] : f32
//       CHECK:   %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
//       CHECK:   %[[PA:.*]] = arith.mulf %[[P]], %[[ALPHA]] : f32
//       CHECK:   arith.addf %[[O]], %[[PA]] : f32
//       CHECK: linalg.generic {{.*}} ins(%[[ACC]] : tensor<2x5xf32>)
//       CHECK:   arith.negf
//       CHECK:   math.exp
//       CHECK:   arith.divf
func.func @gemm_transposed(%a: tensor<3x2xf32>, %b: tensor<5x3xf32>, %c: tensor<2x1xf32>) -> tensor<2x5xf32> {
  %0 = sparrow.gemm %a, %b, %c {trans_a = true, trans_b = true, alpha = 0.5 : f32, beta = 2.0 : f32,
         activation = #sparrow.act<sigmoid>}
       : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Only A transposed: the loops stay (m, k, n).
//   CHECK-DAG: #[[AMAP:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-LABEL: func.func @gemm_trans_a
//       CHECK: linalg.generic {indexing_maps = [#[[AMAP]], {{.*}}], iterator_types = ["parallel", "reduction", "parallel"]}
func.func @gemm_trans_a(%a: tensor<3x2xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  %0 = sparrow.gemm %a, %b {trans_a = true} : (tensor<3x2xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// beta = 0 drops C: the accumulator is zero-filled and C is never read; with
// alpha = 1 and no activation the body is a bare multiply-add.
// CHECK-LABEL: func.func @gemm_beta_zero
//       CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
//       CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2x5xf32>)
//       CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%arg0, %arg1 : {{.*}}) outs(%[[INIT]] : tensor<2x5xf32>)
//   CHECK-NOT: %arg2
//       CHECK: return %[[R]]
func.func @gemm_beta_zero(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf32>) -> tensor<2x5xf32> {
  %0 = sparrow.gemm %a, %b, %c {beta = 0.0 : f32} : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Batched matmul with broadcasting: the loops are (b0, b1, m, k, n); the
// lhs batch dim of size 1 is pinned to 0 and the rank-3 rhs is aligned to
// the trailing batch dim.
//   CHECK-DAG: #[[LMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d3)>
//   CHECK-DAG: #[[RMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
//   CHECK-DAG: #[[OMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-LABEL: func.func @matmul_batch_broadcast
//       CHECK: %[[INIT:.*]] = linalg.fill {{.*}} outs(%{{.*}} : tensor<2x5x4x6xf32>)
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[LMAP]], #[[RMAP]], #[[OMAP]]],
//  CHECK-SAME:   iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
//  CHECK-SAME:   ins(%arg0, %arg1 : tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) outs(%[[INIT]] : tensor<2x5x4x6xf32>)
//       CHECK: return %[[R]]
func.func @matmul_batch_broadcast(%l: tensor<2x1x4x3xf32>, %r: tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32> {
  %0 = sparrow.matmul %l, %r : (tensor<2x1x4x3xf32>, tensor<5x3x6xf32>) -> tensor<2x5x4x6xf32>
  return %0 : tensor<2x5x4x6xf32>
}

// -----

// A 2-D matmul is the matmul kernel (test/Kernels/matmul.mlir): register
// tiles, no generic.
// CHECK-LABEL: func.func @matmul_2d
//       CHECK: scf.for
//       CHECK:   vector.fma
//   CHECK-NOT: linalg.generic
func.func @matmul_2d(%l: tensor<4x3xf32>, %r: tensor<3x6xf32>) -> tensor<4x6xf32> {
  %0 = sparrow.matmul %l, %r : (tensor<4x3xf32>, tensor<3x6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// A classifier (constant B, one row, bias, relu) runs as the pointwise
// kernel over N: B transposed at compile time to [K][N] is the input image,
// A's row the filter, the bias the residual added before the relu.
// CHECK-LABEL: func.func @classifier
//   CHECK-DAG: %[[BT:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 4.000000e+00]], {{\[\[}}2.000000e+00, 5.000000e+00]], {{\[\[}}3.000000e+00, 6.000000e+00]]]]> : tensor<1x3x1x2xf32>
//   CHECK-DAG: %[[ROW:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2, 3]] output_shape [1, 3, 1, 1]
//       CHECK: scf.for
//       CHECK:   vector.transfer_read %{{.*}} : tensor<3x2xf32>, vector<1xf32>
//       CHECK:   vector.fma
//       CHECK: arith.maximumf
//   CHECK-NOT: linalg.generic
//       CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<1x1x1x2xf32> into tensor<1x2xf32>
func.func @classifier(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = sparrow.gemm %x, %w, %b {trans_b = true, activation = #sparrow.act<relu>}
       : (tensor<1x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// Not a kernel: B computed at run time: generics as above.
// CHECK-LABEL: func.func @not_classifier
//   CHECK-NOT: scf.for
//       CHECK: linalg.generic
//   CHECK-NOT: scf.for
func.func @not_classifier(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %0 = sparrow.gemm %x, %w : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Constant B and a bias row over several rows (a Linear over tokens): the
// matmul kernel, the bias read as a vector that starts every row's
// accumulators.
// CHECK-LABEL: func.func @bias_rows
//       CHECK: scf.for
//       CHECK:   vector.transfer_read %{{.*}} : tensor<2xf32>, vector<1xf32>
//       CHECK:   vector.fma
//   CHECK-NOT: linalg.generic
func.func @bias_rows(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %cw = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = sparrow.gemm %x, %cw, %b : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
