// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s
// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg | FileCheck %s --check-prefix=GONE

// Every elementwise op is lowered.
// GONE-NOT: sparrow.

// A broadcasting add: numpy alignment from the right, size-1 operand dims
// pinned to 0, all loops parallel.
//   CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
//   CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
//   CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @add_broadcast
//       CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3x4xf32>
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%arg0, %arg1 : tensor<2x1x4xf32>, tensor<3x1xf32>) outs(%[[E]] : tensor<2x3x4xf32>)
//  CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
//  CHECK-NEXT:   linalg.yield %[[S]] : f32
//       CHECK: return %[[R]]
func.func @add_broadcast(%a: tensor<2x1x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = sparrow.add %a, %b : (tensor<2x1x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// sub, mul and div map to subf, mulf and divf; a scalar-like operand of
// shape 1 broadcasts through a constant map.
//   CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
//   CHECK-DAG: #[[ONE:.*]] = affine_map<(d0, d1) -> (0)>
// CHECK-LABEL: func.func @sub_mul_div
//       CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ONE]], #[[ID]]]
//       CHECK:   arith.subf
//       CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
//       CHECK:   arith.mulf
//       CHECK: linalg.generic {indexing_maps = [#[[ONE]], #[[ID]], #[[ID]]]
//       CHECK:   arith.divf
func.func @sub_mul_div(%a: tensor<2x3xf32>, %s: tensor<1xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.sub %a, %s : (tensor<2x3xf32>, tensor<1xf32>) -> tensor<2x3xf32>
  %1 = sparrow.mul %0, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = sparrow.div %s, %1 : (tensor<1xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

// A fused activation on a binary op is applied inside the same generic:
// hard_sigmoid(x) = min(max(alpha * x + beta, 0), 1).
// CHECK-LABEL: func.func @sub_hard_sigmoid
//       CHECK: linalg.generic
//       CHECK:   %[[D:.*]] = arith.subf
//  CHECK-NEXT:   %[[ALPHA:.*]] = arith.constant 2.500000e-01 : f32
//  CHECK-NEXT:   %[[AX:.*]] = arith.mulf %[[D]], %[[ALPHA]] : f32
//  CHECK-NEXT:   %[[BETA:.*]] = arith.constant 1.250000e-01 : f32
//  CHECK-NEXT:   %[[T:.*]] = arith.addf %[[AX]], %[[BETA]] : f32
//  CHECK-NEXT:   %[[LO:.*]] = arith.constant 0.000000e+00 : f32
//  CHECK-NEXT:   %[[M:.*]] = arith.maximumf %[[T]], %[[LO]] : f32
//  CHECK-NEXT:   %[[HI:.*]] = arith.constant 1.000000e+00 : f32
//  CHECK-NEXT:   %[[R:.*]] = arith.minimumf %[[M]], %[[HI]] : f32
//  CHECK-NEXT:   linalg.yield %[[R]] : f32
//   CHECK-NOT: linalg.generic
func.func @sub_hard_sigmoid(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sparrow.sub %a, %b {activation = #sparrow.act<hard_sigmoid, 0.25, 0.125>} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// relu is max(x, 0).
// CHECK-LABEL: func.func @relu
//       CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<2x3xf32>)
//  CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[Z:.*]] = arith.constant 0.000000e+00 : f32
//  CHECK-NEXT:   %[[R:.*]] = arith.maximumf %[[X]], %[[Z]] : f32
//  CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @relu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sparrow.relu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// sigmoid is 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
//       CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[N:.*]] = arith.negf %[[X]] : f32
//  CHECK-NEXT:   %[[E:.*]] = math.exp %[[N]] : f32
//  CHECK-NEXT:   %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
//  CHECK-NEXT:   %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
//  CHECK-NEXT:   %[[ONE2:.*]] = arith.constant 1.000000e+00 : f32
//  CHECK-NEXT:   %[[R:.*]] = arith.divf %[[ONE2]], %[[D]] : f32
//  CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sparrow.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// hard_swish is x * min(max(x / 6 + 1 / 2, 0), 1).
// CHECK-LABEL: func.func @hard_swish
//       CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[SIXTH:.*]] = arith.constant 0.166666672 : f32
//  CHECK-NEXT:   %[[A:.*]] = arith.mulf %[[X]], %[[SIXTH]] : f32
//  CHECK-NEXT:   %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
//  CHECK-NEXT:   %[[B:.*]] = arith.addf %[[A]], %[[HALF]] : f32
//       CHECK:   %[[C:.*]] = arith.maximumf %[[B]]
//       CHECK:   %[[D:.*]] = arith.minimumf %[[C]]
//  CHECK-NEXT:   %[[R:.*]] = arith.mulf %[[X]], %[[D]] : f32
//  CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @hard_swish(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sparrow.hard_swish %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// clip clamps to [min, max]; hard_sigmoid uses its default alpha and beta.
// CHECK-LABEL: func.func @clip_and_hard_sigmoid
//       CHECK: linalg.generic
//       CHECK:   %[[LO:.*]] = arith.constant -1.000000e+00 : f32
//  CHECK-NEXT:   %[[M:.*]] = arith.maximumf %{{.*}}, %[[LO]] : f32
//  CHECK-NEXT:   %[[HI:.*]] = arith.constant 2.000000e+00 : f32
//  CHECK-NEXT:   arith.minimumf %[[M]], %[[HI]] : f32
//       CHECK: linalg.generic
//       CHECK:   arith.constant 2.000000e-01 : f32
//       CHECK:   arith.constant 5.000000e-01 : f32
func.func @clip_and_hard_sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sparrow.clip %x {min = -1.0 : f32, max = 2.0 : f32} : tensor<4xf32>
  %1 = sparrow.hard_sigmoid %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Batch norm reads its four parameters through the channel dim and computes
// (x - mean) * gamma / sqrt(var + eps) + beta in one generic.
//   CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
//   CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
//       CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:   ins(%arg0, %arg1, %arg2, %arg3, %arg4 :
//  CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[G:.*]]: f32, %[[B:.*]]: f32, %[[MEAN:.*]]: f32, %[[VAR:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:   %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
//  CHECK-NEXT:   %[[VE:.*]] = arith.addf %[[VAR]], %[[EPS]] : f32
//  CHECK-NEXT:   %[[SQ:.*]] = math.sqrt %[[VE]] : f32
//  CHECK-NEXT:   %[[S:.*]] = arith.divf %[[G]], %[[SQ]] : f32
//  CHECK-NEXT:   %[[C:.*]] = arith.subf %[[X]], %[[MEAN]] : f32
//  CHECK-NEXT:   %[[Y:.*]] = arith.mulf %[[C]], %[[S]] : f32
//  CHECK-NEXT:   %[[R:.*]] = arith.addf %[[Y]], %[[B]] : f32
//  CHECK-NEXT:   linalg.yield %[[R]] : f32
func.func @batch_norm(%x: tensor<1x2x3x3xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>,
                      %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = sparrow.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32}
       : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Softmax along a middle axis: a max reduction from -inf, exp(x - max), a sum
// reduction from 0 and a division, the reduced tensors dropping the axis.
//   CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
//   CHECK-DAG: #[[RED:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @softmax_axis1
//       CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
//       CHECK: %[[MAX0:.*]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<2x3xf32>)
//       CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%arg0 : tensor<2x10x3xf32>) outs(%[[MAX0]] : tensor<2x3xf32>)
//       CHECK:   arith.maximumf
//       CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg0, %[[MAX]] :
//       CHECK:   arith.subf
//  CHECK-NEXT:   math.exp
//       CHECK: %[[SUM0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3xf32>)
//       CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[EXP]] : tensor<2x10x3xf32>) outs(%[[SUM0]] : tensor<2x3xf32>)
//       CHECK:   arith.addf
//       CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]], #[[ID]]], {{.*}} ins(%[[EXP]], %[[SUM]] :
//       CHECK:   arith.divf
//       CHECK: return %[[R]]
func.func @softmax_axis1(%x: tensor<2x10x3xf32>) -> tensor<2x10x3xf32> {
  %0 = sparrow.softmax %x {axis = 1 : i64} : tensor<2x10x3xf32>
  return %0 : tensor<2x10x3xf32>
}
