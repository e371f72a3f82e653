// RUN: sparrow-opt %s -split-input-file --sparrow-lower-to-linalg --sparrow-fuse-elementwise | FileCheck %s

// sub -> mul -> add, each used once: one loop nest.
// CHECK-LABEL: func.func @chain
//      CHECK:  linalg.generic
//      CHECK:  arith.subf
// CHECK-NEXT:  arith.mulf
// CHECK-NEXT:  arith.addf
//  CHECK-NOT:  linalg.generic
func.func @chain(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = sparrow.sub %a, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %m = sparrow.mul %s, %b : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %y = sparrow.add %m, %a : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// A GELU read by a matmul's loops (A broadcast over B's batches, which no
// kernel takes) is not fused into them: they would evaluate erf once per
// multiply-add instead of once per element.
// CHECK-LABEL: func.func @into_reduction
//      CHECK:  math.erf
//      CHECK:  linalg.yield
//      CHECK:  linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "parallel"]
//  CHECK-NOT:  math.erf
func.func @into_reduction(%x: tensor<4x8xf32>, %w: tensor<2x8x8xf32>) -> tensor<2x4x8xf32> {
  %g = sparrow.activate <gelu> %x : tensor<4x8xf32>
  %y = sparrow.matmul %g, %w : (tensor<4x8xf32>, tensor<2x8x8xf32>) -> tensor<2x4x8xf32>
  return %y : tensor<2x4x8xf32>
}

// -----

// A per-channel sigmoid broadcast over pixels stays its own loop: fused, it
// would be evaluated once per pixel.
// CHECK-LABEL: func.func @through_broadcast
//      CHECK:  math.exp
//      CHECK:  linalg.yield
//      CHECK:  linalg.generic
//  CHECK-NOT:  math.exp
func.func @through_broadcast(%x: tensor<1x8x4x4xf32>, %s: tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %g = sparrow.sigmoid %s : tensor<1x8x1x1xf32>
  %y = sparrow.mul %x, %g : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}
