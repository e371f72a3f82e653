// RUN: sparrow-opt %s --sparrow-lower-to-linalg="kernels=false" | FileCheck %s
// RUN: sparrow-opt %s --sparrow-lower-to-linalg="kernels=false" | FileCheck %s --check-prefix=GONE

// A small MobileNet-like model mixing every family: no sparrow op is left
// (every op the importer produces has a lowering), and only arith, linalg,
// math and tensor ops remain besides the function itself.
// GONE-NOT: sparrow.
// GONE-NOT: = {{(scf|memref|vector|affine|bufferization)}}.

// Ops are lowered in program order and chained through their results; the
// weights stay as they were.
// CHECK-LABEL: func.func @tiny_cnn
//  CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>) -> tensor<1x10xf32>
//   CHECK-DAG: %[[W:.*]] = arith.constant dense<1.000000e-01> : tensor<4x3x3x3xf32>
//   CHECK-DAG: %[[FC:.*]] = arith.constant dense<3.000000e-01> : tensor<10x4xf32>
// conv 3x3 / 2 + clip
//       CHECK: %[[P0:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK: tensor.expand_shape %[[W]]
//       CHECK: %[[C0:.*]] = tensor.collapse_shape
//       CHECK: %[[A0:.*]] = linalg.generic {{.*}} ins(%[[C0]] : tensor<1x4x4x4xf32>)
//       CHECK:   arith.minimumf
// depthwise conv + hard_swish
//       CHECK: tensor.pad %[[A0]] low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK: %[[C1:.*]] = tensor.collapse_shape {{.*}} : tensor<1x4x1x4x4xf32> into tensor<1x4x4x4xf32>
//       CHECK: %[[A1:.*]] = linalg.generic {{.*}} ins(%[[C1]] : tensor<1x4x4x4xf32>)
// residual add
//       CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[A1]], %[[A0]] : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>)
//       CHECK:   arith.addf
// global average pool, then the reshape to 1x4 (two collapse/expand pairs)
//       CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x4x4x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
//       CHECK: tensor.expand_shape {{.*}} into tensor<1x4x1x1xf32>
//       CHECK: %[[FLAT:.*]] = tensor.expand_shape {{.*}} into tensor<1x4xf32>
// classifier and softmax
//       CHECK: %[[LOGITS:.*]] = linalg.generic {{.*}} ins(%[[FLAT]], %[[FC]] : tensor<1x4xf32>, tensor<10x4xf32>)
//       CHECK: linalg.generic {{.*}} ins(%[[LOGITS]] : tensor<1x10xf32>)
//       CHECK:   arith.maximumf
//       CHECK:   math.exp
//       CHECK:   arith.addf
//       CHECK: %[[PROBS:.*]] = linalg.generic
//       CHECK:   arith.divf
//       CHECK: return %[[PROBS]] : tensor<1x10xf32>
func.func @tiny_cnn(%x: tensor<1x3x8x8xf32>) -> tensor<1x10xf32> {
  %w = arith.constant dense<0.1> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %dw = arith.constant dense<0.2> : tensor<4x1x3x3xf32>
  %fc = arith.constant dense<0.3> : tensor<10x4xf32>
  %fb = arith.constant dense<0.4> : tensor<10xf32>
  %0 = sparrow.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 1 : i64, activation = #sparrow.act<clip, 0.0, 6.0>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %1 = sparrow.conv2d %0, %dw {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>,
         groups = 4 : i64, activation = #sparrow.act<hard_swish>}
       : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %2 = sparrow.add %1, %0 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %3 = sparrow.global_average_pool %2 : (tensor<1x4x4x4xf32>) -> tensor<1x4x1x1xf32>
  %4 = sparrow.reshape %3 : (tensor<1x4x1x1xf32>) -> tensor<1x4xf32>
  %5 = sparrow.gemm %4, %fc, %fb {trans_b = true} : (tensor<1x4xf32>, tensor<10x4xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %6 = sparrow.softmax %5 {axis = 1 : i64} : tensor<1x10xf32>
  return %6 : tensor<1x10xf32>
}
